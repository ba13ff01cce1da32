"""The SMTP server refuses mail for a while: once it takes mail again, every message is
delivered, none twice — with two `flask campaign worker` processes at once on PostgreSQL
(one on SQLite, as the README says)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.outbox.smtp import running_smtp_server
from tests.reliability.server import ROOT, server_database

pytestmark = pytest.mark.slow
MESSAGES = 60
REFUSALS = 25  # the first DATA commands are answered "try later"
BIN = Path(sys.executable).parent


def test_mail_waits_out_an_outage_and_goes_once(tmp_path) -> None:
    with server_database(tmp_path) as url, running_smtp_server() as smtp:
        smtp.handler.replies = ["451 4.3.0 try again later"] * REFUSALS
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "PYTEST"))},
            "CAMPAIGN_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": url,
            "ALLOW_SQLITE_IN_PRODUCTION": "1",
            "FLASK_APP": "wsgi",
            "MAIL_URL": smtp.url,
            "MAIL_RETRY_SECONDS": "0",
            "MAIL_MAX_ATTEMPTS": "50",
        }
        subprocess.run(
            [str(BIN / "flask"), "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            with engine.begin() as conn:
                conn.execute(
                    sa.text(
                        "INSERT INTO outbox (kind, to_addr, cc, subject, body_text, headers, "
                        "status, attempts, next_attempt_at, created_at) VALUES ('update', :to, "
                        "'[]', :subject, 'The trial is postponed.', '{}', 'pending', 0, "
                        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    [{"to": f"s{n}@example.org", "subject": f"News {n}"} for n in range(MESSAGES)],
                )
            count = 2 if engine.dialect.name == "postgresql" else 1
            workers = [
                subprocess.Popen(
                    [str(BIN / "flask"), "campaign", "worker", "--interval", "0.2"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                for _ in range(count)
            ]
            try:
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline:
                    with engine.connect() as conn:
                        pending = conn.execute(
                            sa.text("SELECT count(*) FROM outbox WHERE status = 'pending'")
                        ).scalar()
                    if not pending:
                        break
                    time.sleep(0.3)
            finally:
                for worker in workers:
                    os.killpg(worker.pid, signal.SIGTERM)
                    worker.wait(timeout=30)
            with engine.connect() as conn:
                statuses = Counter(r[0] for r in conn.execute(sa.text("SELECT status FROM outbox")))
        finally:
            engine.dispose()
        assert smtp.handler.replies == []  # the outage happened
        received = Counter(r.message["Message-ID"] for r in smtp.received)
        assert len(received) == MESSAGES and set(received.values()) == {1}
        assert statuses == {"sent": MESSAGES}
