"""Starting an export: resolve the appeals, count the rows, write the audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from campaign import audit
from campaign.exports.filters import SignatureFilter
from campaign.exports.signatures import count_rows
from campaign.models import Appeal, User


class ExportError(Exception):
    """An export that cannot be made as asked (e.g. an unknown appeal)."""


@dataclass(frozen=True)
class Export:
    kind: str  # "signatures", "counts", "pack"
    format: str
    filter: SignatureFilter
    appeals: Sequence[Appeal]
    rows: int

    def filename(self, now: datetime) -> str:
        return filename(self.kind, self.appeals, self.format, now)


def filename(kind: str, appeals: Sequence[Appeal], fmt: str, now: datetime) -> str:
    """e.g. signatures-kem-sokha-2026-11-28.csv (slugs are URL-safe already)."""
    slug = appeals[0].slug if len(appeals) == 1 else f"{len(appeals)}-appeals"
    return f"{kind}-{slug}-{now.date().isoformat()}.{fmt}"


def appeals_by_slugs(session: Session, slugs: Sequence[str]) -> list[Appeal]:
    """The appeals named, in the order given; ExportError if one does not exist."""
    found = {
        a.slug: a for a in session.scalars(sa.select(Appeal).where(Appeal.slug.in_(slugs))).all()
    }
    missing = [s for s in slugs if s not in found]
    if missing or not slugs:
        if missing:
            raise ExportError(_("no appeal %(slugs)s", slugs=", ".join(missing)))
        raise ExportError(_("choose an appeal"))
    return [found[s] for s in dict.fromkeys(slugs)]


def start_export(
    session: Session,
    kind: str,
    fmt: str,
    flt: SignatureFilter,
    appeals: Sequence[Appeal],
    *,
    user: User | None,
    rows: int | None = None,
    extra: dict[str, Any] | None = None,
) -> Export:
    """Count the rows and add the audit entry (who, filters, row count; never the e-mails)."""
    rows = count_rows(session, flt) if rows is None else rows
    details = {
        "format": fmt,
        "filters": flt.describe({a.id: a.slug for a in appeals}),
        "rows": rows,
        **(extra or {}),
    }
    audit.record(
        session,
        f"export.{kind}",
        user=user,
        appeal=appeals[0] if len(appeals) == 1 else None,
        details=details,
    )
    return Export(kind, fmt, flt, appeals, rows)


def record_pack(
    session: Session, appeal: Appeal, built: Any, *, user: User | None, via: str | None = None
) -> Export:
    """The audit entry of a delivery pack: its names, pages, paper count and checksum."""
    flt = SignatureFilter(appeal_ids=(appeal.id,), columns=("name", "country"))
    extra = {"paper": built.paper, "sha256": built.sha256, "pages": built.pages}
    if via:
        extra["via"] = via
    return start_export(
        session, "pack", "pdf", flt, [appeal], user=user, rows=built.names, extra=extra
    )
