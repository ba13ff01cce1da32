"""Appeals: the origins allowed to embed the sign form (an empty list for existing ones).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 06:43:56.135601

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('embed_origins', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))



def downgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_column('embed_origins')

