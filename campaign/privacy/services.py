"""Unsubscribe, delete-my-data and retention. Services: handed a Session, never commit.

Anonymising keeps what counts need (appeal, country, times, flags) and removes
what identifies a person (name, e-mail, postcode, town, comment, IP hash), in the
signature, in its pending e-mails and webhook deliveries (dropped) and in the copies of
sent ones.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from campaign.models import (
    Appeal,
    AppealStatus,
    DeliveryStatus,
    LetterSend,
    Outbox,
    OutboxStatus,
    Signature,
    WebhookDelivery,
)
from campaign.webhooks import events as webhook_events
from campaign.webhooks.events import PERSONAL_FIELDS, signature_event_key

REMOVED = "[removed at the supporter's request or by the retention policy]"


def signatures_of(session: Session, signature: Signature) -> Sequence[Signature]:
    """Every signature made with this signature's address, on any appeal."""
    if signature.email_canonical is None:
        return [signature]
    return session.scalars(
        select(Signature).where(Signature.email_canonical == signature.email_canonical)
    ).all()


def unsubscribe(session: Session, signature: Signature, *, now: datetime) -> int:
    """Stop all e-mail to this address: no consent, no reminders, pending mail cancelled."""
    signatures = signatures_of(session, signature)
    newly = [each for each in signatures if each.unsubscribed_at is None]
    for each in signatures:
        each.consent = False
        if each.unsubscribed_at is None:
            each.unsubscribed_at = now
    ids = [s.id for s in signatures]
    _withdraw_consent_from_pending_deliveries(session, ids)
    if newly:
        webhook_events.supporter_unsubscribed(session, signatures, now=now)
    session.execute(
        update(Outbox)
        .where(
            Outbox.signature_id.in_(ids),
            Outbox.status == OutboxStatus.PENDING,
            Outbox.kind != "letter",  # a letter is the supporter's message to an official
        )
        .values(status=OutboxStatus.CANCELLED)
    )
    return len(signatures)


def delete_supporter_data(session: Session, signature: Signature, *, now: datetime) -> int:
    """Anonymise every signature of this address and drop its pending e-mails."""
    return anonymise(session, list(signatures_of(session, signature)), now=now)


def anonymise(session: Session, signatures: Sequence[Signature], *, now: datetime) -> int:
    """Remove the personal data of `signatures`, keeping what the counts need."""
    fresh = [s for s in signatures if s.anonymised_at is None]
    ids = [s.id for s in fresh]
    if not ids:
        return 0
    session.execute(
        delete(Outbox)
        .where(Outbox.signature_id.in_(ids), Outbox.status == OutboxStatus.PENDING)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Outbox)
        .where(Outbox.signature_id.in_(ids))
        .values(body_text=REMOVED, body_html=None, reply_to=None, headers={})
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Outbox)
        .where(Outbox.signature_id.in_(ids), Outbox.kind != "letter")
        .values(to_addr="", subject=REMOVED)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(LetterSend)
        .where(LetterSend.signature_id.in_(ids))
        .values(body=None)
        .execution_options(synchronize_session=False)
    )
    _scrub_webhook_deliveries(session, ids)
    # After the scrub: only receivers that were sent the person are told to forget them.
    webhook_events.supporter_deleted(session, fresh, now=now)
    for signature in fresh:
        signature.name = None
        signature.email = None
        signature.email_canonical = None
        signature.postcode = None
        signature.city = None
        signature.comment = None
        signature.ip_hash = None
        signature.consent = False
        signature.anonymised_at = now
    return len(ids)


def _scrub_webhook_deliveries(session: Session, ids: Sequence[int]) -> None:
    """Drop the deliveries not yet sent (the receiver never gets the person) and empty the
    personal fields of the copies kept of the others (sent, or given up)."""
    keys = [signature_event_key(each) for each in ids]
    session.execute(
        delete(WebhookDelivery)
        .where(
            WebhookDelivery.event_key.in_(keys),
            WebhookDelivery.status == DeliveryStatus.PENDING,
        )
        .execution_options(synchronize_session=False)
    )
    kept = session.scalars(select(WebhookDelivery).where(WebhookDelivery.event_key.in_(keys)))
    for delivery in kept:
        delivery.payload = _with_signature_fields(delivery.payload, dict.fromkeys(PERSONAL_FIELDS))


def _withdraw_consent_from_pending_deliveries(session: Session, ids: Sequence[int]) -> None:
    """A `signature.confirmed` not yet sent says what the person consented to when they
    signed: it goes out saying that they no longer do."""
    keys = [signature_event_key(each) for each in ids]
    pending = session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.event_key.in_(keys), WebhookDelivery.status == DeliveryStatus.PENDING
        )
    )
    for delivery in pending:
        delivery.payload = _with_signature_fields(delivery.payload, {"consent_to_contact": False})


def _with_signature_fields(payload: dict, values: dict) -> dict:
    """A copy of a `signature.confirmed` payload with `values` in its signature (a new
    dict, so that the JSON column sees the change)."""
    return {**payload, "signature": {**(payload.get("signature") or {}), **values}}


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (clamped to the month's end)."""

    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def anonymise_closed_appeals(session: Session, *, now: datetime, months: int) -> int:
    """Anonymise signatures of appeals closed more than `months` months before `now`."""
    if months <= 0:
        return 0
    cutoff = months_before(now, months)
    appeals = select(Appeal.id).where(
        Appeal.status.in_((AppealStatus.CLOSED, AppealStatus.ARCHIVED)),
        Appeal.closed_at.is_not(None),
        Appeal.closed_at <= cutoff,
    )
    total = 0
    while True:  # in batches, so a large appeal does not hold every row in memory
        batch = session.scalars(
            select(Signature)
            .where(Signature.appeal_id.in_(appeals), Signature.anonymised_at.is_(None))
            .order_by(Signature.id)
            .limit(500)
        ).all()
        if not batch:
            return total
        total += anonymise(session, batch, now=now)
        session.flush()
