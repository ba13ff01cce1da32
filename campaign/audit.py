"""Writing to the audit log. Details hold filters and counts, never e-mail addresses."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from campaign.models import Appeal, AuditEvent, User


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    appeal: Appeal | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session's transaction: it is kept only if the change is."""
    event = AuditEvent(action=action, user=user, details=details or {})
    if appeal is not None:
        event.appeal_id = appeal.id
    session.add(event)
    return event
