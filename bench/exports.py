"""Benchmark the staff side on a large appeal (a tool that prints figures, not a test).

    .venv/bin/python bench/exports.py [--signatures 1000000] [--pack-names 100000] [--keep DIR]

Builds a throwaway SQLite database by running the migrations, bulk-inserts the signatures,
then measures, each in a fresh process so that memory figures are the export's own:

- the CSV signature export through the real route: time to the first byte, total time,
  peak memory (the process's peak resident memory, VmHWM, interpreter and app
  included; and at the end its private memory, USS);
- the delivery pack for --pack-names names;
- the staff appeal page, count.json and the public page (first and median of 5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPAN_SECONDS = 60 * 24 * 3600  # signatures spread over 60 days
BIG_SLUG = "bench-million"
PACK_SLUG = "bench-pack"
STAFF_EMAIL = "bench-staff@example.org"
COUNTRIES = ["GB", "FR", "DE", "KH", "US", "ES", "IT", "NL", "BE", "CA", "AU", "BR", "IN", "JP"]
FIRST = ["Ana", "Ben", "Chea", "Dara", "Elif", "Femi", "Grace", "Hiro", "Inès", "Jonas", "Олег"]
LAST = ["Silva", "Smith", "Sok", "Müller", "Okafor", "Tanaka", "Dubois", "Rossi", "Петров"]


def make_app(db_path: Path):
    from campaign import create_app

    return create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "SQLITE_SYNCHRONOUS": "OFF",
            "LOG_LEVEL": "WARNING",
        }
    )


def build(db_path: Path, signatures: int, pack_names: int) -> dict[str, float]:
    """Migrate, add two appeals and a staff account, bulk-insert signatures, recount."""
    from flask_migrate import upgrade

    from campaign.counting import recount_appeal
    from campaign.extensions import db
    from campaign.models import Role, utcnow
    from tests.factories import make_appeal, make_user

    app = make_app(db_path)
    figures: dict[str, float] = {}
    with app.app_context():
        upgrade()
        big = make_appeal(
            db.session, slug=BIG_SLUG, title="A million voices", signature_goal=2_000_000
        )
        small = make_appeal(db.session, slug=PACK_SLUG, title="One hundred thousand names")
        make_user(db.session, Role.STAFF, email=STAFF_EMAIL)
        db.session.commit()
        big_id, small_id = big.id, small.id
    started = time.perf_counter()
    insert(db_path, big_id, signatures, offset=0)
    insert(db_path, small_id, pack_names, offset=signatures)
    figures["insert_s"] = time.perf_counter() - started
    with app.app_context():
        started = time.perf_counter()
        for appeal_id in (big_id, small_id):
            appeal = db.session.get(type(big), appeal_id)
            recount_appeal(db.session, appeal, now=utcnow())
            db.session.commit()
        figures["recount_s"] = time.perf_counter() - started
        db.engine.dispose()
    return figures


def insert(db_path: Path, appeal_id: int, n: int, *, offset: int) -> None:
    """Bulk insert with the driver: executemany in batches, one transaction each."""
    rng = random.Random(appeal_id)  # noqa: S311 (test data, not secrets)
    start = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=60)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA synchronous=OFF")
    statement = (
        "INSERT INTO signatures (appeal_id, name, email, email_canonical, country, consent,"
        " source, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, 'page', ?, ?)"
    )
    batch = 50_000
    for first in range(0, n, batch):
        rows = []
        for i in range(first, min(n, first + batch)):
            signed = start + timedelta(seconds=i * SPAN_SECONDS / n)
            email = f"s{offset + i}@example.org"
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if i % 10_000 == 0:
                name = "=cmd|' /C calc'!A0"  # a formula, to be neutralised on the way out
            confirmed = signed + timedelta(minutes=5) if i % 20 else None
            rows.append(
                (
                    appeal_id,
                    name,
                    email,
                    email,
                    rng.choice(COUNTRIES),
                    i % 3 == 0,
                    signed.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    confirmed.strftime("%Y-%m-%d %H:%M:%S.%f") if confirmed else None,
                )
            )
        with connection:
            connection.executemany(statement, rows)
    connection.close()


def measure(kind: str, db_path: Path) -> dict[str, float]:
    """Run one measurement in this (fresh) process and return its figures."""
    from campaign.extensions import db
    from campaign.models import User

    app = make_app(db_path)
    client = app.test_client()
    with app.app_context():
        user = db.session.query(User).filter_by(email=STAFF_EMAIL).one()
        # Logged in as a completed login would (tests.conftest.log_in, not imported: with
        # pytest it would add its own memory to the worker's figures).
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = user.session_token
            flask_session["_fresh"] = True
    if kind == "csv":
        rss_before = rss_mb()
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        response = client.get(
            f"/staff/exports/signatures?appeal={BIG_SLUG}&format=csv", buffered=False
        )
        chunks = iter(response.response)
        first = next(chunks)
        first_byte = time.perf_counter() - started
        size, lines = len(first), first.count(b"\n")
        for chunk in chunks:
            size += len(chunk)
            lines += chunk.count(b"\n")
        response.close()
        total = time.perf_counter() - started
        return {
            "first_byte_s": first_byte,
            "total_s": total,
            "cpu_s": cpu_seconds() - cpu_before,
            "rows": lines - 1,
            "mb": size / 1e6,
            "peak_rss_mb": peak_rss_mb(),
            "rss_before_mb": rss_before,
            "uss_after_mb": uss_mb(),
        }
    if kind == "pack":
        started = time.perf_counter()
        response = client.get(f"/staff/exports/pack/{PACK_SLUG}")
        assert response.status_code == 200, response.status_code
        return {
            "total_s": time.perf_counter() - started,
            "mb": len(response.get_data()) / 1e6,
            "peak_rss_mb": peak_rss_mb(),
        }
    if kind == "pages":
        figures = {}
        for name, path in [
            ("staff_page", f"/staff/appeals/{BIG_SLUG}"),
            ("count_json", f"/a/{BIG_SLUG}/count.json"),
            ("public_page", f"/a/{BIG_SLUG}"),
        ]:
            times = []
            for _ in range(6):
                started = time.perf_counter()
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                times.append(time.perf_counter() - started)
            figures[f"{name}_first_ms"] = times[0] * 1000
            figures[f"{name}_median_ms"] = statistics.median(times[1:]) * 1000
        return figures
    raise SystemExit(f"unknown measurement {kind}")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """The process's own peak resident memory (VmHWM on Linux).

    Not ru_maxrss: Linux carries it over a fork and exec, so a measuring process started
    by this script's parent (which has just built the database) reported the parent's
    peak, 140 MB and more, whatever the export used.
    """
    hwm = _status_mb("VmHWM:")
    if hwm == hwm:  # not NaN
        return hwm
    # No /proc (macOS): ru_maxrss, in bytes there.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def rss_mb() -> float:
    """The process's resident memory now (the app loaded, before the export's request)."""
    return _status_mb("VmRSS:")


def uss_mb() -> float:
    """Memory the process holds alone (private pages: what a worker adds to the machine)."""
    try:
        lines = Path("/proc/self/smaps_rollup").read_text().splitlines()
    except OSError:
        return float("nan")
    private = [line for line in lines if line.startswith(("Private_Clean:", "Private_Dirty:"))]
    return sum(int(line.split()[1]) for line in private) * 1024 / 1e6


def _status_mb(field: str) -> float:
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return float("nan")
    for line in lines:
        if line.startswith(field):
            return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def in_subprocess(kind: str, db_path: Path) -> dict[str, float]:
    result = subprocess.run(  # noqa: S603 (this very script, with our own arguments)
        [sys.executable, __file__, "--measure", kind, "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def speed_probe() -> float:
    from harness import speed_probe as probe

    return probe()


def machine() -> str:
    """The machine in one line (the same facts `make bench` records)."""
    from harness import machine as facts

    m = facts()
    return (
        f"{m['platform']}; {m['cpu']}; {m['cpus']} CPUs; Python {m['python']}; SQLite {m['sqlite']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--pack-names", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the database in this folder.")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.db)))
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "bench.sqlite"
    print(
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}; speed probe "
        f"{speed_probe():.2f} s (a fixed loop: 0.50 s at this machine's usual speed)"
    )
    if not db_path.exists():
        print(f"Building {args.signatures:,} + {args.pack_names:,} signatures in {db_path} …")
        built = build(db_path, args.signatures, args.pack_names)
        print(f"  bulk insert {built['insert_s']:.1f} s, full recount {built['recount_s']:.1f} s")
    csv_figures = in_subprocess("csv", db_path)
    print(
        f"CSV export of {csv_figures['rows']:,} rows ({csv_figures['mb']:.0f} MB): first byte "
        f"{csv_figures['first_byte_s']:.2f} s, total {csv_figures['total_s']:.1f} s "
        f"({csv_figures['cpu_s']:.1f} s of CPU), peak memory "
        f"{csv_figures['peak_rss_mb']:.0f} MB (peak resident memory of the whole process; "
        f"{csv_figures['rss_before_mb']:.0f} MB before the request, "
        f"{csv_figures['uss_after_mb']:.0f} MB its own at the end)"
    )
    pack_figures = in_subprocess("pack", db_path)
    print(
        f"Delivery pack of {args.pack_names:,} names: {pack_figures['total_s']:.1f} s, "
        f"{pack_figures['mb']:.1f} MB, peak memory {pack_figures['peak_rss_mb']:.0f} MB"
    )
    pages = in_subprocess("pages", db_path)
    for name, label in [
        ("staff_page", "Staff appeal page"),
        ("count_json", "count.json"),
        ("public_page", "Public appeal page"),
    ]:
        print(
            f"{label}: first {pages[f'{name}_first_ms']:.0f} ms, "
            f"then median {pages[f'{name}_median_ms']:.0f} ms"
        )
    print(
        f"Load average at the end: {os.getloadavg()[0]:.1f}, speed probe {speed_probe():.2f} s "
        "(other work slows the timings)"
    )
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
