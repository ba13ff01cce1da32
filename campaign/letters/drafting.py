"""The model letter: drafted from the appeal's demands for its primary target, then the
organiser's to edit."""

from __future__ import annotations

from collections.abc import Sequence

from campaign.letters.context import TargetView

CLOSING = """\
{% if personal %}
{{ personal }}

{% endif %}
I thank you for your attention to this case and look forward to your response.

Yours sincerely,

{{ supporter.name }}
{{ supporter.place }}
"""


def draft_letter(
    title: str,
    subjects: Sequence[str],
    demands: Sequence[str],
    summary: str = "",
    target: TargetView | None = None,
) -> tuple[str, str]:
    """Return (subject, body) template sources for a courteous letter asking for `demands`."""
    salutation = _salutation(target)
    about = _join_names(subjects)
    opening = (
        f"I am writing to you about {about}." if about else f"I am writing to you about “{title}”."
    )
    background = _first_sentence(summary)
    asks = "\n".join(f"- {_as_item(d)}" for d in demands) or "- (the demands)"
    body = f"{salutation},\n\n{opening}"
    if background:
        body += f" {background}"
    body += f"\n\nI respectfully urge you to:\n\n{asks}\n\n{CLOSING}"
    return title, body


def _salutation(target: TargetView | None) -> str:
    """The greeting: fixed for a known target, adapting to each target otherwise."""
    if target is None:
        return '{{ target.salutation or "Dear " ~ target.name }}'
    return "{{ target.salutation }}" if target.salutation else "Dear {{ target.name }}"


def _join_names(names: Sequence[str]) -> str:
    names = [n for n in names if n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _first_sentence(summary: str) -> str:
    text = " ".join(summary.split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if 0 < cut < 400:
            return text[: cut + 1]
    return text if len(text) < 400 else ""


def _as_item(demand: str) -> str:
    """A demand as a list item: no trailing full stop, template syntax neutralised."""
    text = " ".join(demand.split()).rstrip(".")
    # Demands come from the release: braces in them must not become template code.
    return text.replace("{", "(").replace("}", ")")
