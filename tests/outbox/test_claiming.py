"""Several workers on PostgreSQL: rows one worker has claimed are skipped by the others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import delete
from sqlalchemy.orm import Session

from campaign.extensions import db
from campaign.models import Outbox, utcnow
from campaign.outbox.worker import claim_due


def test_two_workers_never_claim_the_same_message(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "postgresql":
            pytest.skip("SKIP LOCKED claiming is for PostgreSQL; SQLite runs one worker")
        now = utcnow()
        with Session(engine) as setup:
            rows = [
                Outbox(
                    kind="t",
                    to_addr=f"{n}@example.org",
                    subject="s",
                    body_text="b",
                    next_attempt_at=now - timedelta(seconds=1),
                )
                for n in range(6)
            ]
            setup.add_all(rows)
            setup.commit()
            ids = {row.id for row in rows}
        try:
            with Session(engine) as first, Session(engine) as second:
                mine = {m.id for m in claim_due(first, now=now, limit=4)}  # locks, uncommitted
                theirs = {m.id for m in claim_due(second, now=now, limit=10)}
                assert len(mine) == 4 and mine <= ids
                assert theirs == ids - mine  # the locked rows are skipped, not waited for
                first.rollback()
                second.rollback()
        finally:
            with Session(engine) as cleanup:
                cleanup.execute(delete(Outbox).where(Outbox.id.in_(ids)))
                cleanup.commit()
