"""Calls: sentences to call clauses (who is asked to do what), before splitting and rewriting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import ADVERB, DETERMINERS, INSTITUTION, PRONOUNS, PUBLIC, PUBLIC_VERBS
from .segment import Sentence
from .verbs import ACTION_VERBS, NOUN_LIKE, base_of_gerund, base_of_participle
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
    r"demand(?:s|ed|ing)?|insist(?:s|ed|ing)?\s+on|wish(?:es)?|would like|encourag\w+"
)
ASK_TO = re.compile(r"\b(?P<trig>" + ASK + r")\s+(?P<who>[^.;:!?]{1,160}?)\s+to\s+(?=\S)", re.I)
ASK_WORD = re.compile(r"\b(?:" + ASK + r")\s+", re.I)
THAT = re.compile(
    r"\b(?P<trig>demand|insist|recommend|ask|urge|request|propose|suggest|call|require|appeal|"
    r"(?:is|it's|it is) (?:time|essential|imperative|crucial|vital|important|necessary|urgent))"
    r"(?:s|ed|ing)?\s+that\s+",
    re.I,
)
TIME_FOR = re.compile(
    r"\b(?:time|essential|imperative|crucial|vital|important|necessary|urgent|high time)\s+"
    r"for\s+(?P<who>[^.;:!?]{2,100}?)\s+to\s+(?=\S)",
    re.I,
)
MODAL = re.compile(
    r"\b(?P<modal>must|should|shall|needs? to|has to|have to|ought to|will have to|"
    r"(?:is|are) (?:urged|required|obliged|called upon|asked|expected) to)\s+(?=\S)",
    re.I,
)
NOMINAL = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?|seek(?:s|ing)?|urg(?:e|es|ed|ing)|"
    r"press(?:es|ed|ing)?\s+for|push(?:es|ed|ing)?\s+for|appeal(?:s|ed)?\s+for|"
    r"ask(?:s|ed)?\s+for|need(?:s)?)\s+(?:for\s+)?(?P<np>(?:an?|the|their|his|her|its)\s+[^.;:!?]{3,200})",
    re.I,
)
SUBJECT_CUT = re.compile(
    r".*(?:[,;:“”\"(—–]|\b(?:that|which|who|but|while|because|if|when|as|said|says|and so|"
    r"why|where|whereas|unless|until|whether|so)\b)\s*",
    re.I | re.S,
)
OTHER_PARTY = re.compile(
    r"\b(?:family|families|relatives|wife|husband|mother|father|son|daughter|sister|brother|"
    r"lawyers?|attorneys?|court|tribunal|judges?|rapporteurs?|working group|experts?|committee|"
    r"states|countries|governments|members|protesters|journalists|supporters|activists|"
    r"he|she|they|ministers?|officials?|union|parliamentarians|lawmakers|colleagues)\b",
    re.I,
)
SELF = re.compile(r"\b(?:we|us|our|i)\b", re.I)
ADJECTIVE_VERBS = word_set(
    """
free open secure close present clear clean fix
"""
)


def next_words(text: str, count: int = 3) -> list[str]:
    """The first words of text, lower-cased."""
    return [w.lower() for w in re.findall(r"[\w'’-]+", text)[:count]]


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


def clause_subject(text: str) -> str:
    """The noun phrase right before a position: from the last clause boundary."""
    return SUBJECT_CUT.sub("", text).strip()


def find_calls(sent: Sentence, persons: list[str], selves: list[str]) -> list[Clause]:
    """All call clauses of one sentence, ordered, each action cut at the next clause."""
    text = sent.text
    # (clause start, action start, addressee, kind, origin, rewritten action)
    found: list[tuple[int, int, str | None, str, str, str | None]] = []
    for match in ASK_TO.finditer(text):
        start, trig, who = innermost(match)
        if starts_with_verb(text[match.end() :]) and addressee_ok(who):
            kind = call_kind(text[:start], trig, who, selves, text[match.end() :])
            found.append((start, match.end(), who, kind, "call", None))
    for match in TIME_FOR.finditer(text):
        if starts_with_verb(text[match.end() :]):
            found.append((match.start(), match.end(), match.group("who"), "demand", "call", None))
    found += that_clauses(text, selves)
    found += modal_clauses(text, persons)
    found += nominal_clauses(text, selves)
    found.sort(key=lambda f: (f[0], f[1]))
    clauses: list[Clause] = []
    for index, (_begin, action_at, who, kind, origin, rewritten) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        end = max(end, action_at)
        action = rewritten or text[action_at:end]
        clauses.append(Clause(sent, action, sent.start + action_at, who, kind, origin))
    return clauses


def innermost(match: re.Match) -> tuple[int, str, str]:
    """The last trigger before " to ": "requires care, we urge authorities to" → urge."""
    who = match.group("who")
    inner = list(ASK_WORD.finditer(who))
    if not inner:
        return match.start(), match.group("trig"), who
    last = inner[-1]
    return match.start("who") + last.start(), last.group(0), who[last.end() :].strip()


def addressee_ok(who: str) -> bool:
    """An addressee is a short noun phrase, not a clause."""
    words = who.split()
    return 0 < len(words) <= 16 and not re.search(r"\b(?:said|says|is|are|was|were)\b", who)


def call_kind(before: str, trigger: str, who: str, selves: list[str], action: str = "") -> str:
    """demand, public (readers asked to act) or reported (another party's call)."""
    verb = next_words(re.sub(r"^(?:\w+ly\s+)+", "", action), 1)
    if PUBLIC.match(who.strip()) and (not verb or verb[0] in PUBLIC_VERBS):
        return "public"
    subject = clause_subject(before)
    if SELF.search(subject) or is_self(subject, selves):
        return "demand"
    if OTHER_PARTY.search(subject) or re.search(r"\b(?:family|relatives)\b", before, re.I):
        return "reported"
    return "demand"


def is_self(subject: str, selves: list[str]) -> bool:
    """True when the subject is the releasing organisation (or is missing)."""
    if not subject:
        return True
    return any(s.lower() in subject.lower() for s in selves)


def that_clauses(text: str, selves: list[str]) -> list[tuple]:
    """ "demand that X release Y": the first verb of action after a subject of 1-12 words."""
    out = []
    for match in THAT.finditer(text):
        words = list(re.finditer(r"[\w'’-]+", text[match.end() : match.end() + 160]))
        for index, word in enumerate(words[1:13], 1):
            low = word.group(0).lower()
            if low in {"should", "must", "shall"} or re.match(
                r"[.;:!?]", text[match.end() + word.start() - 2 :]
            ):
                break
            if low in ACTION_VERBS and words[index - 1].group(0).lower() not in DETERMINERS:
                who = text[match.end() : match.end() + words[index - 1].end()]
                kind = call_kind(text[: match.start()], match.group("trig"), who, selves, low)
                at = match.end() + word.start()
                out.append((match.start(), at, who, kind, "that", None))
                break
    return out


def modal_clauses(text: str, persons: list[str]) -> list[tuple]:
    """ "X must A", "X should not A", and the passive "Y must be released"."""
    out = []
    for match in MODAL.finditer(text):
        subject = clause_subject(text[: match.start()].rstrip())
        rest = text[match.end() :]
        begin = len(text[: match.start()].rstrip()) - len(subject)
        passive = passive_action(subject, rest, persons)
        if passive:
            out.append((begin, match.end(), None, "demand", "passive", passive))
        elif starts_with_verb(rest) and is_authority(subject, persons):
            kind = "public" if PUBLIC.match(subject) else "demand"
            out.append((begin, match.end(), subject, kind, "modal", None))
    return out


def passive_action(subject: str, rest: str, persons: list[str]) -> str | None:
    """ "Kem Sokha must be released immediately" → "release Kem Sokha immediately"."""
    match = re.match(r"(not\s+)?be\s+((?:\w+ly\s+(?:and\s+\w+ly\s+)?)?)([a-z]+)\b(.*)", rest, re.S)
    if not match or not subject:
        return None
    base = base_of_participle(match.group(3))
    if not base or base not in ACTION_VERBS or subject.lower() in PRONOUNS - {"he", "she", "they"}:
        return None
    if subject.lower() in {"he", "she", "they"} and persons:
        subject = " and ".join(persons[:2]) if subject.lower() == "they" else persons[0]
    first = subject.split()[0]
    if first.lower() in DETERMINERS or first.lower() in ACTION_VERBS:
        subject = first.lower() + subject[len(first) :]
    tail = match.group(4)
    complement = re.match(
        r"\s+((?:permanent|public|available|accountable|unconditional|"
        r"full|clear|free|safe|aware)\b(?:,?\s*(?:and\s+)?\w+)*)",
        tail,
    )
    negation = "not " if match.group(1) else ""
    adverb = match.group(2)
    if complement and base in {"make", "hold", "keep", "set"}:
        return f"{negation}{adverb}{base} {subject} {tail.strip()}"
    return f"{negation}{adverb}{base} {subject}{tail}"


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
    "investigation": "conduct",
    "inquiry": "hold",
    "review": "conduct",
    "moratorium": "impose",
    "ban": "impose",
    "audit": "conduct",
    "consultation": "hold",
    "apology": "issue",
    "compensation": "provide",
    "overhaul": "carry out",
}
DIRECT = {"conduct", "hold", "impose", "issue", "provide", "carry out"}


def nominal_clauses(text: str, selves: list[str]) -> list[tuple]:
    """ "call for the immediate release of Y" → "release Y immediately"."""
    out = []
    for match in NOMINAL.finditer(text):
        np = match.group("np")
        words = list(re.finditer(r"[\w'’-]+", np))[1:5]
        head = next((w for w in words if w.group(0).lower() in NOMINAL_VERBS), None)
        if head is None:
            continue
        verb = NOMINAL_VERBS[head.group(0).lower()]
        if verb in DIRECT:
            action = f"{verb} {np}"
        else:
            obj = re.sub(r"^\s*(?:of|to)\s+", "", np[head.end() :]).strip()
            modifiers = np[words[0].start() : head.start()].split()
            manner = " ".join(adverbial(w) for w in modifiers)
            action = f"{verb} {obj} {manner}".strip() if obj else ""
        if action:
            kind = call_kind(text[: match.start()], match.group(0).split()[0], "x", selves)
            out.append((match.start(), match.start("np"), None, kind, "nominal", action))
    return out


def adverbial(adjective: str) -> str:
    """ "immediate" → "immediately"; other modifiers are kept as they are."""
    low = adjective.lower()
    if low.endswith("ate") or low.endswith("al") or low.endswith("ful"):
        return low + "ly"
    return low


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
