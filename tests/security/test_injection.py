"""Hostile text in every field an organiser or a release can fill is shown as text,
and hostile query strings do nothing."""

from __future__ import annotations

import pytest

from campaign.models import AppealStatus, AppealUpdate, Release, Role, Subject, TargetRole, utcnow
from tests.conftest import log_in
from tests.factories import add_target, make_appeal, make_target, make_user

SCRIPT = "<script>alert('x')</script>"
HANDLER = '<img src=x onerror="alert(1)">'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"


@pytest.fixture
def hostile_appeal(session):
    appeal = make_appeal(
        session,
        title=f"Free {SCRIPT}",
        summary=f"Held since May. {HANDLER}",
        demands=(f"Release {SCRIPT}", "javascript:alert(1)"),
        outcome_note=SCRIPT,
        release=Release(text=f"{SCRIPT}\n{HANDLER}", title="t"),
    )
    appeal.subjects = [Subject(name=SCRIPT, description=HANDLER)]
    appeal.updates = [AppealUpdate(title=SCRIPT, body=HANDLER, posted_at=utcnow())]
    add_target(
        session, appeal, make_target(session, name=SCRIPT, title=HANDLER), TargetRole.PRIMARY
    )
    session.flush()
    return appeal


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert 'onerror="alert' not in html
    assert 'href="javascript:' not in html


def test_the_public_pages_show_hostile_text_as_text(client, hostile_appeal) -> None:
    for path in ["/", f"/a/{hostile_appeal.slug}", f"/a/{hostile_appeal.slug}/release"]:
        html = client.get(path).get_data(as_text=True)
        assert_inert(html)
    page = client.get(f"/a/{hostile_appeal.slug}").get_data(as_text=True)
    assert ESCAPED_SCRIPT in page


def test_the_organiser_pages_show_hostile_text_as_text(client, session, hostile_appeal) -> None:
    log_in(client, make_user(session, Role.ORGANISER))
    for path in ["/organise/", f"/organise/appeals/{hostile_appeal.id}",
                 f"/organise/appeals/{hostile_appeal.id}/letter",
                 f"/organise/appeals/{hostile_appeal.id}/release"]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200
        assert_inert(response.get_data(as_text=True))


def test_a_closed_appeals_outcome_note_is_text(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.CLOSED, outcome_note=SCRIPT)
    html = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert ESCAPED_SCRIPT in html
    assert_inert(html)


SQL = ["' OR '1'='1", "1; DROP TABLE signatures; --", "%' UNION SELECT email FROM users --", "\\"]


@pytest.mark.parametrize("attack", SQL)
@pytest.mark.parametrize(
    ("role", "path"),
    [(Role.ORGANISER, "/organise/?status="), (Role.ORGANISER, "/organise/targets/?q="),
     (Role.ORGANISER, "/organise/targets/?country=")],
)  # fmt: skip
def test_filters_and_searches_treat_sql_as_text(client, session, role, path, attack) -> None:
    user = make_user(session, role)
    log_in(client, user)
    response = client.get(path + attack)
    assert response.status_code == 200
    assert user.email not in response.get_data(as_text=True).split("</header>", 1)[1]


def test_session_cookies_are_httponly_lax_and_secure_in_production() -> None:
    from config import load_settings

    settings = load_settings(environ={"CAMPAIGN_ENV": "production"})
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True


def test_the_session_cookie_is_sent_with_its_flags(client) -> None:
    response = client.get("/auth/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
