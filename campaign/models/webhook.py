"""Webhooks: URLs that receive a signed JSON POST for each event they subscribe to."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, enum_column, utcnow


class Event(enum.Enum):
    SIGNATURE_CONFIRMED = "signature.confirmed"  # a signature starts to count
    APPEAL_STATUS = "appeal.status"  # published, closed, archived
    # A person the receiver was told of withdrew their consent, or had their data deleted.
    SUPPORTER_UNSUBSCRIBED = "supporter.unsubscribed"
    SUPPORTER_DELETED = "supporter.deleted"
    # Signatures the receiver was told of stopped counting (staff invalidated them), or
    # count again (staff restored them).
    SIGNATURE_INVALIDATED = "signature.invalidated"
    SIGNATURE_RESTORED = "signature.restored"


class Webhook(Base):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    url: Mapped[str] = mapped_column(sa.String(2000))
    # The HMAC key the receiver checks X-Campaign-Signature with; shown to the admin once.
    secret: Mapped[str] = mapped_column(sa.String(100))
    events: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )

    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="webhook", order_by="WebhookDelivery.id.desc()", lazy="dynamic"
    )


class DeliveryStatus(enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class WebhookDelivery(Base):
    """One event for one webhook, written with the change that caused it, sent by the worker."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        sa.UniqueConstraint("webhook_id", "event_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(sa.String(64))
    # What makes the event itself unique (e.g. "signature.confirmed:42"): never twice.
    event_key: Mapped[str] = mapped_column(sa.String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "webhook_delivery_status"),
        default=DeliveryStatus.PENDING,
        server_default="pending",
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    last_status: Mapped[int | None] = mapped_column()  # the receiver's HTTP status
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now()
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")
