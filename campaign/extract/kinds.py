"""Kinds of call: the organisation's own demand, a call on the public, or another party's call."""

from __future__ import annotations

import re

from .lexicon import PUBLIC, PUBLIC_VERBS

SUBJECT_CUT = re.compile(
    r".*(?:[,;:“”\"(—–]|\b(?:that|which|who|but|while|because|if|when|as|said|says|and so|"
    r"why|where|whereas|unless|until|whether|so)\b)\s*",
    re.I | re.S,
)
# A subject that holds a finite verb is a clause, and its last conjunct is the real subject:
# "the EU needs to recognise its failure and [must change course]".
FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|needs|must|should|will|would|can|could|to|does|did)\b",
    re.I,
)
OTHER_PARTY = re.compile(
    r"\b(?:family|families|relatives|wife|husband|mother|father|son|daughter|sister|brother|"
    r"lawyers?|attorneys?|court|tribunal|judges?|rapporteurs?|working group|experts?|committee|"
    r"states|countries|governments|members|protesters|journalists|supporters|activists|"
    r"he|she|they|ministers?|officials?|union|parliamentarians|lawmakers|colleagues)\b",
    re.I,
)
PAST_OR_PARTICIPLE = re.compile(
    r"(?:call|urg|ask|request|demand|appeal|press|implor|exhort|encourag|invit|recommend|advis|"
    r"challeng|remind|push|requir|pressur|lobbi|petition|insist|tell)\w*?(?:ed|ing)\b|told\b",
    re.I,
)
LAW = re.compile(r"(?:bill|act|law|rules?|regulations?|guidelines|order|code|judgment)", re.I)
SELF = re.compile(r"\b(?:we|us|our|i)\b", re.I)


def next_words(text: str, count: int = 3) -> list[str]:
    """The first words of text, lower-cased."""
    return [w.lower() for w in re.findall(r"[\w'’-]+", text)[:count]]


def clause_subject(text: str) -> str:
    """The noun phrase right before a position: from the last clause boundary."""
    text = re.sub(r",[^,]{1,80},\s*$", "", text.rstrip())  # a parenthetical ", in turn,"
    if re.search(r"\b(?:and|or|but)$", text):
        return ""  # "... and [must act]": the subject is further back, in another clause
    subject = SUBJECT_CUT.sub("", text).strip()
    subject = re.sub(r"^(?:and|or|but|then)\s+", "", subject)  # ", and the families [must]"
    if FINITE.search(subject):
        subject = subject.rsplit(" and ", 1)[1] if " and " in subject else ""
    return subject.strip()


def is_self(subject: str, selves: list[str]) -> bool:
    """True when the subject is the releasing organisation (or is missing)."""
    if not subject:
        return True
    return any(s.lower() in subject.lower() for s in selves)


def call_kind(before: str, trigger: str, who: str, selves: list[str], action: str = "") -> str:
    """demand, public (readers asked to act) or reported (another party's call)."""
    verb = next_words(re.sub(r"^(?:\w+ly\s+)+", "", action), 1)
    if PUBLIC.match(who.strip()) and (not verb or verb[0] in PUBLIC_VERBS):
        return "public"
    subject = SUBJECT_CUT.sub("", before.rstrip()).strip()
    if SELF.search(subject) or is_self(subject, selves):
        return "demand"
    if subject and LAW.fullmatch(subject.split()[-1]):
        return "reported"  # "the Bill requires platforms to ...": what a text says, not a call
    if PAST_OR_PARTICIPLE.match(trigger.strip()) and not re.search(
        r"\b(?:is|are|am|has|have)\s+(?:\w+ly\s+)?$", before
    ):
        return "reported"  # "operators requested the ministry to ...": another party's call
    if OTHER_PARTY.search(subject) or re.search(r"\b(?:family|relatives)\b", before, re.I):
        return "reported"
    return "demand"
