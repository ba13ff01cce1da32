"""Queueing events for the webhooks that want them, in the transaction of the change.
Services call these; they never commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.database import in_chunks
from campaign.models import Appeal, Event, Signature, Webhook, WebhookDelivery


def emit(
    session: Session, event: Event, key: str, payload: dict[str, Any], *, now: datetime
) -> int:
    """One delivery per active webhook subscribed to `event`; the same key is never queued twice."""
    hooks = session.scalars(select(Webhook).where(Webhook.active.is_(True))).all()
    queued = 0
    for hook in hooks:
        if event.value not in hook.events:
            continue
        exists = session.scalar(
            select(WebhookDelivery.id).where(
                WebhookDelivery.webhook_id == hook.id, WebhookDelivery.event_key == key
            )
        )
        if exists is None:
            _queue(session, hook, event, key, payload, now=now)
            queued += 1
    return queued


def _queue(
    session: Session,
    hook: Webhook,
    event: Event,
    key: str,
    payload: dict[str, Any],
    *,
    now: datetime,
) -> None:
    """One delivery of `event` to `hook`, due now."""
    body = {"event": event.value, "created_at": now.isoformat(), **payload}
    session.add(
        WebhookDelivery(
            webhook=hook,
            event=event.value,
            event_key=key,
            payload=body,
            created_at=now,
            next_attempt_at=now,
        )
    )


def appeal_summary(appeal: Appeal) -> dict[str, Any]:
    return {
        "slug": appeal.slug,
        "title": appeal.title,
        "status": appeal.status.value,
        "outcome": appeal.outcome.value if appeal.outcome else None,
    }


def signature_event_key(signature_id: int) -> str:
    """The key of a signature's one `signature.confirmed` event (found again to anonymise it)."""
    return f"{Event.SIGNATURE_CONFIRMED.value}:{signature_id}"


# The fields of a signature's payload that identify the person; anonymising empties them.
PERSONAL_FIELDS = ("name", "email", "postcode", "city", "consent_to_contact")


def signature_confirmed(session: Session, signature: Signature, *, now: datetime) -> int:
    """A signature now counts: the CRM may add the person (with what they consented to)."""
    return emit(
        session,
        Event.SIGNATURE_CONFIRMED,
        signature_event_key(signature.id),
        {"appeal": appeal_summary(signature.appeal), "signature": _signature(signature)},
        now=now,
    )


def supporter_unsubscribed(
    session: Session, signatures: Sequence[Signature], *, now: datetime
) -> int:
    """The person asked for no more e-mail: each receiver told of one of their signatures
    hears it, with the address it knows them by (consent is withdrawn, the person stays)."""
    email = next((s.email for s in signatures if s.email), None)
    return _tell_receivers_who_know(
        session,
        Event.SUPPORTER_UNSUBSCRIBED,
        [s.id for s in signatures],
        lambda ids: {"email": email, "signature_ids": ids, "unsubscribed_at": now.isoformat()},
        now=now,
    )


def supporter_deleted(session: Session, signatures: Sequence[Signature], *, now: datetime) -> int:
    """The person's data was deleted (on request or after the retention period): each
    receiver told of one of their signatures hears which, by id only, to delete its copy."""
    return _tell_receivers_who_know(
        session,
        Event.SUPPORTER_DELETED,
        [s.id for s in signatures],
        lambda ids: {"signature_ids": ids, "deleted_at": now.isoformat()},
        now=now,
    )


def signatures_invalidated(
    session: Session, appeal: Appeal, signature_ids: Sequence[int], *, now: datetime
) -> int:
    """Staff invalidated signatures (a bulk action or the flagged list): they no longer
    count. Each receiver told of some of them hears which, by id."""
    return _counting_changed(
        session, Event.SIGNATURE_INVALIDATED, "invalidated_at", appeal, signature_ids, now=now
    )


def signatures_restored(
    session: Session, appeal: Appeal, signature_ids: Sequence[int], *, now: datetime
) -> int:
    """Staff restored an invalidation batch: its signatures count again."""
    return _counting_changed(
        session, Event.SIGNATURE_RESTORED, "restored_at", appeal, signature_ids, now=now
    )


def _counting_changed(
    session: Session,
    event: Event,
    stamp: str,
    appeal: Appeal,
    signature_ids: Sequence[int],
    *,
    now: datetime,
) -> int:
    summary = appeal_summary(appeal)
    return _tell_receivers_who_know(
        session,
        event,
        signature_ids,
        lambda ids: {"appeal": summary, "signature_ids": ids, stamp: now.isoformat()},
        now=now,
    )


def _tell_receivers_who_know(
    session: Session,
    event: Event,
    signature_ids: Sequence[int],
    payload: Callable[[list[int]], dict[str, Any]],
    *,
    now: datetime,
) -> int:
    """One delivery of `event` per active webhook subscribed to it that was sent (or is
    being sent) `signature.confirmed` for any of `signature_ids`: a receiver never learns
    of a person from the news that they left (or were invalidated)."""
    keys = {signature_event_key(i): i for i in signature_ids}
    if not keys:
        return 0
    known: dict[int, list[int]] = {}
    for chunk in in_chunks(list(keys)):
        told = session.execute(
            select(WebhookDelivery.webhook_id, WebhookDelivery.event_key)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(Webhook.active.is_(True), WebhookDelivery.event_key.in_(chunk))
        )
        for webhook_id, key in told:
            known.setdefault(webhook_id, []).append(keys[key])
    queued = 0
    for hook in session.scalars(select(Webhook).where(Webhook.id.in_(list(known)))):
        if event.value not in hook.events:
            continue
        ids = sorted(known[hook.id])
        _queue(
            session, hook, event, f"{event.value}:{ids[0]}:{now.isoformat()}", payload(ids), now=now
        )
        queued += 1
    return queued


def appeal_status_changed(session: Session, appeal: Appeal, previous: str, *, now: datetime) -> int:
    key = f"appeal.status:{appeal.id}:{previous}->{appeal.status.value}:{now.isoformat()}"
    return emit(
        session,
        Event.APPEAL_STATUS,
        key,
        {"appeal": appeal_summary(appeal), "previous_status": previous},
        now=now,
    )


def _signature(signature: Signature) -> dict[str, Any]:
    return {
        "id": signature.id,
        "name": signature.name,
        "email": signature.email,
        "country": signature.country,
        "postcode": signature.postcode,
        "city": signature.city,
        "consent_to_contact": signature.consent,
        "consent_text": signature.consent_text,
        "source": signature.source,
        "created_at": signature.created_at.isoformat(),
        "confirmed_at": signature.confirmed_at.isoformat() if signature.confirmed_at else None,
    }
