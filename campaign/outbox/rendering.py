"""E-mail text from the app's own templates: templates/email/<name>/{subject,body}.txt.

These are written by developers, not organisers, so they render with Flask's
Jinja (no autoescape for .txt); organiser-written letters use campaign.letters.
"""

from __future__ import annotations

from typing import Any

from flask import render_template

from campaign.outbox.services import one_line


def render_email(name: str, **context: Any) -> tuple[str, str]:
    """(subject, plain-text body) of the e-mail `name`."""
    subject = render_template(f"email/{name}/subject.txt", **context)
    body = render_template(f"email/{name}/body.txt", **context)
    return one_line(subject), body.strip() + "\n"
