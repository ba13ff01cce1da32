"""Speed under a surge: the app under gunicorn, driven by wrk, beside a minimal-Flask ceiling.

    make bench                      # both databases (a throwaway PostgreSQL unless
                                    # DATABASE_URL points at one); about 12 minutes on 2 cores
    .venv/bin/python bench/run.py --databases sqlite --seconds 5    # a quick look

For each database, on free loopback ports: the app (production settings, PROXY_COUNT=1)
against a fresh database with the demo appeal live, and bench/ceiling.py on the same
gunicorn settings. wrk (bench/load.lua) measures the ceiling's GET and POST, the public
page and count.json at 1,000 signatures, signing (then checks one row per 303), and the
page and count.json again at 1,000,000. Then the 1,000,000-row CSV export (bench/exports.py)
and the extractor (bench/extract.py). One line per figure; all of them in
bench/results/latest.json. BENCH_LOG_LEVEL=INFO (with --keep) has the servers log every
request they render, with its time, to the kept folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from data import add_signatures
from harness import (
    BENCH,
    Load,
    Server,
    app_env,
    connect,
    databases,
    machine,
    prepare_app_database,
    recount,
    run,
    scalar,
    speed_probe,
    wrk,
)

SLUG = "kem-sokha"
SMALL, LARGE = 1_000, 1_000_000
GUNICORN_CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def default_workers(url: str) -> int:
    """The workers deploy/gunicorn.conf.py starts by default for this database."""
    return runpy.run_path(str(GUNICORN_CONF))["default_workers"](url)


RESULTS = BENCH / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, help="default: as deploy/gunicorn.conf.py")
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument("--connections", type=int, default=16, help="for the GETs")
    parser.add_argument("--sign-connections", default="8,32")
    parser.add_argument(
        "--rounds", type=int, default=3, help="ceiling POST and sign in turn, this many times"
    )
    parser.add_argument("--sign-seconds", type=int, default=5, help="per round's wrk run")
    parser.add_argument("--large", type=int, default=LARGE, help="signatures for the big run")
    parser.add_argument(
        "--skip", default="", help="comma-separated: export, extract, large (the reads at --large)"
    )
    parser.add_argument("--keep", action="store_true", help="keep databases and server logs")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args()

    results: dict[str, object] = {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "gunicorn": {"worker_class": "sync", "workers": args.workers or "by database"},
    }
    m = results["machine"]
    m["probe_s"] = speed_probe()
    say(
        f"machine: {m['platform']}; {m['cpu']}; {m['cpus']} CPUs; {m['memory_gb']} GB; "
        f"gunicorn sync workers: {args.workers or 'as deploy/gunicorn.conf.py for each database'}"
        f"; speed probe {m['probe_s']:.2f} s (a fixed loop: 0.50 s at this machine's usual speed)"
    )
    folder = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    folder.chmod(0o755)  # the throwaway PostgreSQL runs as the postgres user, inside it
    try:
        for kind in args.databases.split(","):
            results[kind] = bench_database(kind, folder / kind, args)
            save(results, args.output)
        if "export" not in args.skip:
            results["export"] = bench_export(folder / "export", args.large)
            save(results, args.output)
        if "extract" not in args.skip:
            results["extract"] = bench_extract()
    finally:
        if args.keep:
            say(f"databases and server logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    save(results, args.output)
    say(f"figures written to {args.output}")


def say(line: str) -> None:
    print(line, flush=True)


def save(results: dict[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")


# --- one database ------------------------------------------------------------------------


def bench_database(kind: str, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    with databases(kind, folder, "campaign_bench") as (app_url, ceiling_url):
        figures = run_database(kind, app_url, ceiling_url, folder, args)
    if kind == "postgresql":
        # How the app and the ceiling reached it (DATABASE_URL may name a socket).
        figures["reached_by"] = "Unix socket" if "host=%2F" in app_url else "TCP"
    return figures


def run_database(
    kind: str, url: str, ceiling_url: str, folder: Path, args: argparse.Namespace
) -> dict[str, object]:
    out: dict[str, object] = {}
    env = app_env(url, folder)
    prepare_app_database(env)
    appeal_id = int(scalar(url, "SELECT id FROM appeals WHERE slug = ?", SLUG))
    top_up(url, env, appeal_id, SMALL)

    ceiling_env = {**env, "CEILING_DATABASE_URL": ceiling_url}
    run([sys.executable, "bench/ceiling.py"], env=ceiling_env)
    workers = out["workers"] = args.workers or default_workers(url)
    say(f"[{kind}] gunicorn {workers} sync workers, the app and the ceiling alike")
    app = Server("app", "wsgi:app", env, folder / "app.log", workers)
    ceiling = Server(
        "ceiling",
        "ceiling:app",
        ceiling_env,
        folder / "ceiling.log",
        workers,
        extra=["--pythonpath", "bench"],
    )
    get_load = Load(args.seconds, args.connections)
    sign_loads = [Load(args.sign_seconds, int(c)) for c in args.sign_connections.split(",")]
    try:
        app.start()
        ceiling.start()
        # Each figure is compared with the ceiling measured just before it: the machine's
        # speed drifts during a run (and more so when it is shared).
        out["caching"] = caching(app.url)
        say(f"[{kind}] caching: {json.dumps(out['caching'])}")
        reads(kind, app.url, ceiling.url, get_load, out, SMALL)

        for load in sign_loads:
            c = load.connections
            ceiling_post, signing = sign_rounds(
                kind, app.url, ceiling.url, url, appeal_id, load, args.rounds
            )
            out[f"ceiling_post_c{c}"] = ceiling_post
            out[f"sign_c{c}"] = signing
            report(kind, f"ceiling POST ({c} conn, median of {args.rounds})", ceiling_post)
            report(kind, f"sign ({c} conn, median of {args.rounds})", signing)

        if "large" not in args.skip:
            started = time.perf_counter()
            out["recount_s"] = top_up(url, env, appeal_id, args.large)
            say(
                f"[{kind}] {args.large:,} signatures loaded in "
                f"{time.perf_counter() - started:.0f} s (full recount {out['recount_s']:.1f} s)"
            )
            reads(kind, app.url, ceiling.url, get_load, out, args.large)
    finally:
        app.stop()
        ceiling.stop()
    errors = [line for line in (folder / "app.log").read_text().splitlines() if "Error" in line]
    out["server_log_errors"] = len(errors)
    if errors:
        say(f"[{kind}] {len(errors)} error lines in the server log, e.g. {errors[0][:200]}")
    return out


def tag() -> str:
    return "b" + secrets.token_hex(4)


def top_up(url: str, env: dict[str, str], appeal_id: int, total: int) -> float:
    """Bring the appeal to `total` signatures with bulk rows, then recount (timed).

    Then every write still held by the kernel is flushed (os.sync): the load wrote several
    hundred MB in 20 s, and what the kernel had not yet written out of it (half a second's
    worth, measured) was otherwise paid for by the app's first fsync in the reads that
    follow: a count refresh's commit took 222 ms and the other worker waited 234 ms for
    its turn, which was all of the page's p99 at a million (94-343 ms, against 8 ms with
    the flush). An appeal that grows to a million over days never meets that backlog."""
    have = int(scalar(url, "SELECT count(*) FROM signatures WHERE appeal_id = ?", appeal_id))
    first = int(scalar(url, "SELECT count(*) FROM signatures WHERE email LIKE ?", "bulk%")) + 1
    add_signatures(url, appeal_id, first, first + total - have - 1)
    took = recount(env)
    os.sync()
    return took


def reads(kind: str, base: str, ceiling: str, load: Load, out: dict, n: int) -> None:
    """The ceiling's GET, then the page and count.json, at `n` signatures."""
    label = "1k" if n == SMALL else f"{n // 1000}k" if n < 10**6 else f"{n // 10**6}M"
    reference = out[f"ceiling_get_{label}"] = wrk(ceiling, "load.lua", load, "get", "/")
    out.setdefault("ceiling_get", reference)
    report(kind, f"ceiling GET (before the reads at {n:,})", reference)
    for name, path in [("page", f"/a/{SLUG}"), ("count", f"/a/{SLUG}/count.json")]:
        figures = wrk(base, "load.lua", load, "get", path)
        figures["signatures"] = n
        figures["ratio"] = figures["rps"] / reference["rps"]
        out[f"{name}_{label}"] = figures
        report(kind, f"{name} at {n:,} signatures", figures)


def report(kind: str, what: str, f: dict) -> None:
    bad = {s: n for s, n in f["statuses"].items() if s not in ("200", "303")}
    errors = sum(bad.values()) + f["socket_errors"] + f["timeouts"]
    ratio = f" = {f['ratio']:.2f}x ceiling" if "ratio" in f else ""
    check = f"; {f['check']}" if "check" in f else ""
    worst = f" (worst round {f['worst_p99_ms']:.1f} ms)" if "worst_p99_ms" in f else ""
    say(
        f"[{kind}] {what}: {f['rps']:.0f}/s{ratio}, p50 {f['p50_ms']:.1f} ms, "
        f"p90 {f['p90_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms{worst}, errors {errors}"
        f"{' ' + json.dumps(bad) if bad else ''}{check}"
    )


# --- signing --------------------------------------------------------------------------


def sign_rounds(
    kind: str, base: str, ceiling: str, url: str, appeal_id: int, load: Load, rounds: int
) -> tuple[dict, dict]:
    """The ceiling's POST, then signing, `rounds` times in turn: each round's ratio compares
    two runs seconds apart, and the median round stands for the run. On a shared machine
    the speed drifts by up to 2x within minutes; one run of each, a minute apart, could
    put the ceiling in a fast minute and signing in a slow one."""
    ceilings, signs = [], []
    for n in range(rounds):
        ceilings.append(wrk(ceiling, "load.lua", load, "sign", "/sign", "-", "x=y", tag()))
        signs.append(sign(kind, base, url, appeal_id, load))
        signs[-1]["ratio"] = signs[-1]["rps"] / ceilings[-1]["rps"]
        say(
            f"[{kind}]   round {n + 1}: ceiling POST {ceilings[-1]['rps']:.0f}/s, "
            f"sign {signs[-1]['rps']:.0f}/s = {signs[-1]['ratio']:.2f}x, "
            f"p99 {signs[-1]['p99_ms']:.1f} ms"
        )
    return median_round(ceilings), median_round(signs)


def median_round(runs: list[dict]) -> dict:
    """One figure for several runs: the median of each rate, ratio and percentile (the
    worst p99 beside it), the sum of each count, and every run's figures under "rounds"."""
    figures: dict = {"rounds": runs}
    for key in ("rps", "ratio", "p50_ms", "p90_ms", "p99_ms"):
        if key in runs[0]:
            figures[key] = statistics.median(r[key] for r in runs)
    figures["worst_p99_ms"] = max(r["p99_ms"] for r in runs)
    counts = ("requests", "socket_errors", "timeouts", "rows", "acknowledged", "duplicated")
    for key in (*counts, "flagged", "lost", "unacknowledged_stored"):
        if key in runs[0]:
            figures[key] = sum(r[key] for r in runs)
    statuses: dict[str, int] = {}
    for r in runs:
        for status, n in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    figures["statuses"] = statuses
    figures["connections"] = runs[0]["connections"]
    if "rows_ok" in runs[0]:
        figures["rows_ok"] = all(r["rows_ok"] for r in runs)
        figures["check"] = (
            f"{figures['rows']} rows for {figures['acknowledged']} acknowledged: "
            f"{'OK' if figures['rows_ok'] else 'MISMATCH'} ({figures['lost']} lost, "
            f"{figures['duplicated']} duplicated, {figures['unacknowledged_stored']} stored "
            f"while unacknowledged in flight, {figures['flagged']} flagged)"
        )
    return figures


def sign(kind: str, base: str, url: str, appeal_id: int, load: Load) -> dict:
    """wrk POSTs the form; then the database must hold one row per 303 (and no more than
    the requests still in flight when wrk stopped)."""
    token, cookie = form_token(base)
    run_tag = tag()
    figures = wrk(base, "load.lua", load, "sign", f"/a/{SLUG}/sign", token, cookie, run_tag)
    like = f"{run_tag}-%"
    rows, distinct, flagged = settled(url, like)
    acked = figures["statuses"].get("303", 0)
    figures.update(
        rows=rows,
        acknowledged=acked,
        duplicated=rows - distinct,
        flagged=flagged,
        lost=max(0, acked - rows),
        unacknowledged_stored=max(0, rows - acked),
    )
    figures["rows_ok"] = acked <= rows <= acked + load.connections and rows == distinct
    return figures


def settled(url: str, like: str) -> tuple[int, int, int]:
    """Rows, distinct addresses and flagged rows of a run, once requests in flight (which
    the server finishes after wrk has gone) have stopped adding rows."""
    query = (
        "SELECT count(*), count(DISTINCT email_canonical),"
        " sum(CASE WHEN flag IS NULL THEN 0 ELSE 1 END) FROM signatures WHERE email LIKE ?"
    )
    last = None
    while True:
        time.sleep(1)
        conn = connect(url)
        try:
            marker = "?" if url.startswith("sqlite") else "%s"
            found = tuple(
                int(v or 0) for v in conn.execute(query.replace("?", marker), (like,)).fetchone()
            )
        finally:
            conn.close()
        if found == last:
            return found
        last = found


def form_token(base: str) -> tuple[str, str]:
    """The sign form's token and any cookie set with it, from one GET of the page (a visitor
    without a session gets none: the page is the same for all of them)."""
    with urllib.request.urlopen(f"{base}/a/{SLUG}") as response:  # noqa: S310 (loopback)
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if token is None:
        token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "no CSRF token on the page"
    cookie = "; ".join(c.split(";", 1)[0] for c in cookies)
    return token.group(1), cookie


# --- caching headers --------------------------------------------------------------------


def caching(base: str) -> dict[str, dict[str, object]]:
    """Cache-Control and ETag of the page and count.json, and the answer to If-None-Match."""
    found = {}
    for name, path in [("page", f"/a/{SLUG}"), ("count", f"/a/{SLUG}/count.json")]:
        with urllib.request.urlopen(base + path) as response:  # noqa: S310 (loopback)
            cache_control = response.headers.get("Cache-Control")
            etag = response.headers.get("ETag")
            set_cookie = response.headers.get("Set-Cookie") is not None
        conditional = None
        if etag:
            request = urllib.request.Request(base + path, headers={"If-None-Match": etag})  # noqa: S310 (loopback)
            try:
                with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
                    conditional = response.status
            except urllib.error.HTTPError as error:
                conditional = error.code
        found[name] = {
            "cache_control": cache_control,
            "etag": etag,
            "if_none_match": conditional,
            "set_cookie": set_cookie,
        }
    return found


# --- export and extract ---------------------------------------------------------------


def bench_export(folder: Path, n: int) -> dict[str, float]:
    """The staff engineer's export benchmark (bench/exports.py), its CSV figures only."""
    import exports

    folder.mkdir(parents=True)
    db_path = folder / "bench.sqlite"
    built = exports.build(db_path, n, 0)
    probe = speed_probe()
    figures = exports.in_subprocess("csv", db_path)
    figures["insert_s"] = built["insert_s"]
    figures["probe_s"] = (probe + speed_probe()) / 2  # just before and just after
    say(
        f"[sqlite] export of {figures['rows']:,} rows as CSV ({figures['mb']:.0f} MB): "
        f"{figures['total_s']:.1f} s, first byte {figures['first_byte_s']:.2f} s, "
        f"peak memory {figures['peak_rss_mb']:.0f} MB (whole process; "
        f"{figures['rss_before_mb']:.0f} MB before the request); speed probe "
        f"{figures['probe_s']:.2f} s"
    )
    return figures


def bench_extract() -> dict[str, float]:
    result = run([sys.executable, str(BENCH / "extract.py")])
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    say(
        f"extract: {figures['releases']} releases x {figures['rounds']}: median "
        f"{figures['median_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms per release "
        f"(the seed: {figures['seed_median_ms']:.1f} ms)"
    )
    return figures


if __name__ == "__main__":
    main()
