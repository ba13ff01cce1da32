"""`flask campaign extract`, `launch` and `close-expired`."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from campaign.demo import seed_text
from campaign.models import Appeal, AppealStatus, utcnow
from tests.factories import make_appeal


def write_seed(tmp_path):
    path = tmp_path / "kem-sokha.txt"
    path.write_text(seed_text(), encoding="utf-8")
    return path


def test_extract_prints_the_draft_as_text_or_json(runner, tmp_path) -> None:
    path = write_seed(tmp_path)
    text = runner.invoke(args=["campaign", "extract", str(path)])
    assert text.exit_code == 0
    assert "Drop all charges against Kem Sokha" in text.output
    data = json.loads(runner.invoke(args=["campaign", "extract", str(path), "--json"]).output)
    assert data["country"] == "KH" and len(data["demands"]) == 3


def test_launch_creates_a_draft_and_prints_its_review_address(runner, session, tmp_path) -> None:
    result = runner.invoke(args=["campaign", "launch", str(write_seed(tmp_path))])
    assert result.exit_code == 0, result.output
    appeal = session.scalars(select(Appeal)).one()
    assert appeal.status is AppealStatus.DRAFT and len(appeal.demands) == 3
    assert f"http://localhost/organise/appeals/{appeal.id}" in result.output


def test_launch_refuses_a_file_of_another_type(runner, session, tmp_path) -> None:
    path = tmp_path / "release.pdf"
    path.write_bytes(b"%PDF")
    result = runner.invoke(args=["campaign", "launch", str(path)])
    assert result.exit_code == 1
    assert "Upload a .txt, .md or .html file" in result.output
    assert session.scalars(select(Appeal)).all() == []


def test_close_expired_closes_only_appeals_past_their_deadline(runner, session) -> None:
    late = make_appeal(session, deadline=utcnow() - timedelta(hours=1))
    on_time = make_appeal(session)
    result = runner.invoke(args=["campaign", "close-expired"])
    assert f"Closed /a/{late.slug}" in result.output and "1 appeal closed." in result.output
    assert late.status is AppealStatus.CLOSED
    assert on_time.status is AppealStatus.LIVE
