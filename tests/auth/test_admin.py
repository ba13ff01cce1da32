"""The accounts page: an admin lists accounts, changes roles, deactivates and reactivates,
checked in the response, the flash message, the database and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaign.models import AuditEvent, Role, User
from tests.conftest import csrf_token, log_in
from tests.factories import PASSWORD, make_user

PAGE = "/admin/users/"


@pytest.fixture
def admin(client, session) -> User:
    """An admin, logged in on `client`."""
    user = make_user(session, Role.ADMIN)
    log_in(client, user)
    return user


def post(client, path: str, **data: str):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **data})


def events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_page_lists_every_account(client, session, admin) -> None:
    staff = make_user(session, Role.STAFF, name="Sam Staff")
    gone = make_user(session, Role.ORGANISER, active=False)
    response = client.get(PAGE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for user in (admin, staff, gone):
        assert user.email in html
    assert "Sam Staff" in html
    assert "deactivated" in html and "never" in html
    assert "(your account)" in html
    # The admin's own row has no buttons to lock themselves out.
    assert f"/admin/users/{admin.id}/deactivate" not in html
    assert f"/admin/users/{staff.id}/deactivate" in html
    assert f"/admin/users/{gone.id}/activate" in html


def test_the_page_is_in_the_menu_of_admins_only(client, session, admin) -> None:
    assert 'href="/admin/users/"' in client.get("/admin/tokens").get_data(as_text=True)
    other = client.application.test_client()
    log_in(other, make_user(session, Role.STAFF))
    assert 'href="/admin/users/"' not in other.get("/staff/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.STAFF])
def test_other_roles_get_403(client, session, role) -> None:
    target = make_user(session, Role.STAFF)
    log_in(client, make_user(session, role))
    assert client.get(PAGE).status_code == 403
    token = csrf_token(client, "/auth/login")
    response = client.post(f"/admin/users/{target.id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 403
    assert target.active


def test_anonymous_visitors_are_sent_to_login(client, session) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/admin/users/"


@pytest.mark.parametrize(
    ("action", "data"), [("role", {"role": "admin"}), ("deactivate", {}), ("activate", {})]
)
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(
    client, session, admin, action, data
) -> None:
    target = make_user(session, Role.STAFF, active=action != "activate")
    token, active = target.session_token, target.active
    response = client.post(f"/admin/users/{target.id}/{action}", data=data)
    assert response.status_code == 400
    session.refresh(target)
    assert (target.role, target.active, target.session_token) == (Role.STAFF, active, token)
    assert session.scalars(select(AuditEvent).where(AuditEvent.action.like("user.%"))).all() == []


def test_an_admin_changes_a_role(client, session, admin) -> None:
    target = make_user(session, Role.ORGANISER)
    response = post(client, f"/admin/users/{target.id}/role", role="staff")
    assert response.status_code == 302
    assert response.headers["Location"] == PAGE
    assert f"{target.email} is now staff." in client.get(PAGE).get_data(as_text=True)
    assert session.get(User, target.id).role is Role.STAFF
    [event] = events(session, "user.role_change")
    assert event.user_id == admin.id
    assert event.details == {"user_id": target.id, "old_role": "organiser", "new_role": "staff"}


def test_an_unknown_role_is_refused(client, session, admin) -> None:
    target = make_user(session, Role.ORGANISER)
    post(client, f"/admin/users/{target.id}/role", role="boss")
    assert "Choose one of the roles." in client.get(PAGE).get_data(as_text=True)
    assert session.get(User, target.id).role is Role.ORGANISER
    assert events(session, "user.role_change") == []


def test_an_unknown_account_is_not_found(client, session, admin) -> None:
    assert post(client, "/admin/users/999999/deactivate").status_code == 404
    assert post(client, "/admin/users/999999/role", role="staff").status_code == 404


def test_deactivating_ends_the_sessions_and_refuses_the_login(app, client, session, admin):
    target = make_user(session, Role.STAFF)
    their_browser = app.test_client()
    log_in(their_browser, target)
    assert their_browser.get("/staff/").status_code == 200

    response = post(client, f"/admin/users/{target.id}/deactivate")
    assert response.headers["Location"] == PAGE
    message = f"{target.email} is deactivated and logged out everywhere."
    assert message in client.get(PAGE).get_data(as_text=True)
    assert not session.get(User, target.id).active
    [event] = events(session, "user.deactivate")
    assert (event.user_id, event.details) == (admin.id, {"user_id": target.id})

    # Out at the next request, and the password no longer lets them back in.
    out = their_browser.get("/staff/")
    assert out.status_code == 302 and out.headers["Location"].startswith("/auth/login")
    login = their_browser.post(
        "/auth/login",
        data={"email": target.email, "password": PASSWORD, "csrf_token": csrf_token(their_browser)},
    )
    assert "do not match an account" in login.get_data(as_text=True)
    assert their_browser.get("/staff/").status_code == 302


def test_reactivating_lets_the_person_log_in_again(app, client, session, admin) -> None:
    target = make_user(session, Role.STAFF, active=False)
    post(client, f"/admin/users/{target.id}/activate")
    assert f"{target.email} is active again" in client.get(PAGE).get_data(as_text=True)
    assert session.get(User, target.id).active
    assert [e.details for e in events(session, "user.activate")] == [{"user_id": target.id}]
    their_browser = app.test_client()
    token = csrf_token(their_browser)
    login = their_browser.post(
        "/auth/login", data={"email": target.email, "password": PASSWORD, "csrf_token": token}
    )
    assert login.headers["Location"] == "/staff/"


@pytest.mark.parametrize(("action", "data"), [("deactivate", {}), ("role", {"role": "staff"})])
def test_an_admin_cannot_lock_out_their_own_account(client, session, admin, action, data):
    make_user(session, Role.ADMIN)  # another admin: not the last one, still refused
    post(client, f"/admin/users/{admin.id}/{action}", **data)
    message = "You cannot demote or deactivate your own account; another admin can."
    assert message in client.get(PAGE).get_data(as_text=True)
    session.refresh(admin)
    assert admin.active and admin.role is Role.ADMIN
    assert session.scalars(select(AuditEvent).where(AuditEvent.action.like("user.%"))).all() == []


def test_an_admin_demotes_and_deactivates_another_admin(client, session, admin) -> None:
    other = make_user(session, Role.ADMIN)
    post(client, f"/admin/users/{other.id}/role", role="organiser")
    assert session.get(User, other.id).role is Role.ORGANISER
    third = make_user(session, Role.ADMIN)
    post(client, f"/admin/users/{third.id}/deactivate")
    assert not session.get(User, third.id).active


def test_the_last_admin_guard_is_shown_on_the_page(client, session, admin, monkeypatch) -> None:
    """Through the page, the acting admin is always a second active admin, so the guard
    shows only when another admin went first at the same moment: simulated here."""
    from campaign.auth import services

    other = make_user(session, Role.ADMIN)

    def refuse(*args, **kwargs):
        raise services.LastAdmin("last")

    monkeypatch.setattr(services, "set_active", refuse)
    post(client, f"/admin/users/{other.id}/deactivate")
    message = f"{other.email} is the last active admin: make another account admin first."
    assert message in client.get(PAGE).get_data(as_text=True)
    assert session.get(User, other.id).active
