"""News on the case: dated updates on the public page, e-mailed to signers who asked for it."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.models import Appeal, AppealUpdate, Signature, User
from campaign.outbox.services import queue_email


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
    body = _email_body(update, appeal_url)
    queued = 0
    for signature in session.scalars(consenting_signers(appeal).execution_options(yield_per=1000)):
        message = queue_email(
            session,
            kind="update",
            to=signature.email or "",
            subject=f"Update: {update.title}",
            body_text=body.replace("{name}", signature.name or "supporter"),
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


def _email_body(update: AppealUpdate, appeal_url: str) -> str:
    when = update.happened_on or update.posted_at.date()
    parts = [
        "Dear {name},",
        f"There is news on “{update.appeal.title}”, which you signed.",
        f"{update.title} ({when:%d %B %Y})",
    ]
    if update.body.strip():
        parts.append(update.body.strip())
    parts.append(f"Read the appeal and all its updates: {appeal_url}")
    parts.append("You receive this because you asked to hear more about this appeal.")
    return "\n\n".join(parts) + "\n"
