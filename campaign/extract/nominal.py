"""Nominal calls: "we call for the release of X", "we need a data-minimisation policy"."""

from __future__ import annotations

import re

from .kinds import SELF, call_kind, clause_subject
from .lexicon import INSTITUTION
from .verbs import ACTION_VERBS
from .words import word_set

NOMINAL = re.compile(
    r"\b(?P<trig>call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?|seek(?:s|ing)?|"
    r"urg(?:e|es|ed|ing)(?:\s+for)?|press(?:es|ed|ing)?\s+for|push(?:es|ed|ing)?\s+for|"
    r"appeal(?:s|ed)?\s+for|ask(?:s|ed)?\s+for|recommend(?:s|ed|ing)?|need(?:s)?|"
    r"need\s+for|what (?:is|are) (?:\w+ly )?needed (?:is|are)|"
    r"(?:critical|essential|crucial|vital|key) (?:will be|is|are))\s+"
    r"(?P<np>(?!to\b|that\b|for\b|you\b|us\b|them\b)(?:(?!\b(?:urg|call|press|push)\w*\s+for\b)"
    r"[^.;:!?]){3,240})",
    re.I,
)
NEED_TO = re.compile(
    r"\b(?:the|a|an)\s+(?:\w+\s+)?need\s+to\s+(?:(?:not only|also|urgently)\s+)?", re.I
)
ASKED = re.compile(r"\b(?:call\w*\s+(?:up)?on|urg\w*|ask\w*)\s+\S", re.I)
# Nominalisations and the verb they name: "the repeal of the law" → "repeal the law".
NOMINAL_VERBS = {
    "release": "release",
    "withdrawal": "withdraw",
    "repeal": "repeal",
    "end": "end",
    "halt": "halt",
    "reversal": "reverse",
    "revocation": "revoke",
    "abolition": "abolish",
    "suspension": "suspend",
    "dismissal": "dismiss",
    "removal": "remove",
    "restoration": "restore",
    "reinstatement": "reinstate",
    "return": "return",
    "closure": "close",
    "cancellation": "cancel",
    "publication": "publish",
    "disclosure": "disclose",
    "protection": "protect",
    "recognition": "recognise",
    "acquittal": "acquit",
    "annulment": "annul",
    "establishment": "establish",
    "introduction": "introduce",
    "adoption": "adopt",
    "implementation": "implement",
    "ratification": "ratify",
    "prohibition": "prohibit",
    "lifting": "lift",
    "cessation": "cease",
    "transfer": "transfer",
    "amendment": "amend",
    "prosecution": "prosecute",
    "dropping": "drop",
    "intervention": "intervene in",
    "involvement": "involve",
    "inclusion": "include",
    "creation": "create",
    "reform": "reform",
    "revision": "revise",
}
# Nouns that name an instrument or a measure, and the light verb that asks for it.
LIGHT_VERBS = {
    "introduce": "law laws legislation code codes policy policies framework frameworks regime "
    "safeguards mechanism mechanisms standards rules regulation regulations guidance "
    "guidelines process strategy plan tort oversight treaty",
    "provide": "regulator information resources funding remedy remedies justice reparation "
    "reparations redress assistance care treatment compensation access opportunity amnesty",
    "hold": "consultation consultations debate hearing hearings dialogue talks depositions "
    "inquiry elections",
    "conduct": "investigation investigations review audit assessment assessments probe",
    "impose": "moratorium ban penalties sanctions limits",
    "ensure": "transparency accountability coordination scrutiny",
    "take": "action steps measures",
    "issue": "apology advisory statement",
    "set": "date deadline timeline timeframe",
}
LIGHT = {noun: verb for verb, nouns in LIGHT_VERBS.items() for noun in nouns.split()}
DETERMINER = re.compile(r"\b(?:an?|the|their|his|her|its|our|this|these|all)\s+", re.I)
NP_SPLIT = re.compile(r",\s*(?:and\s+|as well as\s+)?|\s+(?:and|as well as)\s+")
HEAD_WORDS = 5
# Words that may follow a head noun (it is no modifier then): "release of", "end to".
LINKS = word_set(
    """
of to for in on into against from by with and or at as that which who before after without
under over within across until alongside between through
"""
)
NAME_GOES_ON = re.compile(r"(?:(?:and|of|for)\s+)?[A-Z]")
# Words that cannot stand between a determiner and its head noun.
NOT_MODIFIER = word_set(
    """
to of for on in by with that which who is are was were be not from at as into against its
their his her them him it they we you i
"""
)


def head_verb(np: str) -> tuple[str, str, int, int] | None:
    """The verb a noun phrase asks for and its head noun with offsets: "a full inquiry" → hold."""
    skip = DETERMINER.match(np)
    start = skip.end() if skip else 0
    words = list(re.finditer(r"[\w'’-]+", np[start : start + 200]))[: HEAD_WORDS + 2]
    for index, word in enumerate(words[:HEAD_WORDS]):
        low = word.group(0).lower()
        follow = " ".join(w.group(0) for w in words[index + 1 : index + 3])
        head = low in NOMINAL_VERBS or low in LIGHT
        if head and word.group(0)[:1].isupper() and NAME_GOES_ON.match(follow):
            return None  # "Justice and Peace Commission": a name, not a call for justice
        after = words[index + 1].group(0) if index + 1 < len(words) else ""
        compound = after[:1].islower() and after.lower() not in LINKS
        if low in NOMINAL_VERBS and compound and low not in LIGHT:
            continue  # "a data protection law": the nominalisation only modifies the head
        if low in NOMINAL_VERBS or low in LIGHT:
            verb = NOMINAL_VERBS.get(low) or LIGHT[low]
            return verb, low, start + word.start(), start + word.end()
        if low in NOT_MODIFIER:
            return None
    return None


def nominal_action(np: str) -> str:
    """ "the prompt release of Y" → "release Y promptly"; "a new law" → "introduce a new law"."""
    found = head_verb(np)
    if not found:
        return ""
    verb, head, begin, end = found
    if head in LIGHT and head not in NOMINAL_VERBS:
        return f"{verb} {np.strip()}"
    obj = re.sub(r"^\s*(?:of|to|in)\s+", "", np[end:]).strip()
    if re.match(r"(?:and|or|but|as|while|because|since)\b", obj):
        obj = ""  # "urge for immediate disclosure and ...": the call names no object
    modifiers = DETERMINER.sub("", np[:begin]).split()
    owner = [i for i, w in enumerate(modifiers) if re.search(r"['’]s$", w)]
    if owner:  # "Ana Lima's immediate release" → "release Ana Lima immediately"
        at = owner[-1]
        first = at
        while first > 0 and modifiers[first - 1][:1].isupper():
            first -= 1
        name = " ".join(modifiers[first : at + 1])[:-2]
        obj = f"{name} {obj}".strip()
        modifiers = [re.sub(r"[^\w\s-]", "", w) for w in modifiers[at + 1 :]]
    manner = " ".join(adverbial(w) for w in modifiers)
    return " ".join(f"{verb} {obj} {manner}".split()) if obj or manner else ""


def split_noun_phrases(np: str) -> list[tuple[int, str]]:
    """ "a new law, strong penalties and an inquiry" → three phrases, each with its offset."""
    parts: list[tuple[int, str]] = []
    start = 0
    for match in NP_SPLIT.finditer(np):
        if head_verb(np[match.end() :]) and head_verb(np[start : match.start()]):
            parts.append((start, np[start : match.start()]))
            start = match.end()
    parts.append((start, np[start:]))
    return parts


def asker_ok(trigger: str, before: str) -> bool:
    """ "need" asks only in the mouth of the speaker, a state or an institution."""
    if not trigger.lower().startswith("need") or trigger.lower().startswith("need for"):
        return True
    subject = clause_subject(before)
    proper = re.fullmatch(r"(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?", subject.strip())
    return bool(SELF.search(subject) or INSTITUTION.search(subject) or proper)


def need_to_clauses(text: str, selves: list[str]) -> list[tuple]:
    """ "the need to update the privacy law" → "update the privacy law"."""
    out = []
    for match in NEED_TO.finditer(text):
        verb = re.match(r"[\w-]+", text[match.end() :])
        if verb and verb.group(0).lower() in ACTION_VERBS:
            kind = call_kind(text[: match.start()], "need", "x", selves)
            out.append((match.start(), match.end(), None, kind, "nominal", None))
    return out


def participle(trigger: str, before: str) -> bool:
    """ "students demanding justice": an -ing trigger outside "we are calling for" reports."""
    if not re.match(r"\w+ing\b", trigger):
        return False
    return not re.search(r"\b(?:am|are|is|'re|’re|be|been|keep|continue)\s+(?:\w+ly\s+)?$", before)


def nominal_clauses(text: str, selves: list[str]) -> list[tuple]:
    """Calls for a noun phrase, one clause per coordinated phrase."""
    out = need_to_clauses(text, selves)
    for match in NOMINAL.finditer(text):
        trigger = match.group("trig")
        if not asker_ok(trigger, text[: match.start()]):
            continue
        if re.search(r"\b(?:and|or|to)\s*$", text[: match.start()]) and ASKED.search(text):
            continue  # "urge X to condemn Y and demand the release of Z": the addressee's verb
        kind = call_kind(text[: match.start()], trigger.split()[0], "x", selves)
        if participle(trigger, text[: match.start()]):
            kind = "reported"  # "protesters calling for the release of X"
        for offset, np in split_noun_phrases(match.group("np")):
            action = nominal_action(np)
            if action:
                at = match.start("np") + offset
                out.append((at if offset else match.start(), at, None, kind, "nominal", action))
    return out


def adverbial(adjective: str) -> str:
    """ "immediate" → "immediately", "full" → "fully"; other modifiers are kept as they are."""
    low = adjective.lower()
    if low in {"full", "prompt", "swift", "quick", "thorough", "complete", "speedy"}:
        return {"full": "fully", "speedy": "speedily"}.get(low, low + "ly")
    if low.endswith(("ate", "al", "ful", "ous", "ent", "ant", "ive")):
        return low + "ly"
    return low
