"""What the API reads, and how an OSDI person becomes the sign form's fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.appeals.services import public_appeal as public_appeal_query
from campaign.counting import counted_clauses
from campaign.counting.queries import counted_online
from campaign.models import Appeal, Signature

DEFAULT_CONSENT_TEXT = "Consent given on the organisation's own site (API)."


def consent_text(body: dict[str, Any]) -> str:
    """The words the person agreed to on the organisation's site, as the client sent them.

    Empty when they did not agree to be contacted (stored as no text): a text would then
    record a consent that was never given. The field is checked either way.
    """
    sent = _text(body.get("consent_text"), "consent_text")
    if not consents(body):
        return ""
    return (sent or DEFAULT_CONSENT_TEXT)[:2000]


def public_appeal(session: Session, slug: str) -> Appeal | None:
    return public_appeal_query(session, slug)


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int
    after: int | None = None  # the id the page before ended on (lists ordered by id)


def paginate(session: Session, query: sa.Select[Any], paging: Paging) -> tuple[Sequence[Any], int]:
    """One page of `query`'s rows, and how many rows there are in all."""
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    return session.scalars(query.limit(paging.per_page).offset(_offset(paging))).all(), total


def _offset(paging: Paging) -> int:
    return (paging.page - 1) * paging.per_page


def live_appeals(session: Session, paging: Paging, now: datetime) -> tuple[Sequence[Appeal], int]:
    """The appeals taking signatures at `now`, as the home page lists them: a live appeal
    past its deadline stops being listed before the cron job closes it."""
    query = sa.select(Appeal).where(Appeal.open_at(now)).order_by(Appeal.id)
    return paginate(session, query, paging)


def counted_signatures(
    session: Session, appeal: Appeal, paging: Paging
) -> tuple[Sequence[Signature], int]:
    """The signatures that count (confirmed where required, not flagged, invalidated or
    anonymised), oldest first."""
    # What the counter counts (so that listed_total agrees), less the anonymised.
    where = [*counted_clauses(appeal), Signature.anonymised_at.is_(None)]
    query = sa.select(Signature).where(*where).order_by(Signature.id)
    total = listed_total(session, appeal)
    if paging.after is not None:
        # Read on from the id the page before ended on: no rows counted off to get there.
        rows = session.scalars(query.where(Signature.id > paging.after).limit(paging.per_page))
    else:
        rows = session.scalars(query.limit(paging.per_page).offset(_offset(paging)))
    return rows.all(), total


def listed_total(session: Session, appeal: Appeal) -> int:
    """How many signatures counted_signatures lists, from the counters rather than the
    rows (a million of them took a second a page): the counted ones, less those since
    anonymised, which the list leaves out and a partial index holds."""
    counted = counted_online(session, [appeal.id])[appeal.id]
    # Which of them count is asked of each row, not in the WHERE: there, "confirmed"
    # reads as a range of the index on confirmation that holds nearly every row.
    anonymised = session.scalar(
        sa.select(
            sa.func.coalesce(
                sa.func.sum(sa.case((sa.and_(*counted_clauses(appeal)), 1), else_=0)), 0
            )
        ).where(Signature.appeal_id == appeal.id, Signature.anonymised_at.is_not(None))
    )
    return counted - int(anonymised or 0)


def _first(items: Any) -> dict[str, Any]:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


class NotText(ValueError):
    """A field the OSDI document gives as a string (or `kind`) held something else."""

    def __init__(self, field: str, kind: str = "a string") -> None:
        super().__init__(f"{field} must be {kind}.")
        self.field = field


def consents(body: dict[str, Any]) -> bool:
    """consent_to_contact, which must be a JSON boolean when sent: "true" or 1 taken as
    no consent would silently lose what the person chose."""
    value = body.get("consent_to_contact")
    if value is not None and not isinstance(value, bool):
        raise NotText("consent_to_contact", "true or false")
    return value is True


def _text(value: Any, field: str) -> str:
    # str() would store Python's own spelling of a number, list or object as a name.
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NotText(field)
    return value


def form_fields(body: dict[str, Any]) -> dict[str, str]:
    """The sign form's fields from an OSDI body, so the API checks exactly what the page does.

    Raises NotText, naming the field, when a value is not of the type the document gives.
    """
    person = body.get("person") if isinstance(body.get("person"), dict) else {}
    names = [_text(person.get(k), f"person.{k}").strip() for k in ("given_name", "family_name")]
    email = _first(person.get("email_addresses")).get("address")
    postal = _first(person.get("postal_addresses"))
    place = "person.postal_addresses[0]"
    fields = {
        "name": " ".join(names).strip(),
        "email": _text(email, "person.email_addresses[0].address"),
        "country": _text(postal.get("country"), f"{place}.country").upper(),
        "postcode": _text(postal.get("postal_code"), f"{place}.postal_code"),
        "city": _text(postal.get("locality"), f"{place}.locality"),
    }
    if consents(body):
        fields["consent"] = "y"
    return fields
