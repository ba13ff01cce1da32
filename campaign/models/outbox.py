"""Every e-mail the app sends, written in the transaction that causes it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from campaign.models.signature import Signature


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; the error is kept
    BOUNCED = "bounced"
    CANCELLED = "cancelled"


class Outbox(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # The worker's query: what is due, oldest first.
        sa.Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # What the message is for: confirmation, reminder, letter, update, …
    kind: Mapped[str] = mapped_column(sa.String(32))
    # Makes a message unique where it must go once only (e.g. one update per signer).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    to_addr: Mapped[str] = mapped_column(sa.String(320))
    cc: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    reply_to: Mapped[str | None] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.String(500))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    headers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, "outbox_status"),
        default=OutboxStatus.PENDING,
        server_default="pending",
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appeal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appeals.id", ondelete="SET NULL"), index=True
    )
    # Lets a deletion request drop the supporter's pending messages.
    signature_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("signatures.id", ondelete="SET NULL"), index=True
    )

    signature: Mapped[Signature | None] = relationship()

    def __repr__(self) -> str:
        return f"<Outbox {self.id} {self.kind} {self.status.value}>"
