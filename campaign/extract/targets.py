"""Targets: addressees normalised, junk dropped, one name per body."""

from __future__ import annotations

import re
from collections import Counter

from .draft import Demand
from .lexicon import INSTITUTION, INSTITUTIONS, PRONOUNS
from .places import codes_in

GENERIC = re.compile(r"^(?:the\s+)?(?:" + INSTITUTIONS + r")$", re.I)
STATE_WORDS = re.compile(r"\b(?:government|govt|authorities|state|administration|regime)\b", re.I)
NOT_A_NAME = re.compile(r"^(?:to|for|that|of|from|with|what|which|how|a lot|and|or)\b", re.I)


def normalise_target(raw: str | None, history: list[str]) -> str | None:
    """ "the authorities" → the fuller earlier addressee ("Cambodian authorities")."""
    if not raw:
        return None
    target = raw.strip(" ,;:“”\"'")
    target = re.sub(r"^(?:(?:the|also|both|all|now|again|in turn)\s+)+", "", target, flags=re.I)
    if not target or target.lower() in PRONOUNS | {"you", "your office"}:
        return history[-1] if history else None
    if not looks_like_addressee(target):
        return None
    if GENERIC.match(target):
        head = target.split()[-1].lower()
        fuller = next((h for h in reversed(history) if h.lower().endswith(head)), None)
        return fuller or target
    return target


def looks_like_addressee(target: str) -> bool:
    """A body or a named party, short, not a clause fragment."""
    words = target.split()
    if len(words) > 10 or NOT_A_NAME.match(target) or re.search(r"[“”\"(){}]", target):
        return False
    if re.search(r"\b(?:is|are|was|were|has|have|not|will|would|can|could)\b", target):
        return False
    return bool(INSTITUTION.search(target) or codes_in(target) or re.search(r"[A-Z]", target))


def consolidate(demands: list[Demand]) -> list[str]:
    """One name per addressee: a country's government and authorities are one target."""
    counts = Counter(d.target for d in demands if d.target)
    state = {}
    for target, _ in counts.most_common():
        codes = codes_in(target)
        if STATE_WORDS.search(target) and len(codes) == 1:
            state.setdefault(codes[0], target)
    main_state = next(iter(state.values()), None)
    canonical = {}
    for target in counts:
        codes = codes_in(target)
        if STATE_WORDS.search(target) and len(codes) == 1:
            canonical[target] = state[codes[0]]
        elif GENERIC.match(target) and STATE_WORDS.search(target) and main_state:
            canonical[target] = main_state
        else:
            canonical[target] = target
    for demand in demands:
        demand.target = canonical.get(demand.target, demand.target)
    return list(dict.fromkeys(d.target for d in demands if d.target))
