"""The e-mails a supporter receives: confirmation, reminder, already signed.

Each carries an unsubscribe link (and List-Unsubscribe headers for one-click
unsubscribing) and a link to have their data deleted. Each is written in the language
the supporter signed in (Signature.language), whether it is queued during a request in
another language or later by a command with no request at all; the appeal's title is
the organiser's translation into that language when there is one.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import Session

from campaign.appeals.content import appeal_content
from campaign.i18n import SOURCE_LANGUAGE, interface_languages
from campaign.models import Appeal, Outbox, Signature
from campaign.outbox.rendering import render_email
from campaign.outbox.services import queue_email
from campaign.signatures.links import external_url
from campaign.signatures.tokens import Purpose, signature_token


def email_language(language: str | None) -> str:
    """The language to write to a supporter in: theirs if the interface speaks it (a
    region such as "fr-CA" counts as "fr"), else the site's default."""
    languages = interface_languages()
    code = (language or "").replace("_", "-").split("-")[0].lower()
    if code in languages:
        return code
    default = current_app.config.get("DEFAULT_LANGUAGE", SOURCE_LANGUAGE)
    return default if default in languages else SOURCE_LANGUAGE


def supporter_links(signature: Signature, appeal: Appeal) -> dict[str, str]:
    """The links every supporter e-mail carries, signed for this signature."""

    def token(purpose: Purpose) -> str:
        return signature_token(purpose, signature.id, signature.email_canonical)

    return {
        "appeal_url": external_url("appeals.show", slug=appeal.slug),
        "confirm_url": external_url(
            "signatures.confirm", slug=appeal.slug, token=token(Purpose.CONFIRM)
        ),
        "letter_url": external_url(
            "signatures.letter_link", slug=appeal.slug, token=token(Purpose.LETTER)
        ),
        "unsubscribe_url": external_url("signatures.unsubscribe", token=token(Purpose.UNSUBSCRIBE)),
        "delete_url": external_url("signatures.delete_data", token=token(Purpose.DELETE_DATA)),
    }


def queue_supporter_email(
    session: Session,
    name: str,
    signature: Signature,
    appeal: Appeal,
    *,
    now: datetime,
    dedupe_key: str | None = None,
) -> Outbox | None:
    """Queue the e-mail `name` to the signer, with the unsubscribe header and footer."""
    if signature.email is None or signature.unsubscribed_at is not None:
        return None
    links = supporter_links(signature, appeal)
    language = email_language(signature.language)
    # The appeal's title as the public page shows it to a reader of the e-mail's language.
    title = appeal_content(appeal, language).title
    with force_locale(language):
        subject, body = render_email(name, signature=signature, appeal=appeal, title=title, **links)
    return queue_email(
        session,
        kind=name,
        to=signature.email,
        subject=subject,
        body_text=body,
        now=now,
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        appeal=appeal,
        signature=signature,
        dedupe_key=dedupe_key,
    )
