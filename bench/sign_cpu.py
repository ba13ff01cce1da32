"""CPU time of one sign POST in one process (a tool that prints figures, not a test).

    .venv/bin/python bench/sign_cpu.py [--signatures 500] [--profile | --sample]

Builds a throwaway SQLite database with the migrations and the demo appeal (live), makes
the app with production settings (as bench/run.py starts it: WAL, synchronous=FULL,
PROXY_COUNT=1), reads the sign form's token from the public page, then calls the app
through WSGI with one POST per signature (a unique e-mail and client address each) and
prints the median CPU time of the process per request (`time.process_time`: user and
system, so a commit's fsync counts). The first 50 POSTs warm the process up and are not
counted. Every POST must be answered 303, and the database must then hold one row each.
Each POST alternates with one to the ceiling (bench/ceiling.py: one INSERT, same
settings) in the same process, so that the ratio of the two holds when the machine's
speed drifts (on a shared machine it does, by up to 2× within minutes).
--profile prints cProfile's view (CPU time) of the counted requests; it adds a cost to
every call, which overstates code made of many small calls. --sample prints
pyinstrument's (a sample every 0.1 ms of wall time), which does not.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import app_env  # noqa: E402 (bench/ is on the path when run as a script)

WARM_UP = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--signatures", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sample", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="sign-cpu-"))
    # The production settings the load benchmark gives its servers (bench/harness.py).
    os.environ.update(app_env(f"sqlite:///{folder}/campaign.sqlite", folder))
    flask = Path(sys.executable).parent / "flask"
    subprocess.run([str(flask), "db", "upgrade"], check=True, capture_output=True, cwd=ROOT)  # noqa: S603

    from werkzeug.test import EnvironBuilder

    from campaign import create_app
    from campaign.demo import load_demo
    from campaign.extensions import db
    from campaign.models import Appeal, AppealStatus, Signature, utcnow

    app = create_app()
    with app.app_context():
        load_demo(db.session, now=utcnow())
        db.session.commit()
        slug = db.session.scalar(db.select(Appeal.slug).where(Appeal.status == AppealStatus.LIVE))
        before = db.session.scalar(db.select(db.func.count()).select_from(Signature))
    page = app.test_client().get(f"/a/{slug}").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, "no form token on the page"

    def environ(n: int) -> dict[str, object]:
        body = {
            "csrf_token": found.group(1),
            "name": f"Bench Signer {n}",
            "email": f"cpu-{n}@example.org",
            "country": "GB",
            "city": "London",
            "postcode": "",
            "consent": "y",
            "source": "bench",
            "website": "",
        }
        return EnvironBuilder(
            path=f"/a/{slug}/sign",
            method="POST",
            data=urlencode(body),
            content_type="application/x-www-form-urlencoded",
            base_url="http://127.0.0.1",
            headers={
                "Origin": "http://127.0.0.1",
                "X-Forwarded-For": f"11.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
            },
        ).get_environ()

    def post(environ: dict[str, object], app: Any = app) -> str:
        status: list[str] = []
        body = app(environ, lambda s, _headers, _exc=None: status.append(s))
        b"".join(body)
        getattr(body, "close", lambda: None)()
        return status[0]

    total = WARM_UP + args.signatures
    environs = [environ(n) for n in range(total)]  # built before: the client's work is not counted
    os.environ["CEILING_DATABASE_URL"] = f"sqlite:///{folder}/ceiling.sqlite"
    import ceiling

    ceiling.create_schema()
    ceiling_environs = [
        EnvironBuilder(
            path="/sign",
            method="POST",
            data=urlencode({"email": f"cpu-{n}@example.org", "name": f"Bench Signer {n}"}),
            content_type="application/x-www-form-urlencoded",
        ).get_environ()
        for n in range(total)
    ]
    ceiling_times = []
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
    elif args.sample:
        profiler = Sampler()
    times = []
    for n, each in enumerate(environs):
        counted = n >= WARM_UP
        if counted and profiler:
            profiler.enable()
        started = time.process_time()
        status = post(each)
        if counted:
            times.append((time.process_time() - started) * 1000)
            if profiler:
                profiler.disable()
        assert status.startswith("303"), status
        started = time.process_time()
        status = post(ceiling_environs[n], ceiling.app)
        if counted:
            ceiling_times.append((time.process_time() - started) * 1000)
        assert status.startswith("303"), status
    with app.app_context():
        rows = db.session.scalar(db.select(db.func.count()).select_from(Signature)) - before
    assert rows == total, f"{rows} rows for {total} acknowledged signatures"

    times.sort()
    median = statistics.median(times)
    print(
        f"sign POST, CPU per request over {args.signatures}: median {median:.2f} ms, "
        f"p10 {times[len(times) // 10]:.2f} ms, p90 {times[len(times) * 9 // 10]:.2f} ms "
        f"({rows} rows for {total} acknowledged)"
    )
    ceiling_median = statistics.median(ceiling_times)
    print(
        f"ceiling POST, alternating with it: median {ceiling_median:.2f} ms; "
        f"sign = {median / ceiling_median:.1f}× the ceiling's CPU"
    )
    if isinstance(profiler, Sampler):
        print(profiler.report())
    elif profiler:
        import pstats

        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("ROWS", "60"))
        )


class Sampler:
    """pyinstrument's profiler, enabled and disabled around each counted request."""

    def __init__(self) -> None:
        from pyinstrument import Profiler

        self.profiler = Profiler(interval=0.0001)

    def enable(self) -> None:
        self.profiler.start()

    def disable(self) -> None:
        self.profiler.stop()

    def report(self) -> str:
        every_frame = bool(os.environ.get("SHOW_ALL"))
        return self.profiler.output_text(show_all=every_frame, short_mode=False)


if __name__ == "__main__":
    main()
