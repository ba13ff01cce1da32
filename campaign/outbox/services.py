"""Queueing e-mail. Takes a Session, never commits: the message exists only if the
row that caused it does."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from campaign.database import insert_unless_conflict
from campaign.models import Appeal, Outbox, OutboxStatus, Signature

# Line breaks of every kind and runs of ordinary spaces; not the no-break spaces (U+00A0,
# U+202F) that French puts before ":", which must stay where the text put them.
SPACES = re.compile(r"[ \t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` as a subject header: on one line, its runs of spaces made one."""
    return SPACES.sub(" ", text).strip(" ")


SUBJECT_MAX = 500  # Outbox.subject's length


def subject_line(subject: str) -> str:
    """The subject as the outbox stores it: on one line, and not beyond its column."""
    return one_line(subject)[:SUBJECT_MAX]


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
    look_first: bool = True,
) -> Outbox | None:
    """Add a message to the outbox; None when `dedupe_key` was queued before.

    The unique index on dedupe_key is the final guard against a message going
    twice: with a key, the row is inserted unless the key is taken (INSERT … ON
    CONFLICT DO NOTHING), so that a racing request that queued it first makes this
    call return None, not fail. The
    look-up only saves that round trip in the common case; `look_first=False`
    skips it when the key is new (it names a row this transaction inserted).
    """
    if (
        look_first
        and dedupe_key is not None
        and session.scalar(select(Outbox.id).where(Outbox.dedupe_key == dedupe_key))
    ):
        return None
    message = Outbox(
        **message_values(
            kind=kind,
            to=to,
            subject=subject,
            body_text=body_text,
            now=now,
            body_html=body_html,
            reply_to=reply_to,
            cc=cc,
            headers=headers,
            appeal_id=appeal.id if appeal is not None else None,
            dedupe_key=dedupe_key,
        )
    )
    if dedupe_key is None:
        message.signature = signature
        session.add(message)
        return message
    session.flush()  # the caller's rows first: their errors are theirs, not a duplicate
    message.signature_id = signature.id if signature is not None else None
    if not insert_unless_conflict(session, message, ["dedupe_key"]):
        return None
    return message


def message_values(
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
    appeal_id: int | None = None,
    dedupe_key: str | None = None,
) -> dict[str, Any]:
    """The columns of a new outbox message (see queue_email), due at once."""
    return {
        "kind": kind,
        "to_addr": to,
        "subject": subject_line(subject),
        "body_text": body_text,
        "body_html": body_html,
        "reply_to": reply_to,
        "cc": list(cc),
        "headers": dict(headers or {}),
        "appeal_id": appeal_id,
        "dedupe_key": dedupe_key,
        "created_at": now,
        "next_attempt_at": now,
    }


def mark_bounced(
    session: Session, address: str, *, now: datetime, reason: str = "bounce reported"
) -> int:
    """Record that mail to `address` bounces: its pending messages, and those sent to it
    in the last week, are marked bounced. Returns how many messages were marked."""
    result = session.execute(
        update(Outbox)
        .where(
            func.lower(Outbox.to_addr) == address.strip().lower(),
            or_(
                Outbox.status == OutboxStatus.PENDING,
                (Outbox.status == OutboxStatus.SENT) & (Outbox.sent_at >= now - timedelta(days=7)),
            ),
        )
        .values(status=OutboxStatus.BOUNCED, last_error=reason[:2000])
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
