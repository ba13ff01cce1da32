"""Appeal translations: the descriptions of the people concerned, by name.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appeal_translations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('subject_descriptions', sa.JSON(none_as_null=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('appeal_translations', schema=None) as batch_op:
        batch_op.drop_column('subject_descriptions')
