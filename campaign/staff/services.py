"""Counts for staff pages: the appeals list and one appeal's figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.charts.regions import by_region
from campaign.counting.queries import (
    CountryCount,
    country_counts,
    daily_counts,
    daily_counts_by_appeal,
    online_figures,
    paper_total,
)
from campaign.models import Appeal, Channel, LetterSend, Target

TREND_DAYS = 7


@dataclass(frozen=True)
class AppealCounts:
    appeal: Appeal
    total: int  # valid (not flagged, not invalidated) online signatures, confirmed or not
    confirmed: int  # the valid ones that count: confirmed, or any if none is asked for
    flagged: int  # flagged and not yet invalidated: waiting for review
    letters: int = 0
    trend: tuple[int, ...] = ()  # counted per day, the last TREND_DAYS days, oldest first


def appeal_counts(session: Session, *, today: date | None = None) -> list[AppealCounts]:
    """Every appeal with its signatures (valid, confirmed, flagged), letters and 7-day trend."""
    letters = (
        sa.select(LetterSend.appeal_id, sa.func.count().label("letters"))
        .group_by(LetterSend.appeal_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Appeal, letters.c.letters)
        .outerjoin(letters, letters.c.appeal_id == Appeal.id)
        .order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    ).all()
    ids = [appeal.id for appeal, _ in rows]
    figures = online_figures(session, ids)
    today = today or date.today()
    days = [today - timedelta(days=i) for i in range(TREND_DAYS - 1, -1, -1)]
    trends = daily_counts_by_appeal(session, ids, since=days[0])
    return [
        AppealCounts(
            appeal,
            figures[appeal.id].signed,
            figures[appeal.id].confirmed,
            figures[appeal.id].flagged,
            letters or 0,
            tuple(trends[appeal.id].get(d, 0) for d in days),
        )
        for appeal, letters in rows
    ]


@dataclass(frozen=True)
class LetterCount:
    target: str
    channel: Channel
    count: int


@dataclass(frozen=True)
class AppealStats:
    appeal: Appeal
    counted: int
    paper: int
    signed: int  # valid online signatures: not flagged, not invalidated (as on /staff/)
    confirmed: int  # the valid ones that count: confirmed, or all if none is asked for
    flagged: int  # flagged and not yet invalidated: waiting for review
    daily: list[tuple[date, int]]
    countries: list[CountryCount]
    regions: list[tuple[str, int]]
    letters: list[LetterCount]
    per_day_recently: float
    goal_date: date | None

    @property
    def confirmation_rate(self) -> float | None:
        return None if self.signed <= 0 else self.confirmed / self.signed

    @property
    def goal_reached(self) -> bool:
        return bool(self.appeal.signature_goal) and self.counted >= self.appeal.signature_goal


def appeal_stats(session: Session, appeal: Appeal, *, now: datetime) -> AppealStats:
    """Everything the staff appeal page shows, from the counters and tallies and the few
    rows they do not hold (see online_figures)."""
    ids = [appeal.id]
    online = online_figures(session, ids)[appeal.id]
    daily = daily_counts(session, ids)
    countries = country_counts(session, ids)
    today = now.date()
    recent = sum(n for day, n in daily if day > today - timedelta(days=TREND_DAYS))
    per_day = recent / TREND_DAYS
    return AppealStats(
        appeal=appeal,
        counted=appeal.signature_count,
        paper=paper_total(session, ids),
        signed=online.signed,
        confirmed=online.confirmed,
        flagged=online.flagged,
        daily=daily,
        countries=countries,
        regions=by_region((c.country, c.total) for c in countries),
        letters=letter_counts(session, appeal),
        per_day_recently=per_day,
        goal_date=forecast(appeal.signature_goal, appeal.signature_count, per_day, today),
    )


def forecast(goal: int | None, count: int, per_day: float, today: date) -> date | None:
    """When the goal will be reached at `per_day`; None without a goal, a rate, or once reached."""
    if not goal or count >= goal or per_day <= 0:
        return None
    return today + timedelta(days=math.ceil((goal - count) / per_day))


def letter_counts(session: Session, appeal: Appeal) -> list[LetterCount]:
    """Letters sent per target and channel, the most first."""
    rows = session.execute(
        sa.select(Target, LetterSend.channel, sa.func.count())
        .join(Target, Target.id == LetterSend.target_id)
        .where(LetterSend.appeal_id == appeal.id)
        .group_by(Target.id, LetterSend.channel)
        .order_by(sa.func.count().desc())
    ).all()
    return [LetterCount(target.display_name, channel, n) for target, channel, n in rows]


def appeal_by_slug(session: Session, slug: str) -> Appeal | None:
    return session.scalar(sa.select(Appeal).where(Appeal.slug == slug))


def all_appeals(session: Session) -> Sequence[Appeal]:
    return session.scalars(sa.select(Appeal).order_by(Appeal.title)).all()
