"""Appeal translations: the texts of the demands each one translates.

A translation is complete only while the appeal's demands are still those texts;
existing translations are taken to translate the demands as they are now.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 14:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

translations = sa.table(
    'appeal_translations',
    sa.column('id', sa.Integer),
    sa.column('appeal_id', sa.Integer),
    sa.column('source_demands', sa.JSON(none_as_null=True)),
)
demands = sa.table(
    'demands',
    sa.column('id', sa.Integer),
    sa.column('appeal_id', sa.Integer),
    sa.column('position', sa.Integer),
    sa.column('text', sa.Text),
)


def upgrade():
    with op.batch_alter_table('appeal_translations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_demands', sa.JSON(none_as_null=True), nullable=True))
    connection = op.get_bind()
    texts = {}
    rows = connection.execute(
        sa.select(demands.c.appeal_id, demands.c.text)
        .where(demands.c.appeal_id.in_(sa.select(translations.c.appeal_id)))
        .order_by(demands.c.appeal_id, demands.c.position, demands.c.id)
    )
    for appeal_id, text in rows:
        texts.setdefault(appeal_id, []).append(text)
    for id_, appeal_id in connection.execute(
        sa.select(translations.c.id, translations.c.appeal_id)
    ).all():
        connection.execute(
            translations.update()
            .where(translations.c.id == id_)
            .values(source_demands=texts.get(appeal_id, []))
        )


def downgrade():
    with op.batch_alter_table('appeal_translations', schema=None) as batch_op:
        batch_op.drop_column('source_demands')
