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
    """`text` escaped, with each mark wrapped in <mark>; overlapping marks keep the first."""
    out: list[str] = []
    cursor = 0
    for mark in sorted(_valid(text, marks), key=lambda m: (m.start, -m.end)):
        if mark.start < cursor:
            continue
        out.append(str(escape(text[cursor : mark.start])))
        anchor = f' id="{escape(mark.anchor)}"' if mark.anchor else ""
        out.append(
            f'<mark class="src src--{escape(mark.kind)}"{anchor}>'
            f"{escape(text[mark.start : mark.end])}</mark>"
        )
        cursor = mark.end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))  # noqa: S704 (every piece above is escaped)


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
