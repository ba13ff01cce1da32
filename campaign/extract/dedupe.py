"""Dedupe: the same demand from the title, the lead and the quotes is kept once."""

from __future__ import annotations

import re

from .draft import Demand
from .words import word_set

STOP = word_set(
    """
the a an and or of to in on for with by from at as is are be its their his her all any this
that these those immediately urgently also now must should will who which than into without
"""
)


# Verbs that ask for the same act, by their first five letters.
SYNONYMS = [
    {"free", "relea"},
    {"drop", "withd", "dismi", "quash", "throw"},
    {"end", "stop", "halt", "cease", "put"},
    {"lift", "remov", "rescin", "revok", "repea", "abolis"},
    {"inves", "probe", "condu", "open", "launc", "hold"},
    {"allow", "grant", "give", "provi", "ensur", "guara"},
    {"hold", "bring", "prose", "punis"},
]


# How a demand is to be met rather than what it asks ("unconditionally", "without delay").
MANNER = {"uncon", "promp", "safel", "quick", "delay", "fully", "speed"}


def key_words(text: str) -> set[str]:
    """Content words, cut to a stem of five letters so that plural and tense do not matter."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:5] for w in words if w not in STOP and len(w) > 2}


def same_demand(a: str, b: str, names: frozenset[str] = frozenset()) -> bool:
    """True when two demands ask for the same action (same verb, mostly the same words)."""
    first_a, first_b = a.split()[0].lower()[:5], b.split()[0].lower()[:5]
    ka, kb = key_words(a) - names, key_words(b) - names  # a name is in most of the demands
    if first_a == first_b:  # the shared verb says nothing about the rest being the same
        ka, kb = ka - {first_a}, kb - {first_b}
    if first_a == first_b:
        # "Free X" and "Free X unconditionally": one says all the other says, and more
        return ka <= kb or kb <= ka or len(ka & kb) / len(ka | kb) >= 0.5
    if synonyms(first_a, first_b) and ka - MANNER - {first_a} == kb - MANNER - {first_b}:
        return True  # "Free Jane Doe" and "Release Jane Doe unconditionally"
    if not ka or not kb or not synonyms(first_a, first_b):
        return False  # "identify those involved" and "punish those involved" are two demands
    overlap = len(ka & kb) / min(len(ka), len(kb))
    return overlap >= 0.85 and len(ka & kb) >= 3


def synonyms(a: str, b: str) -> bool:
    """True when two verb stems ask for the same act ("free" and "release")."""
    return any(a in group and b in group for group in SYNONYMS)


def dedupe(demands: list[Demand], persons: list[str] = ()) -> list[Demand]:
    """Keep the first position of each demand with the fuller (but not rambling) wording."""
    names = frozenset(key_words(" ".join(persons)))
    kept: list[Demand] = []
    for demand in demands:
        twin = next(
            (i for i, k in enumerate(kept) if same_demand(k.text, demand.text, names)), None
        )
        if twin is None:
            kept.append(demand)
            continue
        old = kept[twin]
        if better(demand, old):
            kept.pop(twin)
            kept.append(
                Demand(
                    demand.text, old.target or demand.target, demand.source, demand.span, old.form
                )
            )
    return sorted(kept, key=lambda d: d.span[0])


def better(new: Demand, old: Demand) -> bool:
    """Prefer the wording with more content, within a readable length."""
    n, o = len(new.text.split()), len(old.text.split())
    if o > 25 >= n:
        return True
    return o < n <= 25
