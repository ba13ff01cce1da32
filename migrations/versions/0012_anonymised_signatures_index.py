"""Signatures: a partial index of the anonymised ones, so that the API's list of
signatures gives its total without reading every row (a new signature is never
anonymised: signing does not write to it).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    anonymised = sa.text('anonymised_at IS NOT NULL')
    op.create_index(
        'ix_signatures_appeal_id_anonymised',
        'signatures',
        ['appeal_id'],
        unique=False,
        sqlite_where=anonymised,
        postgresql_where=anonymised,
    )


def downgrade():
    op.drop_index('ix_signatures_appeal_id_anonymised', table_name='signatures')
