"""Language: only English releases are analysed for now; others are named, so that the
draft appeal and its letter can be written in theirs."""

from __future__ import annotations

import re

from .words import word_set

ENGLISH = word_set(
    """
the of and to in a is that for on with as by was are be it this from at has have not or an
which their its were been will who they he she his her we our should must said
"""
)
SAMPLE_WORDS = 400
MIN_SHARE = 0.12
# The commonest function words of the other languages releases come in, none shared with
# another list's: each language's share of a text's words names it.
FUNCTION_WORDS = {
    "fr": word_set("le la les des du une et est que qui dans pour sur au aux avec ne pas par"),
    "es": word_set("el los las del y es que en por con para una se su al lo como más"),
    "pt": word_set("o os do da dos das e é que em por com para uma se um não ao na"),
    "de": word_set("der die das und ist nicht von mit den dem zu ein eine auf für sich im"),
}


def is_english(text: str, min_share: float = MIN_SHARE) -> bool:
    """True when common English function words make up a plausible share of the words."""
    words = re.findall(r"[^\W\d_]+", text[: SAMPLE_WORDS * 8].lower())[:SAMPLE_WORDS]
    if not words:
        return False
    share = sum(w in ENGLISH for w in words) / len(words)
    return share >= min_share


def detect_language(text: str) -> str:
    """The code of the language a release is in ("en", "fr", …), "unknown" when it is none
    of those known here: the language whose function words are the largest share of its
    words (a Portuguese text has English's "a" often enough to pass is_english alone)."""
    words = re.findall(r"[^\W\d_]+", text[: SAMPLE_WORDS * 8].lower())[:SAMPLE_WORDS]
    if not words:
        return "unknown"
    lists = {"en": ENGLISH, **FUNCTION_WORDS}
    shares = {code: sum(w in known for w in words) / len(words) for code, known in lists.items()}
    code, share = max(shares.items(), key=lambda item: item[1])
    return code if share >= MIN_SHARE else "unknown"
