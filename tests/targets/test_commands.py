"""`flask campaign targets import` and `flask campaign targets export`."""

from __future__ import annotations

from sqlalchemy import func, select

from campaign.models import AuditEvent, Target
from tests.factories import make_target


def test_export_writes_a_file_and_import_reads_it_back(runner, session, tmp_path) -> None:
    make_target(session, name="Hun Manet", email="pm@example.org")
    make_target(session, name="Retired", active=False)
    out = tmp_path / "targets.csv"
    result = runner.invoke(args=["campaign", "targets", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 official(s) to {out}." in result.output
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("name,title,") and "\r\n" in text and "Retired" in text
    result = runner.invoke(args=["campaign", "targets", "import", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 2 unchanged." in result.output
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["target.export", "target.import"]


def test_export_to_standard_output_and_by_country(runner, session) -> None:
    make_target(session, name="Hun Manet", country="KH")
    make_target(session, name="Prayut", country="TH")
    result = runner.invoke(args=["campaign", "targets", "export", "--country", "th"])
    assert result.exit_code == 0 and "Prayut" in result.output and "Hun Manet" not in result.output
    bad = runner.invoke(args=["campaign", "targets", "export", "--country", "Narnia"])
    assert bad.exit_code == 2 and "not a country code" in bad.output


def test_import_adds_targets(runner, session, tmp_path) -> None:
    path = tmp_path / "new.csv"
    path.write_text("name,country,email\nKoeut Rith,KH,justice@example.org\n", encoding="utf-8")
    result = runner.invoke(args=["campaign", "targets", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated." in result.output
    assert session.scalar(select(Target.email)) == "justice@example.org"


def test_a_bad_file_lists_the_lines_and_imports_nothing(runner, session, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,country\nGood,KH\nBad,XX\n", encoding="utf-8")
    result = runner.invoke(args=["campaign", "targets", "import", str(path)])
    assert result.exit_code == 1
    assert "Line 3: country: “XX” is not a country code" in result.output
    assert "nothing was imported: 1 problem to fix first" in result.output
    assert session.scalar(select(func.count()).select_from(Target)) == 0
