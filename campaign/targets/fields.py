"""The shape of a directory entry's fields, shared by the form and the CSV import.

Each parser takes the text a person typed (or a CSV cell) and returns the stored value,
or raises ValueError with a message meant for that person, in the interface language.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any, TypedDict

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from campaign.countries import is_country
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.i18n.lazy import lazy_pgettext as _lp

# The directory's columns, in the order of the CSV file and of the form.
FIELDS = (
    "name",
    "title",
    "organisation",
    "country",
    "postal_address",
    "email",
    "salutation",
    "languages",
    "notes",
    "last_verified_on",
    "active",
)

# Column sizes of campaign.models.target.Target.
MAX_LENGTHS = {"name": 200, "title": 300, "organisation": 300, "salutation": 200, "email": 320}
MAX_TEXT = 10_000  # postal address and notes: generous, but not a whole book
MAX_LANGUAGES = 10

LABELS = {
    "name": _l("Name"),
    "title": _lp("official", "Title"),
    "organisation": _l("Organisation"),
    "country": _l("Country"),
    "postal_address": _l("Postal address"),
    "email": _l("E-mail"),
    "salutation": _l("Salutation"),
    "languages": _l("Preferred languages"),
    "notes": _l("Notes"),
    "last_verified_on": _l("Last verified"),
    "active": _l("Active"),
}

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$", re.I)
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "active"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "inactive"})


class TargetValues(TypedDict, total=False):
    """Field values of a target; an import row holds only the columns its file has."""

    name: str
    title: str
    organisation: str
    country: str | None
    postal_address: str
    email: str | None
    salutation: str
    languages: list[str]
    notes: str
    last_verified_on: date | None
    active: bool


@cache
def _known_languages() -> frozenset[str]:
    return frozenset(code.lower() for code in Locale("en").languages)


def _canonical_tag(tag: str) -> str:
    """'PT-br' → 'pt-BR', 'zh-hant' → 'zh-Hant': BCP 47's customary letter case."""
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def parse_languages(text: str | None) -> list[str]:
    """ "km, en" → ["km", "en"]: short BCP 47 codes in order of preference, no repeats."""
    codes: list[str] = []
    for raw in re.split(r"[\s,;]+", (text or "").strip()):
        if not raw:
            continue
        tag = raw.replace("_", "-")
        if not LANGUAGE_TAG.match(tag) or tag.split("-")[0].lower() not in _known_languages():
            raise ValueError(
                _("“%(code)s” is not a language code; use codes such as km, en, fr.", code=raw[:20])
            )
        tag = _canonical_tag(tag)
        if tag not in codes:
            codes.append(tag)
    if len(codes) > MAX_LANGUAGES:
        raise ValueError(_("Give at most %(count)s languages.", count=MAX_LANGUAGES))
    return codes


def format_languages(codes: list[str] | None) -> str:
    return ", ".join(codes or [])


def parse_email(text: str | None) -> str | None:
    """An address in its normalised form (domain lower-cased), or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTHS["email"]:
        raise ValueError(_("That e-mail address is too long."))
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(_("Enter an e-mail address such as name@example.org.")) from None


def parse_country(text: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code, upper case, or None when empty."""
    code = (text or "").strip().upper()
    if not code:
        return None
    if not is_country(code):
        raise ValueError(
            _("“%(code)s” is not a country code; use two letters such as KH.", code=code[:10])
        )
    return code


def parse_date(text: str | None) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("“%(text)s” is not a date; write it as YYYY-MM-DD.", text=text[:20])
        ) from None


def parse_active(text: str | None) -> bool:
    word = (text or "").strip().lower()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("“%(word)s” is not true or false.", word=word[:10]))


def parse_text(field: str, text: str | None, *, required: bool = False) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ValueError(_("%(field)s is required.", field=LABELS[field]))
    limit = MAX_LENGTHS.get(field, MAX_TEXT)
    if len(value) > limit:
        raise ValueError(
            _("%(field)s is longer than %(limit)s characters.", field=LABELS[field], limit=limit)
        )
    return value


PARSERS: dict[str, Any] = {
    "country": parse_country,
    "email": parse_email,
    "languages": parse_languages,
    "last_verified_on": parse_date,
    "active": parse_active,
}


def parse_field(field: str, text: str | None) -> Any:
    """The stored value of one field from its text (a form input or a CSV cell)."""
    parser = PARSERS.get(field)
    if parser is not None:
        return parser(text)
    return parse_text(field, text, required=field == "name")
