"""Rates and shares as the staff pages show them, in the interface language's own style
("83.3%", "83,3 %"; "1.4", "1,4")."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_decimal, parse_pattern

from campaign.templating import _language  # the request's language unless one is given


def percent(fraction: float | None, language: str | None = None) -> str:
    """0.8333 → '83.3%' (one decimal, in the language's percent pattern); '' for None."""
    if fraction is None:
        return ""
    locale = Locale.parse(_language(language))
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (1, 1)
    return pattern.apply(fraction, locale)


def one_decimal(value: float | None, language: str | None = None) -> str:
    """1.42 → '1.4' / '1,4': a rate per day."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.0", locale=_language(language))
