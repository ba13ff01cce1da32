"""Listing appeals for organisers, and turning forms into the data the services take."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from campaign.deadlines import deadline_day, site_zone
from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import Appeal, AppealStatus
from campaign.organise.launch import read_upload
from campaign.organise.review import MAX_DEMANDS, DemandRow, ReviewData, review_version

BLANK_DEMAND_ROWS = 2
# Between a person's name and what the public page says of them, on the review form's
# lines: a dash with a space either side (a hyphen inside a name is no separator).
DESCRIPTION_DASH = " — "
DESCRIPTION_SEPARATOR = re.compile(r"\s+[—–-]\s+")

# The review form's fields as "Saved: …" names them.
FIELD_NAMES = {
    "title": _l("title"),
    "slug": _l("slug"),
    "summary": _l("summary"),
    "country": _l("country"),
    "language": _l("language"),
    "deadline": _l("deadline"),
    "signature_goal": _l("signature goal"),
    "confirm_signatures": _l("confirm signatures"),
    "send_letters": _l("send letters"),
    "keep_letter_text": _l("keep letter text"),
    "subjects": _l("subjects"),
    "demands": _l("demands"),
}


def list_appeals(session: Session, status: AppealStatus | None = None) -> Sequence[Appeal]:
    """Appeals, most recently changed first, optionally of one status."""
    query = select(Appeal).order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    if status is not None:
        query = query.where(Appeal.status == status)
    return session.scalars(query).all()


def parse_status(value: str | None) -> AppealStatus | None:
    """The status filter from a query string; anything unknown means all."""
    try:
        return AppealStatus(value) if value else None
    except ValueError:
        return None


def release_text(pasted: str | None, upload: FileStorage | None) -> str:
    """The release from the upload when one was chosen, else the pasted text."""
    if upload is not None and upload.filename:
        return read_upload(upload.filename, upload.read())
    return pasted or ""


def review_defaults(appeal: Appeal) -> SimpleNamespace:
    """The review form's initial values (the form reads attributes)."""
    # Numbered from 1, as the rows are labelled (only their order matters).
    rows = [
        {"demand_id": str(d.id), "text": d.text, "position": i}
        for i, d in enumerate(appeal.demands, start=1)
    ]
    # Blank rows to add demands in, while there is room for more.
    blanks = min(BLANK_DEMAND_ROWS, max(0, MAX_DEMANDS - len(rows)))
    rows += [{"demand_id": "", "text": "", "position": len(rows) + i} for i in range(1, blanks + 1)]
    return SimpleNamespace(
        title=appeal.title,
        slug=appeal.slug,
        summary=appeal.summary,
        country=appeal.country or "",
        language=appeal.language,
        deadline=deadline_day(appeal.deadline),
        signature_goal=appeal.signature_goal,
        subjects="\n".join(subject_line(s.name, s.description) for s in appeal.subjects),
        confirm_signatures=appeal.confirm_signatures,
        send_letters=appeal.send_letters,
        keep_letter_text=appeal.keep_letter_text,
        demands=rows,
        version=review_version(appeal),
    )


def review_data(form: Any) -> ReviewData:
    """The corrections from a valid review form."""
    rows = [row.form for row in form.demands]  # each FormField's own sub-form
    demands = [
        DemandRow(_int(row.demand_id.data), " ".join(row.text.data.split()), _position(row, i))
        for i, row in enumerate(rows)
        if (row.text.data or "").strip() and not row.delete.data
    ]
    people = [parse_subject_line(line) for line in (form.subjects.data or "").splitlines()]
    people = [(name, about) for name, about in people if name]
    return ReviewData(
        title=form.title.data.strip(),
        slug=form.slug.data.strip().lower(),
        summary=(form.summary.data or "").strip(),
        country=form.country.data or None,
        language=form.language.data,
        deadline=form.deadline.data,
        zone=site_zone(),
        signature_goal=form.signature_goal.data,
        confirm_signatures=bool(form.confirm_signatures.data),
        send_letters=bool(form.send_letters.data),
        keep_letter_text=bool(form.keep_letter_text.data),
        subjects=[name for name, _about in people],
        descriptions=[about for _name, about in people],
        demands=demands,
        version=form.version.data or "",
    )


def saved_meanwhile(appeal: Appeal, data: ReviewData) -> list[tuple[str, str | list[str]]]:
    """What is saved now where it differs from the form sent, by field name: what a save
    made after the form was opened put there."""
    saved = {
        "title": appeal.title,
        "summary": appeal.summary,
        "country": appeal.country,
        "language": appeal.language,
        "deadline": deadline_day(appeal.deadline),
        "signature_goal": appeal.signature_goal,
        "confirm_signatures": appeal.confirm_signatures,
        "send_letters": appeal.send_letters,
        "keep_letter_text": appeal.keep_letter_text,
        "subjects": [subject_line(s.name, s.description) for s in appeal.subjects],
        "demands": [d.text for d in appeal.demands],
    }
    sent = {name: getattr(data, name) for name in saved}
    about = data.descriptions or [""] * len(data.subjects)
    sent["subjects"] = [subject_line(n, d) for n, d in zip(data.subjects, about, strict=True)]
    sent["demands"] = [row.text for row in sorted(data.demands, key=lambda row: row.position)]
    return [
        (str(FIELD_NAMES[name]), _shown(value))
        for name, value in saved.items()
        if value != sent[name]
    ]


def subject_line(name: str, description: str | None) -> str:
    """A person concerned as the review form shows them: "Name — description"."""
    return f"{name}{DESCRIPTION_DASH}{description}" if (description or "").strip() else name


def parse_subject_line(line: str) -> tuple[str, str]:
    """(name, description) from a line of the review form; the description may be ""."""
    name, *description = DESCRIPTION_SEPARATOR.split(line.strip(), maxsplit=1)
    return name.strip(), " ".join(description).strip()


def _shown(value: object) -> str | list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def saved_message(changed: list[str]) -> str:
    """The confirmation after saving the review form, naming the fields that changed."""
    if not changed:
        return _("Nothing had changed.")
    names = ", ".join(str(FIELD_NAMES.get(name, name.replace("_", " "))) for name in changed)
    return _("Saved: %(fields)s.", fields=names)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _position(row: Any, index: int) -> int:
    return row.position.data if row.position.data is not None else index
