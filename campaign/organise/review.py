"""Saving the organiser's corrections to a draft (or live) appeal."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.counting.services import recount_appeal
from campaign.deadlines import deadline_day, end_of_day
from campaign.languages import language_name, same_language
from campaign.letters import draft_letter
from campaign.models import Appeal, AppealStatus, Demand, LetterTemplate, Subject, User
from campaign.organise.lifecycle import PublishRefused, kept_publishable
from campaign.organise.slugs import (
    is_valid_slug,
    made_from,
    slug_taken,
    slugify,
    unique_slug,
)

MAX_SUBJECT_NAME = 300  # Subject.name's length
# More would not be read by supporters nor fit a letter; the review form shows them all.
MAX_DEMANDS = 50


class ReviewConflict(ValueError):
    """The appeal was saved by someone else since the form was opened."""


class ReviewRefused(ValueError):
    """Domain rules the corrections break, by form field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class DemandRow:
    id: int | None  # None for a demand the organiser adds
    text: str
    position: int


@dataclass(frozen=True)
class ReviewData:
    title: str
    slug: str
    summary: str
    country: str | None
    language: str
    deadline: date | None
    signature_goal: int | None
    confirm_signatures: bool
    send_letters: bool
    keep_letter_text: bool
    subjects: list[str] = field(default_factory=list)
    # What the public page says of each of `subjects`, in order; None leaves the
    # descriptions as they are (a person who stays keeps theirs).
    descriptions: list[str] | None = None
    demands: list[DemandRow] = field(default_factory=list)
    zone: tzinfo = UTC  # the deadline's day ends in it (campaign.deadlines)
    # review_version() of the appeal the form was filled from; "" when not known.
    version: str = ""


def review_version(appeal: Appeal) -> str:
    """A short digest of what the review form shows of the appeal: the form sends back the
    one it was opened with, so that a save cannot undo what another organiser saved since.

    Only the form's own fields count: a target added or a letter edited meanwhile is not
    touched by the save, nor are the counts that signatures move.
    """
    shown = (
        appeal.title, appeal.slug, appeal.summary, appeal.country, appeal.language,
        appeal.deadline.isoformat() if appeal.deadline else None, appeal.signature_goal,
        appeal.confirm_signatures, appeal.send_letters, appeal.keep_letter_text,
        [(s.name, s.description) for s in appeal.subjects],
        [(d.id, d.text) for d in appeal.demands],
    )  # fmt: skip
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


def apply_review(
    session: Session, appeal: Appeal, data: ReviewData, *, user: User | None, now: datetime
) -> list[str]:
    """Apply the corrections; return the names of the fields that changed.

    ReviewRefused, with nothing changed, when they break a rule or would leave a live
    appeal unfit to be published; ReviewConflict when the appeal was saved since the form
    was filled.
    """
    if data.version and data.version != review_version(appeal):
        raise ReviewConflict(
            _(
                "Someone else saved this appeal after you opened it. Your changes are not "
                "saved: they are still below, beside what is saved now. Save again to "
                "replace it with what you see in the form."
            )
        )
    data = _slug_following_title(session, appeal, data)
    _check(session, appeal, data, now)
    try:
        with kept_publishable(session, appeal, now):
            changed = _apply(session, appeal, data, now)
    except PublishRefused as refused:
        raise ReviewRefused(_errors_by_field(refused)) from None
    if changed:
        record(session, "appeal.update", user=user, appeal=appeal, details={"fields": changed})
    return changed


def _apply(session: Session, appeal: Appeal, data: ReviewData, now: datetime) -> list[str]:
    original_letters = appeal.original_letters  # read before the language changes
    drafted = _drafted_letters(appeal)  # and before the text they were drafted from
    changed = _set_fields(appeal, data)
    if "language" in changed:
        _retag_letters(original_letters, appeal.language)
    if _set_subjects(appeal, data.subjects, data.descriptions):
        changed.append("subjects")
    if _set_demands(appeal, data.demands):
        changed.append("demands")
    # A letter nobody has written in follows what it was drafted from: left alone it
    # would name the person the extractor got wrong, or quote a summary since corrected.
    if {"language", "subjects", "summary"} & set(changed):
        _redraft(drafted, appeal)
    if "confirm_signatures" in changed:  # what counts has changed: count again
        recount_appeal(session, appeal, now=now)
    if changed:
        appeal.updated_at = now
        session.flush()
    return changed


def _slug_following_title(session: Session, appeal: Appeal, data: ReviewData) -> ReviewData:
    """`data` with the address made from its new title, while the appeal is a draft and its
    address is still the one its title gave (nobody has written one).

    Otherwise a draft without a title would keep /a/untitled-appeal, or a slug made from
    a dateline, after the organiser titles it.
    """
    follows = (
        appeal.status is AppealStatus.DRAFT
        and data.slug == appeal.slug
        and data.title != appeal.title
        and made_from(appeal.slug, appeal.title)
    )
    if not follows or made_from(appeal.slug, data.title):
        return data
    return replace(data, slug=unique_slug(session, slugify(data.title), except_id=appeal.id))


def _errors_by_field(refused: PublishRefused) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in refused.problems:
        errors[problem.field] = " ".join(filter(None, [errors.get(problem.field), problem.message]))
    return errors


def _check(session: Session, appeal: Appeal, data: ReviewData, now: datetime) -> None:
    errors = review_errors(session, appeal, data, now)
    if errors:
        raise ReviewRefused(errors)


def review_errors(
    session: Session, appeal: Appeal, data: ReviewData, now: datetime
) -> dict[str, str]:
    """The rules the corrections break, by form field; empty when they may be saved."""
    errors = {}
    published = appeal.status is not AppealStatus.DRAFT
    if published and data.slug != appeal.slug:
        # Shared links, e-mails already sent (their links name it) and partners' embeds
        # lead to the address: changing it would break every one of them.
        errors["slug"] = _(
            "The address of a published appeal cannot change: links already shared, "
            "e-mailed and embedded lead to /a/%(slug)s.",
            slug=appeal.slug,
        )
    elif not is_valid_slug(data.slug):
        errors["slug"] = _("Use lower-case letters, digits and hyphens, e.g. free-kem-sokha.")
    elif slug_taken(session, data.slug, except_id=appeal.id):
        errors["slug"] = _(
            "Another appeal uses /a/%(slug)s; choose another address.", slug=data.slug
        )
    if _deadline_ends_live_appeal(appeal, data.deadline, now, data.zone):
        errors["deadline"] = _(
            "A live appeal needs a take-action-before date in the future. To stop collecting "
            "signatures now, close the appeal instead (“Close with an outcome”, under Status)."
        )
    if any(len(name) > MAX_SUBJECT_NAME for name in data.subjects):
        errors["subjects"] = _(
            "Write one name a line, each of at most %(count)d characters.",
            count=MAX_SUBJECT_NAME,
        )
    if len(data.demands) > MAX_DEMANDS:
        errors["demands"] = _(
            "An appeal can have at most %(count)d demands; remove %(extra)d.",
            count=MAX_DEMANDS,
            extra=len(data.demands) - MAX_DEMANDS,
        )
    translated = next(
        (t for t in appeal.translations if same_language(t.language, data.language)), None
    )
    if data.language != appeal.language and translated is not None:
        # The translation's letter would be taken for the original, and readers of that
        # language would see the translation as the original: one or the other must go.
        errors["language"] = _(
            "The appeal has a translation into %(language)s: delete it before making "
            "%(language)s the appeal's language.",
            language=language_name(translated.language),
        )
    return errors


def _deadline_ends_live_appeal(
    appeal: Appeal, deadline: date | None, now: datetime, zone: tzinfo
) -> bool:
    """Whether the new date would stop a live appeal's signatures without closing it.

    An unchanged date is let through: an appeal past its date waits for close-expired.
    Unchanged is the day the form shows, not the instant: a deadline set other than at
    the end of its day (by the API, or the demo) is shown as its day and comes back as
    that day's end.
    """
    if appeal.status is not AppealStatus.LIVE or deadline_day(appeal.deadline, zone) == deadline:
        return False
    new = end_of_day(deadline, zone) if deadline else None
    return new is None or new <= now


def _set_fields(appeal: Appeal, data: ReviewData) -> list[str]:
    values = {
        "title": data.title,
        "slug": data.slug,
        "summary": data.summary,
        "country": data.country,
        "language": data.language,
        "deadline": _deadline(appeal, data),
        "signature_goal": data.signature_goal,
        "confirm_signatures": data.confirm_signatures,
        "send_letters": data.send_letters,
        "keep_letter_text": data.keep_letter_text,
    }
    changed = [name for name, value in values.items() if getattr(appeal, name) != value]
    for name in changed:
        setattr(appeal, name, values[name])
    return changed


def _deadline(appeal: Appeal, data: ReviewData) -> datetime | None:
    """The deadline the form asks for: the end of its day, unless it is the day the
    appeal's deadline already falls on. One set at another hour (by the API, say) keeps
    its hour then: saving the form for something else must not move it to midnight."""
    if deadline_day(appeal.deadline, data.zone) == data.deadline:
        return appeal.deadline
    return end_of_day(data.deadline, data.zone) if data.deadline else None


def _set_subjects(appeal: Appeal, names: list[str], descriptions: list[str] | None) -> bool:
    """Put the people concerned in the order of `names`, described by `descriptions`
    when given; whether anything changed.

    A name that stays keeps its row, and with it its description unless one is given; a
    name differing only in case is the same person.
    """
    before = [(s.name, s.description) for s in appeal.subjects]
    existing: dict[str, list[Subject]] = {}
    for subject in appeal.subjects:
        existing.setdefault(subject.name.casefold(), []).append(subject)
    kept = []
    for position, name in enumerate(names):
        same = existing.get(name.casefold())
        subject = same.pop(0) if same else Subject(description="")
        subject.name, subject.position = name, position
        if descriptions is not None:
            subject.description = descriptions[position]
        kept.append(subject)
    appeal.subjects = kept
    return before != [(s.name, s.description) for s in kept]


def _retag_letters(letters: list[LetterTemplate], language: str) -> None:
    """Mark the original letters with the appeal's new language.

    A letter left in the old language would be taken for the letter of a translation
    into that language, and replaced or deleted with it.
    """
    # Should two original letters of one target fall on the same language (a letter
    # left behind by an earlier change), the one already in it stays as it is.
    taken = {lt.target_id for lt in letters if lt.language == language}
    for letter in letters:
        if letter.target_id not in taken:
            letter.language = language
            taken.add(letter.target_id)


def _drafted_letters(appeal: Appeal) -> list[LetterTemplate]:
    """The appeal's default letters that are still the model letter as drafted, from the
    release's text or the appeal's: nobody has written in them yet."""
    extracted = appeal.release.extracted if appeal.release else {}
    sources = {
        draft_letter(extracted.get("subjects") or [], extracted.get("summary") or "", None, lang)
        for lang in (appeal.language, "en")  # a release's draft starts in English
    } | {_model_letter(appeal)}
    return [
        lt
        for lt in appeal.original_letters
        if lt.target_id is None and (lt.subject, lt.body) in sources
    ]


def _model_letter(appeal: Appeal) -> tuple[str, str]:
    """The model letter drafted from the appeal as it is: its people, summary, language."""
    return draft_letter([s.name for s in appeal.subjects], appeal.summary, None, appeal.language)


def _redraft(letters: list[LetterTemplate], appeal: Appeal) -> None:
    """Write the untouched model letters again from the appeal's people concerned, summary
    and language: a letter in English would otherwise go out under a French appeal."""
    subject, body = _model_letter(appeal)
    for letter in letters:
        letter.subject, letter.body = subject, body


def _set_demands(appeal: Appeal, rows: list[DemandRow]) -> bool:
    """Replace the demands by `rows` in their order; an edited demand keeps its source."""
    # Read before the rows are edited in place: an edited demand is the same object.
    before = [(d.id, d.text) for d in appeal.demands]
    existing = {d.id: d for d in appeal.demands}
    ordered = sorted(enumerate(rows), key=lambda pair: (pair[1].position, pair[0]))
    new: list[Demand] = []
    for position, (_index, row) in enumerate(ordered):
        demand = existing.pop(row.id, None) if row.id is not None else None
        demand = demand or Demand()
        demand.text, demand.position = row.text, position
        new.append(demand)
    appeal.demands = new
    return before != [(d.id, d.text) for d in new] or bool(existing)
