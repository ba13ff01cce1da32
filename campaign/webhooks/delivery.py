"""Sending webhook deliveries: a signed JSON POST each, retried with backoff.

Like the outbox, rows are claimed (SKIP LOCKED on PostgreSQL) and leased, so several
workers never send a delivery twice at once; a receiver should still treat the
X-Campaign-Delivery id as the key of an idempotent update.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.database import begin_write
from campaign.models import DeliveryStatus, Webhook, WebhookDelivery, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 10
TIMEOUT_SECONDS = 10
BATCH = 20

# (url, body, headers) -> HTTP status; raises OSError when the receiver cannot be reached.
Post = Callable[[str, bytes, dict[str, str]], int]


def signature_header(secret: str, body: bytes) -> str:
    """What the receiver recomputes: HMAC-SHA256 of the exact body, with the webhook's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: urllib would repeat a POST answered 301, 302 or 303
    as a GET without its body, and the receiver's 200 to that would lose the event."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST once; a 3xx is returned as it is (a failure, retried), never followed."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (admin-set http(s) URL)
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location") if error.headers else None
        if location:
            log.warning("webhook receiver %s answered %s to %s", url, error.code, location)
        return error.code


@dataclass
class Sent:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def claim_due(session: Session, *, now: datetime) -> Sequence[WebhookDelivery]:
    begin_write(session)
    query = (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            # Switched off: its deliveries wait, unsent, until it is switched on again.
            WebhookDelivery.webhook_id.in_(select(Webhook.id).where(Webhook.active.is_(True))),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    due = session.scalars(query).all()
    for delivery in due:
        delivery.next_attempt_at = now + LEASE
    session.commit()
    return due


@dataclass(frozen=True)
class Attempt:
    status: int | None  # the receiver's HTTP status; None when it could not be reached
    error: str | None  # None when delivered


def prepare(delivery: WebhookDelivery) -> tuple[str, bytes, dict[str, str]]:
    """The POST for a delivery: its URL, the exact body, and the signed headers."""
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "campaign-webhooks",
        "X-Campaign-Event": delivery.event,
        "X-Campaign-Delivery": str(delivery.id),
        "X-Campaign-Signature": signature_header(delivery.webhook.secret, body),
    }
    return delivery.webhook.url, body, headers


def attempt(post: Post, url: str, body: bytes, headers: dict[str, str]) -> Attempt:
    try:
        status = post(url, body, headers)
    except OSError as problem:
        return Attempt(None, f"{type(problem).__name__}: {problem}")
    return Attempt(status, None if 200 <= status < 300 else f"the receiver answered {status}")


def record(delivery: WebhookDelivery, outcome: Attempt, *, now: datetime) -> DeliveryStatus:
    """What the attempt means for the delivery: sent, tried again later, or given up."""
    delivery.attempts += 1
    delivery.last_status = outcome.status
    delivery.last_error = outcome.error
    if outcome.error is None:
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        backoff = min(30 * 2**delivery.attempts, 6 * 3600)
        delivery.next_attempt_at = now + timedelta(seconds=backoff)
    log.info(
        "webhook %s delivery %s: %s",
        delivery.webhook_id,
        delivery.id,
        outcome.error or "sent",
        extra={"fields": {"delivery": delivery.id, "status": outcome.status}},
    )
    return delivery.status


def run_once(session: Session, post: Post = http_post, *, now: datetime | None = None) -> Sent:
    """Send what is due; the HTTP call never holds a database lock."""
    result = Sent()
    for delivery_id in [d.id for d in claim_due(session, now=now or utcnow())]:
        delivery = session.get(WebhookDelivery, delivery_id)
        # A delivery can vanish once claimed: its supporter asked for their data deleted.
        request = prepare(delivery) if delivery is not None else None
        session.commit()  # end the read before talking to the receiver
        if request is None:
            continue
        outcome = attempt(post, *request)
        begin_write(session)
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            session.commit()
            continue
        status = record(delivery, outcome, now=utcnow())
        session.commit()
        result.sent += status is DeliveryStatus.SENT
        result.failed += status is DeliveryStatus.FAILED
        result.retried += status is DeliveryStatus.PENDING
    return result
