"""A press release as pasted, kept unaltered beside the appeals made from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.appeal import Appeal
    from campaign.models.user import User


class Release(Base):
    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The text exactly as pasted or uploaded; never rewritten.
    text: Mapped[str] = mapped_column(sa.Text)
    title: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    published_on: Mapped[date | None] = mapped_column(sa.Date)
    source_url: Mapped[str | None] = mapped_column(sa.String(2000))
    organisation: Mapped[str | None] = mapped_column(sa.String(200))
    # The extractor's draft (ReleaseDraft.to_dict()), kept for the review screen.
    extracted: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    created_by: Mapped[User | None] = relationship()
    appeals: Mapped[list[Appeal]] = relationship(back_populates="release")

    def __repr__(self) -> str:
        return f"<Release {self.id} {self.title[:40]!r}>"
