"""Webhooks: a receiver on loopback gets exactly one signed delivery per confirmed
signature and per status change, retried while it is down."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from campaign.models import (
    AppealStatus,
    DeliveryStatus,
    Event,
    Outcome,
    Role,
    Webhook,
    WebhookDelivery,
    utcnow,
)
from campaign.organise import lifecycle
from campaign.signatures import services as signing
from campaign.webhooks import delivery
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_signature, make_user
from tests.outbox.smtp import free_port


@dataclass
class Receiver:
    url: str
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answer: int = 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    port = free_port()
    box = Receiver(f"http://127.0.0.1:{port}/hook")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if box.answer == 200:
                box.received.append((dict(self.headers), body))
            self.send_response(box.answer)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def hook(session, receiver) -> Webhook:
    webhook = Webhook(
        name="CRM",
        url=receiver.url,
        secret="s3cret",
        events=[Event.SIGNATURE_CONFIRMED.value, Event.APPEAL_STATUS.value],
    )
    session.add(webhook)
    session.flush()
    return webhook


def verified(headers: dict[str, str], body: bytes, secret: str = "s3cret") -> dict:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Campaign-Signature"], expected)
    return json.loads(body)


def test_each_confirmed_signature_is_delivered_once_and_signed(session, hook, receiver) -> None:
    appeal = make_appeal(session)
    signature = make_signature(session, appeal, confirmed=False, consent=True)
    assert signing.confirm(session, signature, now=utcnow())
    assert not signing.confirm(session, signature, now=utcnow())  # twice: one event
    session.commit()
    result = delivery.run_once(session)
    assert (result.sent, result.retried) == (1, 0)
    assert delivery.run_once(session).sent == 0  # nothing left to send
    [(headers, body)] = receiver.received
    payload = verified(headers, body)
    assert headers["X-Campaign-Event"] == "signature.confirmed"
    assert payload["signature"]["email"] == signature.email
    assert payload["appeal"]["slug"] == appeal.slug


def test_status_changes_are_delivered(session, hook, receiver) -> None:
    appeal = make_appeal(session)
    lifecycle.close(session, appeal, Outcome.RELEASED, "Freed", user=None, now=utcnow())
    session.commit()
    delivery.run_once(session)
    [(headers, body)] = receiver.received
    payload = verified(headers, body)
    assert payload["appeal"]["status"] == "closed" and payload["previous_status"] == "live"
    assert payload["appeal"]["outcome"] == "released"


def test_a_corrected_outcome_is_delivered_but_a_corrected_note_alone_is_not(
    session, hook, receiver
) -> None:
    appeal = make_appeal(session)
    lifecycle.close(session, appeal, Outcome.UNKNOWN, "", user=None, now=utcnow())
    lifecycle.change_outcome(
        session, appeal, Outcome.UNKNOWN, "Trial adjourned", user=None, now=utcnow()
    )
    lifecycle.change_outcome(session, appeal, Outcome.RELEASED, "Freed", user=None, now=utcnow())
    session.commit()
    delivery.run_once(session)
    payloads = [verified(headers, body) for headers, body in receiver.received]
    assert [(p["previous_status"], p["appeal"]["outcome"]) for p in payloads] == [
        ("live", "unknown"),
        ("closed", "released"),
    ]


def test_a_receiver_that_is_down_gets_it_later(session, hook, receiver) -> None:
    receiver.answer = 503
    appeal = make_appeal(session, AppealStatus.DRAFT, confirm_signatures=False)
    appeal.status = AppealStatus.LIVE
    signing.sign(
        session,
        appeal,
        signing.SignatureData(name="Ana", email="ana@example.org", country="CL"),
        now=utcnow(),
    )
    session.commit()
    assert delivery.run_once(session).retried == 1
    [pending] = session.scalars(select(WebhookDelivery)).all()
    assert pending.status is DeliveryStatus.PENDING and pending.last_status == 503
    receiver.answer = 200
    assert delivery.run_once(session, now=pending.next_attempt_at).sent == 1
    assert len(receiver.received) == 1


def test_an_unreachable_receiver_is_given_up_after_the_last_attempt(session, hook) -> None:
    hook.url = f"http://127.0.0.1:{free_port()}/nobody"
    appeal = make_appeal(session)
    lifecycle.close(session, appeal, Outcome.UNKNOWN, "", user=None, now=utcnow())
    session.commit()
    for _ in range(delivery.MAX_ATTEMPTS):
        row = session.scalars(select(WebhookDelivery)).one()
        delivery.run_once(session, now=row.next_attempt_at)
    row = session.scalars(select(WebhookDelivery)).one()
    assert row.status is DeliveryStatus.FAILED and "Error" in row.last_error


def test_a_switched_off_webhook_gets_nothing(session, hook, receiver) -> None:
    hook.active = False
    appeal = make_appeal(session)
    lifecycle.close(session, appeal, Outcome.UNKNOWN, "", user=None, now=utcnow())
    assert session.scalars(select(WebhookDelivery)).all() == []


def test_admins_register_a_webhook_and_see_its_deliveries(client, session) -> None:
    log_in(client, make_user(session, Role.ADMIN))
    page = client.post(
        "/admin/webhooks/",
        data={
            "csrf_token": csrf_token(client, "/admin/webhooks/"),
            "name": "CRM",
            "url": "https://crm.example.org/hooks",
            "events": ["signature.confirmed"],
        },
    )
    assert page.headers["Cache-Control"] == "no-store"
    hook = session.scalars(select(Webhook)).one()
    assert hook.secret in page.get_data(as_text=True)
    assert hook.secret not in client.get("/admin/webhooks/").get_data(as_text=True)
    assert client.get(f"/admin/webhooks/{hook.id}").status_code == 200
    bad = client.post(
        "/admin/webhooks/",
        data={
            "csrf_token": csrf_token(client, "/admin/webhooks/"),
            "name": "x",
            "url": "file:///etc/passwd",
            "events": ["signature.confirmed"],
        },
    )
    assert "Give a web address" in bad.get_data(as_text=True)


def test_switching_a_webhook_off_holds_its_pending_deliveries(session, hook, receiver) -> None:
    appeal = make_appeal(session)
    lifecycle.close(session, appeal, Outcome.UNKNOWN, "", user=None, now=utcnow())
    hook.active = False
    session.commit()
    assert delivery.run_once(session).sent == 0
    assert receiver.received == []
    row = session.scalars(select(WebhookDelivery)).one()
    assert row.status is DeliveryStatus.PENDING and row.attempts == 0
    hook.active = True
    session.commit()
    assert delivery.run_once(session).sent == 1


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_is_a_failure_retried_later_not_followed(session, hook, code, caplog) -> None:
    port = free_port()
    requests: list[str] = []

    class Redirecting(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            requests.append(f"POST {self.path}")
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(code)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            requests.append(f"GET {self.path}")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook.url = f"http://127.0.0.1:{port}/hook"
        lifecycle.close(session, make_appeal(session), Outcome.UNKNOWN, "", user=None, now=utcnow())
        session.commit()
        assert delivery.run_once(session).retried == 1
    finally:
        server.shutdown()
        server.server_close()
    assert requests == ["POST /hook"]
    row = session.scalars(select(WebhookDelivery)).one()
    assert row.status is DeliveryStatus.PENDING and row.last_status == code
    assert "/elsewhere" in caplog.text


def test_invalidating_and_restoring_is_told_only_to_receivers_that_were_sent_the_signature(
    session, hook
) -> None:
    from campaign.models import Flag
    from campaign.staff import quality
    from campaign.webhooks import events

    hook.events = [e.value for e in Event]
    other = Webhook(name="Other", url="http://127.0.0.1:9/x", secret="x", events=hook.events)
    session.add(other)
    session.flush()
    appeal = make_appeal(session)
    told = make_signature(session, appeal, email="ana@spam.example")
    make_signature(session, appeal, email="ben@spam.example")  # never sent to anyone
    flagged = make_signature(session, appeal, email="cy@example.org", flag=Flag.RATE_LIMIT)
    for each in (told, flagged):
        events._queue(session, hook, Event.SIGNATURE_CONFIRMED,
                      events.signature_event_key(each.id), {}, now=utcnow())  # fmt: skip
    session.flush()

    def sent(event: Event) -> list[tuple[int, dict]]:
        query = select(WebhookDelivery).where(WebhookDelivery.event == event.value)
        return [(d.webhook_id, d.payload) for d in session.scalars(query)]

    when = utcnow()
    quality.invalidate(
        session, appeal, quality.Criteria(email_domain="spam.example"), user=None, now=when
    )
    quality.decide_flagged(session, [flagged.id], accept=False, user=None, now=utcnow())
    invalidated = sent(Event.SIGNATURE_INVALIDATED)
    assert [(w, p["signature_ids"]) for w, p in invalidated] == [
        (hook.id, [told.id]),
        (hook.id, [flagged.id]),
    ]
    assert invalidated[0][1]["appeal"]["slug"] == appeal.slug
    assert "@" not in json.dumps([p for _, p in invalidated])

    quality.restore(session, appeal, when, user=None, now=utcnow())
    [(webhook_id, restored)] = sent(Event.SIGNATURE_RESTORED)
    assert webhook_id == hook.id and restored["signature_ids"] == [told.id]


def test_each_round_of_the_worker_sends_webhooks_as_well_as_mail(app, session, hook, receiver):
    """The dev server's worker thread and `flask campaign worker` share the round."""
    from campaign.outbox.transport import transport_from_settings
    from campaign.outbox.worker import one_round

    appeal = make_appeal(session)
    lifecycle.close(session, appeal, Outcome.UNKNOWN, "", user=None, now=utcnow())
    session.commit()
    one_round(session, transport_from_settings(None, str(app.instance_path), 5.0))
    assert [json.loads(body)["appeal"]["slug"] for _, body in receiver.received] == [appeal.slug]
    row = session.scalars(select(WebhookDelivery)).one()
    assert row.status is DeliveryStatus.SENT
