"""The directory of officials that appeals are addressed to, reused across appeals."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from campaign.models.appeal import Appeal


class Target(Base):
    __tablename__ = "targets"
    __table_args__ = (
        sa.Index("ix_targets_country_active", "country", "active"),
        # One entry per address, whatever its case: the form and the import match by it,
        # and two entries racing in would split an official's letters between them.
        sa.Index("uq_targets_email_lower", sa.func.lower(sa.text("email")), unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    organisation: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    country: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    postal_address: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    email: Mapped[str | None] = mapped_column(sa.String(320))
    salutation: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # BCP 47 codes in order of preference, e.g. ["km", "en"].
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    last_verified_on: Mapped[date | None] = mapped_column(sa.Date)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, server_default=sa.func.now()
    )

    @property
    def reachable(self) -> bool:
        """Whether a letter can reach this target by e-mail or by post."""
        return bool(self.email or self.postal_address.strip())

    @property
    def display_name(self) -> str:
        """'Prime Minister, Hun Manet'; just the name when it already says the title."""
        if not self.title or self.title.lower() in self.name.lower():
            return self.name
        return f"{self.title}, {self.name}"

    def __repr__(self) -> str:
        return f"<Target {self.id} {self.name!r}>"


class TargetRole(enum.Enum):
    PRIMARY = "primary"
    COPY = "copy"  # "copies to": e.g. the country's embassy


class AppealTarget(Base):
    """A target addressed by one appeal, as its primary addressee or as a copy."""

    __tablename__ = "appeal_targets"
    __table_args__ = (sa.UniqueConstraint("appeal_id", "target_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(
        sa.ForeignKey("targets.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[TargetRole] = mapped_column(
        enum_column(TargetRole, "target_role"), default=TargetRole.PRIMARY, server_default="primary"
    )
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    appeal: Mapped[Appeal] = relationship(back_populates="appeal_targets")
    target: Mapped[Target] = relationship(lazy="joined")
