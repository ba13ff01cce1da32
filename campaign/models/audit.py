"""The audit log: who did what, when. Never personal data such as e-mails."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.models.base import Base, BigId, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.user import User


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_appeal_id_created_at", "appeal_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=sa.func.now(), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A dotted verb, e.g. "appeal.publish", "export.signatures", "user.login".
    action: Mapped[str] = mapped_column(sa.String(64))
    appeal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appeals.id", ondelete="SET NULL"))
    # Filters, row counts, changed fields: what an auditor needs to read the event.
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    user: Mapped[User | None] = relationship()
