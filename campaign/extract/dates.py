"""The release's own date: header lines, datelines and "today" first, never narrative dates."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .segment import Sentence

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
    r"June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember)?|\.)?|Oct(?:ober|\.)?|"
    r"Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATE_FORMS = [
    re.compile(WEEKDAY + MONTH + r"\s+" + DAY + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(WEEKDAY + DAY + r"(?:\s+of)?\s+" + MONTH + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + YEAR + r"-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./]" + YEAR + r"\b"),
]
NO_YEAR = [
    re.compile(WEEKDAY + MONTH + r"\s+" + DAY + r"\b(?!,?\s+\d)", re.I),
    re.compile(WEEKDAY + DAY + r"\s+" + MONTH + r"\b(?!,?\s+\d)", re.I),
]
# "(Berlin, May 2, 2024) –", "GENEVA, 3 May 2021 —", "LONDON/PARIS, 5 June 2019 –"
DATELINE_HEAD = re.compile(
    r"^\(?\s*(?!(?:Today|Tomorrow|Yesterday|On|In|By|Until|Since|From|Last|Next)\b)"
    r"[A-Z][\w’'./ -]{1,60}?,\s*"
)
TODAY = re.compile(r"\btoday\b[\s,]*(?:\(|i\.\s?e\.?,?\s*|on\s+|is\s+)?", re.I)
HEADER_SENTENCES = 12


def parse_date(text: str, forms=DATE_FORMS) -> tuple[str, int, int] | None:
    """Return (ISO date, start, end) of the first date in text, or None."""
    best = None
    for form in forms:
        match = form.search(text)
        if match and (best is None or match.start() < best[1]):
            iso = to_iso(match)
            if iso:
                best = (iso, match.start(), match.end())
    return best


def to_iso(match: re.Match, year: int | None = None) -> str | None:
    """Build an ISO date from a match with day, month and (optionally) year groups."""
    month = match.group("month").lower().rstrip(".")
    number = int(month) if month.isdigit() else MONTHS.get(month[:3])
    try:
        year = int(match.group("year")) if "year" in match.groupdict() else year
        return date(year or 0, number or 0, int(match.group("day"))).isoformat()
    except (TypeError, ValueError):
        return None


def standalone(sentence: Sentence) -> tuple[str, int, int] | None:
    """A line that is only a date (maybe with a weekday, a kicker word or a place)."""
    found = parse_date(sentence.text)
    if not found or re.match(r"\s*[—–-]", sentence.text) or "@" in sentence.text:
        return None  # the signature line of an embedded post
    rest = sentence.text[: found[1]] + sentence.text[found[2] :]
    words = re.findall(r"[^\W\d_]+", rest)
    lowercase = [w for w in words if w.islower() and w not in {"of", "the", "on", "at"}]
    if len(words) <= 6 and not lowercase and not re.search(r"[.;]\s*\w", rest):
        return found
    return None


def dateline(sentence: Sentence) -> tuple[str, int, int] | None:
    """A date right after the place at the start of a paragraph: "CITY, 3 May 2021 –"."""
    head = DATELINE_HEAD.match(sentence.text)
    if not head:
        return None
    found = parse_date(sentence.text[head.end() : head.end() + 40])
    if found and found[1] == 0:
        return found[0], head.end() + found[1], head.end() + found[2]
    return None


def today(text: str, whole: str) -> tuple[str, int, int] | None:
    """A date given as today's: "today, i.e. April 26, 2020", "today (Wednesday, August 5)"."""
    for match in TODAY.finditer(text):
        window = text[match.end() : match.end() + 40]
        found = parse_date(window)
        if found and found[1] == 0:
            return found[0], match.end(), match.end() + found[2]
        partial = next((m for f in NO_YEAR if (m := f.match(window))), None)
        year = likely_year(whole, partial) if partial else None
        iso = to_iso(partial, year) if partial and year else None
        if iso:
            return iso, match.end(), match.end() + partial.end()
    return None


def likely_year(text: str, partial: re.Match) -> int | None:
    """The year of the same day and month written in full elsewhere, else the commonest."""
    wanted = to_iso(partial, 2000)  # a leap year, so 29 February parses
    years: Counter[int] = Counter()
    for form in DATE_FORMS:
        for match in form.finditer(text):
            iso = to_iso(match)
            if iso and wanted and iso[4:] == wanted[4:]:
                return int(iso[:4])
            if iso:
                years[int(iso[:4])] += 1
    return years.most_common(1)[0][0] if years else None


def find_date(sents: list[Sentence], text: str) -> tuple[str, int, int] | None:
    """Return (ISO date, start, end) in the cleaned text, or None when not stated."""
    for sent in sents[:HEADER_SENTENCES]:
        found = standalone(sent) if sent.end - sent.start < 80 else None
        found = found or dateline(sent)
        if found:
            return found[0], sent.start + found[1], sent.start + found[2]
    for sent in sents:
        found = today(sent.text, text)
        if found:
            return found[0], sent.start + found[1], sent.start + found[2]
    for sent in sents[HEADER_SENTENCES:]:
        found = standalone(sent) if sent.end - sent.start < 60 and sent.kind != "item" else None
        if found:
            return found[0], sent.start + found[1], sent.start + found[2]
    return None
