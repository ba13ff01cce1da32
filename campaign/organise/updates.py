"""News on the case: dated updates on the public page, e-mailed to signers who asked for it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from campaign.appeals.content import appeal_content
from campaign.audit import record
from campaign.models import Appeal, AppealStatus, AppealUpdate, Signature, User
from campaign.outbox.rendering import render_email
from campaign.outbox.services import queue_email
from campaign.signatures.mail import email_language

# Stands for the signer's name in an e-mail written once per language.
NAME = "\x00name\x00"


# Signers are e-mailed news while the appeal runs and once it is closed (its outcome is
# the news they most want); a draft has no signers, and an archived appeal is done with.
EMAILED_STATUSES = (AppealStatus.LIVE, AppealStatus.CLOSED)
# The date is the organiser's own: today somewhere on Earth is at most this far ahead of UTC.
LATEST_TIME_ZONE = timedelta(hours=14)
# The same form sent again within this time by the same organiser is the form sent twice
# (a double click, a reload): an update is posted, and e-mailed, once; a release is
# drafted once (campaign.organise.launch).
REPEAT_WINDOW = timedelta(minutes=2)


class UpdateRefused(ValueError):
    """An update that cannot be posted or sent; the message is for the organiser, the field
    the form field it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def can_email(appeal: Appeal) -> bool:
    """Whether the appeal's signers may be e-mailed an update now."""
    return appeal.status in EMAILED_STATUSES


def check_update(appeal: Appeal, *, happened_on: date | None, email: bool, now: datetime) -> None:
    """UpdateRefused when the update may not be posted (or e-mailed) as it is."""
    if happened_on is not None and happened_on > (now + LATEST_TIME_ZONE).date():
        # Shown publicly as news: a date to come would announce what has not happened.
        raise UpdateRefused(_("The date it happened cannot be in the future."), "happened_on")
    if email and not can_email(appeal):
        raise UpdateRefused(
            _("Only the signers of a live or closed appeal can be e-mailed."), "email_signers"
        )


def post_update(
    session: Session,
    appeal: Appeal,
    *,
    title: str,
    body: str,
    happened_on: date | None,
    user: User | None,
    now: datetime,
) -> AppealUpdate:
    """Add a dated update to the appeal's page; UpdateRefused for a date to come. The same
    update sent again by the same organiser at once is not added twice: the one posted is
    returned."""
    check_update(appeal, happened_on=happened_on, email=False, now=now)
    repeated = _just_posted(session, appeal, user, now)
    if repeated is not None and _same(repeated, title, body, happened_on):
        return repeated
    update = AppealUpdate(
        title=title,
        body=body,
        happened_on=happened_on,
        posted_at=now,
        created_by_id=user and user.id,
    )
    appeal.updates.append(update)
    appeal.updated_at = now
    session.flush()
    record(
        session, "appeal.update_post", user=user, appeal=appeal, details={"update_id": update.id}
    )
    return update


def delete_update(
    session: Session, appeal: Appeal, update: AppealUpdate, *, user: User | None, now: datetime
) -> None:
    """Take an update off the appeal's page (a typo, a post in the wrong appeal). What was
    e-mailed stays sent; the audit log keeps its headline."""
    appeal.updates.remove(update)
    appeal.updated_at = now
    session.flush()
    details = {"update_id": update.id, "title": update.title, "emailed": bool(update.emailed_at)}
    record(session, "appeal.update_delete", user=user, appeal=appeal, details=details)


def _just_posted(
    session: Session, appeal: Appeal, user: User | None, now: datetime
) -> AppealUpdate | None:
    """The appeal's latest update, if `user` posted it within REPEAT_WINDOW."""
    # The appeal's row is locked first (on PostgreSQL): two submissions at once wait for
    # each other, and the second sees the first's update.
    session.execute(select(Appeal.id).where(Appeal.id == appeal.id).with_for_update())
    latest = session.scalars(
        select(AppealUpdate)
        .where(AppealUpdate.appeal_id == appeal.id, AppealUpdate.posted_at > now - REPEAT_WINDOW)
        .order_by(AppealUpdate.posted_at.desc(), AppealUpdate.id.desc())
        .limit(1)
    ).first()
    if latest is None or user is None or latest.created_by_id != user.id:
        return None
    return latest


def _same(update: AppealUpdate, title: str, body: str, happened_on: date | None) -> bool:
    return (update.title, update.body, update.happened_on) == (title, body, happened_on)


def consenting_signers(appeal: Appeal) -> Select[tuple[Signature]]:
    """Signatures that asked to hear more and still count: the only ones e-mailed news."""
    query = select(Signature).where(
        Signature.appeal_id == appeal.id,
        Signature.consent.is_(True),
        Signature.flag.is_(None),
        Signature.invalidated_at.is_(None),
        Signature.anonymised_at.is_(None),
        Signature.email.is_not(None),
    )
    if appeal.confirm_signatures:
        query = query.where(Signature.confirmed_at.is_not(None))
    return query.order_by(Signature.id)


def email_update(
    session: Session, update: AppealUpdate, *, appeal_url: str, user: User | None, now: datetime
) -> int:
    """Queue the update to every consenting signer once; return how many were queued.

    With no one to send it to, it is not marked as e-mailed: nothing was.
    """
    if update.emailed_at is not None:
        raise UpdateRefused(_("This update has been e-mailed already."))
    appeal = update.appeal
    check_update(appeal, happened_on=None, email=True, now=now)
    written: dict[tuple[str, bool], tuple[str, str]] = {}
    queued = 0
    for signature in session.scalars(consenting_signers(appeal).execution_options(yield_per=1000)):
        language, named = email_language(signature.language), bool(signature.name)
        if (language, named) not in written:
            written[language, named] = _email(update, appeal_url, language, named=named)
        subject, body = written[language, named]
        message = queue_email(
            session,
            kind="update",
            to=signature.email or "",
            subject=subject,
            body_text=body.replace(NAME, signature.name or ""),
            now=now,
            appeal=appeal,
            signature=signature,
            dedupe_key=f"update:{update.id}:signature:{signature.id}",
        )
        queued += message is not None
    if not queued:
        return 0
    update.emailed_at = now
    record(
        session,
        "appeal.update_email",
        user=user,
        appeal=appeal,
        details={"update_id": update.id, "recipients": queued},
    )
    return queued


def _email(update: AppealUpdate, appeal_url: str, language: str, *, named: bool) -> tuple[str, str]:
    """(subject, body) of the update for signers who read `language`, the name left as NAME.

    The words around the news, and the appeal's title when it is translated, are in the
    signer's language; the update itself is sent as the organiser wrote it.
    """
    with force_locale(language):
        return render_email(
            "update",
            update=update,
            signer=NAME if named else "",
            title=appeal_content(update.appeal, language).title,
            appeal_url=appeal_url,
        )
