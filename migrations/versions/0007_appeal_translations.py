"""Appeal translations: an appeal's title, summary and demands in another language.

The letter in that language is a letter_templates row with the same language.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 08:03:21.852619

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appeal_translations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('appeal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.Column('demands', sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeals.id'], name=op.f('fk_appeal_translations_appeal_id_appeals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_translations')),
    sa.UniqueConstraint('appeal_id', 'language', name=op.f('uq_appeal_translations_appeal_id_language'))
    )


def downgrade():
    op.drop_table('appeal_translations')
