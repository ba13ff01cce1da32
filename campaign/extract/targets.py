"""Targets: addressees normalised, junk dropped, one name per body."""

from __future__ import annotations

import re
from collections import Counter

from .countries import COUNTRIES
from .draft import Demand
from .lexicon import INSTITUTION, INSTITUTIONS, PRONOUNS
from .places import codes_in

GENERIC = re.compile(r"^(?:the\s+)?(?:" + INSTITUTIONS + r")$", re.I)
STATE_WORDS = re.compile(
    r"\b(?:government|govt|authorities|state|administration|regime|officials|leadership)\b", re.I
)
NOT_NAME = re.compile(r"^(?:to|for|that|of|from|with|what|which|how|a lot|and|or)\b", re.I)
LEADING = re.compile(
    r"^(?:(?:the|also|both|all|now|again|in turn|these|this|those|other|our|its|their|entire|"
    r"relevant|respective|concerned|\d+|two|three|four|five|several|many)\s+)+",
    re.I,
)
TRAILING = re.compile(
    r"(?:\s+(?:\w+ly|more broadly|as well|too|now|at once|of its duty|in particular))+$"
    r"|\s+(?:which|who|that|whose)\b.*$",
    re.I,
)
CLAUSE = re.compile(
    r"\b(?:is|are|was|were|has|have|not|will|would|can|could|might|may|we|our|us|you|they|"
    r"them|before|after|until|unless|if|when)\b",
    re.I,
)
LIST_SEP = re.compile(r",?\s+as well as\s+|,\s*(?:and\s+)?|\s+and\s+(?=the\s)")
POPULATION = re.compile(
    r"\b(?:citizens|people|users|residents|individuals|victims|families|everyone|public|"
    r"consumers|voters|workers|students|parents|readers|supporters)$",
    re.I,
)
# Small words allowed inside a body's proper name: "Ministry of Home Affairs".
NAME_GLUE = {"of", "and", "for", "the", "on", "in", "&", "de", "du", "des"}
# Bodies of state named by their seat, read when a release names no addressee.
STATE_PHRASE = re.compile(
    r"\b(?:(?:[A-Z][a-z]+\s+){0,2}(?:[Gg]overnment|[Aa]uthorities)(?:\s+of\s+[A-Z][a-z]+)?)\b"
)


def normalise_target(
    raw: str | None, history: list[str], persons: list[str] | None = None
) -> str | None:
    """ "the authorities" → the fuller earlier addressee ("Cambodian authorities")."""
    if not raw:
        return None
    target = re.sub(r"^to\s+", "", raw.strip(" ,;:“”\"'"))
    target = TRAILING.sub("", LEADING.sub("", target)).strip(" ,;:")
    target = re.sub(r"\bGovt\b\.?", "Government", target)
    if target.isupper() and " " in target:
        target = target.title()  # a headline in capitals: "AZERBAIJANI AUTHORITIES"
    target = re.sub(r"\s*\([A-Z][\w&.-]*\)", "", target)  # "(PACE)": an acronym in brackets
    if not target or target.lower() in PRONOUNS | {"you", "your office"}:
        return history[-1] if history else None
    listed = addressee_list(target, persons or [])
    if len(listed) > 1:
        return "; ".join(listed)  # several bodies asked at once; consolidate lists each
    if not looks_like_addressee(target, persons or []):
        return None
    if GENERIC.match(target):
        head = target.split()[-1].lower()
        fuller = next((h for h in reversed(history) if h.lower().endswith(head)), None)
        return fuller or target
    return target


def looks_like_addressee(target: str, persons: list[str], longest: int = 10) -> bool:
    """A body or a named party, short, not a clause fragment, not the people it is about."""
    words = target.split()
    if len(words) > longest or NOT_NAME.match(target) or re.search(r"[“”\"(){}‘]", target):
        return False
    if POPULATION.search(target):
        return False  # "Australian citizens": the people concerned, not a body to write to
    if CLAUSE.search(target) or re.search(r"['’]s\s+[a-z]", target):
        return False  # "the state government's decision" is not an addressee
    if any(w in p.split() for p in persons for w in words if w[:1].isupper()):
        return False
    if INSTITUTION.search(target) or codes_in(target):
        return True
    return all(w[:1].isupper() or w.lower() in NAME_GLUE for w in words)


def addressee_list(target: str, persons: list[str]) -> list[str]:
    """ "the Secretary General, the Commissioner, as well as the rapporteurs, A and B" → three."""
    if not re.search(r",| as well as | and the ", target):
        return [target]
    parts: list[str] = []
    for part in LIST_SEP.split(target):
        part = LEADING.sub("", part.strip())
        if parts and part and not INSTITUTION.search(part) and not codes_in(part):
            parts[-1] += ", " + part  # a name in apposition to the office before it
        elif part:
            parts.append(part)
    valid = [p for p in parts if looks_like_addressee(p, persons, longest=20)]
    return valid if len(valid) == len(parts) else [target]


def split_addressees(target: str) -> list[str]:
    """ "the Committee and university officials" → two addressees; "Ministry of X and Y" → one."""
    if "; " in target:
        return [p for part in target.split("; ") for p in split_addressees(part)]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+|its\s+)?\S+)", target)
    if len(parts) > 1 and all(INSTITUTION.search(p) or codes_in(p) for p in parts):
        return [LEADING.sub("", p).strip() for p in parts if p.strip()]
    return [target]


def same_body(a: str, b: str) -> bool:
    """Two addressees named by the same proper head: "G20 leaders" and "G20 members"."""
    if len(a.split()) > 3 or len(b.split()) > 3:
        return False  # long titles that share a first word are different offices
    first_a, first_b = a.split()[0], b.split()[0]
    proper = first_a[:1].isupper() and (first_a.isupper() or not INSTITUTION.fullmatch(first_a))
    return proper and first_a == first_b and not codes_in(first_a)


def is_state(target: str, codes: list[str]) -> bool:
    """A country's government under any of its names: "Nigeria", "Nigerian authorities"."""
    if len(codes) != 1:
        return False
    return bool(STATE_WORDS.search(target)) or (
        len(target.split()) <= 2 and not INSTITUTION.search(target)
    )


def add_name(names: list[str], part: str) -> None:
    """Add an addressee unless the list has it already, under this or a fuller name."""
    if any(part.lower() == n.lower() or same_body(part, n) for n in names):
        return
    for index, name in enumerate(names):
        if name.startswith(part + " ") or part.startswith(name + " "):
            # "Working Group" and "Working Group on Arbitrary Detention": one body
            names[index] = max(name, part, key=len)
            return
    names.append(part)


def consolidate(demands: list[Demand]) -> list[str]:
    """One name per addressee: a country's government and authorities are one target."""
    counts = Counter(d.target for d in demands if d.target)
    state = {}
    for target, _ in counts.most_common():
        codes = codes_in(target)
        if is_state(target, codes):
            state.setdefault(codes[0], target)
    main_state = next(iter(state.values()), None)
    canonical = {}
    for target in counts:
        codes = codes_in(target)
        if is_state(target, codes):
            canonical[target] = state[codes[0]]
        elif GENERIC.match(target) and STATE_WORDS.search(target) and main_state:
            canonical[target] = main_state
        else:
            canonical[target] = target
    for demand in demands:
        demand.target = canonical.get(demand.target, demand.target)
    names: list[str] = []
    for target in dict.fromkeys(d.target for d in demands if d.target):
        for part in split_addressees(target):
            add_name(names, part)
    return names


SALUTATION = re.compile(r"(?:^|\n)Dear\s+(?P<who>[^,\n:]{2,60})[,:]")


def salutation(text: str) -> str | None:
    """The addressee of a letter ("Dear Minister,"), whom its "you" and its demands address."""
    match = SALUTATION.search(text[:5000])
    if not match:
        return None
    who = match.group("who").strip()
    return who if who[:1].isupper() and not re.match(r"(?:Sir|Madam|all|friends)\b", who) else None


def default_target(text: str) -> str | None:
    """The government a release speaks of most, for demands that name no addressee."""
    found = Counter(m.group(0) for m in STATE_PHRASE.finditer(text))
    qualified = [LEADING.sub("", name) for name, _ in found.most_common() if codes_in(name)]
    return qualified[0] if qualified else None


def qualify(demands: list[Demand], targets: list[str], code: str | None) -> list[str]:
    """ "the government" of a release about one country → "Kenyan government"."""
    demonyms = COUNTRIES.get(code or "", ((), ()))[1]
    if not demonyms:
        return targets
    named = {}
    for target in targets:
        if re.fullmatch(r"(?:government|authorities)", target, re.I):
            named[target] = f"{demonyms[0]} {target.lower()}"
    first_state = {}
    for target in [named.get(t, t) for t in targets]:
        codes = codes_in(target)
        if is_state(target, codes):
            first_state.setdefault(codes[0], target)
    for target in list(named):  # "the government" and "the authorities" of one state: one target
        named[target] = first_state.get(code, named[target])
    for demand in demands:
        demand.target = named.get(demand.target, demand.target)
    return list(dict.fromkeys(named.get(t, t) for t in targets))
