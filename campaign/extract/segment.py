"""Segmentation: paragraphs to sentences, without splitting at abbreviations or initials."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Block

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "nos",
    "art",
    "arts",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "maj",
    "rev",
    "hon",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "govt",
    "dept",
    "sec",
    "para",
    "paras",
    "approx",
    "ave",
    "fig",
    "vol",
    "pp",
    "p",
    "cf",
    "al",
    "op",
    "cit",
    "ibid",
    "sen",
    "rep",
    "gov",
    "pres",
    "sh",
    "smt",
    "shri",
    "mt",
    "ft",
    "est",
    "av",
    "adv",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "p.m",
    "a.m",
    "s",
    "ch",
    "cl",
}
# A boundary candidate: end punctuation, optional closing quotes/brackets, then space.
BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
NEXT_STARTS = re.compile(r"[\"“‘'(\[]*[A-Z0-9À-ÖØ-Þ]")
WORD_BEFORE = re.compile(r"([\w.'’-]+)[.!?…]+[\"”’')\]]*\s+$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned text: [start, end), its text and its block's kind."""

    start: int
    end: int
    text: str
    kind: str
    block: int


def is_abbreviation(before: str) -> bool:
    """True when the word ending at a full stop is an abbreviation or an initial."""
    word = before.lower().strip("'’")
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # initials: "F. M. A. Razzak"
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))  # "U.S", "i.e"


def split_block(text: str, offset: int) -> list[tuple[int, int]]:
    """Return the sentence spans of one paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        if end >= len(text) or not NEXT_STARTS.match(text, end):
            continue
        punct = text[match.start()]
        word = WORD_BEFORE.search(text[start:end])
        if punct == "." and word and is_abbreviation(word.group(1)):
            continue
        spans.append((start, match.end()))
        start = end
    spans.append((start, len(text)))
    return [(offset + a, offset + len(text[:b].rstrip())) for a, b in spans if text[a:b].strip()]


def sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    """Split every block of the cleaned text into sentences."""
    out: list[Sentence] = []
    for index, block in enumerate(blocks):
        for start, end in split_block(text[block.start : block.end], block.start):
            out.append(Sentence(start, end, text[start:end], block.kind, index))
    return out
