"""That-clauses: "we demand that the police release X", "we propose that the law be repealed"."""

from __future__ import annotations

import re

from .kinds import call_kind
from .lexicon import DETERMINERS
from .passive import passive_action
from .verbs import ACTION_VERBS, base_of_present

THAT = re.compile(
    r"\b(?P<trig>demand|insist|recommend|ask|urge|request|propose|suggest|call|require|appeal|"
    r"stress|(?:is|it's|it is) (?:time|essential|imperative|crucial|vital|important|necessary|"
    r"urgent)|(?:a )?matter of urgency)(?:s|d|ed|ing|es)?\s+that\s+"
    r"|\b(?P<time>(?:it's|it is) (?:high |about )?time)\s+(?:that\s+)?",
    re.I,
)
# A further that-clause coordinated with the first: "..., and that she drop the charges".
MORE_THAT = re.compile(r"(?:[,;]\s*(?:and\s+|or\s+)?|\s+and\s+)that\s+", re.I)
STOP = {"should", "must", "shall", "will", "would", "could", "can", "may"}
SUBJECT_WORDS = 12


def clause_verb(text: str, at: int, persons: list[str]) -> tuple[int, str | None] | None:
    """The action of a that-clause at `at`: (its offset, a rewritten action or None)."""
    words = list(re.finditer(r"[\w'’-]+", text[at : at + 200]))
    for index, word in enumerate(words[1 : SUBJECT_WORDS + 1], 1):
        low = word.group(0).lower()
        if low in STOP or re.match(r"[.;:!?]", text[at + word.start() - 2 :]):
            return None
        before = words[index - 1].group(0).lower()
        if before in DETERMINERS:
            continue
        if low == "be":
            subject = text[at : at + words[index - 1].end()]
            rest = text[at + word.start() :]
            passive = passive_action(subject, rest, persons)
            return (at + word.start(), passive) if passive else None
        if low in ACTION_VERBS:
            return at + word.start(), None
        if base_of_present(low):
            return at + word.start(), None
    return None


def base_forms(action: str) -> str:
    """Third-person verbs to base forms: "frees X and drops Y" → "free X and drop Y"."""
    first = re.match(r"(\w+)", action)
    base = base_of_present(first.group(1)) if first else None
    if base:
        action = base + action[first.end() :]

    def swap(match: re.Match) -> str:
        base = base_of_present(match.group(2))
        return match.group(1) + (base or match.group(2))

    return re.sub(r"((?:,|\band)\s+(?:and\s+)?)(\w+s)\b", swap, action)


def that_clauses(text: str, selves: list[str], persons: list[str]) -> list[tuple]:
    """Every that-clause of a call, including coordinated ones, as clause tuples."""
    out = []
    for match in THAT.finditer(text):
        trigger = match.group("trig") or match.group("time")
        kind = call_kind(text[: match.start()], trigger, "x", selves)
        starts = [(match.start(), match.end())]
        more = MORE_THAT.finditer(text, match.end())
        starts += [(m.start(), m.end()) for m in more]
        for begin, at in starts:
            found = clause_verb(text, at, persons)
            if found:
                subject = text[at : found[0]].strip()
                who = None if found[1] else re.sub(r"(?:\s+\w+ly)+$", "", subject)
                out.append((begin, found[0], who or None, kind, "that", found[1]))
    return out
