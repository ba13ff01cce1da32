"""Calls: sentences to call clauses (who is asked to do what), before splitting and rewriting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import ADVERB, DETERMINERS, INSTITUTION, PRONOUNS, PUBLIC, PUBLIC_VERBS
from .segment import Sentence
from .verbs import ACTION_VERBS, NOUN_LIKE, base_of_participle
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
    r"(?:s|ed|ing)?\s+that\s+(?P<who>[^.;:!?]{2,120}?)\s+(?:should\s+|must\s+|shall\s+)?"
    r"(?P<verb>(?:not\s+)?(?:be\s+)?[a-z]+)\b",
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
    r"ask(?:s|ed)?\s+for)\s+(?P<np>(?:an?|the|their|his|her|its)\s+[^.;:!?]{3,200})",
    re.I,
)
SUBJECT_CUT = re.compile(
    r".*(?:[,;:“”\"(—–]|\b(?:that|which|who|but|while|because|if|when|as|said|says|and so|"
    r"why|where|whereas|unless|until|whether|so)\b)\s*",
    re.I | re.S,
)
PAST = re.compile(r"(?:ed|ied)$|^(?:asked|sought|had|has|have)", re.I)
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
    words = re.findall(r"[\w'’-]+", text)[:6]
    while words and ADVERB.match(words[0]) and words[0].lower() not in ACTION_VERBS:
        words = words[1:]
    if words and words[0].lower() == "and":
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
            kind = call_kind(text[:start], trig, who, selves)
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


def call_kind(before: str, trigger: str, who: str, selves: list[str]) -> str:
    """demand, public (readers asked) or reported (someone else's past call)."""
    if PUBLIC.match(who.strip()):
        return "public"
    subject = clause_subject(before)
    first = trigger.split()[0]
    if PAST.search(first) and not SELF.search(subject) and not is_self(subject, selves):
        return "reported"
    return "demand"


def is_self(subject: str, selves: list[str]) -> bool:
    """True when the subject is the releasing organisation (or is missing)."""
    if not subject:
        return True
    return any(s.lower() in subject.lower() for s in selves)


def that_clauses(text: str, selves: list[str]) -> list[tuple]:
    """ "demand that X release Y", "it is essential that X be released"."""
    out = []
    for match in THAT.finditer(text):
        verb = match.group("verb").lower()
        bare = verb.replace("not ", "").replace("be ", "")
        if verb.startswith(("be ", "not be ")) or bare not in ACTION_VERBS:
            continue
        kind = call_kind(text[: match.start()], match.group("trig"), "x", selves)
        out.append((match.start(), match.start("verb"), match.group("who"), kind, "that", None))
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
    subject = re.sub(r"^(?:The|A|An)\b", lambda m: m.group(0).lower(), subject)
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
        head = re.match(
            r"(?:an?|the|their|his|her|its)\s+((?:[\w-]+\s+){0,3}?)(\w+)\b(.*)", np, re.S
        )
        if not head or head.group(2).lower() not in NOMINAL_VERBS:
            continue
        verb = NOMINAL_VERBS[head.group(2).lower()]
        if verb in DIRECT:
            action = f"{verb} {np}"
        else:
            obj = re.sub(r"^\s*(?:of|to)\s+", "", head.group(3))
            manner = " ".join(adverbial(w) for w in head.group(1).split())
            action = f"{verb} {obj.strip()} {manner}".strip() if obj.strip() else ""
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
    if not text.endswith(":") and not re.search(r"\brecommendations?\b", text, re.I):
        return None
    match = re.search(r"\b(?:" + ASK + r")\s+(?P<who>.{1,120}?)\s+to\s*:?\s*$", text, re.I)
    if match:
        kind = call_kind(
            text[: match.start()], text[match.start() :].split()[0], match.group("who"), selves
        )
        return match.group("who"), kind
    match = re.search(r"(?P<who>[^,;:.]{2,80}?)\s+(?:must|should|needs to)\s*:?\s*$", text)
    if match and is_authority(match.group("who"), persons):
        return match.group("who"), "demand"
    if re.search(r"\b(?:recommend|call|urge|ask|demand)\w*\b", text, re.I) and text.endswith(":"):
        return None, "demand"
    return None
