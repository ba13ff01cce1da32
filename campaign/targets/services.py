"""The directory of officials: listing, changing, importing and suggesting targets.

Plain functions handed a Session; they never commit (the route or the command does)
and record every change in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import ceil
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.countries import is_country
from campaign.models import Appeal, AppealTarget, Target, User
from campaign.targets.fields import FIELDS, TargetValues
from campaign.targets.suggest import rank_targets, read_addressee

PER_PAGE = 50
MAX_QUERY = 200


class DuplicateTarget(Exception):
    """Another directory entry has this e-mail address already."""

    def __init__(self, other: Target) -> None:
        super().__init__(_("%(name)s has this e-mail address already.", name=other.name))
        self.other = other


@dataclass(frozen=True)
class TargetFilter:
    """What the directory list shows: a search, a country, inactive entries or not."""

    query: str = ""
    country: str | None = None
    show_inactive: bool = False

    @classmethod
    def parse(cls, query: str | None, country: str | None, inactive: str | None) -> TargetFilter:
        """From a query string: anything unknown is ignored rather than refused."""
        code = (country or "").strip().upper()
        return cls(
            query=" ".join((query or "").split())[:MAX_QUERY],
            country=code if is_country(code) else None,
            show_inactive=inactive in ("1", "on", "true", "yes"),
        )


@dataclass
class Page:
    items: Sequence[Target]
    total: int
    number: int
    per_page: int
    appeal_counts: dict[int, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def like_pattern(text: str) -> str:
    """ "50%_off" → "%50\\%\\_off%": a contains-pattern in which the user's % and _ are literal."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filtered(flt: TargetFilter) -> sa.Select[tuple[Target]]:
    """The select() of the targets a filter shows, by name."""
    query = select(Target).order_by(func.lower(Target.name), Target.id)
    if not flt.show_inactive:
        query = query.where(Target.active.is_(True))
    if flt.country:
        query = query.where(Target.country == flt.country)
    for term in flt.query.split()[:10]:
        pattern = like_pattern(term)
        query = query.where(
            sa.or_(
                *(
                    func.lower(func.coalesce(column, "")).like(pattern, escape="\\")
                    for column in (Target.name, Target.title, Target.organisation, Target.email)
                )
            )
        )
    return query


def list_targets(session: Session, flt: TargetFilter, page: int = 1) -> Page:
    """One page of the directory, with how many appeals use each target on it."""
    query = filtered(flt)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, ceil(total / PER_PAGE))
    number = min(max(page, 1), pages)
    items = session.scalars(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    return Page(items, total, number, PER_PAGE, appeal_counts(session, [t.id for t in items]))


def appeal_counts(session: Session, target_ids: list[int]) -> dict[int, int]:
    if not target_ids:
        return {}
    rows = session.execute(
        select(AppealTarget.target_id, func.count(func.distinct(AppealTarget.appeal_id)))
        .where(AppealTarget.target_id.in_(target_ids))
        .group_by(AppealTarget.target_id)
    )
    return {target_id: int(count) for target_id, count in rows}


def appeals_using(session: Session, target: Target) -> Sequence[Appeal]:
    """The appeals that address a target, most recently changed first."""
    query = (
        select(Appeal)
        .join(AppealTarget, AppealTarget.appeal_id == Appeal.id)
        .where(AppealTarget.target_id == target.id)
        .order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    )
    return session.scalars(query).unique().all()


def get_target(session: Session, target_id: int) -> Target | None:
    return session.get(Target, target_id)


def find_by_email(session: Session, email: str, *, exclude: int | None = None) -> Target | None:
    """The entry with this address, compared without regard to case."""
    query = select(Target).where(func.lower(Target.email) == email.lower()).order_by(Target.id)
    if exclude is not None:
        query = query.where(Target.id != exclude)
    return session.scalars(query.limit(1)).first()


def find_by_name(session: Session, name: str, country: str | None) -> Sequence[Target]:
    """Entries of this name (any case) and country, for rows that have no e-mail."""
    query = select(Target).where(func.lower(Target.name) == name.lower()).order_by(Target.id)
    query = query.where(Target.country.is_(None) if country is None else Target.country == country)
    return session.scalars(query).all()


def apply_values(target: Target, values: TargetValues) -> list[str]:
    """Set the given fields; the names of those that changed, in the directory's order."""
    changed = []
    for name in FIELDS:
        if name in values and getattr(target, name) != values[name]:  # type: ignore[literal-required]
            setattr(target, name, values[name])  # type: ignore[literal-required]
            changed.append(name)
    return changed


def audit_change(
    session: Session, action: str, target: Target, user: User | None, **extra: Any
) -> None:
    """Record a change to one entry: its id, its name (officials are public) and what changed."""
    details = {"target_id": target.id, "name": target.name, **extra}
    record(session, action, user=user, details=details)


def create_target(session: Session, values: TargetValues, *, user: User | None) -> Target:
    """Add a directory entry; raises DuplicateTarget when its e-mail is taken."""
    email = values.get("email")
    if email and (other := find_by_email(session, email)) is not None:
        raise DuplicateTarget(other)
    target = Target(name=values["name"])
    changed = apply_values(target, values)
    with email_kept_unique(session, email):
        session.add(target)
    audit_change(session, "target.create", target, user, fields=changed)
    return target


def update_target(
    session: Session, target: Target, values: TargetValues, *, user: User | None
) -> list[str]:
    """Change an entry; the names of the fields that changed (audited when any did)."""
    email = values.get("email")
    if email and (other := find_by_email(session, email, exclude=target.id)) is not None:
        raise DuplicateTarget(other)
    with email_kept_unique(session, email, exclude=target.id):
        changed = apply_values(target, values)
    if changed:
        audit_change(session, "target.update", target, user, fields=changed)
    return changed


@contextmanager
def email_kept_unique(
    session: Session, email: str | None, *, exclude: int | None = None
) -> Iterator[None]:
    """Make the block's changes to the directory in a savepoint, written at its end;
    DuplicateTarget, with only those changes undone, when the database's unique index
    finds `email` taken after all: by an entry saved since it was looked up (the look-up
    is not a lock)."""
    try:
        with session.begin_nested():  # flushed when the block ends
            yield
    except IntegrityError:
        other = email and find_by_email(session, email, exclude=exclude)
        if not other:
            raise
        raise DuplicateTarget(other) from None


def set_active(session: Session, target: Target, active: bool, *, user: User | None) -> bool:
    """Deactivate or reactivate; False when it was so already (nothing recorded).

    A deactivated target stays on the appeals that address it but is no longer suggested.
    """
    if target.active == active:
        return False
    target.active = active
    session.flush()
    audit_change(session, "target.reactivate" if active else "target.deactivate", target, user)
    return True


def suggest_targets(
    session: Session, *, country: str | None, addressees: list[str], limit: int = 10
) -> list[Target]:
    """Active entries that fit the addressees of an appeal of `country`, best first.

    The query narrows the directory to the countries involved and to entries that share
    a name word with an addressee ("Facebook", "United Nations"); `rank_targets` orders them.
    """
    read = [read_addressee(a) for a in addressees if a and a.strip()]
    countries = {c for c in [country, *(x for a in read for x in a.countries)] if c}
    # Stems are the start of their words, so "%stem%" finds the words they came from.
    if countries:
        terms = sorted({s for a in read for s in a.names})[:20]
    else:  # no country known: office words may pick entries too
        terms = sorted({s for a in read for s in a.wanted})[:20]
    conditions: list[sa.ColumnElement[bool]] = []
    if countries:
        conditions.append(Target.country.in_(sorted(countries)))
    for term in terms:
        pattern = like_pattern(term)
        conditions.extend(
            func.lower(column).like(pattern, escape="\\")
            for column in (Target.name, Target.title, Target.organisation)
        )
    if not conditions:
        return []
    query = select(Target).where(Target.active.is_(True), sa.or_(*conditions))
    return rank_targets(
        session.scalars(query).all(), country=country, addressees=addressees, limit=limit
    )
