"""Unsubscribing, deleting one's data from an e-mailed link, and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from campaign.counting import recount_appeal
from campaign.models import (
    AppealStatus,
    Channel,
    DeliveryStatus,
    Event,
    LetterSend,
    Outbox,
    OutboxStatus,
    Signature,
    SignatureTally,
    Webhook,
    WebhookDelivery,
    utcnow,
)
from campaign.outbox.services import queue_email
from campaign.privacy.services import (
    anonymise_closed_appeals,
    delete_supporter_data,
    months_before,
    unsubscribe,
)
from campaign.signatures.tokens import Purpose, signature_token
from campaign.webhooks import delivery as webhook_delivery
from campaign.webhooks import events as webhook_events
from tests.conftest import csrf_token
from tests.factories import make_appeal, make_signature
from tests.signatures.conftest import link, outbox, sent_text, sign


def token(purpose: Purpose, signature: Signature) -> str:
    return signature_token(purpose, signature.id, signature.email_canonical)


def mail(session, signature: Signature, kind: str = "reminder", **fields) -> Outbox:
    message = queue_email(
        session,
        kind=kind,
        to=fields.pop("to", signature.email),
        subject="S",
        body_text=f"Dear {signature.name}",
        now=utcnow(),
        signature=signature,
        **fields,
    )
    session.flush()
    return message


def test_one_click_unsubscribe_needs_no_csrf_token(client, session) -> None:
    appeal, other = make_appeal(session), make_appeal(session)
    signature = make_signature(session, appeal, email="ana@example.org", consent=True)
    elsewhere = make_signature(session, other, email="ana@example.org", consent=True)
    reminder = mail(session, signature)
    letter = mail(session, signature, kind="letter", to="minister@example.org")
    session.commit()  # the rows exist before the request (the test's transaction still ends)
    path = f"/unsubscribe/{token(Purpose.UNSUBSCRIBE, signature)}"
    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.get_data(as_text=True)
    for each in (signature, elsewhere):
        session.refresh(each)
        assert each.unsubscribed_at is not None and each.consent is False
    session.refresh(reminder)
    session.refresh(letter)
    assert reminder.status is OutboxStatus.CANCELLED
    assert letter.status is OutboxStatus.PENDING  # the supporter's own letter still goes


def test_unsubscribing_before_confirming_says_the_confirmation_link_still_works(
    client, session
) -> None:
    appeal = make_appeal(session, confirm_signatures=True)
    waiting = make_signature(session, appeal, confirmed=False)
    confirmed = make_signature(session, appeal)
    session.commit()
    for signature, says in (
        (waiting, "the link in the e-mail we sent you still works"),
        (confirmed, "Your signatures still count."),
    ):
        path = f"/unsubscribe/{token(Purpose.UNSUBSCRIBE, signature)}"
        for response in (client.get(path), client.post(path)):
            page = response.get_data(as_text=True)
            assert says in page
            assert ("still count" in page) is (signature is confirmed)


def test_deleting_my_data_anonymises_every_signature_and_drops_pending_mail(
    client, session
) -> None:
    appeal, other = make_appeal(session), make_appeal(session)
    signature = make_signature(
        session, appeal, email="ana@example.org", postcode="1000", city="Lyon", ip_hash="h"
    )
    elsewhere = make_signature(session, other, email="ana@example.org")
    bystander = make_signature(session, appeal, email="ben@example.org")
    pending = mail(session, signature)
    sent = mail(session, signature, kind="letter", to="minister@example.org", reply_to="ana@x")
    sent.status = OutboxStatus.SENT
    session.add(
        LetterSend(
            appeal_id=appeal.id,
            target_id=_target(session).id,
            signature_id=signature.id,
            channel=Channel.EMAIL,
            body="Dear Minister, … Ana",
        )
    )
    session.commit()  # the rows exist before the request (the test's transaction still ends)
    pending_id = pending.id
    path = f"/delete-my-data/{token(Purpose.DELETE_DATA, signature)}"
    page = client.get(path)
    assert "This cannot be undone" in page.get_data(as_text=True)
    assert signature.name is not None  # a GET changes nothing
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 200
    assert "Your details are deleted" in response.get_data(as_text=True)

    session.expire_all()
    for each in (session.get(Signature, signature.id), session.get(Signature, elsewhere.id)):
        assert each.anonymised_at is not None
        assert each.name is None and each.email is None and each.email_canonical is None
        assert each.postcode is None and each.city is None and each.ip_hash is None
        assert each.country == "GB" and each.confirmed_at is not None  # counts stay right
    assert session.get(Signature, bystander.id).email == "ben@example.org"
    assert session.scalar(select(Outbox.id).where(Outbox.id == pending_id)) is None
    kept = session.get(Outbox, sent.id)
    assert kept.reply_to is None and "Ana" not in kept.body_text
    assert session.scalar(select(LetterSend.body)) is None
    # The link has done its work: it no longer opens anything.
    assert client.get(path).status_code == 404


def test_a_signature_whose_data_is_deleted_goes_on_counting(session) -> None:
    """The count and its tallies by day and country need no repair after a deletion on
    request (retention anonymises the same way): the signature stays, without the person."""
    appeal = make_appeal(session)
    ana = make_signature(session, appeal, email="ana@example.org", country="FR")
    make_signature(session, appeal, email="ben@example.org", country="GB")
    make_signature(session, appeal, email="cho@example.org", confirmed=False)  # not counted
    recount_appeal(session, appeal, now=utcnow() + timedelta(minutes=1))

    def tallies() -> dict[str, int]:
        rows = session.execute(
            select(SignatureTally.country, SignatureTally.count).where(
                SignatureTally.appeal_id == appeal.id
            )
        )
        return dict(rows.all())

    assert appeal.signature_count == 2 and tallies() == {"FR": 1, "GB": 1}

    delete_supporter_data(session, ana, now=utcnow())
    session.flush()
    assert recount_appeal(session, appeal, now=utcnow() + timedelta(minutes=1)) == (2, 2)
    assert tallies() == {"FR": 1, "GB": 1}


def test_deleting_without_a_csrf_token_is_refused(client, session) -> None:
    signature = make_signature(session, make_appeal(session))
    response = client.post(f"/delete-my-data/{token(Purpose.DELETE_DATA, signature)}")
    assert response.status_code == 400
    session.refresh(signature)
    assert signature.anonymised_at is None


def _target(session):
    from tests.factories import make_target

    return make_target(session)


def test_months_before_clamps_to_the_end_of_the_month() -> None:
    moment = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert months_before(moment, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert months_before(moment, 12) == datetime(2025, 3, 31, 12, tzinfo=UTC)
    assert months_before(moment, 15) == datetime(2024, 12, 31, 12, tzinfo=UTC)


def test_retention_anonymises_appeals_closed_long_enough_ago(session) -> None:
    now = utcnow()
    old = make_appeal(session, AppealStatus.CLOSED, now=now - timedelta(days=400))
    recent = make_appeal(session, AppealStatus.CLOSED, now=now - timedelta(days=30))
    live = make_appeal(session)
    old_signatures = [make_signature(session, old) for _ in range(3)]
    keep = [make_signature(session, recent), make_signature(session, live)]
    assert anonymise_closed_appeals(session, now=now, months=12) == 3
    assert anonymise_closed_appeals(session, now=now, months=12) == 0  # idempotent
    assert all(s.anonymised_at is not None and s.email is None for s in old_signatures)
    assert all(s.anonymised_at is None for s in keep)
    assert anonymise_closed_appeals(session, now=now, months=0) == 0  # 0: never


def test_the_anonymise_command(runner, session) -> None:
    old = make_appeal(session, AppealStatus.CLOSED, now=utcnow() - timedelta(days=100))
    make_signature(session, old)
    result = runner.invoke(args=["campaign", "anonymise", "--months", "2"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 signature." in result.output


def _crm_hook(session) -> Webhook:
    hook = Webhook(
        name="CRM", url="http://127.0.0.1:9/", secret="s", events=[Event.SIGNATURE_CONFIRMED.value]
    )
    session.add(hook)
    session.flush()
    return hook


def _delivery_of(session, signature: Signature) -> WebhookDelivery:
    key = webhook_events.signature_event_key(signature.id)
    return session.scalars(select(WebhookDelivery).where(WebhookDelivery.event_key == key)).one()


def _personal(payload: dict) -> set[str]:
    """The personal fields of a delivery's payload that still hold something."""
    return {k for k in webhook_events.PERSONAL_FIELDS if payload["signature"][k] is not None}


def test_deleting_my_data_drops_pending_webhook_deliveries_and_scrubs_sent_ones(
    session,
) -> None:
    _crm_hook(session)
    appeal, other = make_appeal(session), make_appeal(session)
    signature = make_signature(
        session, appeal, email="ana@example.org", postcode="1000", city="Lyon", consent=True
    )
    elsewhere = make_signature(session, other, email="ana@example.org", consent=True)
    bystander = make_signature(session, appeal, email="ben@example.org")
    for each in (signature, elsewhere, bystander):
        webhook_events.signature_confirmed(session, each, now=utcnow())
    session.flush()
    sent = _delivery_of(session, elsewhere)
    sent.status = DeliveryStatus.SENT
    session.commit()

    delete_supporter_data(session, signature, now=utcnow())
    session.commit()

    key = webhook_events.signature_event_key(signature.id)
    assert (
        session.scalars(select(WebhookDelivery).where(WebhookDelivery.event_key == key)).all() == []
    )
    session.refresh(sent)
    assert _personal(sent.payload) == set()
    assert sent.payload["signature"]["country"] == "GB"  # what counts keep stays
    assert "ana@example.org" not in str(sent.payload)
    assert _personal(_delivery_of(session, bystander).payload) == {
        "name",
        "email",
        "consent_to_contact",
    }
    bodies: list[bytes] = []
    webhook_delivery.run_once(session, lambda url, body, headers: bodies.append(body) or 200)
    assert len(bodies) == 1 and b"ana@example.org" not in bodies[0]  # only the bystander's


def test_retention_drops_pending_webhook_deliveries(session) -> None:
    _crm_hook(session)
    now = utcnow()
    old = make_appeal(session, AppealStatus.CLOSED, now=now - timedelta(days=400))
    signature = make_signature(session, old, email="ana@example.org")
    webhook_events.signature_confirmed(session, signature, now=now)
    session.flush()
    assert anonymise_closed_appeals(session, now=now, months=12) == 1
    assert session.scalars(select(WebhookDelivery)).all() == []


def test_a_delivery_deleted_while_claimed_is_skipped(session) -> None:
    _crm_hook(session)
    signature = make_signature(session, make_appeal(session), email="ana@example.org")
    webhook_events.signature_confirmed(session, signature, now=utcnow())
    session.commit()

    def post(url: str, body: bytes, headers: dict[str, str]) -> int:
        # The supporter deletes their data while the worker talks to the receiver.
        delete_supporter_data(session, signature, now=utcnow())
        session.commit()
        return 200

    result = webhook_delivery.run_once(session, post)
    assert (result.sent, result.failed, result.retried) == (0, 0, 0)
    assert session.scalars(select(WebhookDelivery)).all() == []


def _events(session, event: Event) -> list[dict]:
    query = select(WebhookDelivery).where(WebhookDelivery.event == event.value)
    return [d.payload for d in session.scalars(query.order_by(WebhookDelivery.id))]


def test_a_receiver_that_was_sent_a_person_hears_of_their_unsubscribing_and_deletion(
    session,
) -> None:
    hook = _crm_hook(session)
    hook.events = [e.value for e in Event]
    appeal = make_appeal(session)
    told = make_signature(session, appeal, email="ana@example.org", consent=True)
    pending = make_signature(session, appeal, email="ben@example.org", consent=True)
    never_told = make_signature(session, appeal, email="cy@example.org", consent=True)
    for each in (told, pending):
        webhook_events.signature_confirmed(session, each, now=utcnow())
    session.flush()
    _delivery_of(session, told).status = DeliveryStatus.SENT
    session.commit()

    for each in (told, pending, never_told):
        unsubscribe(session, each, now=utcnow())
    unsubscribe(session, told, now=utcnow())  # twice: one event
    session.commit()
    unsubscribed = _events(session, Event.SUPPORTER_UNSUBSCRIBED)
    assert [(p["email"], p["signature_ids"]) for p in unsubscribed] == [
        ("ana@example.org", [told.id]),
        ("ben@example.org", [pending.id]),
    ]  # never a word of a person the receiver was not sent
    # The confirmation not sent yet no longer says that Ben consents.
    assert _delivery_of(session, pending).payload["signature"]["consent_to_contact"] is False

    delete_supporter_data(session, told, now=utcnow())
    delete_supporter_data(session, never_told, now=utcnow())
    session.commit()
    [deleted] = _events(session, Event.SUPPORTER_DELETED)
    assert deleted["signature_ids"] == [told.id]
    assert "@" not in str(deleted)  # ids only: the receiver knows whom they name


def test_after_deleting_their_data_the_browser_forgets_the_supporter(client, session) -> None:
    appeal = make_appeal(session, confirm_signatures=True)
    other = make_appeal(session)
    sign(client, appeal, name="Ana Ruiz", email="ana@example.org", city="Valparaíso")
    sign(client, other, name="Ana Ruiz", email="ana@example.org")
    assert "Thank you, Ana Ruiz" in client.get(f"/a/{appeal.slug}/thanks").get_data(as_text=True)
    [message, *_] = outbox(session)
    path = link(sent_text(message), "/delete-my-data/")
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    for each in (appeal, other):
        page = client.get(f"/a/{each.slug}/thanks").get_data(as_text=True)
        assert "Ana" not in page  # no longer greeted by name
        assert client.get(f"/a/{each.slug}/letter").status_code == 303  # nor letters pre-filled
    with client.session_transaction() as cookie:
        assert "Ana" not in str(dict(cookie)) and "Valpara" not in str(dict(cookie))
