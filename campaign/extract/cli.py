"""Command line: ``python -m campaign.extract FILE [--json]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .draft import ReleaseDraft
from .pipeline import extract_release


def format_text(draft: ReleaseDraft) -> str:
    """A readable summary of a draft (without the cleaned text)."""
    lines = [
        f"Title:    {draft.title or '-'}",
        f"Date:     {draft.date or '-'}",
        f"Country:  {draft.country or '-'}",
        f"Subjects: {', '.join(draft.subjects) or '-'}",
        f"Targets:  {', '.join(draft.targets) or '-'}",
        "",
        "Demands:",
    ]
    for number, demand in enumerate(draft.demands, 1):
        lines.append(f"  {number}. {demand.text}  [to: {demand.target or '-'}]")
        lines.append(f"     from: {demand.source}")
    if not draft.demands:
        lines.append("  (none)")
    if draft.public_calls:
        lines += ["", "Calls on the public:"] + [f"  - {c.text}" for c in draft.public_calls]
    if draft.summary:
        lines += ["", "Summary:", f"  {draft.summary}"]
    if draft.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in draft.warnings]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Extract FILE and print the draft as text or JSON; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m campaign.extract",
        description="Extract a draft appeal from a press release.",
    )
    parser.add_argument("file", type=Path, help="the release (text, Markdown or HTML)")
    parser.add_argument("--json", action="store_true", help="print the draft as JSON")
    args = parser.parse_args(argv)
    try:
        text = args.file.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    draft = extract_release(text)
    if args.json:
        print(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_text(draft))
    return 0
