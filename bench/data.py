"""Bulk signatures for the benchmarks: one INSERT … SELECT inside the database.

SQLite builds the rows from a recursive CTE, PostgreSQL from generate_series; either way
no row crosses into Python, so a million take seconds. The rows are confirmed signatures
spread over the last 30 days (ending a minute ago), in 14 countries.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from harness import connect

COUNTRIES = "GBFRDEKHUSESITNLBECAAUBRINJP"  # 14 two-letter codes, end to end
SPAN_SECONDS = 30 * 24 * 3600

SQLITE = """
WITH RECURSIVE n(i) AS (SELECT :first UNION ALL SELECT i + 1 FROM n WHERE i < :last)
INSERT INTO signatures (appeal_id, name, email, email_canonical, country, consent,
                        language, source, created_at, confirmed_at)
SELECT :appeal, 'Bulk Signer ' || i, 'bulk' || i || '@example.org', 'bulk' || i || '@example.org',
       substr(:countries, (i % 14) * 2 + 1, 2), i % 3 = 0, 'en', 'page',
       strftime('%Y-%m-%d %H:%M:%S', :start, '+' || (i * :step) || ' seconds') || '.000000',
       strftime('%Y-%m-%d %H:%M:%S', :start, '+' || (i * :step + 300) || ' seconds') || '.000000'
FROM n
"""

POSTGRES = """
INSERT INTO signatures (appeal_id, name, email, email_canonical, country, consent,
                        language, source, created_at, confirmed_at)
SELECT %(appeal)s::bigint, 'Bulk Signer ' || i, 'bulk' || i || '@example.org',
       'bulk' || i || '@example.org', substr(%(countries)s::text, ((i %% 14) * 2 + 1)::int, 2),
       i %% 3 = 0, 'en', 'page',
       %(start)s::timestamp + make_interval(secs => i * %(step)s::float8),
       %(start)s::timestamp + make_interval(secs => i * %(step)s::float8 + 300)
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
"""


def add_signatures(url: str, appeal_id: int, first: int, last: int) -> None:
    """Insert signatures numbered first..last (inclusive) for the appeal, in one transaction."""
    if last < first:
        return
    start = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=SPAN_SECONDS + 360)
    params = {
        "appeal": appeal_id,
        "first": first,
        "last": last,
        "countries": COUNTRIES,
        "step": SPAN_SECONDS / max(last, 1),
    }
    conn = connect(url)
    try:
        if url.startswith("sqlite"):
            params["start"] = start.strftime("%Y-%m-%d %H:%M:%S")
            conn.execute("PRAGMA synchronous=OFF")  # a load, not a signature: no fsync needed
            with conn:
                conn.execute(SQLITE, params)
            # Written back and flushed now, as PostgreSQL's VACUUM below reads its load: else
            # the app's first fsync in the reads that follow (a count refresh's commit) pays
            # for writing out the whole load, and both workers wait for it.
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            params["start"] = start
            conn.execute(POSTGRES, params)
            conn.commit()
            conn.autocommit = True
            conn.execute("VACUUM ANALYZE signatures")
    finally:
        conn.close()
