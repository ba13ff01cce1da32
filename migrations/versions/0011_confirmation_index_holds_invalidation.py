"""Signatures: the index on confirmation also holds invalidation, so that the staff
pages count an appeal's unconfirmed signatures from the index alone.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 10:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # The new index first: the incremental recount reads by confirmation all along.
    op.create_index(
        'ix_signatures_appeal_id_confirmed_at_invalidated_at',
        'signatures',
        ['appeal_id', 'confirmed_at', 'invalidated_at'],
        unique=False,
    )
    op.drop_index('ix_signatures_appeal_id_confirmed_at', table_name='signatures')


def downgrade():
    op.create_index(
        'ix_signatures_appeal_id_confirmed_at',
        'signatures',
        ['appeal_id', 'confirmed_at'],
        unique=False,
    )
    op.drop_index('ix_signatures_appeal_id_confirmed_at_invalidated_at', table_name='signatures')
