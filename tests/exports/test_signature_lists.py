"""Signature lists: CSV and XLSX downloads parsed back and compared with the database."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from campaign.models import Flag, Role, Signature, utcnow
from tests.conftest import log_in
from tests.exports.helpers import DAY1, db_names, last_audit, logged_in, parse_csv, populate
from tests.factories import make_appeal, make_signature, make_user


def test_the_default_csv_holds_confirmed_unflagged_valid_rows_neutralised(client, session):
    world = populate(session)
    logged_in(client, world)
    response = client.get(f"/staff/exports/signatures?appeal={world.appeal.slug}&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    today = utcnow().date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="signatures-{world.appeal.slug}-{today}.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert not body.startswith(b"\xef\xbb\xbf")
    rows = parse_csv(body)
    assert rows[0] == [
        "Appeal",
        "Name",
        "E-mail",
        "Consent to contact",
        "Country",
        "Postcode",
        "Signed at (UTC)",
        "Confirmed at (UTC)",
    ]
    expected = db_names(
        session, world.appeal, Signature.confirmed_at.is_not(None), Signature.flag.is_(None)
    )
    names = [r[1] for r in rows[1:]]
    assert names == ["Ana Silva", '\'=HYPERLINK("http://x")', "Олег Петров"]
    assert [n.lstrip("'") for n in names] == expected
    assert rows[1] == [
        world.appeal.slug,
        "Ana Silva",
        "ana@example.org",
        "yes",
        "PT",
        "",
        "2026-10-01 09:30:00",
        "2026-10-01 09:30:00",
    ]
    assert rows[2][5] == "'+33 1"
    event = last_audit(session, "export.signatures")
    assert event.user_id == world.staff.id and event.appeal_id == world.appeal.id
    assert event.details["rows"] == 3
    assert event.details["filters"]["appeals"] == [world.appeal.slug]
    assert event.details["filters"]["confirmed_only"] is True
    assert "@" not in json.dumps(event.details)


def test_filters_columns_and_bom(client, session):
    world = populate(session)
    logged_in(client, world)
    query = (
        f"appeal={world.appeal.slug}&appeal={world.other.slug}&countries=pt, gb"
        "&include_unconfirmed=y&include_flagged=y&columns=name&columns=country&columns=flag"
        "&format=csv&bom=y"
    )
    body = client.get(f"/staff/exports/signatures?{query}").get_data()
    assert body.startswith("\ufeff".encode())
    rows = parse_csv(body)
    assert rows[0] == ["Name", "Country", "Flag"]
    assert sorted(rows[1:]) == sorted(
        [
            ["Ana Silva", "PT", ""],
            ["Not Confirmed", "PT", ""],
            ["Flagged Bot", "PT", "honeypot"],
            ["Elsewhere", "GB", ""],
        ]
    )
    event = last_audit(session, "export.signatures")
    assert event.details["rows"] == 4 and event.appeal_id is None
    assert event.details["filters"]["countries"] == ["PT", "GB"]


def test_date_range_and_consent(client, session):
    world = populate(session)
    logged_in(client, world)
    base = f"/staff/exports/signatures?appeal={world.appeal.slug}&columns=name"
    day2 = parse_csv(client.get(f"{base}&since=2026-10-02&until=2026-10-02").get_data())
    assert [r[0] for r in day2[1:]] == ["Олег Петров"]
    consenting = parse_csv(client.get(f"{base}&consented_only=y").get_data())
    assert [r[0] for r in consenting[1:]] == ["Ana Silva"]
    session.execute(sa.update(Signature).values(unsubscribed_at=utcnow()))
    withdrawn = parse_csv(client.get(f"{base}&consented_only=y").get_data())
    assert withdrawn == [["Name"]]


def test_xlsx_parses_back_with_the_same_rows(client, session):
    world = populate(session)
    logged_in(client, world)
    response = client.get(f"/staff/exports/signatures?appeal={world.appeal.slug}&format=xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Appeal", "Name", "E-mail", "Consent to contact", "Country", "Postcode",
                       "Signed at (UTC)", "Confirmed at (UTC)"]  # fmt: skip
    # Text as it was typed, with no quote shown: a text cell is never run as a formula.
    assert [r[1] for r in rows[1:]] == ["Ana Silva", '=HYPERLINK("http://x")', "Олег Петров"]
    assert sheet["B3"].data_type == "s"
    assert sheet["F3"].value == "+33 1" and sheet["F3"].data_type == "s"
    signed = sheet["G2"]
    assert signed.is_date and signed.value == DAY1.replace(tzinfo=None)
    assert signed.number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet["H2"].is_date and sheet["F2"].value is None
    assert last_audit(session, "export.signatures").details["format"] == "xlsx"


def test_a_wrong_filter_shows_the_form_with_the_message(client, session):
    world = populate(session)
    logged_in(client, world)
    response = client.get(
        f"/staff/exports/signatures?appeal={world.appeal.slug}&since=2026-10-03&until=2026-10-01"
        "&countries=XX"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The end date is before the start date." in page
    assert "Unknown country code: XX" in page
    assert last_audit(session, "export.signatures") is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("dates", ["until=9999-12-31", "since=0001-01-01", "since=2100-01-01"])
def test_a_day_outside_the_range_is_refused_with_the_message(client, session, fmt, dates):
    world = populate(session)
    logged_in(client, world)
    response = client.get(
        f"/staff/exports/signatures?appeal={world.appeal.slug}&{dates}&format={fmt}"
    )
    assert response.status_code == 400
    assert "Choose a day from 2000-01-01 to 2099-12-31." in response.get_data(as_text=True)
    assert last_audit(session, "export.signatures") is None


def test_a_list_failing_part_way_ends_with_an_error_line(session, monkeypatch):
    from campaign.exports import signatures
    from campaign.exports.filters import SignatureFilter

    def failing(session, flt):
        yield [("Ana Silva",)]
        raise RuntimeError("connection lost")

    monkeypatch.setattr(signatures, "row_batches", failing)
    chunks = []
    stream = signatures.csv_chunks(session, SignatureFilter((1,), columns=("name",)))
    with pytest.raises(RuntimeError):
        chunks.extend(stream)  # keeps what was sent before the error
    lines = b"".join(chunks).decode().splitlines()
    assert lines[:2] == ["Name", "Ana Silva"]
    assert lines[-1].startswith("ERROR: the export failed here and this file is incomplete")


def test_an_unknown_column_is_named_on_the_form(client, session):
    world = populate(session)
    logged_in(client, world)
    response = client.get(
        f"/staff/exports/signatures?appeal={world.appeal.slug}&columns=name&columns=nope"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Unknown column: nope. The columns are: appeal, name, email, country" in page
    assert last_audit(session, "export.signatures") is None


def test_an_unknown_appeal_is_refused(client, session):
    world = populate(session)
    logged_in(client, world)
    response = client.get("/staff/exports/signatures?appeal=nope")
    assert response.status_code == 400
    assert last_audit(session, "export.signatures") is None


@pytest.mark.parametrize("path", ["signatures?appeal={slug}", "counts?by=country", "pack/{slug}"])
def test_organisers_may_not_export(client, session, path):
    world = populate(session)
    log_in(client, make_user(session, Role.ORGANISER))
    response = client.get("/staff/exports/" + path.format(slug=world.appeal.slug))
    assert response.status_code == 403
    assert last_audit(session, "export.signatures") is None


def test_anonymous_visitors_log_in_first(client, session):
    world = populate(session)
    response = client.get(f"/staff/exports/pack/{world.appeal.slug}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_the_list_streams_its_header_before_the_audit_and_the_rows(client, session):
    world = populate(session)
    logged_in(client, world)
    response = client.get(
        f"/staff/exports/signatures?appeal={world.appeal.slug}&columns=name", buffered=False
    )
    assert response.status_code == 200 and response.is_streamed
    chunks = iter(response.response)
    assert next(chunks) == b"Name\r\n"
    assert last_audit(session, "export.signatures") is None  # nothing read yet
    rest = b"".join(chunks)
    response.close()
    assert rest.decode().splitlines()[0] == "Ana Silva"
    assert last_audit(session, "export.signatures").details["rows"] == 3


def test_the_default_list_holds_every_valid_signature_of_an_appeal_without_confirmation(
    client, session
):
    world = populate(session)
    logged_in(client, world)
    appeal = make_appeal(session, title="No confirmation", confirm_signatures=False)
    make_signature(session, appeal, name="Kofi Mensah", confirmed=False)
    make_signature(session, appeal, name="Flagged", confirmed=False, flag=Flag.RATE_LIMIT)
    response = client.get(f"/staff/exports/signatures?appeal={appeal.slug}&format=csv")
    assert [r[1] for r in parse_csv(response.get_data())[1:]] == ["Kofi Mensah"]
    # An appeal that asks for confirmation still leaves its unconfirmed signers out.
    both = client.get(
        f"/staff/exports/signatures?appeal={appeal.slug}&appeal={world.appeal.slug}&format=csv"
    )
    names = [r[1] for r in parse_csv(both.get_data())[1:]]
    assert "Kofi Mensah" in names and len(names) == 4
    assert last_audit(session, "export.signatures").details["rows"] == 4
