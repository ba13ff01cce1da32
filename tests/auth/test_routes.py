"""Logging in and out, as a person would, checked in the response and the database."""

from __future__ import annotations

import pytest

from campaign.models import AuditEvent, Role, User, utcnow
from tests.conftest import csrf_token, log_in
from tests.factories import PASSWORD, make_user


def post_login(client, email: str, password: str, next_url: str = ""):
    token = csrf_token(client)
    return client.post(
        "/auth/login",
        data={"email": email, "password": password, "next": next_url, "csrf_token": token},
    )


@pytest.mark.parametrize(
    ("role", "home"),
    [(Role.ORGANISER, "/organise/"), (Role.STAFF, "/staff/"), (Role.ADMIN, "/organise/")],
)
def test_login_takes_each_role_to_its_work(client, session, role, home) -> None:
    user = make_user(session, role)
    response = post_login(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == home
    assert client.get(home).status_code == 200
    assert user.last_login_at is not None
    assert session.query(AuditEvent).filter_by(action="user.login", user_id=user.id).count() == 1


def test_login_follows_a_relative_next(client, session) -> None:
    user = make_user(session, Role.STAFF)
    response = post_login(client, user.email, PASSWORD, next_url="/staff/?x=1")
    assert response.headers["Location"] == "/staff/?x=1"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "staff"],
)
def test_login_ignores_a_next_that_leaves_the_site(client, session, next_url) -> None:
    user = make_user(session, Role.STAFF)
    response = post_login(client, user.email, PASSWORD, next_url=next_url)
    assert response.headers["Location"] == "/staff/"


def test_a_wrong_password_and_an_unknown_account_look_the_same(client, session) -> None:
    user = make_user(session, Role.STAFF)
    wrong = post_login(client, user.email, "not the password")
    unknown = post_login(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    message = "That e-mail and password do not match an account."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302  # still logged out


def test_an_inactive_account_cannot_log_in(client, session) -> None:
    user = make_user(session, Role.STAFF, active=False)
    post_login(client, user.email, PASSWORD)
    assert client.get("/staff/").status_code == 302


def test_an_empty_form_says_what_is_missing(client, session) -> None:
    response = client.post("/auth/login", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)


def test_logout_ends_every_session_of_the_account(app, client, session) -> None:
    user = make_user(session, Role.STAFF)
    other_device = app.test_client()
    log_in(client, user)
    log_in(other_device, user)
    old_token = user.session_token
    response = client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert response.status_code == 302
    assert session.get(User, user.id).session_token != old_token
    assert client.get("/staff/").status_code == 302
    assert other_device.get("/staff/").status_code == 302


def test_logout_without_a_csrf_token_is_refused(client, session) -> None:
    user = make_user(session, Role.STAFF)
    log_in(client, user)
    response = client.post("/auth/logout")
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 200  # still logged in


def test_passwords_are_hashed_with_a_current_algorithm(session) -> None:
    user = make_user(session, password="a long passphrase")
    assert "a long passphrase" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:sha256:"))
    assert user.check_password("a long passphrase")
    assert not user.check_password("a long passphrase ")


def test_login_is_rate_limited_per_account(app, client, session) -> None:
    user = make_user(session, Role.STAFF)
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert post_login(client, user.email, "wrong").status_code == 200
    blocked = post_login(client, user.email, PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many attempts to log in" in blocked.get_data(as_text=True)
    other = post_login(app.test_client(), "someone@example.org", "x")
    assert other.status_code == 429  # the same address is limited too, whatever the account


def test_an_unknown_account_is_limited_the_same_way(app, client, session) -> None:
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    answers = [post_login(client, "nobody@example.org", "x").status_code for _ in range(limit + 1)]
    assert answers == [200] * limit + [429]


def test_a_password_change_ends_every_session(client, runner, session, monkeypatch) -> None:
    user = make_user(session, Role.STAFF)
    log_in(client, user)
    assert client.get("/staff/").status_code == 200
    monkeypatch.setenv("CAMPAIGN_USER_PASSWORD", "a brand new passphrase")
    result = runner.invoke(args=["campaign", "set-password", user.email])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302  # logged out
    assert session.get(User, user.id).check_password("a brand new passphrase")


def test_a_wrong_password_costs_a_hash_check_like_a_right_one(session, monkeypatch) -> None:
    """Timing: an unknown address still checks a password hash, so it is not faster."""
    from campaign.auth import services

    checked = []
    monkeypatch.setattr(services.User, "check_password", lambda self, p: checked.append(p))
    services.authenticate(session, "nobody@example.org", "guess", now=utcnow())
    assert checked == ["guess"]


def login_from(app, address: str, email: str, password: str):
    """A login from its own browser at `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return post_login(client, email, password)


def test_a_stranger_cannot_lock_the_owner_out(app, session) -> None:
    user = make_user(session, Role.STAFF)
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for n in range(limit + 2):  # wrong passwords, each from an address of its own
        assert login_from(app, f"203.0.113.{n}", user.email, "wrong").status_code == 200
    assert login_from(app, "198.51.100.7", user.email, PASSWORD).status_code == 302


def test_successful_logins_do_not_count(app, session) -> None:
    user = make_user(session, Role.STAFF)
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    answers = [
        login_from(app, "192.0.2.1", user.email, PASSWORD).status_code for _ in range(limit + 2)
    ]
    assert answers == [302] * (limit + 2)


def test_a_guess_spread_over_many_addresses_is_stopped_per_account(
    app, session, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "15 per hour")
    user = make_user(session, Role.STAFF)
    for n in range(15):
        assert login_from(app, f"203.0.113.{n}", user.email, "wrong").status_code == 200
    assert login_from(app, "198.51.100.7", user.email, "guess").status_code == 429
    other = make_user(session, Role.STAFF)
    assert login_from(app, "198.51.100.7", other.email, PASSWORD).status_code == 302
