"""Listing appeals for organisers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.models import Appeal, AppealStatus


def list_appeals(session: Session, status: AppealStatus | None = None) -> Sequence[Appeal]:
    """Appeals, most recently changed first, optionally of one status."""
    query = select(Appeal).order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    if status is not None:
        query = query.where(Appeal.status == status)
    return session.scalars(query).all()


def parse_status(value: str | None) -> AppealStatus | None:
    """The status filter from a query string; anything unknown means all."""
    try:
        return AppealStatus(value) if value else None
    except ValueError:
        return None
