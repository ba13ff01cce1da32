"""A real server for the reliability tests: gunicorn with several workers on a free loopback
port, against a database of its own (an SQLite file, or a PostgreSQL database created
beside TEST_DATABASE_URL's), with the demo appeal live."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import sqlalchemy as sa

from config.parsing import database_url
from tests.outbox.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@contextmanager
def server_database(folder: Path) -> Iterator[str]:
    """A database URL for a server under test, empty, removed afterwards."""
    given = os.environ.get("TEST_DATABASE_URL")
    if not given:
        yield "sqlite:///" + str(folder / "server.sqlite")
        return
    admin_url = sa.make_url(database_url("TEST_DATABASE_URL", given))
    name = f"campaign_server_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@dataclass
class Server:
    url: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None
    output: IO[str] | None = None

    def start(self, workers: int = 4) -> None:
        self._close_output()
        self.output = out = open(self.log, "a")  # noqa: SIM115 (closed when the process ends)
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_until_up(f"http://127.0.0.1:{self.port}/healthz")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a crash, not a shutdown."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._close_output()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self._close_output()

    def _close_output(self) -> None:
        if self.output is not None:
            self.output.close()
            self.output = None


def wait_until_up(url: str, seconds: float = 90) -> None:  # a loaded CI machine is slow
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (a loopback URL we built)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not start")


def prepare(folder: Path, db_url: str) -> Server:
    """Migrate the database, load the demo, and return a server ready to start."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "PYTEST"))},
        "CAMPAIGN_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": db_url,
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "SESSION_COOKIE_SECURE": "0",
        "SIGN_RATE_LIMIT": "100000 per hour",
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_FORMAT": "json",
        "FLASK_APP": "wsgi",
    }
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    load = "from campaign import create_app\nfrom campaign.demo import load_demo\n" \
        "from campaign.extensions import db\nfrom campaign.models import utcnow\n" \
        "app = create_app()\nwith app.app_context():\n" \
        "    load_demo(db.session, now=utcnow()); db.session.commit()\n"  # fmt: skip
    subprocess.run([sys.executable, "-c", load], cwd=ROOT, env=env, check=True, capture_output=True)
    return Server(f"http://127.0.0.1:{port}", port, env, folder / "server.log")
