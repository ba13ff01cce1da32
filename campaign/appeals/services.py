"""Reading appeals for the public pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from campaign.models import Appeal, AppealStatus, AppealTarget

# Drafts are the organiser's business; everything else has been public once.
PUBLIC_STATUSES = (AppealStatus.LIVE, AppealStatus.CLOSED, AppealStatus.ARCHIVED)


def public_appeal(session: Session, slug: str, *, content: bool = True) -> Appeal | None:
    """The appeal at `slug` with what its page shows, or None when it is not public.

    With content=False only the appeal's row is read: for routes that need no more (the
    sign POST), where loading, and after each commit reloading, subjects, demands,
    targets and updates was most of the work.
    """
    if not content:
        return session.scalar(_public_row(), {"slug": slug})
    query = (
        select(Appeal)
        .where(Appeal.slug == slug, Appeal.status.in_(PUBLIC_STATUSES))
        .options(
            selectinload(Appeal.subjects),
            selectinload(Appeal.demands),
            selectinload(Appeal.appeal_targets).joinedload(AppealTarget.target),
            selectinload(Appeal.updates),
        )
    )
    return session.scalar(query)


@cache
def _public_row() -> Select[tuple[Appeal]]:
    """Built once (its cache key with it): the slug travels as a parameter."""
    return select(Appeal).where(
        Appeal.slug == bindparam("slug"), Appeal.status.in_(PUBLIC_STATUSES)
    )


def live_appeals(session: Session, *, now: datetime) -> Sequence[Appeal]:
    """Appeals taking signatures at `now`, the most recently published first."""
    return session.scalars(
        select(Appeal)
        .where(Appeal.open_at(now))
        .order_by(Appeal.published_at.desc().nulls_last(), Appeal.id.desc())
    ).all()
