"""The release with the source of each extracted field marked, for the review screen."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # title, date, subjects, targets, summary, demand
    anchor: str = ""  # an id the form can link to, e.g. "source-12"


def highlight(text: str, marks: list[Mark]) -> Markup:
    """`text` escaped, with each mark wrapped in <mark>; where marks overlap the first is
    drawn, and the others' anchors are kept as empty elements where they start."""
    # Two demands from one sentence ("drop the charges and make his release permanent")
    # share a span: each "From the release" link still needs an element to jump to.
    drawn, hidden = _arrange(_valid(text, marks))
    out: list[str] = []
    cursor = 0
    for mark in drawn:
        out.append(_text(text, cursor, mark.start, hidden))
        anchor = f' id="{escape(mark.anchor)}"' if mark.anchor else ""
        out.append(
            f'<mark class="src src--{escape(mark.kind)}"{anchor}>'
            f"{_text(text, mark.start, mark.end, hidden)}</mark>"
        )
        cursor = mark.end
    out.append(_text(text, cursor, len(text), hidden))
    return Markup("".join(out))  # noqa: S704 (every piece above is escaped)


def anchors(text: str, marks: list[Mark]) -> set[str]:
    """The ids `highlight(text, marks)` gives elements, for links to point at."""
    return {m.anchor for m in _valid(text, marks) if m.anchor}


def _arrange(marks: list[Mark]) -> tuple[list[Mark], list[Mark]]:
    """The marks drawn, in order and apart, and the anchored ones overlapping them."""
    drawn: list[Mark] = []
    hidden: list[Mark] = []
    cursor = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start >= cursor:
            drawn.append(mark)
            cursor = mark.end
        elif mark.anchor:
            hidden.append(mark)
    return drawn, hidden


def _text(text: str, start: int, end: int, hidden: list[Mark]) -> str:
    """text[start:end] escaped, with an empty anchor where each hidden mark starts in it."""
    pieces, cursor = [], start
    for mark in sorted((m for m in hidden if start <= m.start < end), key=lambda m: m.start):
        pieces.append(str(escape(text[cursor : mark.start])))
        pieces.append(f'<span class="src-anchor" id="{escape(mark.anchor)}"></span>')
        cursor = mark.start
    pieces.append(str(escape(text[cursor:end])))
    return "".join(pieces)


def _valid(text: str, marks: list[Mark]) -> list[Mark]:
    return [m for m in marks if 0 <= m.start < m.end <= len(text)]


def marks_for(extracted: dict | None, demands: list) -> list[Mark]:
    """Marks from the extractor's spans and from each demand's source span."""
    marks = [
        Mark(d.span_start, d.span_end, "demand", f"source-{d.id}")
        for d in demands
        if d.span_start is not None and d.span_end is not None
    ]
    for kind, spans in ((extracted or {}).get("spans") or {}).items():
        marks.extend(Mark(int(s[0]), int(s[1]), kind) for s in spans if len(s) == 2)
    return marks


QUOTES = (("“", "”"), ("«", "»"), ("„", "“"))


def without_stray_quotes(text: str) -> str:
    """A sentence from the release without the quote mark that opens or closes a quotation
    begun or ended in another sentence: shown inside quote marks of its own, it would
    end in two (“…attention.””)."""
    text = text.strip()
    for opening, closing in QUOTES:
        if opening == closing or text.count(opening) == text.count(closing):
            continue
        if text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[: -len(closing)].rstrip()
        elif text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[len(opening) :].lstrip()
    return text.strip('"') if text.count('"') % 2 else text
