"""Queueing e-mail. Takes a Session, never commits: the message exists only if the
row that caused it does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.models import Appeal, Outbox, Signature


def queue_email(
    session: Session,
    *,
    kind: str,
    to: str,
    subject: str,
    body_text: str,
    now: datetime,
    body_html: str | None = None,
    reply_to: str | None = None,
    cc: Iterable[str] = (),
    headers: Mapping[str, str] | None = None,
    appeal: Appeal | None = None,
    signature: Signature | None = None,
    dedupe_key: str | None = None,
) -> Outbox | None:
    """Add a message to the outbox; None when `dedupe_key` was queued before.

    The unique index on dedupe_key is the final guard against a message going
    twice; the look-up here only saves a failed flush in the common case.
    """
    if dedupe_key is not None and session.scalar(
        select(Outbox.id).where(Outbox.dedupe_key == dedupe_key)
    ):
        return None
    message = Outbox(
        kind=kind,
        to_addr=to,
        subject=" ".join(subject.split())[:500],
        body_text=body_text,
        body_html=body_html,
        reply_to=reply_to,
        cc=list(cc),
        headers=dict(headers or {}),
        appeal_id=appeal.id if appeal is not None else None,
        signature=signature,
        dedupe_key=dedupe_key,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    return message
