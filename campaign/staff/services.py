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
    paper_total,
)
from campaign.counting.services import counts_as_confirmed
from campaign.models import Appeal, Channel, LetterSend, Signature, Target

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
    kept = Signature.invalidated_at.is_(None)
    valid = sa.and_(Signature.flag.is_(None), kept)
    counts = (
        sa.select(
            Signature.appeal_id,
            sa.func.count().filter(valid).label("total"),
            sa.func.count().filter(valid, counts_as_confirmed()).label("confirmed"),
            sa.func.count().filter(Signature.flag.is_not(None), kept).label("flagged"),
        )
        .group_by(Signature.appeal_id)
        .subquery()
    )
    letters = (
        sa.select(LetterSend.appeal_id, sa.func.count().label("letters"))
        .group_by(LetterSend.appeal_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Appeal, counts.c.total, counts.c.confirmed, counts.c.flagged, letters.c.letters)
        .outerjoin(counts, counts.c.appeal_id == Appeal.id)
        .outerjoin(letters, letters.c.appeal_id == Appeal.id)
        .order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    ).all()
    today = today or date.today()
    days = [today - timedelta(days=i) for i in range(TREND_DAYS - 1, -1, -1)]
    trends = daily_counts_by_appeal(session, [r[0].id for r in rows], since=days[0])
    return [
        AppealCounts(
            appeal,
            total or 0,
            confirmed or 0,
            flagged or 0,
            letters or 0,
            tuple(trends[appeal.id].get(d, 0) for d in days),
        )
        for appeal, total, confirmed, flagged, letters in rows
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
    """Everything the staff appeal page shows: from tallies, but for one pass over the
    appeal's signatures for the online figures (0.4 s at a million)."""
    ids = [appeal.id]
    signed, unconfirmed, flagged = _online_figures(session, appeal)
    daily = daily_counts(session, ids)
    countries = country_counts(session, ids)
    today = now.date()
    recent = sum(n for day, n in daily if day > today - timedelta(days=TREND_DAYS))
    per_day = recent / TREND_DAYS
    return AppealStats(
        appeal=appeal,
        counted=appeal.signature_count,
        paper=paper_total(session, ids),
        signed=signed,
        confirmed=signed - unconfirmed,
        flagged=flagged,
        daily=daily,
        countries=countries,
        regions=by_region((c.country, c.total) for c in countries),
        letters=letter_counts(session, appeal),
        per_day_recently=per_day,
        goal_date=forecast(appeal.signature_goal, appeal.signature_count, per_day, today),
    )


def _online_figures(session: Session, appeal: Appeal) -> tuple[int, int, int]:
    """Valid signatures, the valid ones not confirmed, and the flagged awaiting review.

    Anonymised signatures stay in: they still count, only who signed is gone. On an appeal
    that asks for no confirmation, every valid signature counts as confirmed.
    """
    valid = Signature.flag.is_(None)  # of the rows not invalidated (the WHERE below)
    # One pass over the appeal's rows, not one per figure: at a million signatures each
    # pass reads every row (the filters need columns no index holds).
    signed, unconfirmed, flagged = session.execute(
        sa.select(
            sa.func.count().filter(valid),
            sa.func.count().filter(valid, Signature.confirmed_at.is_(None)),
            sa.func.count().filter(Signature.flag.is_not(None)),
        ).where(Signature.appeal_id == appeal.id, Signature.invalidated_at.is_(None))
    ).one()
    return signed, unconfirmed if appeal.confirm_signatures else 0, flagged


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
