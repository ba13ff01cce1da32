"""From a pasted or uploaded release to a draft appeal, in one step."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import PurePath

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.deadlines import end_of_day
from campaign.extract import ReleaseDraft, extract_release
from campaign.fields import without_nul
from campaign.languages import primary
from campaign.letters import draft_letter
from campaign.models import Appeal, AppealStatus, Demand, LetterTemplate, Release, Subject, User
from campaign.organise.forms import LANGUAGES
from campaign.organise.lifecycle import UNTITLED
from campaign.organise.review import MAX_DEMANDS
from campaign.organise.slugs import slugify, unique_slug
from campaign.organise.updates import REPEAT_WINDOW

ACCEPTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Byte order marks and the codec that reads past each; UTF-32's first, as UTF-32 LE's
# begins with UTF-16 LE's. Windows Notepad saves "Unicode" as UTF-16 LE with a BOM.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


class ReleaseRefused(ValueError):
    """A release that cannot be used; the message is for the organiser."""


@dataclass(frozen=True)
class LaunchSettings:
    deadline_days: int
    language: str = "en"
    zone: tzinfo = UTC  # the deadline's day ends in it (campaign.deadlines)


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded release file, refusing types and encodings we cannot read."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ReleaseRefused(_("Upload a .txt, .md or .html file, or paste the text instead."))
    marked = [codec for bom, codec in BOMS if data.startswith(bom)]
    # A file marked with a BOM is read in that encoding only; else UTF-8, else cp1252.
    for encoding in marked[:1] or ["utf-8", "cp1252"]:
        try:
            return without_nul(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ReleaseRefused(_("The file is not text in a known encoding; save it as UTF-8."))


def launch_from_release(
    session: Session, text: str, *, user: User | None, now: datetime, settings: LaunchSettings
) -> Appeal:
    """Store the release unaltered (but for NUL characters, which the database refuses),
    extract it, and create the draft appeal for review."""
    text = without_nul(text)
    if not text.strip():
        raise ReleaseRefused(_("The release is empty: paste its text or upload the file."))
    repeated = _just_drafted(session, text, user, now)
    if repeated is not None:
        return repeated
    draft = extract_release(text)
    extracted = draft.to_dict()
    if len(draft.demands) > MAX_DEMANDS:
        # A draft the review form could not save: it keeps the first ones and says so.
        extracted["warnings"] = [*extracted.get("warnings", []), trimmed_warning(draft)]
    release = Release(
        text=text,
        title=(draft.title or "")[:500],
        published_on=_parse_date(draft.date),
        extracted=extracted,
        created_by=user,
        created_at=now,
    )
    appeal = _draft_appeal(session, draft, now, settings)
    appeal.release = release
    appeal.created_by = user
    session.add(appeal)
    session.flush()
    record(
        session,
        "appeal.create",
        user=user,
        appeal=appeal,
        details={"from": "release", "release_id": release.id, "demands": len(appeal.demands)},
    )
    return appeal


def _just_drafted(session: Session, text: str, user: User | None, now: datetime) -> Appeal | None:
    """The draft `user` made from the same text within REPEAT_WINDOW: the form sent twice
    (a double click, a reload) is one draft, not two."""
    if user is None:  # the command line drafts what it is told to
        return None
    return session.scalars(
        select(Appeal)
        .join(Release, Appeal.release_id == Release.id)
        .where(
            Release.created_by_id == user.id,
            Release.created_at > now - REPEAT_WINDOW,
            Release.text == text,
            Appeal.status == AppealStatus.DRAFT,
        )
        .order_by(Appeal.id.desc())
        .limit(1)
    ).first()


def _draft_appeal(
    session: Session, draft: ReleaseDraft, now: datetime, settings: LaunchSettings
) -> Appeal:
    title = (draft.title or UNTITLED)[:300]
    language = release_language(draft.language) or settings.language
    demands = [
        Demand(position=i, text=d.text, source=d.source, span_start=d.span[0], span_end=d.span[1])
        for i, d in enumerate(draft.demands[:MAX_DEMANDS])
    ]
    subject, body = draft_letter(draft.subjects, draft.summary, language=language)
    return Appeal(
        slug=unique_slug(session, slugify(title)),
        title=title,
        summary=draft.summary,
        country=draft.country,
        language=language,
        deadline=end_of_day(
            (now.astimezone(settings.zone) + timedelta(days=settings.deadline_days)).date(),
            settings.zone,
        ),
        subjects=[Subject(name=name[:300], position=i) for i, name in enumerate(draft.subjects)],
        demands=demands,
        letters=[LetterTemplate(language=language, subject=subject[:300], body=body)],
        created_at=now,
        updated_at=now,
    )


def release_language(detected: str | None) -> str | None:
    """The language the extractor found the release in, when an appeal can be in it."""
    code = primary(detected or "")
    return code if code in {choice.value for choice in LANGUAGES} else None


def trimmed_warning(draft: ReleaseDraft) -> str:
    """The warning stored when a release yields more demands than an appeal holds (its
    wording is matched by campaign.organise.warnings)."""
    return f"{len(draft.demands)} demands found: only the first {MAX_DEMANDS} were kept"


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
