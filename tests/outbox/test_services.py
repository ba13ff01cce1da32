"""Queueing e-mail in the outbox."""

from __future__ import annotations

from sqlalchemy import func, select

from campaign.models import Outbox, OutboxStatus, utcnow
from campaign.outbox.services import queue_email
from tests.factories import make_appeal, make_signature


def test_a_queued_message_waits_in_the_callers_transaction(session) -> None:
    appeal = make_appeal(session)
    signature = make_signature(session, appeal)
    now = utcnow()
    message = queue_email(
        session,
        kind="confirmation",
        to=signature.email,
        subject="Please   confirm\n your signature",
        body_text="Click the link.",
        now=now,
        appeal=appeal,
        signature=signature,
    )
    session.flush()
    assert message.status is OutboxStatus.PENDING
    assert message.subject == "Please confirm your signature"
    assert message.signature_id == signature.id and message.appeal_id == appeal.id
    assert message.next_attempt_at == now


def test_a_dedupe_key_queues_a_message_once(session) -> None:
    def queue():
        return queue_email(
            session,
            kind="update",
            to="a@example.org",
            subject="News",
            body_text="b",
            now=utcnow(),
            dedupe_key="update:1:signature:1",
        )

    assert queue() is not None
    session.flush()
    assert queue() is None
    assert session.scalar(select(func.count()).select_from(Outbox)) == 1
