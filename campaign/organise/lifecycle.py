"""An appeal's life: publish when it is ready, close with an outcome, clone a follow-up."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.letters import AppealView, LetterContext, TargetView, render_letter, sample_supporter
from campaign.models import (
    Appeal,
    AppealStatus,
    AppealTarget,
    AppealTranslation,
    Demand,
    LetterTemplate,
    Outcome,
    Subject,
    Target,
    User,
)
from campaign.organise.labels import label
from campaign.organise.letter_errors import error_text
from campaign.organise.slugs import made_from, unique_slug
from campaign.webhooks import events as webhook_events

# The title of a draft whose release gave none: the organiser's to replace.
UNTITLED = "Untitled appeal"
# Text that stands for what the organiser still has to write: letters drafted by earlier
# versions hold it in place of the demands or the title.
PLACEHOLDERS = ("(the demands)", UNTITLED)


@dataclass(frozen=True)
class Problem:
    """Why an appeal cannot be published yet (in the interface language), and the form
    field that fixes it."""

    field: str
    message: str


class PublishRefused(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class StatusRefused(ValueError):
    """A status change that the appeal's current status does not allow."""


def letter_for(appeal: Appeal, target: Target) -> LetterTemplate | None:
    """The letter a target receives: its own if it has one, else the appeal's default."""
    own = [lt for lt in appeal.original_letters if lt.target_id == target.id]
    default = [lt for lt in appeal.original_letters if lt.target_id is None]
    return (own or default or [None])[0]


def publish_problems(appeal: Appeal, now: datetime) -> list[Problem]:
    """Everything that stops the appeal from going live; empty when it is ready."""
    problems = []
    if appeal.title.strip() == UNTITLED:
        problems.append(Problem("title", _("Give the appeal a title of its own.")))
    if made_from(appeal.slug, UNTITLED):
        # Fixed once published: a placeholder would be the appeal's address for good.
        problems.append(
            Problem(
                "slug",
                _(
                    "Give the appeal an address of its own: /a/%(slug)s was made for a "
                    "draft without a title.",
                    slug=appeal.slug,
                ),
            )
        )
    if not [d for d in appeal.demands if d.text.strip()]:
        problems.append(Problem("demands", _("Add at least one demand.")))
    primary = appeal.primary_targets
    if not any(t.reachable for t in primary):
        problems.append(
            Problem("targets", _("Add a primary target who can be reached by e-mail or by post."))
        )
    for target in primary + appeal.copy_targets:
        problems.extend(_letter_problems(appeal, target))
    if appeal.deadline is None or appeal.deadline <= now:
        problems.append(Problem("deadline", _("Set a take-action-before date in the future.")))
    return problems


@contextmanager
def kept_publishable(session: Session, appeal: Appeal, now: datetime) -> Iterator[None]:
    """Make the block's changes in a savepoint, undone with PublishRefused when they leave
    a live appeal with a problem it did not have.

    A live appeal keeps collecting signatures whatever is missing, so what publishing
    checks must stay true. Problems it had already (a target's address removed from the
    directory since) are left to be fixed where they are, not in the way of other edits.
    """
    if appeal.status is not AppealStatus.LIVE:
        yield
        return
    before = {p.message for p in publish_problems(appeal, now)}
    with session.begin_nested():  # rolled back, and the appeal reloaded, on a refusal
        yield
        added = [p for p in publish_problems(appeal, now) if p.message not in before]
        if added:
            raise PublishRefused(added)


def _letter_problems(appeal: Appeal, target: Target) -> list[Problem]:
    letter = letter_for(appeal, target)
    if letter is None:
        return [Problem("letter", _("Write a letter for %(name)s.", name=target.name))]
    context = LetterContext(
        supporter=sample_supporter(),
        target=TargetView.from_target(target),
        appeal=AppealView.from_appeal(appeal),
    )
    _letter, errors = render_letter(letter.subject, letter.body, context)
    problems = [
        Problem(
            "letter",
            _("The letter to %(name)s: %(error)s", name=target.name, error=error_text(e)),
        )
        for e in errors
    ]
    # In the template, not the letter: a letter that shows the appeal's title is fixed by
    # giving the appeal its title (a problem of its own).
    problems.extend(
        Problem(
            "letter",
            _(
                "The letter to %(name)s still says “%(text)s”: write what it stands for "
                "(the letter can list the appeal's demands with "
                "{%% for demand in appeal.demands %%}).",
                name=target.name,
                text=text,
            ),
        )
        for text in PLACEHOLDERS
        if text in letter.subject or text in letter.body
    )
    return problems


def publish(session: Session, appeal: Appeal, *, user: User | None, now: datetime) -> None:
    """Make a draft live, or refuse with every problem listed."""
    if appeal.status is not AppealStatus.DRAFT:
        raise StatusRefused(
            _(
                "Only a draft can be published; this appeal is %(status)s.",
                status=label(appeal.status),
            )
        )
    problems = publish_problems(appeal, now)
    if problems:
        raise PublishRefused(problems)
    appeal.status = AppealStatus.LIVE
    appeal.published_at = now
    appeal.updated_at = now
    record(session, "appeal.publish", user=user, appeal=appeal)
    webhook_events.appeal_status_changed(session, appeal, AppealStatus.DRAFT.value, now=now)


def close(
    session: Session,
    appeal: Appeal,
    outcome: Outcome,
    note: str,
    *,
    user: User | None,
    now: datetime,
    action: str = "appeal.close",
) -> None:
    """Stop collecting signatures and record what happened."""
    if appeal.status is not AppealStatus.LIVE:
        raise StatusRefused(
            _(
                "Only a live appeal can be closed; this appeal is %(status)s.",
                status=label(appeal.status),
            )
        )
    appeal.status = AppealStatus.CLOSED
    appeal.outcome = outcome
    appeal.outcome_note = note
    appeal.closed_at = now
    appeal.updated_at = now
    record(session, action, user=user, appeal=appeal, details={"outcome": outcome.value})
    webhook_events.appeal_status_changed(session, appeal, AppealStatus.LIVE.value, now=now)


def change_outcome(
    session: Session,
    appeal: Appeal,
    outcome: Outcome,
    note: str,
    *,
    user: User | None,
    now: datetime,
) -> bool:
    """Correct what a closed appeal records as its outcome; whether anything changed.

    Closing early, or close-expired's "unknown", is often followed by the news itself;
    the audit log keeps each value replaced.
    """
    if appeal.status not in (AppealStatus.CLOSED, AppealStatus.ARCHIVED):
        raise StatusRefused(
            _(
                "Only a closed appeal's outcome can be changed; this appeal is %(status)s.",
                status=label(appeal.status),
            )
        )
    old = {"outcome": appeal.outcome.value if appeal.outcome else None, "note": appeal.outcome_note}
    new = {"outcome": outcome.value, "note": note}
    changes = {name: [old[name], new[name]] for name in new if old[name] != new[name]}
    if not changes:
        return False
    appeal.outcome, appeal.outcome_note = outcome, note
    appeal.updated_at = now
    record(session, "appeal.outcome_change", user=user, appeal=appeal, details=changes)
    if "outcome" in changes:  # a CRM that heard "closed, unknown" hears the news too
        webhook_events.appeal_status_changed(session, appeal, appeal.status.value, now=now)
    return True


def archive(session: Session, appeal: Appeal, *, user: User | None, now: datetime) -> None:
    if appeal.status is not AppealStatus.CLOSED:
        raise StatusRefused(_("Only a closed appeal can be archived."))
    appeal.status = AppealStatus.ARCHIVED
    appeal.updated_at = now
    record(session, "appeal.archive", user=user, appeal=appeal)
    webhook_events.appeal_status_changed(session, appeal, AppealStatus.CLOSED.value, now=now)


def close_expired(session: Session, *, now: datetime) -> list[Appeal]:
    """Close every live appeal whose deadline has passed (outcome unknown, for cron)."""
    expired = session.scalars(
        select(Appeal).where(Appeal.status == AppealStatus.LIVE, Appeal.deadline <= now)
    ).all()
    for appeal in expired:
        close(
            session, appeal, Outcome.UNKNOWN, "", user=None, now=now, action="appeal.close_expired"
        )
    return list(expired)


def clone(session: Session, appeal: Appeal, *, user: User | None, now: datetime) -> Appeal:
    """A follow-up draft on the same case: same release, targets, demands and letters."""
    # The organiser's settings carry over (how signatures count, what is kept of letters,
    # the sites that embed the form); the first appeal's life does not: its deadline,
    # outcome, counts and dates.
    copy = Appeal(
        slug=unique_slug(session, appeal.slug),
        title=appeal.title,
        summary=appeal.summary,
        country=appeal.country,
        language=appeal.language,
        signature_goal=appeal.signature_goal,
        confirm_signatures=appeal.confirm_signatures,
        send_letters=appeal.send_letters,
        keep_letter_text=appeal.keep_letter_text,
        embed_origins=list(appeal.embed_origins or []),
        release_id=appeal.release_id,
        parent=appeal,
        created_by=user,
        created_at=now,
        updated_at=now,
        subjects=[Subject(name=s.name, description=s.description, position=s.position)
                  for s in appeal.subjects],
        demands=[Demand(position=d.position, text=d.text, source=d.source,
                        span_start=d.span_start, span_end=d.span_end) for d in appeal.demands],
        appeal_targets=[AppealTarget(target_id=at.target_id, role=at.role, position=at.position)
                        for at in appeal.appeal_targets],
        letters=[LetterTemplate(target_id=lt.target_id, language=lt.language,
                                subject=lt.subject, body=lt.body) for lt in appeal.letters],
        translations=[AppealTranslation(language=t.language, title=t.title, summary=t.summary,
                                        demands=list(t.demands),
                                        source_demands=(None if t.source_demands is None
                                                        else list(t.source_demands)))
                      for t in appeal.translations],
    )  # fmt: skip
    session.add(copy)
    session.flush()
    record(session, "appeal.clone", user=user, appeal=copy, details={"from_appeal_id": appeal.id})
    return copy
