"""Counts kept beside the signatures: paper signatures and the per-day, per-country tallies."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, utcnow
from campaign.models.signature import Signature

if TYPE_CHECKING:
    from campaign.models.appeal import Appeal
    from campaign.models.user import User


class PaperCount(Base):
    """Signatures collected on paper or at an event, entered by staff as a count per country."""

    __tablename__ = "paper_counts"
    __table_args__ = (sa.CheckConstraint("count > 0", name="count_positive"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("appeals.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    count: Mapped[int] = mapped_column(sa.Integer)
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    collected_on: Mapped[date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )

    appeal: Mapped[Appeal] = relationship()
    created_by: Mapped[User | None] = relationship()


class SignatureTally(Base):
    """Counted online signatures of one appeal per day and country.

    Maintained with `Appeal.signature_count` by campaign.counting, so that charts,
    count exports and the public count.json read a few hundred rows, not millions.
    The day is the day the signature started to count (confirmed, or signed when the
    appeal needs no confirmation), in UTC.
    """

    __tablename__ = "signature_tallies"

    appeal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("appeals.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    country: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    count: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")


# Declared here, beside the counting that needs them, rather than in signature.py:
# the incremental recount reads signatures by confirmation time (the staff pages count
# the unconfirmed ones still kept from this index alone: campaign.counting.queries),
# and the flagged list and counts find the few flagged rows without scanning an
# appeal's millions.
sa.Index(
    "ix_signatures_appeal_id_confirmed_at_invalidated_at",
    Signature.__table__.c.appeal_id,
    Signature.__table__.c.confirmed_at,
    Signature.__table__.c.invalidated_at,
)
sa.Index(
    "ix_signatures_appeal_id_flag", Signature.__table__.c.appeal_id, Signature.__table__.c.flag
)
# The few anonymised rows, which the API's list of signatures leaves out of its total
# (campaign.api.queries.listed_total). Partial: a new signature is never anonymised, so
# signing does not write to it.
sa.Index(
    "ix_signatures_appeal_id_anonymised",
    Signature.__table__.c.appeal_id,
    sqlite_where=Signature.__table__.c.anonymised_at.is_not(None),
    postgresql_where=Signature.__table__.c.anonymised_at.is_not(None),
)
