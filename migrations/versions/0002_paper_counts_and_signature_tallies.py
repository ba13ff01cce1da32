"""Paper counts, signature tallies (per appeal, day and country) and the indexes counting reads.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:56:32.195036

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paper_counts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('appeal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('collected_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint('count > 0', name=op.f('ck_paper_counts_count_positive')),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeals.id'], name=op.f('fk_paper_counts_appeal_id_appeals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_paper_counts_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_counts'))
    )
    with op.batch_alter_table('paper_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_counts_appeal_id'), ['appeal_id'], unique=False)

    op.create_table('signature_tallies',
    sa.Column('appeal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('count', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeals.id'], name=op.f('fk_signature_tallies_appeal_id_appeals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('appeal_id', 'day', 'country', name=op.f('pk_signature_tallies'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('ix_signatures_appeal_id_confirmed_at', ['appeal_id', 'confirmed_at'], unique=False)
        batch_op.create_index('ix_signatures_appeal_id_flag', ['appeal_id', 'flag'], unique=False)



def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('ix_signatures_appeal_id_flag')
        batch_op.drop_index('ix_signatures_appeal_id_confirmed_at')

    op.drop_table('signature_tallies')
    with op.batch_alter_table('paper_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_counts_appeal_id'))

    op.drop_table('paper_counts')
