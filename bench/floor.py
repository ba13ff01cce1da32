"""How much of signing's cost is the database's (a tool that prints figures, not a test).

    .venv/bin/python bench/floor.py [--databases sqlite,postgresql] [--rounds 3]
                                    [--seconds 5] [--connections 8,32]

For each database (SQLite, then PostgreSQL: a throwaway one unless DATABASE_URL points at
one), under gunicorn as bench/run.py starts it, three POSTs in turn, each driven by wrk
(bench/load.lua):

- the ceiling: bench/ceiling.py's POST /sign, a minimal Flask app inserting one row;
- the floor: the same app's POST /sign-as-app, running the app's own signing statements
  (the signature and its confirmation e-mail, with the appeal's condition; one statement
  on PostgreSQL, two in one transaction on SQLite) instead of its one row: signing's
  database work, and none of its other work;
- sign: the app's sign form, as bench/run.py posts it.

For each it prints requests a second and, per request, the CPU time of the gunicorn
workers and of the database server (PostgreSQL's processes; SQLite's work is the
workers'), read from /proc, and the machine's busy time. The ratios to the ceiling then
say what the statements cost and what the rest of signing costs (the form read and
checked, the token, the limit, the e-mail made, the cookie, the headers, the log line).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from campaign.database import PreparedInsert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import (  # noqa: E402 (bench/ is on the path when run as a script)
    Load,
    Server,
    app_env,
    databases,
    machine,
    prepare_app_database,
    run,
    speed_probe,
    wrk,
)
from run import SLUG, default_workers, form_token, tag  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ADDRESS, NAME = "floor@example.org", "Bench Signer"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--workers", type=int, help="default: as deploy/gunicorn.conf.py")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="campaign-floor-"))
    folder.chmod(0o755)  # the throwaway PostgreSQL runs as the postgres user, inside it
    about = machine()
    print(
        f"machine: {about['platform']}; {about['cpu']}; {about['cpus']} CPUs; "
        f"speed probe {speed_probe():.2f} s (0.50 s at this machine's usual speed)",
        flush=True,
    )
    for kind in args.databases.split(","):
        with databases(kind, folder / kind, "campaign_floor") as (app_url, ceiling_url):
            bench_database(kind, app_url, ceiling_url, folder / kind, args)


def bench_database(
    kind: str, app_url: str, ceiling_url: str, folder: Path, args: argparse.Namespace
) -> None:
    env = app_env(app_url, folder)
    prepare_app_database(env)
    statements = folder / "statements.json"
    statements.write_text(json.dumps(signing_statements(env), default=_as_text))
    ceiling_env = {**env, "CEILING_DATABASE_URL": ceiling_url}
    run([sys.executable, "bench/ceiling.py"], env=ceiling_env)
    # The floor writes to the app's database, to the appeal the app signs.
    floor_env = {**env, "CEILING_DATABASE_URL": app_url, "CEILING_STATEMENTS": str(statements)}
    workers = args.workers or default_workers(app_url)
    print(f"[{kind}] gunicorn {workers} sync workers for each of the three", flush=True)
    servers = {
        "ceiling": Server("ceiling", "ceiling:app", ceiling_env, folder / "c.log", workers),
        "floor": Server("floor", "ceiling:app", floor_env, folder / "f.log", workers),
        "sign": Server("app", "wsgi:app", env, folder / "app.log", workers),
    }
    servers["ceiling"].extra = servers["floor"].extra = ["--pythonpath", "bench"]
    try:
        for server in servers.values():
            server.start()
        for connections in (int(c) for c in args.connections.split(",")):
            load = Load(args.seconds, connections)
            rounds = [measure(servers, load) for _ in range(args.rounds)]
            report(kind, connections, rounds)
    finally:
        for server in servers.values():
            server.stop()


def signing_statements(env: dict[str, str]) -> list[dict[str, object]]:
    """The app's signing statements as campaign.signatures.quick prepares them for a
    signature of the live appeal, each with its SQL, its parameters, where the address
    and the name go (each request puts its own there), and on SQLite where the e-mail's
    row takes the signature's new id."""
    os.environ.update(env)
    from campaign import create_app
    from campaign.database import NewRow, prepare_insert, prepare_insert_pair
    from campaign.extensions import db
    from campaign.models import Outbox, Signature, utcnow
    from campaign.outbox.services import message_values
    from campaign.signatures import quick
    from campaign.signatures.mail import CONFIRM_KEY
    from campaign.signatures.services import SignatureData, signature_values

    app = create_app()
    with app.app_context(), app.test_request_context():
        now = utcnow()
        appeal = quick.signable(db.session, SLUG, now)
        assert appeal is not None, "the demo appeal does not take signatures"
        data = SignatureData(
            name=NAME, email=ADDRESS, country="GB", postcode=None, city="London",
            consent=True, consent_text=quick._consent_text("en"), language="en",
            source="bench", ip_hash="0" * 64,
        )  # fmt: skip
        email = appeal.confirm_emails["en"].named(data.name)
        message = message_values(
            kind="confirm", to=ADDRESS, subject=email.subject, body_text=email.body, now=now,
            appeal_id=appeal.id,
        )  # fmt: skip
        signature = NewRow(
            Signature, signature_values(appeal.id, data, ADDRESS, now), quick.SIGNATURE_CONFLICT
        )
        condition = {"signed_at": now, "appeal_updated_at": appeal.updated_at}
        dialect = db.engine.dialect
        if dialect.name == "postgresql":
            pair = prepare_insert_pair(
                dialect, signature, NewRow(Outbox, message, quick.MESSAGE_CONFLICT),
                "signature_id", only_if=quick._unchanged(), condition_values=condition,
                keyed={"dedupe_key": CONFIRM_KEY},
            )  # fmt: skip
            return [_written(pair)]
        first = prepare_insert(
            dialect, Signature, signature.values, signature.conflict,
            only_if=quick._unchanged(), condition_values=condition,
        )  # fmt: skip
        then = prepare_insert(
            dialect, Outbox, message | {"signature_id": None}, quick.MESSAGE_CONFLICT
        )
        return [_written(first), _written(then, {"signature_id": "", "dedupe_key": CONFIRM_KEY})]


def _written(prepared: PreparedInsert, late: dict[str, str] | None = None) -> dict[str, object]:
    """A prepared statement as bench/ceiling.py's /sign-as-app runs it. `late`: the
    parameters that take the previous statement's new id, after the text given."""
    parameters = prepared.parameters
    # Positions where the driver takes a list (SQLite), names where it takes a dict.
    keys = list(parameters) if isinstance(parameters, dict) else range(len(parameters))
    names = [name for name, _, _ in prepared.statement.plan]
    late = late or {}
    return {
        "sql": prepared.statement.sql,
        "parameters": parameters,
        "address": [key for key in keys if parameters[key] == ADDRESS],
        "name": [key for key in keys if parameters[key] == NAME],
        "late": [[key, late[name]] for key, name in zip(keys, names, strict=True) if name in late],
    }


def _as_text(value: object) -> str:
    """A parameter as JSON cannot hold it, as text PostgreSQL casts back (its SQL names
    each parameter's type)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    from psycopg.types.json import Json

    if isinstance(value, Json):
        return json.dumps(value.obj)
    raise TypeError(type(value))


@dataclass
class Figures:
    rps: float
    workers_ms: float  # CPU of the server's gunicorn workers, per request
    database_ms: float  # CPU of the database server's processes, per request
    busy_ms: float  # the machine's busy time (all processes, both cores), per request


def measure(servers: dict[str, Server], load: Load) -> dict:
    figures = {}
    for name, server in servers.items():
        workers = _children(server.process.pid)
        before = _cpu(workers), _cpu(_database_processes()), _busy()
        if name == "sign":
            path, (token, cookie) = f"/a/{SLUG}/sign", form_token(server.url)
        else:
            path = "/sign" if name == "ceiling" else "/sign-as-app"
            token, cookie = "-", "x=y"
        result = wrk(server.url, "load.lua", load, "sign", path, token, cookie, tag())
        after = _cpu(workers), _cpu(_database_processes()), _busy()
        done = result["statuses"].get("303", 0)
        if done != result["requests"] or result["socket_errors"]:
            raise SystemExit(f"{name}: {result}")
        per = [1000 * (b - a) / done for a, b in zip(before, after, strict=True)]
        figures[name] = Figures(result["rps"], *per)
    return figures


def report(kind: str, connections: int, rounds: list[dict]) -> None:
    for n, figures in enumerate(rounds, 1):
        ceiling = figures["ceiling"].rps
        each = (f"{name} {f.rps:.0f}/s ({f.rps / ceiling:.2f}x)" for name, f in figures.items())
        print(f"[{kind}] {connections} conn, round {n}: " + ", ".join(each), flush=True)
    print(f"[{kind}] {connections} connections, median of {len(rounds)} rounds, per request:")
    for name in rounds[0]:
        ratio = statistics.median(r[name].rps / r["ceiling"].rps for r in rounds)
        value = {
            field: statistics.median(getattr(r[name], field) for r in rounds)
            for field in ("rps", "workers_ms", "database_ms", "busy_ms")
        }
        print(
            f"  {name:8s} {value['rps']:5.0f}/s = {ratio:.2f}x the ceiling; gunicorn workers "
            f"{value['workers_ms']:.2f} ms, database {value['database_ms']:.2f} ms, "
            f"machine busy {value['busy_ms']:.2f} ms",
            flush=True,
        )


def _children(pid: int) -> list[int]:
    """The gunicorn master's workers."""
    return [int(each) for each in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _database_processes() -> list[int]:
    """Every PostgreSQL process on the machine (the server, its backends and helpers)."""
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                found.append(int(comm.parent.name))
        except OSError:  # gone meanwhile
            continue
    return found


def _cpu(pids: list[int]) -> float:
    """User and system seconds of these processes (those that have gone count nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def _busy() -> float:
    """Seconds the machine's CPUs have been busy, all of them together."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / TICK


if __name__ == "__main__":
    main()
