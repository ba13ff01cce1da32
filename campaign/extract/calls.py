"""Calls: sentences to call clauses (who is asked to do what), before splitting and rewriting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import call_kind, clause_subject, next_words
from .lexicon import PUBLIC_VERBS
from .modal import MODAL, modal_clauses
from .nominal import nominal_action, nominal_clauses
from .segment import Sentence
from .thatclause import base_forms, that_clauses
from .verbphrase import is_authority, starts_with_verb
from .verbs import base_of_gerund


@dataclass
class Clause:
    """One call found in a sentence: its addressee, its action and what kind of call it is."""

    sentence: Sentence
    action: str
    start: int  # offset of the action in the cleaned text
    target: str | None
    kind: str = "demand"  # demand | public | reported
    origin: str = "call"  # call | modal | imperative | item | nominal | that


ASK = (
    r"call(?:s|ed|ing)?\s+(?:up)?on|call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing)|"
    r"ask(?:s|ed|ing)?|request(?:s|ed|ing)?|appeal(?:s|ed|ing)?\s+to|"
    r"press(?:es|ed|ing)?(?!\s+(?:release|statement|conference|freedom|reports?)\b)|"
    r"implor(?:e|es|ed|ing)|exhort(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|invit(?:e|es|ed|ing)|"
    r"want(?:s)?|expect(?:s)?|need(?:s)?|recommend(?:s|ed|ing)?|advis(?:e|es|ed|ing)|"
    r"challeng(?:e|es|ed|ing)|remind(?:s|ed|ing)?|push(?:es|ed|ing)?|require(?:s)?|"
    r"pressur(?:e|es|ed|ing)|lobb(?:y|ies|ied|ying)|petition(?:s|ed|ing)?|plead(?:s|ed)?\s+with|"
    r"demand(?:s|ed|ing)?|insist(?:s|ed|ing)?\s+on|wish(?:es)?|would like|encourag\w+|"
    r"tell(?:s|ing)?"
)
ASK_TO = re.compile(
    r"\b(?P<trig>" + ASK + r")\s+(?P<who>[^.;:!?]{1,700}?)\s+(?P<neg>not\s+)?to\s+(?=\S)", re.I
)
ASK_WORD = re.compile(r"\b(?:" + ASK + r")\s+", re.I)
# Every trigger of every form of call starts with one of these words.
HINT = re.compile(
    r"\b(?:call|urg|ask|request|appeal|press|implor|exhort|encourag|invit|want|expect|need|"
    r"recommend|advis|challeng|remind|push|requir|pressur|lobb|petition|plead|demand|insist|"
    r"wish|would like|tell|must|should|shall|has to|have to|ought|time|essential|imperative|"
    r"crucial|vital|important|necessary|urgent|seek|propos|suggest|stress|obliged|called|"
    r"incumbent|critical|key)",
    re.I,
)
# Modals that state what a law or a ruling requires, not what the release asks for.
LAW_SAYS = re.compile(
    r"\baccording to\b|\b(?:under|pursuant to)\s+(?:the\s+)?(?:section|article|rule|act|law)\b",
    re.I,
)
AND_FOR = re.compile(r"[,;]?\s+and\s+for\s+(?P<who>[^,.;:!?]{1,60}?)\s+to\s+(?=\S)", re.I)
TIME_FOR = re.compile(
    r"\b(?:(?:time|essential|imperative|crucial|vital|important|necessary|urgent|high time)\s+"
    r"(?:is\s+)?for|incumbent\s+(?:up)?on)\s+(?P<who>[^.;:!?]{2,100}?)\s+to\s+(?=\S)",
    re.I,
)


def find_calls(sent: Sentence, persons: list[str], selves: list[str]) -> list[Clause]:
    """All call clauses of one sentence, ordered, each action cut at the next clause."""
    text = sent.text
    if not HINT.search(text):
        return []  # most sentences hold no trigger word: skip the costlier patterns
    # (clause start, action start, addressee, kind, origin, rewritten action)
    found: list[tuple[int, int, str | None, str, str, str | None]] = []
    for match in ASK_TO.finditer(text):
        start, trig, who = innermost(match)
        who = pressing_party(text[:start], persons) or who
        if starts_with_verb(text[match.end() :]) and addressee_ok(who, trig):
            kind = call_kind(text[:start], trig, who, selves, text[match.end() :])
            origin = "call-not" if match.group("neg") else "call"
            found.append((start, match.end(), who, kind, origin, None))
    for match in TIME_FOR.finditer(text):
        if starts_with_verb(text[match.end() :]):
            found.append((match.start(), match.end(), match.group("who"), "demand", "call", None))
    for match in AND_FOR.finditer(text):  # "we urge X to A, and for Y to B"
        if found and starts_with_verb(text[match.end() :]):
            who, kind = match.group("who"), found[0][3]
            found.append((match.start(), match.end(), who, kind, "call", None))
    found += that_clauses(text, selves, persons)
    if not LAW_SAYS.search(text):  # "under the Act, orders must be published" describes the law
        found += modal_clauses(text, persons)
    found += nominal_clauses(text, selves)
    found.sort(key=lambda f: (f[0], f[1]))
    clauses: list[Clause] = []
    for index, (_begin, action_at, who, kind, origin, rewritten) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        end = max(end, action_at)
        action = rewritten or text[action_at:end]
        if origin == "that" and not rewritten:
            action = base_forms(action)
        if origin == "call-not":
            action = "not " + action
        clauses.append(Clause(sent, action, sent.start + action_at, who, kind, origin))
    return clauses


MODAL_BEFORE = re.compile(r"\s(?:should|must|needs? to|ought to|has to|have to)\s+(?:\w+ly\s+)?$")


def pressing_party(before: str, persons: list[str]) -> str | None:
    """ "The EU should urge X to free Y": the EU is asked to act, X is whom it should press."""
    modal = MODAL_BEFORE.search(before)
    if not modal:
        return None
    subject = clause_subject(before[: modal.start()])
    return subject if is_authority(subject, persons) else None


def innermost(match: re.Match) -> tuple[int, str, str]:
    """The last trigger before " to ": "requires care, we urge authorities to" → urge."""
    who = match.group("who")
    # "Press" or "Appeals" inside a name ("the Press Council") is no trigger
    inner = [m for m in ASK_WORD.finditer(who) if not m.group(0)[:1].isupper()]
    if not inner:
        return match.start(), match.group("trig"), who
    last = inner[-1]
    return match.start("who") + last.start(), last.group(0), who[last.end() :].strip()


def addressee_ok(who: str, trigger: str = "") -> bool:
    """An addressee is a noun phrase, not a clause; "call on" can name a long list of them."""
    words = who.split()
    longest = 100 if re.match(r"call\w*\s+(?:up)?on|urg", trigger, re.I) else 16
    if re.match(r"(?:of|for|from|with|about|that)\b", who, re.I):
        return False  # "the request of the lawyer to ...": a noun with its complement
    if re.match(r"to\b", who, re.I) and not re.match(r"urg|appeal", trigger, re.I):
        return False  # "urge to the government to ..." is said; "push to remove X to ..." is not
    clause = re.search(r"\b(?:said|says|is|are|was|were|been|would|could|has|have|had)\b", who)
    return 0 < len(words) <= longest and not clause


def imperative(sent: Sentence) -> Clause | None:
    """A sentence or item that is itself a command: "Free Kem Sokha now"."""
    text = re.sub(r"^[\"“‘'(\[]+", "", sent.text)
    text = re.sub(r"^[A-Z][\w .'’-]{2,40}:\s+", "", text)  # "Cambodia: Free ..."
    text = re.sub(r"^(?:(?:please|we|to|and|also)\s+)+", "", text, flags=re.I)
    words = next_words(text, 2)
    # "And to adopt X." continues the call before it; a lower-case start is a fragment
    opening = sent.text.lstrip("\"“‘'([")
    lower_start = text[:1].islower() and not re.match(r"(?:And|Also)\s", opening)
    if not words or not starts_with_verb(text) or (lower_start and sent.kind == "text"):
        return None
    offset = sent.start + sent.text.find(text[:10]) if text[:10] in sent.text else sent.start
    public = words[0] in PUBLIC_VERBS or re.search(r"\b(?:you|your|us|our)\b", text, re.I)
    kind = "public" if public else "demand"
    return Clause(sent, text, offset, None, kind, "imperative")


def lead_in(sent: Sentence, persons: list[str], selves: list[str]) -> tuple[str | None, str] | None:
    """A sentence that introduces a list of calls: "We call on the Government to:"."""
    text = sent.text.rstrip()
    heading = sent.kind == "heading" and LIST_WORD.search(text)
    if not text.endswith(":") and not heading:
        return None
    match = re.search(r"\b(?:" + ASK + r")\s+(?P<who>.{1,120}?)\s+to\s*:?\s*$", text, re.I)
    if match:
        who = match.group("who")
        return who, call_kind(text[: match.start()], text[match.start() :], who, selves)
    match = re.search(r"(?P<who>[^,;:.]{2,80}?)\s+(?:must|should|needs to)\s*:?\s*$", text)
    if match and is_authority(clause_subject(match.group("who")), persons):
        return clause_subject(match.group("who")), "demand"
    if heading or LIST_WORD.search(text) or MODAL.search(text):
        return None, "demand"
    return None


LIST_WORD = re.compile(
    r"\b(?:recommend\w*|demands?|call\w*|urg\w+|ask\w*|request\w*|following|including|"
    r"suggest\w*|propos\w+|steps|measures|need\w*|what (?:\w+ )?(?:should|must))\b",
    re.I,
)


def item_clause(sent: Sentence, lead: tuple[str | None, str]) -> Clause | None:
    """A list item after a lead-in: "Release all political prisoners;", "ensuring that ..."."""
    text = re.sub(r"^(?:to|and|or)\s+", "", sent.text.strip(), flags=re.I)
    first = text.split(None, 1)
    base = base_of_gerund(first[0]) if first else None
    if base and len(first) > 1:
        text = f"{base} {first[1]}"
    if not starts_with_verb(text):
        text = nominal_action(text)  # a recommendation as a noun phrase: "An amnesty for X"
        if not text:
            return None
    who, kind = lead
    if next_words(text, 1)[0] in PUBLIC_VERBS and kind != "demand":
        kind = "public"
    return Clause(sent, text, sent.start, who, kind, "item")
