"""News on the case: dated updates on the public page, e-mailed to signers who asked for it."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from campaign.appeals.content import appeal_content
from campaign.audit import record
from campaign.models import Appeal, AppealUpdate, Signature, User
from campaign.outbox.rendering import render_email
from campaign.outbox.services import queue_email
from campaign.signatures.mail import email_language

# Stands for the signer's name in an e-mail written once per language.
NAME = "\x00name\x00"


class UpdateRefused(ValueError):
    """An update that cannot be posted or sent; the message is for the organiser."""


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
    """Queue the update to every consenting signer once; return how many were queued."""
    if update.emailed_at is not None:
        raise UpdateRefused(_("This update has been e-mailed already."))
    appeal = update.appeal
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
