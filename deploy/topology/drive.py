"""Drive the test topology through nginx and check what must hold (run by run.sh).

Usage: python drive.py  (settings from the environment run.sh prepares)

Each phase prints one line; the script exits 1 at the first property that fails.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere
from deploy.topology.supporter import Supporter, Tally, sign_in_threads

NGINX_PORT = int(os.environ["NGINX_PORT"])
PG_URL = os.environ["PG_URL"]
DIR = Path(os.environ["TOPOLOGY_DIR"])
SLUG = os.environ.get("APPEAL_SLUG", "kem-sokha")
LIMIT = int(os.environ["SIGN_RATE_LIMIT"].split()[0])


class Failed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def sign_concurrently(
    prefix: str, clients: int, each: int, tally: Tally, stop: threading.Event | None = None
) -> None:
    emails = [[f"{prefix}-{i}-{j}@example.org" for j in range(each)] for i in range(clients)]
    sign_in_threads(NGINX_PORT, emails, tally, stop)


def stored(emails: list[str]) -> Counter:
    with psycopg.connect(PG_URL) as conn:
        rows = conn.execute(
            "SELECT email FROM signatures WHERE email = ANY(%s)", (emails,)
        ).fetchall()
    return Counter(r[0] for r in rows)


def served_by(log: Path) -> int:
    count = 0
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{") and f'"path": "/a/{SLUG}/sign"' in line:
            count += 1
    return count


def phase_load() -> None:
    tally = Tally()
    started = time.perf_counter()
    sign_concurrently("load", clients=40, each=5, tally=tally)
    seconds = time.perf_counter() - started
    counts = stored(tally.acknowledged)
    check(tally.failed == 0, f"load: {tally.failed} sign requests failed")
    check(
        all(counts[e] == 1 for e in tally.acknowledged),
        "load: an acknowledged signature is missing or doubled",
    )
    one, two = served_by(DIR / "app1.log"), served_by(DIR / "app2.log")
    check(
        one > 0 and two > 0,
        f"load: signatures did not arrive through both app servers ({one}, {two})",
    )
    print(
        f"load: {len(tally.acknowledged)} signatures from 40 clients in {seconds:.1f} s, "
        f"all stored once; app server 1 took {one}, app server 2 took {two}"
    )


def phase_rate_limit() -> None:
    supporter = Supporter(port=NGINX_PORT, ip="127.0.9.9", slug=SLUG)
    emails = [f"limited-{i}@example.org" for i in range(2 * LIMIT)]
    acknowledged = [e for e in emails if supporter.sign(e) in (200, 302, 303)]
    check(
        len(acknowledged) == len(emails), "rate limit: limited requests must be accepted silently"
    )
    with psycopg.connect(PG_URL) as conn:
        flagged = conn.execute(
            "SELECT count(*) FROM signatures WHERE email LIKE 'limited-%%' AND flag IS NOT NULL"
        ).fetchone()[0]
    # Per process, each of the two servers would let LIMIT through: none would be flagged.
    check(
        flagged == LIMIT,
        f"rate limit: {flagged} flagged of {len(emails)}, expected {LIMIT} (shared limit)",
    )
    print(
        f"rate limit: one address signed {len(emails)} times through both servers; "
        f"the first {LIMIT} counted, {flagged} flagged: the limit is shared"
    )


def phase_kill() -> None:
    tally, stop = Tally(), threading.Event()
    load = threading.Thread(target=sign_concurrently, args=("kill", 20, 10_000, tally, stop))
    load.start()
    time.sleep(1.5)
    before = len(tally.acknowledged)
    os.killpg(int((DIR / "app1.pgid").read_text()), signal.SIGKILL)
    time.sleep(3)
    stop.set()
    load.join()
    after = len(tally.acknowledged) - before
    counts = stored(tally.acknowledged)
    lost = [e for e in tally.acknowledged if counts[e] != 1]
    check(not lost, f"kill: {len(lost)} acknowledged signatures lost or doubled")
    check(after > 0, "kill: nothing was acknowledged after app server 1 died")
    print(
        f"kill: app server 1 killed with SIGKILL mid-load; {len(tally.acknowledged)} acknowledged "
        f"({after} after the kill, through app server 2), {tally.failed} refused, none lost"
    )


def phase_mail() -> None:
    deadline = time.time() + 120
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        while time.time() < deadline:
            pending = conn.execute(
                "SELECT count(*) FROM outbox WHERE status = 'pending'"
            ).fetchone()[0]
            if pending == 0:
                break
            time.sleep(1)
        check(pending == 0, f"mail: {pending} messages still pending after 120 s")
        sent = conn.execute("SELECT count(*) FROM outbox WHERE status = 'sent'").fetchone()[0]
    received = [json.loads(line) for line in (DIR / "mail.jsonl").read_text().splitlines()]
    ids = Counter(m["message_id"] for m in received)
    doubled = [i for i, n in ids.items() if n > 1]
    check(not doubled, f"mail: {len(doubled)} messages delivered twice")
    check(len(ids) == sent, f"mail: {sent} marked sent but {len(ids)} received")
    one, two = (DIR / "worker1.log").read_text(), (DIR / "worker2.log").read_text()
    print(
        f"mail: {sent} messages delivered exactly once by two workers "
        f"(worker log lines: {one.count(chr(10))}, {two.count(chr(10))})"
    )


def main() -> int:
    try:
        for phase in (phase_load, phase_rate_limit, phase_kill, phase_mail):
            phase()
    except Failed as failure:
        print(f"FAILED {failure}")
        return 1
    print("topology: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
