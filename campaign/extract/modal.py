"""Modal calls: "the police must release X", "X must be released", "abuses must stop"."""

from __future__ import annotations

import re

from .kinds import clause_subject
from .lexicon import DETERMINERS, PRONOUNS, PUBLIC
from .passive import passive_action
from .verbphrase import is_authority, starts_with_verb

MODAL = re.compile(
    r"\b(?P<modal>must|should|shall|needs? to|has to|have to|ought to|will have to|"
    r"(?:is|are) (?:urged|required|obliged|called upon|called on|asked|expected|requested|"
    r"invited|encouraged|advised) to)\s+(?=\S)",
    re.I,
)

# Verbs whose subject is the thing to end: "the raids must stop"; "a review must take place".
INTRANSITIVE = re.compile(
    r"(?:\w+ly\s+)?(?P<verb>stop|cease|end|take place)"
    r"(?P<tail>(?=\s*(?:[.;,!]|now\b|immediately\b|$))|\s+(?:in|on|with|before|within)\b[^.;!?]*)"
)
# A light verb with an ending noun: "put an end to", "bring a halt to", "see an end to".
PUT_AN_END = re.compile(
    r"(?:put|bring|see)\s+(?:an?\s+)?(?:(?P<adj>\w+)\s+)??(?P<noun>end|halt|stop)\s+to\s+", re.I
)
PSEUDO_CLEFT = re.compile(r"do\s+(?:now\s+)?is\s+(?:to\s+)?", re.I)
FINITE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does)\b")


def modal_clauses(text: str, persons: list[str]) -> list[tuple]:
    """ "X must A", "X should not A", the passive "Y must be released", "abuses must stop"."""
    out: list[tuple] = []
    matches = list(MODAL.finditer(text))
    for index, match in enumerate(matches):
        before = text[: match.start()].rstrip()
        subject = clause_subject(before)
        shared = bool(re.search(r"\band$", before) and out and out[-1][2])
        if shared:
            subject = out[-1][2]  # "X needs to A and must B": B shares the subject of A
        rest, action_at = text[match.end() :], match.end()
        cleft = PSEUDO_CLEFT.match(rest)
        if cleft and subject.lower().startswith("what "):
            rest, subject = rest[cleft.end() :], subject[5:]  # "What X should do is (to) A"
            action_at += cleft.end()
        begin = max(0, text.rfind(subject, 0, match.start())) if subject else match.start()
        begin = match.start() if shared else begin
        following = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        tail = rest[: max(0, following - action_at)]
        if index + 1 < len(matches):  # end before the next clause and its subject
            tail = re.split(r"[,;]\s*(?:and|but|while)?\s*[^,;]*$", tail)[0] or tail
        passive = passive_action(subject, tail, persons) or put_an_end(tail)
        passive = passive or intransitive(list_subject(before) or subject, rest, persons)
        if passive:
            out.append((begin, match.end(), None, "demand", "passive", passive))
        elif starts_with_verb(rest) and (is_authority(subject, persons) or subject.lower() == "it"):
            kind = "public" if PUBLIC.match(subject) else "demand"
            who = subject if subject.lower() != "it" else None
            out.append((begin, action_at, who, kind, "modal", None))
    return out


def put_an_end(rest: str) -> str | None:
    """ "[must] put an immediate halt to the rollout" → "halt the rollout immediately"."""
    match = PUT_AN_END.match(rest.lstrip())
    if not match:
        return None
    manner = match.group("adj") or ""
    manner = manner + "ly" if manner.endswith(("ate", "al", "ent")) else ""  # "an immediate"
    return " ".join(f"{manner} {match.group('noun')} {rest.lstrip()[match.end() :]}".split())


def list_subject(before: str) -> str:
    """A subject that is a list of nouns: "Arrests, threats and raids [must cease]"."""
    clause = re.split(r"[;:.!?“”\"]", before)[-1].strip()
    words = clause.split()
    if not 2 <= len(words) <= 14 or FINITE_WORD.search(clause):
        return ""
    return clause


def intransitive(subject: str, rest: str, persons: list[str]) -> str | None:
    """ "The attacks on journalists must stop." → "stop the attacks on journalists"."""
    match = INTRANSITIVE.match(rest)
    words = subject.split()
    if not match or not words or words[0].lower() in PRONOUNS or len(words) > 14:
        return None
    if any(p.lower() in subject.lower() for p in persons):
        return None
    first = words[0].lower() if words[0].lower() in DETERMINERS else words[0]
    verb = "ensure" if match.group("verb") == "take place" else match.group("verb")
    tail = match.group("tail") if verb == "ensure" else ""
    if tail and verb != "ensure":
        return None
    return f"{verb} {first} {' '.join(words[1:])}{tail}".strip()
