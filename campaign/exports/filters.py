"""Which signatures an export holds: a filter turned into SQL and into audit details."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from campaign.counting.services import counts_as_confirmed
from campaign.models import Signature, utcnow

# column key -> heading. By default an e-mail goes out with whether its owner agreed to be
# contacted, so that a CRM importing the list can tell (or tick "consented only" to
# leave the others out). The headings stay English
# whatever the interface language: the files go to CRMs and officials (a data format);
# the form names the columns in the interface language (forms.COLUMN_LABELS).
COLUMNS: dict[str, str] = {
    "appeal": "Appeal",
    "name": "Name",
    "email": "E-mail",
    "country": "Country",
    "postcode": "Postcode",
    "city": "Town or city",
    "comment": "Comment",
    "consent": "Consent to contact",
    "language": "Language",
    "source": "Source",
    "signed_at": "Signed at (UTC)",
    "confirmed_at": "Confirmed at (UTC)",
    "flag": "Flag",
}
DEFAULT_COLUMNS = (
    "appeal", "name", "email", "consent", "country", "postcode", "signed_at", "confirmed_at",
)  # fmt: skip

# The days a filter may name. Far wider than any signature's, and far enough from the
# ends of the calendar that the day after `until` can always be worked out.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def day_in_range(day: date | None) -> bool:
    """Whether `day` (if any) is one a filter may name: FIRST_DAY to LAST_DAY."""
    return day is None or FIRST_DAY <= day <= LAST_DAY


@dataclass(frozen=True)
class SignatureFilter:
    """Signatures of some appeals; invalidated and anonymised ones are never exported."""

    appeal_ids: tuple[int, ...]
    since: date | None = None  # signed on or after (UTC day)
    until: date | None = None  # signed on or before (UTC day)
    countries: tuple[str, ...] = ()
    confirmed_only: bool = True  # as the count has it: any valid one, if none is asked for
    consented_only: bool = False
    include_flagged: bool = False
    columns: tuple[str, ...] = field(default=DEFAULT_COLUMNS)

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        where = [
            Signature.appeal_id.in_(self.appeal_ids),
            Signature.invalidated_at.is_(None),
            Signature.anonymised_at.is_(None),
        ]
        if self.since:
            where.append(Signature.created_at >= _start_of(self.since))
        if self.until:
            where.append(Signature.created_at < _start_of(self.until + timedelta(days=1)))
        if self.countries:
            where.append(Signature.country.in_(self.countries))
        if self.confirmed_only:
            where.append(counts_as_confirmed())
        if self.consented_only:
            # Consent given and not withdrawn since (unsubscribed).
            where += [Signature.consent.is_(True), Signature.unsubscribed_at.is_(None)]
        if not self.include_flagged:
            where.append(Signature.flag.is_(None))
        return where

    def describe(self, slugs: dict[int, str]) -> dict[str, Any]:
        """The filter for the audit log: what was chosen, never who is in it."""
        return {
            "appeals": [slugs.get(i, str(i)) for i in self.appeal_ids],
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "countries": list(self.countries),
            "confirmed_only": self.confirmed_only,
            "consented_only": self.consented_only,
            "include_flagged": self.include_flagged,
            "columns": list(self.columns),
        }


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)
