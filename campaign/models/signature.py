"""Signatures and the letters supporters send."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from campaign.models.appeal import Appeal
    from campaign.models.target import Target


class Flag(enum.Enum):
    """Why a signature was accepted silently but is not counted."""

    HONEYPOT = "honeypot"
    RATE_LIMIT = "rate_limit"


class Signature(Base):
    __tablename__ = "signatures"
    __table_args__ = (
        # The duplicate check: one signature per appeal and canonical e-mail,
        # enforced by the database so that racing requests cannot both insert.
        sa.UniqueConstraint("appeal_id", "email_canonical"),
        sa.Index("ix_signatures_appeal_id_created_at", "appeal_id", "created_at"),
        sa.Index("ix_signatures_appeal_id_country", "appeal_id", "country"),
        sa.Index("ix_signatures_email_canonical", "email_canonical"),
        # Only an anonymised signature may lose its e-mail.
        sa.CheckConstraint(
            "anonymised_at IS NOT NULL OR email_canonical IS NOT NULL", name="email_kept"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(320))  # as given, domain lower-cased
    email_canonical: Mapped[str | None] = mapped_column(sa.String(320))
    country: Mapped[str] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    postcode: Mapped[str | None] = mapped_column(sa.String(32))
    city: Mapped[str | None] = mapped_column(sa.String(120))  # for the letter's signature line
    comment: Mapped[str | None] = mapped_column(sa.Text)
    # Consent to hear more: explicit, off by default, with the words the supporter saw.
    consent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    consent_text: Mapped[str | None] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.String(16))
    source: Mapped[str] = mapped_column(sa.String(64), default="page", server_default="page")
    # A salted hash: the raw address is never stored.
    ip_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    flag: Mapped[Flag | None] = mapped_column(enum_column(Flag, "signature_flag"))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invalidated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Asked for no more e-mail (the one-click link in every message to supporters).
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    appeal: Mapped[Appeal] = relationship()

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def counted(self) -> bool:
        """Whether this signature counts (confirmation aside): not flagged, not invalidated."""
        return self.flag is None and self.invalidated_at is None

    def __repr__(self) -> str:
        return f"<Signature {self.id} appeal={self.appeal_id}>"


class Channel(enum.Enum):
    EMAIL = "email"  # sent for the supporter by the platform
    MAILTO = "mailto"  # opened in the supporter's own mail app
    POST = "post"  # printed and posted


class LetterSend(Base):
    """A record that a supporter sent a letter to a target by one channel."""

    __tablename__ = "letter_sends"
    __table_args__ = (
        sa.Index(
            "ix_letter_sends_appeal_id_target_id_channel", "appeal_id", "target_id", "channel"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(sa.ForeignKey("appeals.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(sa.ForeignKey("targets.id", ondelete="RESTRICT"))
    signature_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("signatures.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "letter_channel"))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    # Kept only when the organisation enables it for the appeal.
    body: Mapped[str | None] = mapped_column(sa.Text)

    appeal: Mapped[Appeal] = relationship()
    target: Mapped[Target] = relationship()
