"""Nothing lost: a real gunicorn with several workers, many concurrent supporters,
duplicates, and a crash in the middle."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from campaign.demo import DEMO_SLUG
from campaign.ops.warmup import REQUEST_ID as WARM_UP
from deploy.topology.supporter import Tally, sign_in_threads
from tests.reliability.server import prepare, server_database

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path):
    with server_database(tmp_path) as db_url:
        server = prepare(tmp_path, db_url)
        server.start()
        try:
            yield server
        finally:
            server.stop()


def rows(server, sql: str, **params):
    engine = sa.create_engine(
        server.env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    )
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()
    finally:
        engine.dispose()


def stored_emails(server) -> Counter:
    return Counter(
        r[0] for r in rows(server, "SELECT email FROM signatures WHERE email LIKE 'rel-%'")
    )


def test_each_worker_renders_the_live_appeal_before_its_first_visitor(server) -> None:
    # Nothing here asks for the page: the lines are the four workers' own (post_worker_init).
    deadline = time.monotonic() + 60
    while True:
        lines = [json.loads(line) for line in server.log.read_text().splitlines()
                 if line.startswith("{")]  # fmt: skip
        warmed = [line for line in lines if line.get("request_id") == WARM_UP]
        pages = [line for line in warmed if line.get("path") == f"/a/{DEMO_SLUG}"]
        if len(pages) >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [line["status"] for line in pages] == [200] * 4
    assert {line["path"] for line in warmed} == {
        "/",
        f"/a/{DEMO_SLUG}",
        f"/a/{DEMO_SLUG}/count.json",
    }
    assert "starts cold" not in server.log.read_text()


def test_500_submissions_from_50_clients_store_exactly_the_unique_emails(server) -> None:
    # 400 distinct e-mails, then 100 of them again from other clients at the same time.
    unique = [f"rel-{n}@example.org" for n in range(400)]
    plan = [unique[i * 8 : (i + 1) * 8] + unique[(i * 2 + 7) % 400 :][:2] for i in range(50)]
    assert sum(len(p) for p in plan) == 500
    tally = Tally()
    sign_in_threads(server.port, plan, tally)
    assert [s for s in tally.statuses if s is None or s >= 400] == []
    assert stored_emails(server) == Counter(unique)
    log = server.log.read_text()
    assert "database is locked" not in log
    assert '"status": 500' not in log


def test_a_crash_mid_signing_loses_no_acknowledged_signature(server) -> None:
    tally, stop = Tally(), threading.Event()
    plan = [[f"rel-crash-{i}-{j}@example.org" for j in range(10_000)] for i in range(20)]
    clients = threading.Thread(target=sign_in_threads, args=(server.port, plan, tally, stop))
    clients.start()
    time.sleep(1.5)
    server.kill()
    time.sleep(0.5)
    server.start()
    time.sleep(1.5)
    stop.set()
    clients.join()

    stored = Counter(
        r[0] for r in rows(server, "SELECT email FROM signatures WHERE email LIKE 'rel-crash-%'")
    )
    assert len(tally.acknowledged) > 0 and tally.failed > 0  # the crash was felt
    missing = [e for e in tally.acknowledged if stored[e] != 1]
    assert missing == []
    assert all(n == 1 for n in stored.values())
    # Exactly one confirmation per stored signature, written with it or not at all.
    confirmations = rows(
        server,
        "SELECT s.id, count(o.id) FROM signatures s LEFT JOIN outbox o "
        "ON o.signature_id = s.id AND o.kind = 'confirm' "
        "WHERE s.email LIKE 'rel-crash-%' GROUP BY s.id",
    )
    assert confirmations and {n for _, n in confirmations} == {1}
