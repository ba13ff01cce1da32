"""Filters: rewritten actions that are not demands (fragments, names, idioms, vague calls)."""

from __future__ import annotations

import re

from .lexicon import DETERMINERS, PRONOUNS

# An action that ends in a preposition lost its object: "Listen to", "Intervene in".
DANGLING = re.compile(r"\b(?:to|in|on|of|for|with|from|about|into|at|by)$", re.I)
# Anaphoric objects: "Do so", "Recognise this", "Protect them" ask nothing on their own.
ANAPHORIC = re.compile(r"^\w+\s+(?:so|this|that|it|them|him|her|these|those)$", re.I)
# Calls to act without saying what to do.
VAGUE = re.compile(
    r"^(?:take|initiate)\s+(?:\w+\s+){0,2}(?:action|steps|measures)"
    r"(?:\s+(?:now|immediately|across[\w\s]*))?$",
    re.I,
)
IDIOM = re.compile(r"^(?:make no mistake|hold on to|have (?:been|\w+ed)\b|do (?!not\b))", re.I)


def is_name(text: str) -> bool:
    """A title-case line such as an organisation's name: "Open Rights Group"."""
    words = re.findall(r"[\w'’-]+", text)
    if not 3 <= len(words) <= 6:
        return False
    low = [w for w in words[1:] if w.lower() not in {"of", "and", "for", "the"}]
    return all(w[:1].isupper() for w in low) and not any(
        w.lower() in DETERMINERS | PRONOUNS for w in words[1:] if w[:1].islower()
    )


# Words of a speaker or a letter, never of a demand on an authority: "my son", "help you".
PERSONAL = re.compile(r"\b(?:my|me|you|your)\b", re.I)


def keep_demand(text: str, persons: list[str]) -> bool:
    """True when an imperative asks for something definite."""
    bare = re.sub(r"^(?:(?:\w+ly|never|also|then)\s+)+", "", text.strip(" .!?,;:"), flags=re.I)
    if PERSONAL.search(bare) or re.search(r"\bthe following\b", bare, re.I):
        return False  # "commit to the following": a lead-in, its items are the demands
    if any(p in bare for p in persons):
        return True
    if DANGLING.search(bare) or ANAPHORIC.match(bare) or VAGUE.match(bare) or IDIOM.match(bare):
        return False
    return not is_name(bare)
