"""Split coordinated actions and rewrite each as a short imperative with names resolved."""

from __future__ import annotations

import re

from .calls import starts_with_verb
from .lexicon import FILLER_ADVERBS
from .verbs import ACTION_VERBS

QUOTE_END = re.compile(r"[”\"](?=\s*(?:[,.]|$|\s+(?:said|says|added)\b))|[”\"]\s*$")
ATTRIBUTION = re.compile(
    r"(?:,|\s[–—-])\s*(?:(?:[A-Z][\w.'’-]*|of|at|for|the|and|in)\s+){1,12}?"
    r"(?:said|says|added|stated|noted|wrote|concluded)\b.*$"
    r"|(?:,|\s[–—-])\s*(?:said|says|added|according to)\b.*$",
    re.S,
)
REASON = re.compile(
    r"(?:,\s*|\s+[–—-]\s*|\s+)(?:so that|in order to|so as to|because|since|given that|as this|"
    r"as it|as they|as these|as the|as well\b(?! as)|which (?:would|will|is|are|has)|"
    r"while|whereas|rather than|before it is too late|to avoid)\b.*$"
    r"|,\s*(?:which|who|as|and (?:we|it|this|that|they|he|she)|but)\b.*$",
    re.S,
)
SEPARATOR = re.compile(r";\s*(?:and\s+)?|,\s*(?:and|or)\s+|\s+(?:and|or|as well as)\s+|,\s+")
MAX_WORDS = 40


def trim_action(action: str) -> str:
    """Cut an action at the end of its quote, attributions and trailing reasons."""
    match = QUOTE_END.search(action)
    if match:
        action = action[: match.start()]
    action = ATTRIBUTION.sub("", action)
    action = REASON.sub("", action)
    action = re.sub(r"\s*\([^)]*$", "", action)  # an unclosed bracket at the end
    words = action.split()
    if len(words) > MAX_WORDS:
        action = " ".join(words[:MAX_WORDS])
        action = action[: action.rfind(",")] if action.rfind(",") > 60 else action
    return action.strip(" ,;:-–—.\"“”'‘’")


def split_actions(action: str) -> list[str]:
    """ "drop the charges and release him" → ["drop the charges", "release him"]."""
    cuts = [0]
    ends: list[int] = []
    for match in SEPARATOR.finditer(action):
        rest = re.sub(r"^(?:to|also|then)\s+", "", action[match.end() :])
        before = action[cuts[-1] : match.start()].lower().split()
        has_verb = any(w in ACTION_VERBS for w in before)
        if has_verb and starts_with_verb(rest) and not starts_with_verb_ing(rest):
            ends.append(match.start())
            cuts.append(match.end())
    ends.append(len(action))
    parts = [action[a:b].strip() for a, b in zip(cuts, ends, strict=True)]
    parts = [re.sub(r"^(?:to|also|then)\s+", "", p) for p in parts if p]
    return share_objects(parts)


def starts_with_verb_ing(text: str) -> bool:
    """A gerund is never the start of a new demand."""
    return bool(re.match(r"\w+ing\b", text))


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


def resolve_pronouns(text: str, persons: list[str]) -> str:
    """Replace him/his/her/he/she (and them/their for several subjects) with the names."""
    if not persons:
        return text
    one = persons[0]
    many = " and ".join(persons[:3]) if len(persons) > 1 else None

    def swap(match: re.Match) -> str:
        word, after = match.group(1), match.group(2) or ""
        low = word.lower()
        if low in ("him", "he", "she"):
            return one + after
        if low == "his":
            return one + "'s" + after
        if low == "her":
            possessive = re.match(r"\s+[a-z]", after) and not re.match(
                r"\s+(?:to|from|with|for|on|in|at|and|or|immediately|now|access)\b", after
            )
            return (one + "'s" if possessive else one) + after
        if many and low in ("them", "they"):
            return many + after
        if many and low == "their":
            return many + "'" + ("" if many.endswith("s") else "s") + after
        return match.group(0)

    return re.sub(r"\b(him|his|her|he|she|them|they|their)\b(\s+\w+)?", swap, text)


def imperative_text(action: str, persons: list[str]) -> str:
    """Make the final demand: capitalised, negation as "Do not", pronouns resolved."""
    text = action.strip(" ,;:-–—.\"“”'‘’")
    words = text.split(None, 1)
    while words and words[0].lower() in FILLER_ADVERBS and len(words) > 1:
        text = words[1]
        words = text.split(None, 1)
    if re.match(r"not\b", text, re.I):
        text = "do " + text
    text = resolve_pronouns(text, persons)
    return text[:1].upper() + text[1:]


def rewrite(action: str, persons: list[str]) -> list[str]:
    """One call clause's action → one or more imperative demands."""
    trimmed = trim_action(action)
    if len(trimmed.split()) < 2:
        return []
    return [imperative_text(p, persons) for p in split_actions(trimmed) if len(p.split()) >= 2]
