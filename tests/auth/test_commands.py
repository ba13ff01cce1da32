"""`flask campaign users|set-role|deactivate|activate`: the accounts from the shell."""

from __future__ import annotations

from sqlalchemy import select

from campaign.models import AuditEvent, Role, User
from tests.conftest import log_in
from tests.factories import make_user


def run(runner, *args: str):
    return runner.invoke(args=["campaign", *args])


def test_users_lists_every_account_in_a_table(runner, session) -> None:
    admin = make_user(session, Role.ADMIN)
    gone = make_user(session, Role.STAFF, active=False)
    result = run(runner, "users")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split() == ["E-MAIL", "ROLE", "STATUS", "CREATED", "LAST", "LOGIN"]
    rows = {line.split()[0]: line for line in lines}
    assert list(rows) == sorted(rows)  # by address
    assert rows[admin.email].split()[1:3] == ["admin", "active"]
    assert rows[gone.email].split()[1:3] == ["staff", "deactivated"]
    assert rows[gone.email].endswith("never")


def test_users_says_when_there_are_none(runner, session) -> None:
    result = run(runner, "users")
    assert result.exit_code == 0
    assert "No accounts yet" in result.output


def test_set_role_changes_it_and_audits(runner, session) -> None:
    make_user(session, Role.ADMIN)
    user = make_user(session, Role.ORGANISER)
    result = run(runner, "set-role", user.email.upper(), "staff")
    assert result.exit_code == 0, result.output
    assert f"{user.email} is now staff (was organiser)." in result.output
    assert session.get(User, user.id).role is Role.STAFF
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role_change")).one()
    assert event.user_id is None  # from the shell, no account did it
    assert run(runner, "set-role", user.email, "staff").output.endswith("nothing changed.\n")


def test_set_role_refuses_bad_input(runner, session) -> None:
    admin = make_user(session, Role.ADMIN)
    unknown = run(runner, "set-role", "nobody@example.org", "staff")
    assert unknown.exit_code == 1
    assert "there is no account for nobody@example.org" in unknown.output
    bad_role = run(runner, "set-role", admin.email, "boss")
    assert bad_role.exit_code == 2
    assert "'boss' is not one of" in bad_role.output
    last = run(runner, "set-role", admin.email, "staff")
    assert last.exit_code == 1
    assert f"{admin.email} is the last active admin" in last.output
    assert session.get(User, admin.id).role is Role.ADMIN


def test_deactivate_ends_the_sessions_and_activate_undoes_it(client, runner, session) -> None:
    make_user(session, Role.ADMIN)
    user = make_user(session, Role.STAFF)
    log_in(client, user)
    assert client.get("/staff/").status_code == 200
    result = run(runner, "deactivate", user.email)
    assert result.exit_code == 0, result.output
    assert "is deactivated; its sessions have ended." in result.output
    assert client.get("/staff/").status_code == 302
    assert not session.get(User, user.id).active
    assert "deactivated already" in run(runner, "deactivate", user.email).output

    result = run(runner, "activate", user.email)
    assert result.exit_code == 0, result.output
    assert "is active again and can log in." in result.output
    assert session.get(User, user.id).active
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.in_(["user.deactivate", "user.activate"]))
    ).all()
    assert sorted(actions) == ["user.activate", "user.deactivate"]


def test_deactivate_refuses_the_last_admin_and_an_unknown_account(runner, session) -> None:
    admin = make_user(session, Role.ADMIN)
    last = run(runner, "deactivate", admin.email)
    assert last.exit_code == 1
    assert "last active admin" in last.output
    assert session.get(User, admin.id).active
    unknown = run(runner, "activate", "nobody@example.org")
    assert unknown.exit_code == 1
    assert "there is no account for nobody@example.org" in unknown.output
