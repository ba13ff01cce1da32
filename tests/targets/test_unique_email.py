"""One directory entry per e-mail address, held by the database as well as the forms.

The form and the import look an address up before saving; an entry saved by someone else
between that look-up and the write is what the unique index catches. The tests make the
look-up miss, as it does in that race, and check that the organiser gets the message the
look-up would have given, with nothing half-written.
"""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.exc import IntegrityError

from campaign.extensions import db
from campaign.models import AuditEvent, Role, Target
from campaign.targets import csv_io, services
from campaign.targets.csv_io import FIELDS, ImportRejected, import_targets
from tests.conftest import csrf_token, log_in, make_app
from tests.factories import make_target, make_user


def count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Target))


def looked_up_too_early(monkeypatch, module) -> None:
    """The look-up before the write misses, as when the other entry is saved just after it."""
    real = module.find_by_email
    misses = iter([True])
    monkeypatch.setattr(
        module, "find_by_email", lambda *a, **k: None if next(misses, False) else real(*a, **k)
    )


def test_the_database_refuses_a_second_entry_with_the_address_in_any_case(session) -> None:
    make_target(session, email="Justice@Example.org")
    make_target(session, email=None)
    make_target(session, email=None)  # entries without an address are not limited
    with pytest.raises(IntegrityError), session.begin_nested():
        make_target(session, email="justice@example.org")
    assert count(session) == 3


def test_an_entry_saved_meanwhile_with_the_address_gets_the_usual_message(
    session, monkeypatch
) -> None:
    other = make_target(session, name="First", email="justice@example.org")
    looked_up_too_early(monkeypatch, services)
    values = {"name": "Second", "email": "JUSTICE@example.org"}
    with pytest.raises(services.DuplicateTarget) as caught:
        services.create_target(session, values, user=None)  # type: ignore[arg-type]
    assert caught.value.other == other
    assert "First has this e-mail address already." in str(caught.value)
    # Only the new entry was undone: the session goes on, and nothing was audited.
    session.commit()
    assert [t.name for t in session.scalars(sa.select(Target))] == ["First"]
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_an_edit_racing_another_entry_keeps_the_entry_as_it_was(session, monkeypatch) -> None:
    make_target(session, name="First", email="justice@example.org")
    second = make_target(session, name="Second", email="second@example.org")
    looked_up_too_early(monkeypatch, services)
    values = {"name": "Second, renamed", "email": "justice@example.org"}
    with pytest.raises(services.DuplicateTarget):
        services.update_target(session, second, values, user=None)  # type: ignore[arg-type]
    session.commit()
    session.refresh(second)
    assert (second.name, second.email) == ("Second", "second@example.org")


def test_the_form_shows_the_message_not_an_error_page(client, session, monkeypatch) -> None:
    log_in(client, make_user(session, Role.ORGANISER))
    make_target(session, name="First", email="justice@example.org")
    looked_up_too_early(monkeypatch, services)
    data = {
        "csrf_token": csrf_token(client, "/organise/targets/new"),
        "name": "Second",
        "email": "Justice@example.org",
        "languages": "en",
    }
    response = client.post("/organise/targets/new", data=data)
    assert response.status_code == 200
    assert "First has this e-mail address already." in response.get_data(as_text=True)
    assert count(session) == 1


def test_an_import_racing_another_entry_imports_nothing(session, monkeypatch) -> None:
    make_target(session, name="First", email="justice@example.org")
    # Matched against the directory before "First" was saved: both rows look new.
    monkeypatch.setattr(csv_io, "find_by_email", lambda *a, **k: None)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerow({"name": "New one", "email": "new@example.org"})
    writer.writerow({"name": "Second", "email": "justice@example.org"})
    data = out.getvalue().encode()
    with pytest.raises(ImportRejected) as caught:
        import_targets(session, data, user=None)
    assert [e.line for e in caught.value.errors] == [3]
    assert "another entry took this e-mail address meanwhile" in str(caught.value.errors[0])
    session.commit()
    assert [t.name for t in session.scalars(sa.select(Target))] == ["First"]


def test_upgrading_a_directory_that_shares_an_address_stops_and_names_the_entries(
    tmp_path, capfd
) -> None:
    app = make_app("sqlite:///" + str(tmp_path / "old.sqlite"))
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO targets (id, name, email, languages) VALUES "
                "(1, 'A', 'Same@example.org', '[]'), (2, 'B', 'same@example.org', '[]'), "
                "(3, 'C', '  ', '[]'), (4, 'D', '', '[]')"
            )
        with pytest.raises(SystemExit):
            upgrade()  # Flask-Migrate prints the migration's error and exits
        assert "same@example.org: 2 entries, ids 1…2" in capfd.readouterr().err
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE targets SET email = 'other@example.org' WHERE id = 2")
        upgrade()  # once merged, the upgrade goes through; blank addresses become NULL
        with db.engine.connect() as conn:
            blanks = conn.exec_driver_sql("SELECT email FROM targets WHERE id IN (3, 4)").all()
        assert blanks == [(None,), (None,)]
        db.engine.dispose()
