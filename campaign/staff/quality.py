"""Quality control: flagged signatures, bulk invalidation with restore, and paper counts.

Each action moves the counter at once (campaign.counting.adjust) and is audited with the
criteria and the number of rows, never the e-mail addresses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from campaign import audit
from campaign.counting import adjust, adjust_paper
from campaign.database import in_chunks
from campaign.models import Appeal, AuditEvent, Flag, PaperCount, Signature, User
from campaign.signatures.mail import confirm_key, follow_up, queue_supporter_email
from campaign.webhooks import events as webhook_events

SAMPLE = 20  # matching signatures a preview shows, to check the criteria catch the right ones


class QualityError(Exception):
    """A quality-control action that cannot be done as asked."""


@dataclass(frozen=True)
class Criteria:
    """Which signatures of an appeal a bulk invalidation touches (all given must match)."""

    email_domain: str = ""
    ip_hash: str = ""
    since: datetime | None = None
    until: datetime | None = None
    name_pattern: str = ""  # * matches anything, case-insensitive

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if self.email_domain:
            domain = self.email_domain.strip().lstrip("@").lower()
            where.append(Signature.email_canonical.endswith("@" + domain, autoescape=True))
        if self.ip_hash:
            where.append(Signature.ip_hash == self.ip_hash.strip())
        if self.since:
            where.append(Signature.created_at >= self.since)
        if self.until:
            where.append(Signature.created_at < self.until)
        if self.name_pattern:
            where.append(Signature.name.ilike(like_pattern(self.name_pattern), escape="\\"))
        if not where:
            raise QualityError(
                _("Give at least one criterion: a bulk action on everything is refused.")
            )
        return where

    def describe(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in asdict(self).items()
            if v
        }


def like_pattern(pattern: str) -> str:
    """A `*` wildcard pattern as SQL LIKE, with LIKE's own wildcards escaped."""
    escaped = pattern.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def _live(appeal: Appeal) -> list[sa.ColumnElement[bool]]:
    return [Signature.appeal_id == appeal.id, Signature.invalidated_at.is_(None)]


def preview(session: Session, appeal: Appeal, criteria: Criteria) -> int:
    """How many rows `invalidate` would touch now."""
    where = [*_live(appeal), *criteria.clauses()]
    return session.scalar(sa.select(sa.func.count()).where(*where)) or 0


def sample(
    session: Session, appeal: Appeal, criteria: Criteria, *, limit: int = SAMPLE
) -> Sequence[Signature]:
    """The first `limit` signatures `invalidate` would touch now, the oldest first."""
    where = [*_live(appeal), *criteria.clauses()]
    query = sa.select(Signature).where(*where).order_by(Signature.created_at, Signature.id)
    return session.scalars(query.limit(limit)).all()


def invalidate(
    session: Session, appeal: Appeal, criteria: Criteria, *, user: User | None, now: datetime
) -> int:
    """Invalidate the matching signatures (one batch, stamped `now`); returns the row count."""
    where = [*_live(appeal), *criteria.clauses()]
    ids = session.scalars(sa.select(Signature.id).where(*where)).all()
    adjust(session, appeal, where, -1)
    touched = session.execute(
        sa.update(Signature)
        .where(*where)
        .values(invalidated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    audit.record(
        session,
        "signatures.invalidate",
        user=user,
        appeal=appeal,
        details={"criteria": criteria.describe(), "rows": touched, "batch": now.isoformat()},
    )
    webhook_events.signatures_invalidated(session, appeal, ids, now=now)
    return touched


@dataclass(frozen=True)
class Batch:
    invalidated_at: datetime
    rows: int
    # How the batch was chosen, from its audit entry: the bulk criteria (as
    # Criteria.describe gives them), or the flags of signatures invalidated from the
    # flagged list. Both empty when no entry is found.
    criteria: dict[str, Any] = field(default_factory=dict)
    flagged: tuple[Flag, ...] = ()


def batches(session: Session, appeal: Appeal) -> list[Batch]:
    """Invalidation batches of an appeal (rows sharing an invalidated_at), newest first,
    each with the criteria it was made with, so staff can tell which one to restore."""
    rows = session.execute(
        sa.select(Signature.invalidated_at, sa.func.count())
        .where(Signature.appeal_id == appeal.id, Signature.invalidated_at.is_not(None))
        .group_by(Signature.invalidated_at)
        .order_by(Signature.invalidated_at.desc())
    ).all()
    how = _how_invalidated(session, appeal)
    return [
        Batch(
            at,
            n,
            criteria=how.get(_batch_key(at), {}).get("criteria", {}),
            flagged=tuple(Flag(f) for f in how.get(_batch_key(at), {}).get("flagged", ())),
        )
        for at, n in rows
    ]


def _how_invalidated(session: Session, appeal: Appeal) -> dict[str, dict[str, Any]]:
    """The audit details of the appeal's invalidations, by batch."""
    details = session.scalars(
        sa.select(AuditEvent.details).where(
            AuditEvent.action == "signatures.invalidate", AuditEvent.appeal_id == appeal.id
        )
    ).all()
    found: dict[str, dict[str, Any]] = {}
    for entry in details:
        try:
            key = _batch_key(datetime.fromisoformat(entry["batch"]))
        except (KeyError, TypeError, ValueError):
            continue
        found[key] = entry
    return found


def _batch_key(at: datetime) -> str:
    # The same moment whether the database gives it back with its zone or without.
    return at.replace(tzinfo=None).isoformat()


def restore(
    session: Session, appeal: Appeal, batch: datetime, *, user: User | None, now: datetime
) -> int:
    """Undo one invalidation batch: the rows count again. Returns the row count."""
    ids = session.scalars(
        sa.select(Signature.id).where(
            Signature.appeal_id == appeal.id, Signature.invalidated_at == batch
        )
    ).all()
    for chunk in in_chunks(ids):
        session.execute(
            sa.update(Signature)
            .where(Signature.id.in_(chunk))
            .values(invalidated_at=None)
            .execution_options(synchronize_session=False)
        )
        adjust(session, appeal, [Signature.id.in_(chunk)], +1)
    audit.record(
        session,
        "signatures.restore",
        user=user,
        appeal=appeal,
        details={"batch": batch.isoformat(), "rows": len(ids)},
    )
    webhook_events.signatures_restored(session, appeal, ids, now=now)
    return len(ids)


FLAGGED_LIMIT = 500  # rows the flagged list shows at once


def _waiting(appeal: Appeal | None) -> list[sa.ColumnElement[bool]]:
    where = [Signature.flag.is_not(None), Signature.invalidated_at.is_(None)]
    if appeal is not None:
        where.append(Signature.appeal_id == appeal.id)
    return where


def flagged(
    session: Session, appeal: Appeal | None, *, limit: int = FLAGGED_LIMIT
) -> Sequence[Signature]:
    """Flagged signatures not yet decided on, the newest first."""
    query = sa.select(Signature).where(*_waiting(appeal))
    return session.scalars(query.order_by(Signature.created_at.desc()).limit(limit)).all()


def flagged_count(session: Session, appeal: Appeal | None) -> int:
    """How many flagged signatures wait for a decision (the list shows the newest only)."""
    return session.scalar(sa.select(sa.func.count()).where(*_waiting(appeal))) or 0


def decide_flagged(
    session: Session,
    ids: Sequence[int],
    *,
    accept: bool,
    user: User | None,
    now: datetime,
) -> int:
    """Accept (clear the flag: they count) or invalidate flagged signatures; returns rows.

    An accepted signature that must still be confirmed is sent its confirmation e-mail,
    unless it was sent one already; one that counts now is announced to the webhooks."""
    chosen = session.scalars(
        sa.select(Signature).where(Signature.id.in_(ids), Signature.flag.is_not(None))
    ).all()
    by_appeal: dict[int, list[Signature]] = {}
    for signature in chosen:
        by_appeal.setdefault(signature.appeal_id, []).append(signature)
    for rows in by_appeal.values():
        appeal = rows[0].appeal
        flags = sorted({s.flag.value for s in rows if s.flag})
        for signature in rows:
            if accept:
                signature.flag = None
            else:
                signature.invalidated_at = now
        session.flush()
        if accept:
            adjust(session, appeal, [Signature.id.in_([s.id for s in rows])], +1)
            for signature in rows:
                _follow_acceptance(session, appeal, signature, now=now)
        else:
            webhook_events.signatures_invalidated(session, appeal, [s.id for s in rows], now=now)
        audit.record(
            session,
            "signatures.accept" if accept else "signatures.invalidate",
            user=user,
            appeal=appeal,
            details={"flagged": flags, "rows": len(rows), "batch": now.isoformat()},
        )
    return len(chosen)


def _follow_acceptance(
    session: Session, appeal: Appeal, signature: Signature, *, now: datetime
) -> None:
    """What a signature that was not flagged would have had: its confirmation e-mail, or
    its receipt on an appeal that asks for no confirmation (the dedupe key sends each
    once), and, once it counts, the webhooks' event."""
    if appeal.confirm_signatures and signature.confirmed_at is None:
        if signature.anonymised_at is None:
            queue_supporter_email(
                session, "confirm", signature, appeal, now=now, dedupe_key=confirm_key(signature.id)
            )
        return
    if not appeal.confirm_signatures and signature.anonymised_at is None:
        name, key = follow_up(appeal)
        queue_supporter_email(
            session, name, signature, appeal, now=now, dedupe_key=key(signature.id)
        )
    webhook_events.signature_confirmed(session, signature, now=now)


def add_paper(
    session: Session,
    appeal: Appeal,
    *,
    country: str,
    count: int,
    note: str,
    collected_on: date | None,
    user: User | None,
) -> PaperCount:
    """Record signatures collected on paper; they count at once."""
    if count <= 0:
        raise QualityError(_("A paper count must be at least 1."))
    paper = PaperCount(
        appeal=appeal,
        country=country,
        count=count,
        note=note,
        collected_on=collected_on,
        created_by=user,
    )
    session.add(paper)
    session.flush()
    adjust_paper(session, appeal, count)
    audit.record(
        session, "paper.add", user=user, appeal=appeal, details={"country": country, "rows": count}
    )
    return paper


def remove_paper(session: Session, appeal: Appeal, paper_id: int, *, user: User | None) -> int:
    """Delete a paper count entered by mistake; returns the count removed (0 if none)."""
    paper = session.scalar(
        sa.select(PaperCount).where(PaperCount.id == paper_id, PaperCount.appeal_id == appeal.id)
    )
    if paper is None:
        return 0
    adjust_paper(session, appeal, -paper.count)
    details = {"country": paper.country, "rows": paper.count}
    session.delete(paper)
    audit.record(session, "paper.remove", user=user, appeal=appeal, details=details)
    return details["rows"]


def paper_counts(session: Session, appeal: Appeal) -> Sequence[PaperCount]:
    return session.scalars(
        sa.select(PaperCount)
        .where(PaperCount.appeal_id == appeal.id)
        .order_by(PaperCount.created_at.desc(), PaperCount.id.desc())
    ).all()
