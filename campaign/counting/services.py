"""Counting signatures incrementally into `Appeal.signature_count` and `SignatureTally`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from campaign.models import Appeal, PaperCount, Signature, SignatureTally


@dataclass(frozen=True)
class CountSettings:
    """How stale a public count may get, and how far the watermark trails the clock."""

    refresh: timedelta = timedelta(seconds=5)
    lag: timedelta = timedelta(seconds=2)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CountSettings:
        return cls(
            refresh=timedelta(seconds=float(config.get("COUNT_REFRESH_SECONDS", 5))),
            lag=timedelta(seconds=float(config.get("COUNT_LAG_SECONDS", 2))),
        )


class Countable(Protocol):
    """What counting needs of an appeal: an Appeal, or a CountState read without loading one."""

    @property
    def id(self) -> int: ...
    @property
    def confirm_signatures(self) -> bool: ...
    @property
    def counted_at(self) -> datetime | None: ...


class CountState(NamedTuple):
    id: int
    counted_at: datetime | None
    confirm_signatures: bool


def count_state(session: Session, slug: str) -> CountState | None:
    """The counter of the appeal at `slug`, read in one small query (no appeal loaded)."""
    row = session.execute(
        sa.select(Appeal.id, Appeal.counted_at, Appeal.confirm_signatures).where(
            Appeal.slug == slug
        )
    ).first()
    return None if row is None else CountState(*row)


def count_states(session: Session, slugs: Iterable[str] | None = None) -> list[CountState]:
    """The counters of the appeals at `slugs` (of every appeal when None), in one query."""
    query = sa.select(Appeal.id, Appeal.counted_at, Appeal.confirm_signatures)
    if slugs is not None:
        query = query.where(Appeal.slug.in_(list(slugs)))
    return [CountState(*row) for row in session.execute(query.order_by(Appeal.id))]


def is_stale(state: Countable, *, now: datetime, settings: CountSettings) -> bool:
    """Whether the count is older than the refresh interval (or was never made)."""
    return state.counted_at is None or state.counted_at <= now - settings.lag - settings.refresh


def moment_column(appeal: Countable) -> sa.ColumnElement[Any]:
    """When a signature of `appeal` starts to count: confirmation, or signing without one."""
    column = Signature.confirmed_at if appeal.confirm_signatures else Signature.created_at
    return column.expression


def counts_as_confirmed() -> sa.ColumnElement[bool]:
    """Confirmed, or signed on an appeal that asks for no confirmation (whose signatures
    count as signed and never get a `confirmed_at`); for queries over several appeals."""
    unconfirmed_appeals = sa.select(Appeal.id).where(Appeal.confirm_signatures.is_(False))
    return sa.or_(Signature.confirmed_at.is_not(None), Signature.appeal_id.in_(unconfirmed_appeals))


def counted_clauses(appeal: Countable) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses selecting the signatures of `appeal` that count (at any moment)."""
    return [
        Signature.appeal_id == appeal.id,
        Signature.flag.is_(None),
        Signature.invalidated_at.is_(None),
        moment_column(appeal).is_not(None),
    ]


def refresh_count(
    session: Session, appeal: Countable, *, now: datetime, settings: CountSettings | None = None
) -> bool:
    """Bring the count forward when it is older than `settings.refresh`; True if it moved.

    The first statement is a compare-and-set on the watermark: of many readers seeing the
    same stale count, one wins and the others carry on with the count they read. On
    SQLite, call it at the start of a transaction (see counting.routes.keep_count_fresh):
    a transaction that has read cannot start writing once another one has committed.
    """
    settings = settings or CountSettings()
    old = appeal.counted_at
    upto = now - settings.lag
    if old is None:
        recount_appeal(session, appeal, now=now, settings=settings)
        return True
    if not is_stale(appeal, now=now, settings=settings):
        return False
    claimed = session.execute(
        _counters()
        .where(Appeal.id == appeal.id, Appeal.counted_at == old)
        .values(counted_at=upto)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    moment = moment_column(appeal)
    added = _tally(session, appeal, [moment > old, moment <= upto], sign=1)
    _move_count(session, appeal, added, counted_at=upto)
    return True


def adjust(
    session: Session, appeal: Countable, where: Iterable[sa.ColumnElement[bool]], sign: int
) -> int:
    """Add (+1) or remove (-1) the counted signatures matching `where` behind the watermark.

    Call with -1 *before* rows stop counting (invalidated), with +1 *after* rows start
    to count (accepted, restored); rows after the watermark are left to the next refresh.
    Returns the change in the count.
    """
    locked = session.execute(
        sa.select(Appeal.counted_at).where(Appeal.id == appeal.id).with_for_update()
    ).scalar_one()
    if locked is None:
        return 0  # never counted: the first refresh counts everything
    change = _tally(session, appeal, [*where, moment_column(appeal) <= locked], sign=sign)
    _move_count(session, appeal, change, counted_at=locked)
    return change


def adjust_paper(session: Session, appeal: Countable, change: int) -> None:
    """Paper counts are outside the watermark: they move the count at once."""
    session.execute(
        _counters()
        .where(Appeal.id == appeal.id)
        .values(signature_count=Appeal.signature_count + change)
        .execution_options(synchronize_session=False)
    )
    _remember(appeal, signature_count=_stored_count(session, appeal))


def recount_appeal(
    session: Session, appeal: Countable, *, now: datetime, settings: CountSettings | None = None
) -> tuple[int, int]:
    """Count `appeal` again from the rows: tallies rebuilt, count set. Returns (before, after)."""
    settings = settings or CountSettings()
    upto = now - settings.lag
    # Take the appeal's row first: a concurrent refresh waits, then finds its claim stale.
    session.execute(
        _counters()
        .where(Appeal.id == appeal.id)
        .values(counted_at=upto)
        .execution_options(synchronize_session=False)
    )
    before = _stored_count(session, appeal)
    session.execute(sa.delete(SignatureTally).where(SignatureTally.appeal_id == appeal.id))
    online = _tally(session, appeal, [moment_column(appeal) <= upto], sign=1)
    paper = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(PaperCount.count), 0)).where(
            PaperCount.appeal_id == appeal.id
        )
    )
    after = online + int(paper or 0)
    session.execute(
        _counters()
        .where(Appeal.id == appeal.id)
        .values(signature_count=after)
        .execution_options(synchronize_session=False)
    )
    _remember(appeal, counted_at=upto, signature_count=after)
    return before, after


def _tally(
    session: Session, appeal: Countable, where: list[sa.ColumnElement[bool]], *, sign: int
) -> int:
    """Add `sign` × the counted signatures matching `where` to the tallies; return the sum."""
    day = sa.func.date(moment_column(appeal))
    rows = session.execute(
        sa.select(day, Signature.country, sa.func.count())
        .where(*counted_clauses(appeal), *where)
        .group_by(day, Signature.country)
    ).all()
    _bump(
        session,
        [
            {"appeal_id": appeal.id, "day": _as_date(d), "country": c, "count": sign * n}
            for d, c, n in rows
        ],
    )
    return sign * sum(n for _, _, n in rows)


def _bump(session: Session, changes: list[dict[str, Any]]) -> None:
    """Add each change to its tally row, creating missing rows: one upsert, many parameters."""
    if not changes:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = SignatureTally.__table__
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.appeal_id, table.c.day, table.c.country],
        set_={"count": table.c.count + statement.excluded.count},
    )
    session.connection().execute(statement, changes)


def _move_count(session: Session, appeal: Countable, change: int, *, counted_at: datetime) -> None:
    session.execute(
        _counters()
        .where(Appeal.id == appeal.id)
        .values(signature_count=Appeal.signature_count + change)
        .execution_options(synchronize_session=False)
    )
    _remember(appeal, counted_at=counted_at, signature_count=_stored_count(session, appeal))


def _stored_count(session: Session, appeal: Countable) -> int:
    return session.scalar(sa.select(Appeal.signature_count).where(Appeal.id == appeal.id)) or 0


def _remember(appeal: Countable, **values: Any) -> None:
    """Show the stored values on a loaded Appeal without marking it changed."""
    if isinstance(appeal, Appeal):
        for key, value in values.items():
            set_committed_value(appeal, key, value)


def _as_date(value: date | str) -> date:
    # SQLite's date() returns text, PostgreSQL's a date.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _counters() -> sa.Update:
    """An UPDATE of an appeal's counters. Counting is not editing the appeal: its
    updated_at stays (organisers' lists sort by it, and signing checks it to know that
    what a process keeps of the appeal is still good)."""
    return sa.update(Appeal).values(updated_at=Appeal.updated_at)
