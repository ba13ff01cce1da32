"""Languages of content (appeals, letters, targets): BCP 47 tags checked against CLDR (Babel).

Pure: neither Flask nor SQLAlchemy. The interface's own languages are campaign.i18n's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

# CLDR's "undetermined" and root locales: Babel reads them as English or as no language.
NOT_LANGUAGES = frozenset({"", "und", "root"})
# A BCP 47 tag's shape (language, then script, region…); Babel alone would also take
# POSIX forms such as "fr.UTF-8" or "fr@euro".
TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


class UnknownLanguage(ValueError):
    """A code that names no language CLDR knows."""


@cache
def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise UnknownLanguage(tag) from error


def normalise(tag: str) -> str:
    """The tag in its usual form ('FR_ca' → 'fr-CA'); UnknownLanguage if CLDR lacks it."""
    if not tag or not TAG.fullmatch(tag.strip()) or primary(tag.strip()) in NOT_LANGUAGES:
        raise UnknownLanguage(tag)
    locale = _locale(tag)
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def primary(tag: str) -> str:
    """The language without script or region: 'fr-CA' → 'fr'."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def same_language(a: str, b: str) -> bool:
    return bool(a) and bool(b) and primary(a) == primary(b)


def best_match(wanted: str, available: Iterable[str]) -> str | None:
    """The available tag for `wanted`: the exact tag first, else the same language."""
    available = list(available)
    for tag in available:
        if tag.lower().replace("_", "-") == wanted.lower().replace("_", "-"):
            return tag
    return next((tag for tag in available if same_language(tag, wanted)), None)


def language_name(tag: str, in_language: str = "en") -> str:
    """The language's name as written in `in_language` ('en' in French: 'anglais')."""
    try:
        name = _locale(tag).get_display_name(_locale(in_language))
    except UnknownLanguage:
        return tag
    return name or tag


def long_date(value: date | datetime | None, language: str = "en") -> str:
    """'10 October 2026' / '10 octobre 2026' / '10 de octubre de 2026'."""
    if value is None:
        return ""
    try:
        locale = _locale(language)
    except UnknownLanguage:
        locale = _locale("en")
    # English as international organisations write it (not CLDR's US "October 10, 2026");
    # every other language in its own long form.
    pattern = "d MMMM y" if locale.language == "en" else "long"
    return format_date(value, pattern, locale=locale)
