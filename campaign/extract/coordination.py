"""Coordination: one call clause with several actions → one action each."""

from __future__ import annotations

import re

from .lexicon import DETERMINERS, PRONOUNS
from .verbphrase import starts_with_verb
from .verbs import ACTION_VERBS, base_of_gerund, base_of_present

SEPARATOR = re.compile(
    r";\s*(?:and\s+)?|,\s*(?:and|or)\s+|,?\s+but\s+(?:also\s+)?|\s+(?:and|or|as well as)\s+|,\s+"
)
# Nouns that take an infinitive: in "the right to meet X and appoint Y", "appoint" belongs to it.
INFINITIVE_NOUN = re.compile(
    r"\b(?:right|rights|opportunity|freedom|ability|chance|possibility|means|power|powers|"
    r"permission|time)\s+to\s+(?!(?:an?|the|his|her|their|its|our|this|these|those|all|any)\b)"
    r"\S+(?:\s+\S+){0,4}\s*$",
    re.I,
)
# Participles that work as prepositions: "including", "concerning", "following".
PREPOSITIONAL = re.compile(
    r"(?:including|concerning|regarding|following|according|considering|pending|excluding|"
    r"involving|having|being)\b",
    re.I,
)
ENSURE_THAT = re.compile(r"^(?P<head>(?:\w+ly\s+)?(?:ensure|guarantee|make sure)\s+that\s+)", re.I)
FINITE = re.compile(r"(?:is|are|has|have|can|will|remains?|gets?|be)$", re.I)
CLAUSE_SEP = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def split_actions(action: str) -> list[str]:
    """ "drop the charges and release him" → ["drop the charges", "release him"]."""
    if ENSURE_THAT.match(action):
        head, _, tail = action.partition(";")
        rest = re.sub(r"^\s*(?:and\s+)?", "", tail)
        if tail and starts_with_verb(rest):  # "ensure that X is safe; and free Y"
            return ensure_that_parts(head) + split_actions(rest)
        return ensure_that_parts(action)
    cuts = [0]
    ends: list[int] = []
    to_list = bool(re.search(r"\band to\s", action))
    for match in SEPARATOR.finditer(action):
        rest = action[match.end() :]
        before = action[cuts[-1] : match.start()]
        if not new_action(before, rest, match.group(0), to_list):
            continue
        ends.append(match.start())
        cuts.append(match.end())
    ends.append(len(action))
    parts = [action[a:b].strip() for a, b in zip(cuts, ends, strict=True)]
    parts = [re.sub(r"^(?:to|also|then)\s+", "", p) for p in parts if p]
    return share_objects([base_of_gerunds(p) for p in parts])


def base_of_gerunds(part: str) -> str:
    """ "identifying those responsible" → "identify those responsible"."""
    first = re.match(r"(\w+ing)\b", part)
    base = base_of_gerund(first.group(1)) if first else None
    return base + part[first.end() :] if base and first.group(1) not in ACTION_VERBS else part


def new_action(before: str, rest: str, separator: str, to_list: bool) -> bool:
    """True when the words after a separator start a new action of the same addressee."""
    before, rest = before[-200:], rest[:300]  # local context only: long lists stay linear
    if separator.strip() == "," and rest.startswith("to ") and not to_list:
        later = re.search(r"\band\s+(?:to\s+)?([\w-]+)", rest)
        if not (later and later.group(1).lower() in ACTION_VERBS):
            return False  # ", to conduct a review": a purpose, not a second demand
    bare_and = separator.strip() == "and"
    if bare_and and re.search(r"\bto\s+[\w-]+$", before) and not re.search(r"^to\s", rest):
        return False  # "to identify and remedy X": one infinitive with two verbs
    if INFINITIVE_NOUN.search(before):
        return False
    rest = re.sub(r"^(?:to|also|then)\s+", "", rest)
    if re.match(r"[\w-]+\s*(?:[,;]|$)", rest):
        return False  # "collection, use, storage": a verb with no object is a noun in a list
    has_verb = any(w in ACTION_VERBS for w in before.lower().split())
    gerund = re.match(r"(\w+ing)\b", rest)
    if gerund and gerund.group(1).lower() not in ACTION_VERBS:
        # "conduct an inquiry, identifying and punishing those responsible": the gerunds
        # after a comma are further actions; other gerunds ("including") are not
        clause = re.split(r"[,;]", rest, maxsplit=1)[0]
        in_gerunds = bool(re.match(r"\s*\w+ing\b", before))  # "identifying and punishing"
        return (
            (separator.strip().startswith(",") or in_gerunds)
            and bool(base_of_gerund(gerund.group(1)))
            and not PREPOSITIONAL.match(rest)
            and not re.search(r"\b(?:is|are|was|were|should|must|will)\b", clause)
        )
    return has_verb and starts_with_verb(rest)


def share_objects(parts: list[str]) -> list[str]:
    """Bare verbs take the object of the next part: "find and punish those involved"."""
    out: list[str] = []
    for index, part in enumerate(parts):
        words = part.split()
        if len(words) <= 2 and all(w.endswith("ly") for w in words[:-1]) and index + 1 < len(parts):
            later = next((p for p in parts[index + 1 :] if len(p.split()) > 2), None)
            if later:
                part = part + " " + later.split(None, 1)[1]
        out.append(part)
    return out


def is_finite(word: str, follow: str) -> bool:
    """A third-person verb: "is", "has", or an -s form before its object ("receives her")."""
    if FINITE.match(word) or base_of_present(word):
        return True
    return bool(
        re.fullmatch(r"[a-z]{3,}[^s]s", word)
        and (follow.lower() in DETERMINERS or follow.lower() in PRONOUNS or follow.endswith("ly"))
    )


def finite_at(words: list[str]) -> int | None:
    """Index of the finite verb that ends a clause subject: "he [is] held", "he [receives]"."""
    for index, word in enumerate(words[:8]):
        follow = words[index + 1] if index + 1 < len(words) else ""
        if index and is_finite(word, follow):
            return index
    return None


def ensure_that_parts(action: str) -> list[str]:
    """ "ensure that he is freed, receives care and that his books are returned" → three."""
    head = ENSURE_THAT.match(action).group("head")
    body = action[len(head) :]
    words = body.split()
    verb = finite_at(words)
    if verb is None:
        return [action]
    subject = " ".join(words[:verb])
    parts, start = [], 0
    for match in CLAUSE_SEP.finditer(body):
        rest = body[match.end() : match.end() + 100]
        first, follow = [*rest.split()[:2], "", ""][:2]
        if rest.lower().startswith("that "):
            parts.append(body[start : match.start()])
            start = match.end() + len("that ")
        elif is_finite(first, follow):
            parts.append(body[start : match.start()])
            start = match.end()
    parts.append(body[start:])
    out = []
    for index, part in enumerate(p.strip() for p in parts):
        starts_finite = bool(finite_at(["x", *part.split()[:2]]))
        clause = f"{subject} {part}" if index and starts_finite else part
        out.append(head + clause)
    return out
