"""Supporters: a signature's town or city and unsubscribe time; per-appeal "keep letter text".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 06:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('city', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('unsubscribed_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('keep_letter_text', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_column('keep_letter_text')

    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_column('unsubscribed_at')
        batch_op.drop_column('city')
