"""Account services: creating users, roles and deactivation with their guards, and
checking where `next` may lead."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaign.auth.services import (
    AccountError,
    LastAdmin,
    OwnAccount,
    authenticate,
    create_user,
    list_users,
    safe_next,
    set_active,
    set_role,
)
from campaign.models import AuditEvent, Role, utcnow
from tests.factories import PASSWORD, make_user


def test_create_user_normalises_the_address_and_refuses_a_second_one(session) -> None:
    user = create_user(session, " Ana@Example.ORG ", "a good long password", Role.ADMIN)
    assert user.email == "ana@example.org"
    with pytest.raises(AccountError, match="exists already"):
        create_user(session, "ana@example.org", "another long password", Role.STAFF)


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", "a good long password", "not an e-mail"),
        ("a@b", "a good long password", "not an e-mail"),
        ("ana@example..org", "a good long password", "not an e-mail"),
        ("a@example.org", "short", "at least"),
        ("a@example.org", " " * 10, "only spaces"),
        ("a@example.org", "\t \n" * 4, "only spaces"),
        ("Ana.Silva@example.org", "ana.silva@example.org", "e-mail address"),
        ("ana.silva@example.org", "my ana.silva@example.org!", "e-mail address"),
        ("ana.silva@example.org", "ana.silva@", "e-mail address"),
    ],
)
def test_create_user_refuses_bad_input(session, email, password, message) -> None:
    with pytest.raises(AccountError, match=message):
        create_user(session, email, password, Role.STAFF)
    assert list_users(session) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [(" " * 12, "only spaces"), ("USER@example.org", "e-mail address"), ("short", "at least")],
)
def test_a_new_password_follows_the_same_rules(session, password, message) -> None:
    from campaign.auth.services import change_password

    user = make_user(session, Role.STAFF)
    with pytest.raises(AccountError, match=message):
        change_password(session, user.email, password.replace("USER", user.email.split("@")[0]))
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/staff/", "/staff/"),
        ("/a/kem-sokha?x=1#y", "/a/kem-sokha?x=1#y"),
        ("", None),
        (None, None),
        ("https://evil.example/", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("/%0d%0aLocation:x", "/%0d%0aLocation:x"),
        ("/\r\nSet-Cookie:x", None),
    ],
)
def test_safe_next_accepts_only_relative_paths(target, expected) -> None:
    assert safe_next(target) == expected


def test_list_users_is_every_account_by_address(session) -> None:
    b = create_user(session, "b@example.org", "a good long password", Role.STAFF)
    a = create_user(session, "a@example.org", "a good long password", Role.ADMIN)
    assert list_users(session) == [a, b]


def test_set_role_audits_the_change_without_the_address(session) -> None:
    admin = make_user(session, Role.ADMIN)
    user = make_user(session, Role.ORGANISER)
    assert set_role(session, user, Role.STAFF, by=admin)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role_change")).one()
    assert event.user is admin
    assert event.details == {"user_id": user.id, "old_role": "organiser", "new_role": "staff"}
    assert not set_role(session, user, Role.STAFF, by=admin)  # nothing to change, nothing logged
    assert len(session.scalars(select(AuditEvent)).all()) == 1


def test_deactivating_ends_the_sessions_and_reactivating_does_not_log_in(session) -> None:
    user = make_user(session, Role.STAFF)
    token = user.session_token
    assert set_active(session, user, False, by=None)
    assert not user.active and user.session_token != token
    assert not set_active(session, user, False, by=None)
    token = user.session_token
    assert set_active(session, user, True, by=None)
    assert user.active and user.session_token == token
    assert authenticate(session, user.email, PASSWORD, now=utcnow()) is user


def test_a_deactivated_account_cannot_authenticate(session) -> None:
    user = make_user(session, Role.STAFF)
    set_active(session, user, False, by=None)
    assert authenticate(session, user.email, PASSWORD, now=utcnow()) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda s, u: set_role(s, u, Role.STAFF, by=None),
        lambda s, u: set_active(s, u, False, by=None),
    ],
    ids=["demote", "deactivate"],
)
def test_the_last_active_admin_stays(session, change) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.ADMIN, active=False)  # an inactive admin does not count
    with pytest.raises(LastAdmin, match="last active admin"):
        change(session, admin)
    assert admin.active and admin.role is Role.ADMIN
    make_user(session, Role.ADMIN)
    assert change(session, admin)


def test_an_admin_cannot_demote_or_deactivate_themselves(session) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.ADMIN)
    with pytest.raises(OwnAccount):
        set_role(session, admin, Role.ORGANISER, by=admin)
    with pytest.raises(OwnAccount):
        set_active(session, admin, False, by=admin)
    assert admin.active and admin.role is Role.ADMIN


def test_an_inactive_admin_may_be_demoted_and_non_admins_need_no_admin_count(session) -> None:
    make_user(session, Role.ADMIN)
    idle = make_user(session, Role.ADMIN, active=False)
    assert set_role(session, idle, Role.STAFF, by=None)
    staff = make_user(session, Role.STAFF)
    assert set_active(session, staff, False, by=None)
