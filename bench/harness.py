"""What the benchmarks share: databases, gunicorn servers, wrk runs, the machine.

A helper of bench/run.py; it imports nothing from tests/ and nothing from the app (the
app runs in its own processes, as in production).
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
POSTGRES_SH = ROOT / "deploy" / "topology" / "postgres.sh"


def run(command: list[str], *, check: bool = True, **kwargs: object):
    """Run one of our own commands (built here, no shell), capturing its output."""
    return subprocess.run(  # noqa: S603 (our own commands and arguments)
        command, check=check, capture_output=True, text=True, cwd=ROOT, **kwargs
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def speed_probe() -> float:
    """Seconds a fixed pure-Python loop takes (the best of three): how fast the machine runs
    at this moment, for the figures that have no ceiling beside them (the export). On a
    shared machine it moves by up to 1.6x within an hour, and the export's time with it;
    0.50 s is this project's machine at its usual speed."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(PROBE_LOOPS):
            total += i * i
        best = min(best, time.perf_counter() - started)
    return best


PROBE_LOOPS = 8_000_000


# --- databases -------------------------------------------------------------------------


@contextmanager
def throwaway_postgres(folder: Path) -> Iterator[str]:
    """A PostgreSQL server as deploy/topology/postgres.sh starts it (shipped settings:
    fsync and synchronous_commit on); yields an admin URL; stopped afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("postgres"):
        yield given
        return
    folder.mkdir(parents=True, exist_ok=True)
    script = f'. "{POSTGRES_SH}"; start_postgres "{folder}" "{sys.executable}"; echo "$PG_URL"'
    url = run(["bash", "-c", script]).stdout.strip().splitlines()[-1]
    try:
        yield url
    finally:
        stop = f'. "{POSTGRES_SH}"; PGBIN=$(pg_bin); stop_postgres "{folder}"'
        run(["bash", "-c", stop], check=False)


def postgres_database(admin_url: str, name: str) -> str:
    """A fresh database `name` beside `admin_url`'s; returns its URL."""
    import psycopg

    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    from sqlalchemy.engine import make_url

    # Through SQLAlchemy's URL: a socket's folder travels in the query (?host=…).
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@contextmanager
def databases(kind: str, folder: Path, name: str) -> Iterator[tuple[str, str]]:
    """New databases for the app and for the ceiling, in `folder` (made here): two SQLite
    files, or two databases (`name` and `name`_ceiling) of a throwaway PostgreSQL, which
    is stopped when the block ends."""
    folder.mkdir(parents=True)
    if kind == "sqlite":
        yield f"sqlite:///{folder}/app.sqlite", f"sqlite:///{folder}/ceiling.sqlite"
    elif kind == "postgresql":
        with throwaway_postgres(folder / "pg") as admin:
            yield postgres_database(admin, name), postgres_database(admin, f"{name}_ceiling")
    else:
        raise SystemExit(f"unknown database {kind!r}: sqlite or postgresql")


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def connect(url: str):
    """A DB-API connection to an app database (for checks and bulk loads)."""
    if url.startswith("sqlite"):
        return sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
    import psycopg

    return psycopg.connect(_libpq(url))


def scalar(url: str, query: str, *params: object) -> object:
    conn = connect(url)
    try:
        if not url.startswith("sqlite"):
            query = query.replace("?", "%s")
        return conn.execute(query, params).fetchone()[0]
    finally:
        conn.close()


# --- servers ----------------------------------------------------------------------------


@dataclass
class Server:
    """A gunicorn server (the app or the ceiling) on a free loopback port."""

    name: str
    target: str  # the WSGI app, e.g. "wsgi:app"
    env: dict[str, str]
    log: Path
    workers: int
    port: int = field(default_factory=free_port)
    extra: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, health: str = "/healthz") -> None:
        out = open(self.log, "a")  # noqa: SIM115 (handed to the process)
        self.process = subprocess.Popen(  # noqa: S603 (our own commands and arguments)
            [
                str(BIN / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "-b",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                *self.extra,
                self.target,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + health, timeout=1)  # noqa: S310 (loopback)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        tail = "\n".join(self.log.read_text().splitlines()[-20:])
        raise RuntimeError(f"{self.name} did not start:\n{tail}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def app_env(db_url: str, folder: Path) -> dict[str, str]:
    """Production settings as shipped, behind one proxy (X-Forwarded-For is trusted)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "PYTEST"))},
        "CAMPAIGN_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": db_url,
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "SESSION_COOKIE_SECURE": "0",
        "PROXY_COUNT": "1",
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "FLASK_APP": "wsgi",
    }


def prepare_app_database(env: dict[str, str]) -> None:
    """Run the migrations and load the demo (its appeal is live) through the app's CLI."""
    run([str(BIN / "flask"), "db", "upgrade"], env=env)
    load = (
        "from campaign import create_app\nfrom campaign.demo import load_demo\n"
        "from campaign.extensions import db\nfrom campaign.models import utcnow\n"
        "app = create_app()\nwith app.app_context():\n"
        "    load_demo(db.session, now=utcnow()); db.session.commit()\n"
    )
    run([sys.executable, "-c", load], env=env)


def recount(env: dict[str, str]) -> float:
    started = time.perf_counter()
    run([str(BIN / "flask"), "campaign", "recount"], env=env)
    return time.perf_counter() - started


# --- wrk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    seconds: int = 12
    connections: int = 16
    threads: int = 2


def wrk(url: str, script: str, load: Load, *args: str) -> dict[str, float]:
    """Run wrk with a Lua script of bench/; its done() prints one JSON line of figures."""
    command = [
        "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{load.seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(BENCH / script),
        url,
        "--",
        *args,
    ]
    out = run(command).stdout
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            figures = json.loads(line)
            figures["connections"] = load.connections
            return figures
    raise RuntimeError(f"wrk printed no figures:\n{out}")
