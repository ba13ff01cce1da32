"""Ranking directory entries against the addressees an extracted release names.

Pure functions: no database, no Flask. `services.suggest_targets` queries the
candidates and hands them to `rank_targets`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from campaign.extract.places import COUNTRY_WORD, codes_in


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = word_set(
    "the of and for in on to a an at by with his her their its all other also both "
    "relevant concerned competent respective responsible appropriate"
)
# Words that name "the state" without naming an office: "the Cambodian authorities".
STATE_WORDS = word_set(
    "authorities authority government governments govt state states administration regime "
    "officials leaders leadership country national federal union central agencies bodies "
    "institutions actors political"
)
# Words of office, shared by every country's officials: matching them alone does not make
# another country's minister relevant; matching a name ("Facebook", "United Nations") does.
OFFICE_WORDS = word_set(
    "minister ministers ministry ministries secretary general attorney prime president "
    "presidential deputy vice chief head office department police commissioner commission "
    "court courts supreme justice judge prosecutor public interior home affairs foreign "
    "parliament parliamentary assembly committee council senate house speaker king queen "
    "governor mayor director board agency authority bureau service services high"
)
# "UN" → the words a directory entry spells out.
ALIASES = {
    "un": ("united", "nations"),
    "eu": ("european", "union"),
    "ohchr": ("united", "nations", "human", "rights"),
    "unhcr": ("united", "nations", "refugees"),
}
HEAD_WORDS = word_set("prime president premier king queen monarch emir sultan")
HEAD_PHRASES = ("head of state", "head of government")
JUSTICE_WORDS = word_set("justice interior home attorney law prosecutor")
JUNIOR_WORDS = word_set("deputy vice assistant junior")
MINISTER_WORDS = word_set("minister ministry secretary")
# Stems that almost every official's title shares: a match on one of them counts half.
WEAK_STEMS = word_set("minist secret office depart genera chief head public high servic agency")

WORD = re.compile(r"[^\W_]+", re.UNICODE)


class Candidate(Protocol):
    id: int
    name: str
    title: str
    organisation: str
    country: str | None


T = TypeVar("T", bound=Candidate)


def stem(word: str) -> str:
    """A crude stem, enough to match "Ministry" with "Minister" and "Affairs" with "Affair"."""
    word = word.lower()
    if len(word) > 6:
        return word[:6]
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


@dataclass(frozen=True)
class Addressee:
    """An addressee read once: its countries and the words that can match an entry."""

    text: str
    countries: tuple[str, ...]
    office: tuple[str, ...]  # stems of office words ("attorn", "genera")
    names: tuple[str, ...]  # stems of other words: proper names ("facebo", "united")

    @property
    def generic(self) -> bool:
        """ "the Cambodian authorities", "the Government of India": no office, no name."""
        return not self.office and not self.names

    @property
    def wanted(self) -> tuple[str, ...]:
        return self.office + self.names


def read_addressee(text: str) -> Addressee:
    """Split an addressee into its countries, its office words and its name words."""
    countries = tuple(dict.fromkeys(codes_in(text)))
    rest = COUNTRY_WORD.sub(" ", text)
    office: list[str] = []
    names: list[str] = []
    for word in words(rest):
        expanded = ALIASES.get(word, (word,))
        for part in expanded:
            if part in STOP_WORDS or part in STATE_WORDS:
                continue
            bucket = office if part in OFFICE_WORDS else names
            if stem(part) not in bucket:
                bucket.append(stem(part))
    return Addressee(text, countries, tuple(office), tuple(names))


def tier(candidate: Candidate) -> int:
    """3 heads of state or government, 2 justice and interior, 1 other ministers, 0 others."""
    text = f"{candidate.title} {candidate.organisation}".lower()
    found = set(words(text))
    if found & JUNIOR_WORDS:
        return 1
    if found & HEAD_WORDS or any(p in text for p in HEAD_PHRASES):
        return 3
    if found & JUSTICE_WORDS:
        return 2
    return 1 if found & MINISTER_WORDS else 0


def _contains(haystack: list[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == list(needle) for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class Match:
    phrase: int  # 1 when all the addressee's words appear together in the title or organisation
    overlap: int  # addressee words found in the entry (weak ones count 1, others 2)
    names: int  # of which proper-name words


def acronym(text: str) -> str:
    """ "Telecom Regulatory Authority of India" → "trai", for addressees that use it."""
    letters = "".join(w[0] for w in words(text) if w not in STOP_WORDS)
    return letters if len(letters) >= 3 else ""


def match(addressee: Addressee, candidate: Candidate) -> Match:
    fields = [stems(candidate.title), stems(candidate.organisation), stems(candidate.name)]
    found = set().union(*fields)
    found |= {stem(a) for a in (acronym(candidate.title), acronym(candidate.organisation)) if a}
    overlap = sum(1 if s in WEAK_STEMS else 2 for s in addressee.wanted if s in found)
    names = sum(1 for s in addressee.names if s in found)
    wanted = [s for s in stems(COUNTRY_WORD.sub(" ", addressee.text)) if s in addressee.wanted]
    # Whole: every word of the addressee, side by side in the title or the organisation.
    phrase = int(bool(wanted) and any(_contains(f, wanted) for f in fields[:2]))
    return Match(phrase, overlap, names)


def rank_targets(
    candidates: Iterable[T],
    *,
    country: str | None,
    addressees: Sequence[str],
    limit: int = 10,
) -> list[T]:
    """The candidates that fit, best first; ties by tier, then name, then id."""
    read = [read_addressee(a) for a in addressees if a and a.strip()]
    home = {x for a in read for x in a.countries} | ({country} if country else set())
    scored = []
    for candidate in candidates:
        matches = [match(a, candidate) for a in read]
        best = max(matches, key=lambda m: (m.phrase, m.overlap), default=Match(0, 0, 0))
        at_home = candidate.country in home
        # Another country's entry (or a stateless one) fits only by name: "Facebook", "UN";
        # with no country known at all, an entry sharing an office's words fits.
        by_office = any(m.overlap and not a.names for m, a in zip(matches, read, strict=True))
        fits = at_home or any(m.names for m in matches) or (not home and by_office)
        if not fits:
            continue
        key = (-best.phrase, -best.overlap, -tier(candidate), not at_home)
        scored.append((key, candidate.name.casefold(), candidate.id, candidate))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[: max(limit, 0)]]
