"""The e-mails a supporter receives: confirmation, reminder, already signed.

Each carries an unsubscribe link (and List-Unsubscribe headers for one-click
unsubscribing) and a link to have their data deleted. Each is written in the language
the supporter signed in (Signature.language), whether it is queued during a request in
another language or later by a command with no request at all; the appeal's title is
the organiser's translation into that language when there is one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import Session

from campaign.appeals.content import appeal_title
from campaign.i18n import default_language, shipped_language
from campaign.models import Appeal, Outbox, Signature
from campaign.outbox.rendering import render_email
from campaign.outbox.services import queue_email
from campaign.signatures.links import external_url
from campaign.signatures.tokens import Purpose, signature_token


def email_language(language: str | None) -> str:
    """The language to write to a supporter in: theirs if the interface speaks it (a
    region such as "fr-CA" counts as "fr"), else the site's default."""
    return shipped_language(language) or default_language(current_app.config)


def render_supporter_email(
    name: str, signature: Signature, appeal: Appeal, links: dict[str, str]
) -> tuple[str, str]:
    """Subject and body of the e-mail `name`, in the signer's language."""
    language = email_language(signature.language)
    # The appeal's title as the public page shows it to a reader of the e-mail's language.
    title = appeal_title(appeal, language)
    with force_locale(language):
        return render_email(name, signature=signature, appeal=appeal, title=title, **links)


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


# The links that name the signature (its id is known only once its row is inserted),
# as markers no typed text can contain (names and places refuse control characters).
_MARK = secrets.token_hex(8)
SIGNED_LINKS = ("confirm_url", "letter_url", "unsubscribe_url", "delete_url")
PLACEHOLDERS = {name: f"\x00{_MARK}:{name}\x00" for name in SIGNED_LINKS}


@dataclass(frozen=True)
class PreparedEmail:
    """An e-mail rendered before its signature has an id: the signed links left as markers.

    Rendering is most of the work of queueing a message; done before the transaction,
    it is not done while the database's write lock is held (SQLite has one for all).
    """

    name: str
    subject: str
    body: str

    def fill(self, links: dict[str, str]) -> tuple[str, str]:
        subject, body = self.subject, self.body
        for name, marker in PLACEHOLDERS.items():
            subject = subject.replace(marker, links[name])
            body = body.replace(marker, links[name])
        return subject, body


# The signer's name, in a text rendered once for every signer of an appeal in a language.
NAME_MARKER = f"\x00{_MARK}:name\x00"
_RENDERED = "campaign.prepared_emails"
_RENDERED_MAX = 256


def prepare_supporter_email(name: str, signature: Signature, appeal: Appeal) -> PreparedEmail:
    """The e-mail `name` for a signature not yet inserted (see PreparedEmail).

    The text differs between the signers of an appeal only by their names and links: it
    is rendered once per e-mail, appeal (as last changed), language and title, with a
    marker for the name, and the name put in its place (names cannot contain the marker:
    they refuse control characters). Templates that are reloaded when edited (debug) are
    rendered every time.
    """
    language = email_language(signature.language)
    title = appeal_title(appeal, language)
    appeal_url = external_url("appeals.show", slug=appeal.slug)
    key = (name, language, title, appeal_url, appeal.id, appeal.updated_at)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    rendered: dict[tuple[object, ...], tuple[str, str]] = app.extensions.setdefault(_RENDERED, {})
    text = None if app.jinja_env.auto_reload else rendered.get(key)
    if text is None:
        stand_in = Signature(name=NAME_MARKER, language=signature.language)
        links = {**PLACEHOLDERS, "appeal_url": appeal_url}
        with force_locale(language):
            text = render_email(name, signature=stand_in, appeal=appeal, title=title, **links)
        if len(rendered) >= _RENDERED_MAX:
            rendered.clear()
        rendered[key] = text
    subject, body = text
    return PreparedEmail(
        name,
        subject.replace(NAME_MARKER, signature.name),
        body.replace(NAME_MARKER, signature.name),
    )


def queue_supporter_email(
    session: Session,
    name: str,
    signature: Signature,
    appeal: Appeal,
    *,
    now: datetime,
    dedupe_key: str | None = None,
    prepared: PreparedEmail | None = None,
) -> Outbox | None:
    """Queue the e-mail `name` to the signer, with the unsubscribe header and footer
    (from `prepared`, rendered beforehand for this signature, when given)."""
    if signature.email is None or signature.unsubscribed_at is not None:
        return None
    links = supporter_links(signature, appeal)
    if prepared is not None and prepared.name == name:
        subject, body = prepared.fill(links)
    else:
        subject, body = render_supporter_email(name, signature, appeal, links)
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
        # An e-mail prepared for a signature inserted just now cannot have been queued.
        look_first=prepared is None,
    )
