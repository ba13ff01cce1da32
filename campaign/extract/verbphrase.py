"""Verb phrases: does a stretch of text start with a verb of action, is a subject an authority."""

from __future__ import annotations

import re

from .lexicon import ADVERB, DETERMINERS, INSTITUTION, PRONOUNS
from .verbs import ACTION_VERBS, NOUN_LIKE
from .words import word_set

ADJECTIVE_VERBS = word_set(
    """
free open secure close present clear clean fix press
"""
)


def starts_with_verb(text: str) -> bool:
    """True when text starts (after adverbs) with a base-form verb of action."""
    words = re.findall(r"[\w'’-]+", text[:200])[:8]
    while (
        words
        and (ADVERB.match(words[0]) or words[0].lower() == "and")
        and (words[0].lower() not in ACTION_VERBS)
    ):
        words = words[1:]
    if not words or words[0].lower() not in ACTION_VERBS:
        return False
    follow = words[1].lower() if len(words) > 1 else ""
    if words[0].lower() in NOUN_LIKE and follow in {"of", "for", "is", "was", "has", "are", "from"}:
        return False
    if words[0].lower() in ADJECTIVE_VERBS:
        return follow in DETERMINERS or follow in PRONOUNS or words[1][:1].isupper()
    return True


def is_authority(subject: str, persons: list[str]) -> bool:
    """True when a sentence subject names a body that can be asked to act."""
    words = subject.split()
    if not words or len(words) > 12 or words[0].lower() in PRONOUNS | {"no", "nobody", "one"}:
        return False
    if any(p.lower() in subject.lower() for p in persons):
        return False
    if INSTITUTION.search(subject):
        return True
    if len(words) == 1 and re.fullmatch(r"[A-Z][a-z]+s", subject):
        return False  # "Schools need to ...": a plural common noun, capitalised as it opens
    return bool(re.match(r"(?:the\s+)?[A-Z]", subject)) and not re.search(
        r"\b(?:people|citizens|users|victims|families|women|children|everyone|Australians|"
        r"[A-Z][a-z]+ns)\b",
        subject,
    )
