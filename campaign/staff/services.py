"""Counts for staff, computed by the database in one grouped query."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.models import Appeal, Signature


@dataclass(frozen=True)
class AppealCounts:
    appeal: Appeal
    total: int
    confirmed: int
    flagged: int


def appeal_counts(session: Session) -> list[AppealCounts]:
    """Every appeal with its signatures: all valid, confirmed, and flagged."""
    valid = sa.and_(Signature.flag.is_(None), Signature.invalidated_at.is_(None))
    counts = (
        sa.select(
            Signature.appeal_id,
            sa.func.count().filter(valid).label("total"),
            sa.func.count().filter(valid, Signature.confirmed_at.is_not(None)).label("confirmed"),
            sa.func.count().filter(Signature.flag.is_not(None)).label("flagged"),
        )
        .group_by(Signature.appeal_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Appeal, counts.c.total, counts.c.confirmed, counts.c.flagged)
        .outerjoin(counts, counts.c.appeal_id == Appeal.id)
        .order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    ).all()
    return [
        AppealCounts(appeal, total or 0, confirmed or 0, flagged or 0)
        for appeal, total, confirmed, flagged in rows
    ]
