"""Passive calls: "Kem Sokha must be released" → "release Kem Sokha"."""

from __future__ import annotations

import re

from .lexicon import DETERMINERS, PRONOUNS
from .verbs import ACTION_VERBS, base_of_participle

PASSIVE = re.compile(
    r"(not\s+)?(?:(?:also|still|now|[\w-]+ly)\s+)?be\s+((?:[\w-]+ly\s+(?:and\s+[\w-]+ly\s+)?)?)"
    r"([a-z]+)\b(.*)",
    re.S,
)
COMPLEMENT = re.compile(
    r"\s+((?:permanent|public|available|accountable|unconditional|"
    r"full|clear|free|safe|aware)\b(?:,?\s*(?:and\s+)?\w+)*)"
)
# A subject with a finite verb in it is a clause, not the thing to act on.
CLAUSE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|had|do|does|did)\b", re.I)


def passive_action(subject: str, rest: str, persons: list[str]) -> str | None:
    """ "Kem Sokha must be released immediately" → "release Kem Sokha immediately"."""
    match = PASSIVE.match(rest)
    if not match or not subject or CLAUSE_WORD.search(subject):
        return None
    base = base_of_participle(match.group(3))
    if not base or base not in ACTION_VERBS or subject.lower() in PRONOUNS - {"he", "she", "they"}:
        return None
    if subject.lower() in {"he", "she", "they"} and persons:
        subject = " and ".join(persons[:2]) if subject.lower() == "they" else persons[0]
    first = subject.split()[0]
    if first.lower() in DETERMINERS or first.lower() in ACTION_VERBS:
        subject = first.lower() + subject[len(first) :]
    tail = match.group(4)
    negation = "not " if match.group(1) else ""
    adverb = match.group(2)
    if COMPLEMENT.match(tail) and base in {"make", "hold", "keep", "set"}:
        return f"{negation}{adverb}{base} {subject} {tail.strip()}"
    return f"{negation}{adverb}{base} {subject}{tail}"
