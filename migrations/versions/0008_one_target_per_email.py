"""One directory entry per e-mail address, whatever its case.

The form and the CSV import already refuse a second entry with an address in use; the
unique index makes the database refuse it too, so that two saves racing cannot both
add one. Blank addresses are stored as NULL (none is, but an entry edited by hand
could be), and entries that already share an address stop the upgrade with their ids:
merge them by hand, since appeals may address either.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 14:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE targets SET email = NULL WHERE trim(email) = ''"))
    shared = bind.execute(
        sa.text(
            "SELECT lower(email), min(id), max(id), count(*) FROM targets"
            " WHERE email IS NOT NULL GROUP BY lower(email) HAVING count(*) > 1"
        )
    ).all()
    if shared:
        listed = "; ".join(f"{email}: {n} entries, ids {low}…{high}" for email, low, high, n in shared)
        raise RuntimeError(
            "Several directory entries share an e-mail address. Merge them (keep one, point "
            f"the appeals at it, deactivate or delete the others), then upgrade again: {listed}"
        )
    op.create_index("uq_targets_email_lower", "targets", [sa.text("lower(email)")], unique=True)


def downgrade():
    op.drop_index("uq_targets_email_lower", table_name="targets")
