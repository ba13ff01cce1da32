"""A helper for the word lists: whitespace-separated words to a frozen set."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of a block of text, as a frozen set."""
    return frozenset(text.split())
