"""CSV export and the all-or-nothing import."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from campaign.models import AuditEvent, Target
from campaign.targets.csv_io import (
    FIELDS,
    ImportRejected,
    export_targets,
    import_targets,
    neutralise,
    parse_csv,
    restore,
)
from campaign.targets.services import TargetFilter
from tests.factories import make_target, make_user

HEADER = ",".join(FIELDS)


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Target))


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def errors_of(data: bytes) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        parse_csv(data)
    return [str(e) for e in caught.value.errors]


def snapshot(target: Target) -> tuple:
    return tuple(getattr(target, name) for name in FIELDS)


def test_export_has_the_header_and_one_row_per_target(session) -> None:
    make_target(
        session,
        name="Hun Manet",
        languages=["km", "en"],
        last_verified_on=date(2026, 1, 31),
        email="pm@example.org",
    )
    text, rows = export_targets(session, TargetFilter(), user=None)
    header, row = rows_of(text)
    assert rows == 1 and header == list(FIELDS)
    record = dict(zip(header, row, strict=True))
    assert record["name"] == "Hun Manet" and record["languages"] == "km, en"
    assert record["last_verified_on"] == "2026-01-31" and record["active"] == "true"
    assert record["postal_address"] == "1 Example Street\nPhnom Penh"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "target.export"))
    assert event.details["rows"] == 1 and "pm@example.org" not in str(event.details)


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formulas_are_neutralised_and_restored(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert restore(neutralise(cell)) == cell
    assert neutralise("Minister") == "Minister" and restore("'quoted") == "'quoted"


def test_export_neutralises_formula_cells(session) -> None:
    make_target(session, name='=HYPERLINK("http://evil.example","x")', notes="- first point")
    text, _rows = export_targets(session, TargetFilter(), user=None)
    record = dict(zip(FIELDS, rows_of(text)[1], strict=True))
    assert record["name"].startswith("'=HYPERLINK")
    assert record["notes"] == "'- first point"


def test_round_trip_export_then_import_gives_the_same_rows(session) -> None:
    make_target(session, name="=Formula", country=None, email=None, notes="+ note\r\nline two")
    make_target(session, name="Koeut Rith", languages=["km", "fr"], active=False)
    make_target(session, name="Ana", salutation="Dear Minister", last_verified_on=date(2025, 5, 1))
    before = {t.id: snapshot(t) for t in session.scalars(select(Target))}
    text, _rows = export_targets(session, TargetFilter(show_inactive=True), user=None)
    summary = import_targets(session, text.encode(), user=None)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 3)
    assert {t.id: snapshot(t) for t in session.scalars(select(Target))} == before
    # And into an empty directory: the same rows, new ids.
    for target in session.scalars(select(Target)):
        session.delete(target)
    session.flush()
    summary = import_targets(session, text.encode(), user=None)
    assert summary.added == 3
    assert sorted(snapshot(t) for t in session.scalars(select(Target))) == sorted(before.values())


def test_a_bad_file_imports_nothing_and_reports_each_row_by_line(session) -> None:
    data = (
        f"{HEADER}\n"
        "Good One,,,KH,,good@example.org,,en,,,\n"
        ",,,KH,,,,,,,\n"  # line 3: no name
        '"Multi\nline",,,XX,,not-an-email,,klingon!,,31/01/2026,maybe\n'  # lines 4-5
        "Short,row\n"  # line 6
    ).encode()
    with pytest.raises(ImportRejected) as caught:
        import_targets(session, data, user=None)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0] == "Line 3: name: Name is required."
    assert [m.split(":")[0] for m in messages] == ["Line 3"] + ["Line 4"] * 5 + ["Line 6"]
    assert "Line 4: country: “XX” is not a country code" in messages[1]
    assert "e-mail address" in messages[2]
    assert "not a language code" in messages[3]
    assert "write it as YYYY-MM-DD" in messages[4]
    assert "not true or false" in messages[5]
    assert messages[6] == "Line 6: 2 cells where the header has 11."
    assert count(session) == 0


def test_the_header_is_required_and_unknown_columns_are_reported() -> None:
    assert "Line 1: unknown column(s) “emial”" in errors_of(b"name,emial\nA,a@example.org\n")[0]
    assert errors_of(b"Ana,a@example.org\n")[0].startswith("Line 1: unknown column(s)")
    assert errors_of(b"title,email\nMinister,a@example.org\n") == [
        "Line 1: the header needs a “name” column."
    ]
    assert errors_of(b"name,name\nA,B\n") == ["Line 1: column(s) given twice: name."]
    assert errors_of(b"") == ["The file is empty: it needs a header row, then the targets."]


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(session) -> None:
    data = "name,country\nSérgio,BR\n".encode("latin-1")
    assert errors_of(data) == ["The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."]


def test_a_spreadsheet_file_is_refused_with_a_clear_message() -> None:
    assert errors_of(b"PK\x03\x04\x14\x00\x06\x00") == [
        "This is a spreadsheet, not CSV. Save it as “CSV UTF-8” and try again."
    ]


def test_an_email_searched_for_is_not_written_to_the_audit_log(session) -> None:
    make_target(session, email="pm@example.org")
    export_targets(session, TargetFilter(query="pm@example.org"), user=None)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "target.export"))
    assert event.details["query"] == "(an e-mail address)" and event.details["rows"] == 1


def test_a_bom_and_windows_line_ends_are_read(session) -> None:
    data = '\ufeffname,country,email,postal_address\r\nSokha,KH,,"1 Road\r\nPhnom Penh"\r\n'
    summary = import_targets(session, data.encode("utf-8"), user=None)
    assert summary.added == 1
    target = session.scalar(select(Target))
    assert (target.name, target.country) == ("Sokha", "KH")
    assert target.postal_address == "1 Road\r\nPhnom Penh"


def test_nul_characters_in_the_file_are_dropped(session) -> None:
    data = "name,country,email\nSok\x00ha,KH,\n"  # PostgreSQL refuses NUL in text
    assert import_targets(session, data.encode("utf-8"), user=None).added == 1
    assert session.scalar(select(Target.name)) == "Sokha"


def test_matching_rows_update_instead_of_duplicating(session) -> None:
    user = make_user(session)
    by_email = make_target(session, name="Old Name", email="pm@example.org", title="PM")
    by_name = make_target(session, name="Sar Sokha", email=None, country="KH", title="Old")
    other_country = make_target(session, name="Sar Sokha", email=None, country="TH")
    data = (
        b"name,email,country,title\n"
        b"Hun Manet,PM@Example.org,KH,Prime Minister\n"
        b"sar sokha,,KH,Minister of Interior\n"
        b"New Person,new@example.org,KH,Minister\n"
        b"Unchanged,,TH,\n"
    )
    make_target(session, name="Unchanged", email=None, country="TH", title="")
    summary = import_targets(session, data, user=user)
    assert summary.describe() == "1 added, 2 updated, 1 unchanged."
    assert (by_email.name, by_email.title) == ("Hun Manet", "Prime Minister")
    assert by_email.email == "pm@example.org"  # matched without regard to case
    assert by_name.title == "Minister of Interior" and by_name.name == "sar sokha"
    assert other_country.title == "Minister of Justice"  # another country: not matched
    assert count(session) == 5
    # Columns not in the file are left alone.
    assert by_email.postal_address == "1 Example Street\nPhnom Penh"
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["target.update", "target.update", "target.create", "target.import"]
    update = session.scalar(select(AuditEvent).where(AuditEvent.action == "target.update"))
    assert update.details == {
        "target_id": by_email.id,
        "name": "Hun Manet",
        "fields": ["name", "title"],
        "via": "web",
    }
    summary_event = session.scalar(select(AuditEvent).where(AuditEvent.action == "target.import"))
    assert summary_event.user_id == user.id and summary_event.details["added"] == 1


def test_a_row_with_a_new_email_fills_in_the_entry_that_had_none(session) -> None:
    entry = make_target(session, name="Sar Sokha", email=None, country="KH")
    summary = import_targets(
        session, b"name,country,email\nSar Sokha,KH,sar@example.org\n", user=None
    )
    assert summary.updated == 1 and entry.email == "sar@example.org"


def test_repeated_and_ambiguous_rows_are_refused(session) -> None:
    assert errors_of(b"name,email\nA,a@example.org\nB,A@example.org\n") == [
        "Line 3: same e-mail as line 2."
    ]
    assert errors_of(b"name,country\nAna,KH\nana,KH\nAna,TH\n") == [
        "Line 3: same name and country as line 2."
    ]
    make_target(session, name="Twin", email=None, country="KH")
    make_target(session, name="Twin", email=None, country="KH")
    with pytest.raises(ImportRejected) as caught:
        import_targets(session, b"name,country\nTwin,KH\n", user=None)
    assert [str(e) for e in caught.value.errors] == [
        "Line 2: its name and country match several targets; give an e-mail."
    ]


def test_values_are_normalised_on_import(session) -> None:
    data = (
        b"name,country,languages,active,last_verified_on\n"
        b'  Ana  ,kh,"KM; en-gb, km",no,2026-02-01\n'
    )
    import_targets(session, data, user=None)
    target = session.scalar(select(Target))
    assert (target.name, target.country, target.languages) == ("Ana", "KH", ["km", "en-GB"])
    assert target.active is False and target.last_verified_on == date(2026, 2, 1)


def test_blank_lines_are_skipped_and_line_numbers_stay_true() -> None:
    assert errors_of(b"name,country\n\nAna,KH\n\n,KH\n") == ["Line 5: name: Name is required."]
