"""Print bench/results/latest.json (or the file given) as the README's Markdown table.

.venv/bin/python bench/table.py [bench/results/latest.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "results" / "latest.json"


def rate(f: dict | None, ceiling: dict | None = None) -> str:
    if not f:
        return "—"
    errors = sum(n for s, n in f["statuses"].items() if s not in ("200", "303"))
    errors += f["socket_errors"] + f["timeouts"]
    text = f"{f['rps']:,.0f}/s"
    if ceiling is not None:
        # Runs in rounds carry the median of their rounds' ratios (bench/run.py).
        text += f" ({f.get('ratio', f['rps'] / ceiling['rps']):.2f}×)"
    text += f", p99 {f['p99_ms']:,.0f} ms"
    if "worst_p99_ms" in f:
        text += f" (worst round {f['worst_p99_ms']:,.0f})"
    if errors:
        text += f", {errors} errors"
    return text


def _conns(key: str) -> int:
    return int(key.rsplit("_c", 1)[1])


def rows(results: dict) -> list[tuple[str, ...]]:
    kinds = [k for k in ("sqlite", "postgresql") if k in results]
    lines = []

    def line(label: str, pick) -> None:
        lines.append((label, *(pick(results[k]) for k in kinds)))

    if "ceiling_get_1k" in results[kinds[0]]:
        for size, n in (("1k", "1,000"), ("1M", "1,000,000")):
            line(
                f"ceiling: tiny template GET (before the reads at {n})",
                lambda r, s=size: rate(r.get(f"ceiling_get_{s}")),
            )
    else:
        line("ceiling: tiny template GET", lambda r: rate(r.get("ceiling_get")))
    for key in sorted((k for k in results[kinds[0]] if k.startswith("ceiling_post_c")), key=_conns):
        c = key.removeprefix("ceiling_post_c")
        line(f"ceiling: one INSERT per POST, {c} connections", lambda r, k=key: rate(r.get(k)))
    for key in sorted((k for k in results[kinds[0]] if k.startswith("sign_c")), key=_conns):
        c = key.removeprefix("sign_c")
        line(
            f"**sign**, {c} connections (× ceiling POST)",
            lambda r, k=key, c=c: rate(r.get(k), r.get(f"ceiling_post_c{c}")),
        )
        line(
            f"sign, {c} connections: rows for acknowledged requests",
            lambda r, k=key: (
                r[k]["check"].split(":")[0]
                + (", 0 lost, 0 duplicated" if r[k]["rows_ok"] else " — MISMATCH")
            ),
        )
    for name, label in (("page", "**public page**"), ("count", "**count.json**")):
        for size in ("1k", "1M"):
            key = f"{name}_{size}"
            n = "1,000" if size == "1k" else "1,000,000"
            line(
                f"{label} at {n} signatures (× ceiling GET)",
                lambda r, k=key, s=size: rate(
                    r.get(k), r.get(f"ceiling_get_{s}", r["ceiling_get"])
                ),
            )
    return [("figure", *kinds)], lines


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    results = json.loads(path.read_text())
    head, body = rows(results)
    print("| " + " | ".join(head[0]) + " |")
    print("|" + "---|" * len(head[0]))
    for row in body:
        print("| " + " | ".join(row) + " |")
    if "export" in results:
        e = results["export"]
        print(
            f"\nCSV export of {e['rows']:,} rows (SQLite, {e['mb']:.0f} MB): {e['total_s']:.1f} s, "
            f"first byte {e['first_byte_s']:.2f} s, peak memory {e['peak_rss_mb']:.0f} MB"
            + (
                f" (whole process; {e['rss_before_mb']:.0f} MB before the request)"
                if "rss_before_mb" in e
                else ""
            )
            + (
                f"; speed probe {e['probe_s']:.2f} s (0.50 s: usual speed)."
                if "probe_s" in e
                else "."
            )
        )
    if "extract" in results:
        x = results["extract"]
        print(
            f"Extractor over {x['releases']} releases: median {x['median_ms']:.1f} ms, "
            f"p99 {x['p99_ms']:.1f} ms per release"
            f" (the seed release: {x['seed_median_ms']:.0f} ms)."
        )
    m = results["machine"]
    workers = ", ".join(
        f"{results[kind]['workers']} on {kind}"
        for kind in ("sqlite", "postgresql")
        if "workers" in results.get(kind, {})
    )
    reached = results.get("postgresql", {}).get("reached_by")
    print(
        f"\nMachine: {m['platform']}, {m['cpu']}, {m['cpus']} CPUs, {m['memory_gb']} GB; "
        f"Python {m['python']}, SQLite {m['sqlite']}; gunicorn sync workers: {workers}; "
        + (
            f"PostgreSQL over {'a ' if reached == 'Unix socket' else ''}{reached}; "
            if reached
            else ""
        )
        + f"{results['started']}"
        + (f"; speed probe {m['probe_s']:.2f} s at the start." if "probe_s" in m else ".")
    )


if __name__ == "__main__":
    main()
