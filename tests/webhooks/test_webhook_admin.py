"""Admins keep their webhooks safe: where deliveries may go, a new secret, deletion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaign.models import AuditEvent, Event, Outcome, Role, Webhook, WebhookDelivery, utcnow
from campaign.organise import lifecycle
from campaign.webhooks import delivery
from campaign.webhooks.admin import url_problem
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_user


@pytest.mark.parametrize(
    "url",
    [
        "https://crm.example.org/hooks/campaign",
        "https://10.0.0.5:8443/civicrm/hook",  # a CRM on the organisation's own network
        "http://127.0.0.1:8080/hook",  # a receiver on this machine
        "http://localhost/hook",
        "http://[::1]:9000/hook",
    ],
)
def test_receivers_deliveries_may_go_to(app, url) -> None:
    with app.test_request_context():
        assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://crm.example.org/hooks", "Use an https:// address"),
        ("http://10.0.0.5/hook", "Use an https:// address"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 cannot receive"),
        ("https://[fe80::1]/hook", "fe80::1 cannot receive"),
        ("https://0.0.0.0/hook", "0.0.0.0 cannot receive"),
        ("https://224.0.0.1/hook", "224.0.0.1 cannot receive"),
        ("file:///etc/passwd", "Give a web address"),
        ("https://crm.example.org:99999/hook", "Give a web address"),
        ("crm.example.org/hook", "Give a web address"),
    ],
)
def test_addresses_no_delivery_goes_to(app, url, says) -> None:
    with app.test_request_context():
        assert says in (url_problem(url) or "")


def test_registering_a_plain_http_receiver_is_refused_with_the_reason(client, session) -> None:
    log_in(client, make_user(session, Role.ADMIN))
    page = client.post(
        "/admin/webhooks/",
        data={
            "csrf_token": csrf_token(client, "/admin/webhooks/"),
            "name": "CRM",
            "url": "http://crm.example.org/hooks",
            "events": ["signature.confirmed"],
        },
    )
    assert page.status_code == 200
    assert "Use an https:// address" in page.get_data(as_text=True)
    assert session.scalars(select(Webhook)).all() == []


@pytest.fixture
def registered(session) -> Webhook:
    hook = Webhook(
        name="CRM",
        url="https://crm.example.org/hooks",
        secret="old-secret",
        events=[Event.APPEAL_STATUS.value],
    )
    session.add(hook)
    appeal = make_appeal(session)
    session.flush()
    lifecycle.close(session, appeal, Outcome.UNKNOWN, "", user=None, now=utcnow())
    session.commit()
    return hook


def test_a_new_secret_is_shown_once_and_signs_what_is_sent_next(client, session, registered):
    log_in(client, make_user(session, Role.ADMIN))
    page_url = f"/admin/webhooks/{registered.id}"
    page = client.post(f"{page_url}/secret", data={"csrf_token": csrf_token(client, page_url)})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    session.refresh(registered)
    assert registered.secret != "old-secret"
    assert registered.secret in page.get_data(as_text=True)
    assert registered.secret not in client.get(page_url).get_data(as_text=True)
    pending = session.scalars(select(WebhookDelivery)).one()
    _url, body, headers = delivery.prepare(pending)
    assert headers["X-Campaign-Signature"] == delivery.signature_header(registered.secret, body)
    assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == (
        "webhook.secret"
    )


def test_deleting_a_webhook_drops_its_deliveries_and_is_audited(client, session, registered):
    log_in(client, make_user(session, Role.ADMIN))
    page_url = f"/admin/webhooks/{registered.id}"
    assert session.scalars(select(WebhookDelivery)).all() != []
    answer = client.post(f"{page_url}/delete", data={"csrf_token": csrf_token(client, page_url)})
    assert answer.status_code == 302
    assert "is deleted" in client.get(answer.headers["Location"]).get_data(as_text=True)
    assert session.scalars(select(Webhook)).all() == []
    assert session.scalars(select(WebhookDelivery)).all() == []
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "webhook.delete")).one()
    assert audit.details["url"] == "https://crm.example.org/hooks"


def test_without_the_form_token_nothing_is_deleted_or_changed(client, session, registered):
    log_in(client, make_user(session, Role.ADMIN))
    client.post(f"/admin/webhooks/{registered.id}/delete")
    client.post(f"/admin/webhooks/{registered.id}/secret")
    session.refresh(registered)
    assert registered.secret == "old-secret"


@pytest.mark.parametrize(
    ("role", "home"), [(Role.STAFF, "/staff/"), (Role.ORGANISER, "/organise/")]
)
def test_only_admins_delete_webhooks(client, session, registered, role, home) -> None:
    log_in(client, make_user(session, role))
    token = csrf_token(client, home)
    answer = client.post(f"/admin/webhooks/{registered.id}/delete", data={"csrf_token": token})
    assert answer.status_code == 403
    assert session.scalars(select(Webhook)).one() is registered


def test_a_webhook_is_changed_in_place_keeping_its_secret(client, session, registered) -> None:
    log_in(client, make_user(session, Role.ADMIN))
    page_url = f"/admin/webhooks/{registered.id}"
    page = client.get(page_url).get_data(as_text=True)
    assert 'value="https://crm.example.org/hooks"' in page  # the form shows it as it is
    refused = client.post(
        page_url,
        data={
            "csrf_token": csrf_token(client, page_url),
            "name": "CRM",
            "url": "http://crm.example.org/hooks",
            "events": ["signature.confirmed"],
        },
    )
    assert refused.status_code == 400 and "Use an https:// address" in refused.get_data(
        as_text=True
    )
    session.refresh(registered)
    assert registered.url == "https://crm.example.org/hooks"
    answer = client.post(
        page_url,
        data={
            "csrf_token": csrf_token(client, page_url),
            "name": "CiviCRM",
            "url": "https://civi.example.org/hooks",
            "events": ["signature.confirmed", "appeal.status"],
        },
    )
    assert answer.status_code == 302
    assert "“CiviCRM” is saved." in client.get(answer.headers["Location"]).get_data(as_text=True)
    session.refresh(registered)
    assert (registered.name, registered.url) == ("CiviCRM", "https://civi.example.org/hooks")
    assert registered.events == ["appeal.status", "signature.confirmed"]
    assert registered.secret == "old-secret"
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "webhook.edit")).one()
    assert audit.details["before"]["url"] == "https://crm.example.org/hooks"
