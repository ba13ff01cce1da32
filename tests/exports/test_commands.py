"""`flask campaign export …` and `flask campaign recount`."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from campaign.models import Appeal, Role, SignatureTally
from tests.exports.helpers import last_audit, parse_csv, populate
from tests.factories import make_user


@pytest.mark.parametrize(
    ("options", "hint", "message"),
    [(["--since", "2026-10-31", "--until", "2026-10-01"], "--until", "must not be before --since"),
     (["--until", "9999-12-31"], "--until", "must be a day from 2000-01-01 to 2099-12-31"),
     (["--country", "pt", "--country", "ZZ"], "--country", "unknown country code ZZ")],
)  # fmt: skip
def test_a_wrong_filter_is_refused_as_the_form_refuses_it(
    runner, session, tmp_path, options, hint, message
) -> None:
    world = populate(session)
    result = runner.invoke(
        args=["campaign", "export", "signatures", "--appeal", world.appeal.slug, *options,
              "--as", world.staff.email, "-o", str(tmp_path / "list.csv")]
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert hint in result.output and message in result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert not (tmp_path / "list.csv").exists() or (tmp_path / "list.csv").read_bytes() == b""
    assert last_audit(session, "export.signatures") is None


def test_export_signatures_to_a_file(runner, session, tmp_path) -> None:
    world = populate(session)
    out = tmp_path / "list.csv"
    result = runner.invoke(
        args=[
            "campaign",
            "export",
            "signatures",
            "--appeal",
            world.appeal.slug,
            "--country",
            "pt",
            "--include-unconfirmed",
            "--columns",
            "name,country",
            "--bom",
            "--as",
            world.staff.email,
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Exported 2 signatures." in result.output
    body = out.read_bytes()
    assert body.startswith("\ufeff".encode())
    assert parse_csv(body) == [["Name", "Country"], ["Ana Silva", "PT"], ["Not Confirmed", "PT"]]
    event = last_audit(session, "export.signatures")
    assert event.user_id == world.staff.id
    assert event.details["rows"] == 2 and event.details["via"] == "cli"


def test_export_counts_and_pack(runner, session, tmp_path) -> None:
    world = populate(session)
    runner.invoke(args=["campaign", "recount"])
    counts = tmp_path / "counts.json"
    result = runner.invoke(
        args=[
            "campaign",
            "export",
            "counts",
            "--appeal",
            world.appeal.slug,
            "--by",
            "country",
            "--format",
            "json",
            "--as",
            world.staff.email,
            "-o",
            str(counts),
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(counts.read_text())
    assert {r["country"]: r["total"] for r in data["rows"]} == {"PT": 1, "FR": 1, "UA": 1}
    for_excel = tmp_path / "counts.csv"
    args = ["campaign", "export", "counts", "--bom", "--as", world.staff.email]
    assert runner.invoke(args=[*args, "-o", str(for_excel)]).exit_code == 0
    assert for_excel.read_bytes().startswith("\ufeff".encode())
    pack = tmp_path / "pack.pdf"
    result = runner.invoke(
        args=[
            "campaign",
            "export",
            "pack",
            "--appeal",
            world.appeal.slug,
            "--as",
            world.staff.email,
            "-o",
            str(pack),
        ]
    )
    assert result.exit_code == 0, result.output
    event = last_audit(session, "export.pack")
    assert f"SHA-256 {event.details['sha256']}" in result.output
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.read_bytes())).pages)
    assert "Ana Silva" in text and event.details["sha256"] in text.replace("\n", "")


def test_exports_need_a_staff_account(runner, session, tmp_path) -> None:
    world = populate(session)
    organiser = make_user(session, Role.ORGANISER)
    for who in (organiser.email, "nobody@example.org"):
        result = runner.invoke(
            args=[
                "campaign",
                "export",
                "pack",
                "--appeal",
                world.appeal.slug,
                "--as",
                who,
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
        assert result.exit_code == 1
        assert f"{who} is not an active staff account" in result.output
    assert last_audit(session, "export.pack") is None


def test_an_unknown_appeal_or_column_is_refused(runner, session, tmp_path) -> None:
    world = populate(session)
    base = [
        "campaign",
        "export",
        "signatures",
        "--as",
        world.staff.email,
        "-o",
        str(tmp_path / "x"),
    ]
    result = runner.invoke(args=[*base, "--appeal", "nope"])
    assert result.exit_code == 1 and "no appeal nope" in result.output
    result = runner.invoke(args=[*base, "--appeal", world.appeal.slug, "--columns", "password"])
    assert result.exit_code == 1 and "unknown column password" in result.output


def test_recount_repairs_drift(runner, session) -> None:
    world = populate(session)
    session.execute(sa.update(Appeal).values(signature_count=12345))
    result = runner.invoke(args=["campaign", "recount"])
    assert result.exit_code == 0, result.output
    assert f"Repaired {world.appeal.slug}: 12345 → 3" in result.output
    assert (
        session.scalar(sa.select(Appeal.signature_count).where(Appeal.id == world.appeal.id)) == 3
    )
    assert (
        session.scalar(
            sa.select(sa.func.sum(SignatureTally.count)).where(
                SignatureTally.appeal_id == world.appeal.id
            )
        )
        == 3
    )
    again = runner.invoke(args=["campaign", "recount", "--appeal", world.appeal.slug])
    assert "Recounted 1 appeals; 0 had drifted." in again.output
    # Not on a terminal (cron): no progress bar, not even its label, to be mailed nightly.
    assert "Appeals" not in again.stderr
