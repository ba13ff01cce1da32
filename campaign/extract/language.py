"""Language: only English releases are analysed for now."""

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


def is_english(text: str, min_share: float = MIN_SHARE) -> bool:
    """True when common English function words make up a plausible share of the words."""
    words = re.findall(r"[^\W\d_]+", text[: SAMPLE_WORDS * 8].lower())[:SAMPLE_WORDS]
    if not words:
        return False
    share = sum(w in ENGLISH for w in words) / len(words)
    return share >= min_share
