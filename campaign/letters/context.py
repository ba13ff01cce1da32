"""What a letter template can see: plain, read-only views, never models or the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, tzinfo
from typing import Any


@dataclass(frozen=True)
class SupporterView:
    name: str
    city: str = ""
    country: str = ""  # the country's name, in the letter's language
    postcode: str = ""

    @property
    def place(self) -> str:
        """Where the supporter writes from, as a letter's signature gives it: "Lyon 69001,
        France", with whatever parts they gave."""
        town = " ".join(part for part in (self.city, self.postcode) if part)
        return ", ".join(part for part in (town, self.country) if part)


@dataclass(frozen=True)
class TargetView:
    name: str
    title: str = ""
    organisation: str = ""
    salutation: str = ""
    postal_address: str = ""

    @classmethod
    def from_target(cls, target: Any) -> TargetView:
        """The view of a Target row (any object with its attributes)."""
        return cls(
            name=target.name,
            title=target.title or "",
            organisation=target.organisation or "",
            salutation=target.salutation or "",
            postal_address=target.postal_address or "",
        )


@dataclass(frozen=True)
class DemandView:
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class AppealView:
    title: str
    summary: str = ""
    url: str = ""
    subjects: tuple[str, ...] = ()
    demands: tuple[DemandView, ...] = ()
    deadline: date | None = None

    @classmethod
    def of(cls, title: str, demands: list[str] | tuple[str, ...] = (), **fields: Any) -> AppealView:
        """Build from demand texts."""
        return cls(title=title, demands=tuple(DemandView(d) for d in demands), **fields)

    @classmethod
    def from_appeal(cls, appeal: Any, url: str = "", zone: tzinfo = UTC) -> AppealView:
        """The view of an Appeal row with its subjects and demands; its deadline is the day
        it ends in `zone` (the site's DEADLINE_TIMEZONE: campaign.deadlines)."""
        deadline = appeal.deadline.astimezone(zone).date() if appeal.deadline else None
        return cls(
            title=appeal.title,
            summary=appeal.summary or "",
            url=url,
            subjects=tuple(s.name for s in appeal.subjects),
            demands=tuple(DemandView(d.text) for d in appeal.demands),
            deadline=deadline,
        )


@dataclass(frozen=True)
class LetterContext:
    supporter: SupporterView
    target: TargetView
    appeal: AppealView
    today: date = field(default_factory=date.today)
    personal: str = ""  # the supporter's own paragraph, plain text
    language: str = "en"  # the letter's: dates are written in it (not a template variable)

    def as_dict(self) -> dict[str, object]:
        return {
            "supporter": self.supporter,
            "target": self.target,
            "appeal": self.appeal,
            "today": self.today,
            "personal": self.personal,
        }


# The variables a template may use, documented for organisers on the letter editor.
VARIABLES: dict[str, str] = {
    "supporter.name": "the supporter's name",
    "supporter.city": "the supporter's town or city (may be empty)",
    "supporter.country": "the supporter's country, by name",
    "supporter.postcode": "the supporter's postcode (may be empty)",
    "supporter.place": "town, postcode and country together, e.g. Lyon 69001, France",
    "target.name": "the official's name",
    "target.title": "the official's title, e.g. Prime Minister",
    "target.organisation": "the official's ministry or office",
    "target.salutation": "how to address them, e.g. Your Excellency",
    "target.postal_address": "their postal address",
    "appeal.title": "the appeal's title",
    "appeal.summary": "the case in two or three sentences",
    "appeal.url": "the public page of the appeal",
    "appeal.subjects": "the names of the people concerned",
    "appeal.demands": "the demands, in order (use in a for loop)",
    "appeal.deadline": "the take-action-before date",
    "today": "today's date",
    "personal": "the paragraph the supporter wrote (may be empty)",
}


def sample_supporter() -> SupporterView:
    """A supporter for previews, with letters from several scripts to show encoding works."""
    return SupporterView(name="Ana Ruiz", city="Valparaíso", country="Chile", postcode="2340000")
