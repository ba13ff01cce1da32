"""Places: the country whose authorities a release addresses, as an ISO 3166-1 code."""

from __future__ import annotations

import re
from collections import Counter

from .countries import INTERNATIONAL, NAME_TO_CODE

_NAMES = sorted(NAME_TO_CODE, key=len, reverse=True)
COUNTRY_WORD = re.compile(
    r"(?<![\w-])(?P<name>" + "|".join(re.escape(n) for n in _NAMES) + r")s?(?![\w-])"
)
TITLE_PREFIX = re.compile(r"^\s*([A-Z][\w .'’-]{2,40}?)\s*[:–—|]\s")
GOVERNMENT_OF = re.compile(
    r"\b(?:Government|Govt\.?|authorities|Ministry \w+|President|Parliament|Republic) of "
    r"(?:the )?(" + "|".join(re.escape(n) for n in _NAMES) + r")\b"
)
INTERNATIONAL_WORD = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in INTERNATIONAL) + r")\b", re.I
)


def codes_in(text: str) -> list[str]:
    """Country codes named in a piece of text, in order."""
    return [NAME_TO_CODE[m.group("name")] for m in COUNTRY_WORD.finditer(text)]


def title_country(title: str | None) -> str | None:
    """ "Cambodia: Release of Kem Sokha ..." → "KH"."""
    match = TITLE_PREFIX.match(title or "")
    if match and match.group(1) in NAME_TO_CODE:
        return NAME_TO_CODE[match.group(1)]
    return None


def is_international(target: str) -> bool:
    """True for addressees above or across states (UN bodies, the EU, "governments")."""
    return bool(INTERNATIONAL_WORD.search(target)) and not codes_in(target)


def find_country(title: str | None, targets: list[str], text: str) -> str | None:
    """The country of the addressed authorities; None when they are international."""
    code = title_country(title)
    if code:
        return code
    target_codes = Counter(c for t in targets for c in codes_in(t))
    if target_codes:
        return target_codes.most_common(1)[0][0]
    if targets and all(is_international(t) for t in targets):
        return None
    named = Counter(NAME_TO_CODE[m.group(1)] for m in GOVERNMENT_OF.finditer(text))
    if named:
        return named.most_common(1)[0][0]
    return dominant(Counter(codes_in(text)))


def dominant(mentioned: Counter[str]) -> str | None:
    """The one country a release is about: the only one named, or named twice as often."""
    ranked = mentioned.most_common(2)
    if not ranked:
        return None
    if len(ranked) == 1:
        return ranked[0][0]
    (code, count), (_, second) = ranked
    return code if count >= 2 * second else None
