"""Every state-changing route refuses a POST without a CSRF token (or is listed here with
what protects it instead), and a forged cross-site POST with the victim's cookie fails."""

from __future__ import annotations

from flask import Flask

from campaign.models import Role
from tests.conftest import log_in
from tests.factories import make_appeal, make_user

# Routes that take no cookie-based CSRF token, and why.
EXEMPT = {
    "signatures.sign": (
        "its own token, not bound to a session so that the page can be cached, and the"
        " Origin/Referer checked; shows the form again (tests/signatures/test_form_token.py)"
    ),
    "signatures.confirm": (
        "a token bound to the e-mailed link (opened in browsers that keep no cookie), and"
        " the Origin/Referer checked (tests/signatures/test_link_forms.py)"
    ),
    "signatures.delete_data": "as signatures.confirm (tests/signatures/test_link_forms.py)",
    "signatures.unsubscribe": "one-click unsubscribe (RFC 8058): the signed link is the proof",
    "api.record_signature": "a bearer token, never a cookie",
    "embeds.sign": "only the origins the organiser listed (CORS, Origin checked)",
}


def post_rules(app: Flask):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods]


def test_every_post_route_refuses_a_missing_token(app, client, session) -> None:
    appeal = make_appeal(session)
    log_in(client, make_user(session, Role.ADMIN))
    values = {"slug": appeal.slug, "appeal_id": appeal.id, "token": "x", "target_id": 1}
    checked = []
    for rule in post_rules(app):
        if rule.endpoint in EXEMPT:
            continue
        url = rule.build({a: values.get(a, 1) for a in rule.arguments})[1]
        response = client.post(url, data={"anything": "1"})
        assert response.status_code == 400, f"{rule.rule} accepted a POST without a token"
        checked.append(rule.rule)
    assert len(checked) > 20  # the walk saw the routes


def test_the_exempt_routes_still_exist() -> None:
    from campaign import create_app

    endpoints = {r.endpoint for r in create_app({"ENV_NAME": "testing"}).url_map.iter_rules()}
    assert set(EXEMPT) <= endpoints


def test_a_cross_site_post_with_the_victims_cookie_fails(client, session) -> None:
    """A form on another site can send the session cookie (it is not for SameSite=Lax
    POSTs, but older browsers did) yet never the token, which it cannot read."""
    log_in(client, make_user(session, Role.ADMIN))
    response = client.post(
        "/admin/tokens",
        data={"name": "stolen", "scopes": ["signatures:read"]},
        headers={"Origin": "https://evil.example", "Referer": "https://evil.example/x"},
    )
    assert response.status_code == 400
