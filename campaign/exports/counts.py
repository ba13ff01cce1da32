"""Count exports per appeal, per country or per day, as CSV or JSON (read from the tallies)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.counting.queries import country_counts, daily_counts, paper_total
from campaign.countries import country_name
from campaign.exports.cells import cell
from campaign.models import Appeal, SignatureTally

GROUPINGS = ("appeal", "country", "day")


def count_table(
    session: Session, appeals: Sequence[Appeal], by: str
) -> tuple[list[str], list[list[Any]]]:
    """(column keys, rows) of counted signatures for each appeal, grouped `by`."""
    if by == "appeal":
        keys = ["appeal", "title", "counted", "online", "paper"]
        return keys, [
            [a.slug, a.title, a.signature_count, _online(session, a), paper_total(session, [a.id])]
            for a in appeals
        ]
    if by == "country":
        keys = ["appeal", "country", "country_name", "online", "paper", "total"]
        return keys, [
            [a.slug, c.country, country_name(c.country), c.online, c.paper, c.total]
            for a in appeals
            for c in country_counts(session, [a.id])
        ]
    if by == "day":
        keys = ["appeal", "day", "online"]
        return keys, [
            [a.slug, day.isoformat(), n]
            for a in appeals
            for day, n in daily_counts(session, [a.id])
        ]
    raise ValueError(f"unknown grouping {by!r}")


def as_csv(keys: list[str], rows: list[list[Any]], *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def as_json(by: str, keys: list[str], rows: list[list[Any]]) -> bytes:
    return json.dumps(
        {"by": by, "rows": [dict(zip(keys, row, strict=True)) for row in rows]},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")


def _online(session: Session, appeal: Appeal) -> int:
    return int(
        session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(SignatureTally.count), 0)).where(
                SignatureTally.appeal_id == appeal.id
            )
        )
        or 0
    )
