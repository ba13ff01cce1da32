"""Reading the tallies: counts per country and per day, cheap at any number of signatures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.models import PaperCount, SignatureTally


@dataclass(frozen=True)
class CountryCount:
    country: str
    online: int
    paper: int

    @property
    def total(self) -> int:
        return self.online + self.paper


def country_counts(session: Session, appeal_ids: Sequence[int]) -> list[CountryCount]:
    """Counted signatures per country (online and on paper), the largest first."""
    online = dict(
        session.execute(
            sa.select(SignatureTally.country, sa.func.sum(SignatureTally.count))
            .where(SignatureTally.appeal_id.in_(appeal_ids))
            .group_by(SignatureTally.country)
        ).all()
    )
    paper = dict(
        session.execute(
            sa.select(PaperCount.country, sa.func.sum(PaperCount.count))
            .where(PaperCount.appeal_id.in_(appeal_ids))
            .group_by(PaperCount.country)
        ).all()
    )
    rows = [
        CountryCount(c, int(online.get(c) or 0), int(paper.get(c) or 0))
        for c in set(online) | set(paper)
    ]
    rows = [r for r in rows if r.total]
    return sorted(rows, key=lambda r: (-r.total, r.country))


def daily_counts(
    session: Session, appeal_ids: Sequence[int], *, since: date | None = None
) -> list[tuple[date, int]]:
    """Counted online signatures per day (the day they started to count), oldest first."""
    query = (
        sa.select(SignatureTally.day, sa.func.sum(SignatureTally.count))
        .where(SignatureTally.appeal_id.in_(appeal_ids))
        .group_by(SignatureTally.day)
        .order_by(SignatureTally.day)
    )
    if since is not None:
        query = query.where(SignatureTally.day >= since)
    return [(day, int(n)) for day, n in session.execute(query).all() if n]


def daily_counts_by_appeal(
    session: Session, appeal_ids: Sequence[int], *, since: date
) -> dict[int, dict[date, int]]:
    """Per appeal, counted online signatures per day since `since` (for trend lines)."""
    result: dict[int, dict[date, int]] = {i: {} for i in appeal_ids}
    rows = session.execute(
        sa.select(SignatureTally.appeal_id, SignatureTally.day, sa.func.sum(SignatureTally.count))
        .where(SignatureTally.appeal_id.in_(appeal_ids), SignatureTally.day >= since)
        .group_by(SignatureTally.appeal_id, SignatureTally.day)
    ).all()
    for appeal_id, day, n in rows:
        result[appeal_id][day] = int(n)
    return result


def paper_total(session: Session, appeal_ids: Sequence[int]) -> int:
    return int(
        session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(PaperCount.count), 0)).where(
                PaperCount.appeal_id.in_(appeal_ids)
            )
        )
        or 0
    )
