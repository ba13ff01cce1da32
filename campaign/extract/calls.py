"""Calls: sentences to call clauses (who is asked to do what), before splitting and rewriting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import call_kind, clause_subject, next_words
from .lexicon import ADVERB, DETERMINERS, INSTITUTION, PRONOUNS, PUBLIC, PUBLIC_VERBS
from .nominal import nominal_clauses
from .passive import passive_action
from .segment import Sentence
from .thatclause import base_forms, that_clauses
from .verbs import ACTION_VERBS, NOUN_LIKE, base_of_gerund
from .words import word_set


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
    r"ask(?:s|ed|ing)?|request(?:s|ed|ing)?|appeal(?:s|ed|ing)?\s+to|press(?:es|ed|ing)?|"
    r"implor(?:e|es|ed|ing)|exhort(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|invit(?:e|es|ed|ing)|"
    r"want(?:s)?|expect(?:s)?|need(?:s)?|recommend(?:s|ed|ing)?|advis(?:e|es|ed|ing)|"
    r"challeng(?:e|es|ed|ing)|remind(?:s|ed|ing)?|push(?:es|ed|ing)?|require(?:s)?|"
    r"pressur(?:e|es|ed|ing)|lobb(?:y|ies|ied|ying)|petition(?:s|ed|ing)?|plead(?:s|ed)?\s+with|"
    r"demand(?:s|ed|ing)?|insist(?:s|ed|ing)?\s+on|wish(?:es)?|would like|encourag\w+|"
    r"tell(?:s|ing)?"
)
ASK_TO = re.compile(
    r"\b(?P<trig>" + ASK + r")\s+(?P<who>[^.;:!?]{1,300}?)\s+(?P<neg>not\s+)?to\s+(?=\S)", re.I
)
ASK_WORD = re.compile(r"\b(?:" + ASK + r")\s+", re.I)
TIME_FOR = re.compile(
    r"\b(?:time|essential|imperative|crucial|vital|important|necessary|urgent|high time)\s+"
    r"(?:is\s+)?for\s+(?P<who>[^.;:!?]{2,100}?)\s+to\s+(?=\S)",
    re.I,
)
MODAL = re.compile(
    r"\b(?P<modal>must|should|shall|needs? to|has to|have to|ought to|will have to|"
    r"(?:is|are) (?:urged|required|obliged|called upon|called on|asked|expected|requested|"
    r"invited|encouraged|advised) to)\s+(?=\S)",
    re.I,
)
ADJECTIVE_VERBS = word_set(
    """
free open secure close present clear clean fix
"""
)


def starts_with_verb(text: str) -> bool:
    """True when text starts (after adverbs) with a base-form verb of action."""
    words = re.findall(r"[\w'’-]+", text)[:8]
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
    return bool(re.match(r"(?:the\s+)?[A-Z]", subject)) and not re.search(
        r"\b(?:people|citizens|users|victims|families|women|children|everyone|Australians|"
        r"[A-Z][a-z]+ns)\b",
        subject,
    )


def find_calls(sent: Sentence, persons: list[str], selves: list[str]) -> list[Clause]:
    """All call clauses of one sentence, ordered, each action cut at the next clause."""
    text = sent.text
    # (clause start, action start, addressee, kind, origin, rewritten action)
    found: list[tuple[int, int, str | None, str, str, str | None]] = []
    for match in ASK_TO.finditer(text):
        start, trig, who = innermost(match)
        if starts_with_verb(text[match.end() :]) and addressee_ok(who, trig):
            kind = call_kind(text[:start], trig, who, selves, text[match.end() :])
            origin = "call-not" if match.group("neg") else "call"
            found.append((start, match.end(), who, kind, origin, None))
    for match in TIME_FOR.finditer(text):
        if starts_with_verb(text[match.end() :]):
            found.append((match.start(), match.end(), match.group("who"), "demand", "call", None))
    found += that_clauses(text, selves, persons)
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
    longest = 45 if re.match(r"call\w*\s+(?:up)?on|urg", trigger, re.I) else 16
    return 0 < len(words) <= longest and not re.search(r"\b(?:said|says|is|are|was|were)\b", who)


def modal_clauses(text: str, persons: list[str]) -> list[tuple]:
    """ "X must A", "X should not A", the passive "Y must be released", "abuses must stop"."""
    out = []
    for match in MODAL.finditer(text):
        subject = clause_subject(text[: match.start()].rstrip())
        rest = text[match.end() :]
        begin = max(0, text.rfind(subject, 0, match.start())) if subject else match.start()
        passive = passive_action(subject, rest, persons) or intransitive(subject, rest, persons)
        if passive:
            out.append((begin, match.end(), None, "demand", "passive", passive))
        elif starts_with_verb(rest) and (
            is_authority(subject, persons) or subject.lower() in {"it"}
        ):
            kind = "public" if PUBLIC.match(subject) else "demand"
            who = subject if subject.lower() not in {"it", "they"} else None
            out.append((begin, match.end(), who, kind, "modal", None))
    return out


def intransitive(subject: str, rest: str, persons: list[str]) -> str | None:
    """ "The attacks on journalists must stop." → "stop the attacks on journalists"."""
    match = re.match(r"(?:\w+ly\s+)?(stop|cease|end)\s*(?:[.;,!]|now\b|immediately\b|$)", rest)
    words = subject.split()
    if not match or not words or words[0].lower() in PRONOUNS or len(words) > 14:
        return None
    if any(p.lower() in subject.lower() for p in persons):
        return None
    first = words[0].lower() if words[0].lower() in DETERMINERS else words[0]
    return f"{match.group(1)} {first} {' '.join(words[1:])}".strip()


def imperative(sent: Sentence) -> Clause | None:
    """A sentence or item that is itself a command: "Free Kem Sokha now"."""
    text = re.sub(r"^[\"“‘'(\[]+", "", sent.text)
    text = re.sub(r"^[A-Z][\w .'’-]{2,40}:\s+", "", text)  # "Cambodia: Free ..."
    text = re.sub(r"^(?:please|we|to|and)\s+", "", text, flags=re.I)
    words = next_words(text, 2)
    if not words or not starts_with_verb(text) or (text[:1].islower() and sent.kind == "text"):
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
        return None
    who, kind = lead
    if next_words(text, 1)[0] in PUBLIC_VERBS and kind != "demand":
        kind = "public"
    return Clause(sent, text, sent.start, who, kind, "item")
