"""ISO 3166-1 alpha-2 country codes and their names in a given language (from CLDR via Babel)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from wtforms import SelectChoice

# CLDR lists groupings and private-use codes among territories; these are not countries.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@cache
def country_codes() -> frozenset[str]:
    """Every code a supporter may choose (Kosovo's XK included, as CLDR does)."""
    territories = Locale("en").territories
    return frozenset(
        c for c in territories if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES
    )


def is_country(code: str | None) -> bool:
    return bool(code) and code in country_codes()


def country_name(code: str | None, language: str = "en") -> str:
    """The country's name in `language`, or the code itself when unknown."""
    if not code:
        return ""
    return _locale(language).territories.get(code.upper(), code)


def _collation_key(name: str) -> str:
    """Sorts names as a reader expects: "Égypte" among the E, "Åland" among the A."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def country_choices(language: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, name) pairs sorted by name in `language`, for a select field."""
    names = _locale(language).territories
    pairs = ((c, names.get(c, c)) for c in country_codes())
    return tuple(sorted(pairs, key=lambda p: (_collation_key(p[1]), p[1])))


def country_options(blank: str | None = None, language: str = "en") -> list[SelectChoice]:
    """The choices of a country select field, optionally led by a blank option."""
    options = [SelectChoice(code, name) for code, name in country_choices(language)]
    return [SelectChoice("", blank), *options] if blank is not None else options
