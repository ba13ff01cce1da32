"""Split coordinated actions and rewrite each as a short imperative with names resolved."""

from __future__ import annotations

import re

from .coordination import split_actions
from .filters import keep_demand
from .lexicon import FILLER_ADVERBS

ATTRIBUTION = re.compile(
    r"(?:,|\s[–—-])\s*(?:(?:[A-Z][\w.'’-]*|of|at|for|the|and|in)\s+){1,12}?"
    r"(?:said|says|added|stated|noted|wrote|concluded)\b.*$"
    r"|(?:,|\s[–—-])\s*(?:said|says|added|according to)\b.*$",
    re.S,
)
REASON = re.compile(
    r"(?<!\band)(?<!\bwell)(?<!\bsuch)(?:,\s*|\s+[–—-]\s*|\s+)"
    r"(?:so that|in order to|so as to|because|since|"
    r"given that|as this|as it|as they|as these|as the|as well\b(?! as)|"
    r"which (?:would|will|is|are|has)|"
    r"while|whereas|rather than|before it is too late)\b.*$"
    r"|,\s*(?:which|who|as|and (?:we|it|this|they|he|she)|but)\b.*$",
    re.S,
)
MAX_WORDS = 40


def quote_end(action: str) -> int:
    """Where the quotation holding an action closes: a closing mark with no opening one."""
    depth = 0
    for index, char in enumerate(action):
        if char == "“":
            depth += 1
        elif char == "”":
            if depth == 0:
                return index
            depth -= 1
        elif char == "’" and index and action[index - 1] in ".!?,":
            return index
    if action.count('"') % 2:
        closing = re.search(r'(?<=\S)"', action)
        return closing.start() if closing else len(action)
    return len(action)


def trim_action(action: str) -> str:
    """Cut an action at the end of its quote, attributions and trailing reasons."""
    action = re.sub(r"^not only\s+", "", action.lstrip())  # a focus word, not a negation
    action = action[: quote_end(action)]
    action = ATTRIBUTION.sub("", action)
    action = REASON.sub("", action)
    action = re.sub(r"\s*\([^)]*$", "", action)  # an unclosed bracket at the end
    # the words that joined this action to the next call: "condemn X and to [urge them]"
    action = re.sub(r"(?:[\s,;]+(?:and|or|but|to|also))+[\s,;]*$", "", action, flags=re.I)
    return action.strip(" ,;:-–—.\"“”'‘’")


def cap_length(action: str) -> str:
    """Cut a rambling action at a comma before MAX_WORDS words."""
    words = action.split()
    if len(words) > MAX_WORDS:
        action = " ".join(words[:MAX_WORDS])
        action = action[: action.rfind(",")] if action.rfind(",") > 60 else action
    return action


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
    # "Second, make reference to …", "Finally, put …": the list's order, not the demand
    while words and words[0].lower().rstrip(",") in FILLER_ADVERBS and len(words) > 1:
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
    parts = [cap_length(p) for p in split_actions(trimmed)]
    texts = [imperative_text(p, persons) for p in parts if len(p.split()) >= 2]
    return [t for t in texts if keep_demand(t, persons)]
