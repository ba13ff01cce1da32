"""Every route, walked from app.url_map: public ones open, the rest guarded by role.

A new route is covered without touching this file; a new *public* route must be
added to PUBLIC_ENDPOINTS on purpose, or the test fails.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import Rule

from campaign.auth.roles import BLUEPRINT_ROLES
from campaign.models import AppealStatus, Role
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_release, make_user

PUBLIC_ENDPOINTS = {
    "static",
    "appeals.index",
    "appeals.show",
    "appeals.release",
    "auth.login",
    "auth.logout",
    "counts.count_json",
    # The language switcher: sets this browser's cookie, nothing on the server.
    "i18n.choose",
    # For load balancers.
    "ops.healthz",
    "ops.readyz",
    # The API's entry point and its description; its data needs a token (below).
    "api.entry_point",
    "api.openapi",
    # The embedded sign form: what it shows, and signing from the listed sites only.
    "embeds.widget_data",
    "embeds.sign",
    # The supporter side: signing, confirming, letters and e-mailed links.
    "signatures.sign",
    "signatures.sign_form_page",
    "signatures.thanks",
    "signatures.confirm",
    "signatures.letter_link",
    "signatures.letters",
    "signatures.letter",
    "signatures.letter_preview",
    "signatures.unsubscribe",
    "signatures.delete_data",
}


def token_guarded(app: Flask, rule: Rule) -> bool:
    """API routes are guarded by a scoped token instead of a login (tests/api)."""
    return hasattr(app.view_functions[rule.endpoint], "api_scope")


def guarded_rules(app: Flask) -> list[Rule]:
    return [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint not in PUBLIC_ENDPOINTS and not token_guarded(app, r)
    ]


def required_roles(app: Flask, rule: Rule) -> tuple[Role, ...] | None:
    blueprint = rule.endpoint.rpartition(".")[0]
    view = app.view_functions[rule.endpoint]
    return BLUEPRINT_ROLES.get(blueprint) or getattr(view, "required_roles", None)


def url_for_rule(rule: Rule, values: dict[str, object]) -> str:
    return rule.build({arg: values.get(arg, 1) for arg in rule.arguments})[1]


def request(client, rule: Rule, url: str):
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(client)})


def test_every_route_is_public_on_purpose_or_guarded(app: Flask) -> None:
    unguarded = [r.rule for r in guarded_rules(app) if not required_roles(app, r)]
    assert unguarded == [], "routes without a role check; guard them or list them as public"


@pytest.fixture
def sample_values(session) -> dict[str, object]:
    appeal = make_appeal(session, AppealStatus.LIVE, release=make_release(session))
    return {"slug": appeal.slug, "id": appeal.id, "appeal_id": appeal.id}


def test_anonymous_visitors_are_sent_to_login_with_next(app, client, sample_values) -> None:
    for rule in guarded_rules(app):
        url = url_for_rule(rule, sample_values)
        response = request(client, rule, url)
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/auth/login?next="), rule.rule


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_the_routes_it_may_use(app, client, session, sample_values, role):
    log_in(client, make_user(session, role))
    for rule in guarded_rules(app):
        allowed = role is Role.ADMIN or role in required_roles(app, rule)
        response = request(client, rule, url_for_rule(rule, sample_values))
        if allowed:
            # 422: let in, and the empty form sent refused (tests/security/test_matrix.py).
            assert response.status_code < 400 or response.status_code in (404, 422), rule.rule
            assert not response.headers.get("Location", "").startswith("/auth/login"), rule.rule
        else:
            assert response.status_code == 403, rule.rule
            assert "Not allowed" in response.get_data(as_text=True)


def test_public_pages_need_no_login(client, sample_values) -> None:
    assert client.get("/").status_code == 200
    assert client.get(f"/a/{sample_values['slug']}").status_code == 200
    assert client.get(f"/a/{sample_values['slug']}/release").status_code == 200
    assert client.get("/auth/login").status_code == 200


def test_a_json_client_gets_401_not_a_redirect(client, session) -> None:
    response = client.get("/staff/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_pages_behind_a_login_are_not_kept_by_the_browser(app, client, session, sample_values):
    log_in(client, make_user(session, Role.ADMIN))
    for rule in guarded_rules(app):
        if "GET" not in rule.methods:
            continue
        response = client.get(url_for_rule(rule, sample_values))
        if response.status_code == 200:
            assert "no-store" in response.headers.get("Cache-Control", ""), rule.rule
