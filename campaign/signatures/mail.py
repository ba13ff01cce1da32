"""The e-mails a supporter receives: confirmation (or, on an appeal that asks for none,
a receipt), reminder, already signed.

Each carries an unsubscribe link (and List-Unsubscribe headers for one-click
unsubscribing) and a link to have their data deleted. Each is written in the language
the supporter signed in (Signature.language), whether it is queued during a request in
another language or later by a command with no request at all; the appeal's title is
the organiser's translation into that language when there is one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import Session

from campaign.appeals.content import appeal_title
from campaign.i18n import default_language, shipped_language
from campaign.models import Appeal, Outbox, Signature
from campaign.outbox.rendering import render_email
from campaign.outbox.services import queue_email
from campaign.signatures.links import external_url
from campaign.signatures.tokens import Purpose, signature_tokens

CONFIRM_KEY = "confirm:"  # and the signature's id


def confirm_key(signature_id: int) -> str:
    """The outbox's dedupe key of a signature's one confirmation e-mail: every path that
    queues it (signing either way, staff accepting a flagged one) uses it, so it goes once."""
    return f"{CONFIRM_KEY}{signature_id}"


def receipt_key(signature_id: int) -> str:
    """The dedupe key of the receipt a signature gets instead of a confirmation e-mail."""
    return f"receipt:{signature_id}"


def follow_up(appeal: Appeal) -> tuple[str, Callable[[int], str]]:
    """The e-mail a new signature is sent, and its dedupe key: the link to confirm it, or,
    when the appeal asks for no confirmation, a receipt, so that the signer still gets the
    letter, unsubscribe and delete-my-data links the sign form promises."""
    return ("confirm", confirm_key) if appeal.confirm_signatures else ("receipt", receipt_key)


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
    return signed_links(appeal.slug, signature.id, signature.email_canonical)


def signed_links(slug: str, signature_id: int, email_canonical: str | None) -> dict[str, str]:
    """The links of supporter_links, from the signature's id and address alone."""
    base = _link_bases(current_app.config["BASE_URL"], slug)
    tokens = signature_tokens(_PURPOSES, signature_id, email_canonical)
    links = {"appeal_url": base["appeal_url"]}
    for name, link in SIGNED_LINKS.items():
        links[name] = base[name] + tokens[link.purpose]
    return links


@dataclass(frozen=True)
class SignedLink:
    endpoint: str
    purpose: Purpose  # of the token the link carries
    per_appeal: bool  # the address names the appeal (not only the signature's token)


# The links that name the signature (its id is known only once its row is inserted).
SIGNED_LINKS = {
    "confirm_url": SignedLink("signatures.confirm", Purpose.CONFIRM, per_appeal=True),
    "letter_url": SignedLink("signatures.letter_link", Purpose.LETTER, per_appeal=True),
    "unsubscribe_url": SignedLink("signatures.unsubscribe", Purpose.UNSUBSCRIBE, per_appeal=False),
    "delete_url": SignedLink("signatures.delete_data", Purpose.DELETE_DATA, per_appeal=False),
}
_PURPOSES = tuple(link.purpose for link in SIGNED_LINKS.values())
_TOKEN_PLACE = "--here--"  # noqa: S105 (where a token goes, not a secret)


@lru_cache(maxsize=256)
def _link_bases(base_url: str, slug: str) -> dict[str, str]:
    """Each link of an appeal's e-mails up to its token, built once: a token is URL-safe
    and comes last, so the rest of the address is the same for every signer."""
    bases = {"appeal_url": external_url("appeals.show", slug=slug)}
    for name, link in SIGNED_LINKS.items():
        values = {"slug": slug} if link.per_appeal else {}
        url = external_url(link.endpoint, token=_TOKEN_PLACE, **values)
        if not url.endswith(_TOKEN_PLACE):  # pragma: no cover - a route changed shape
            raise RuntimeError(f"{link.endpoint}: the token is not the end of its address")
        bases[name] = url.removesuffix(_TOKEN_PLACE)
    return bases


def unsubscribe_headers(links: dict[str, str]) -> dict[str, str]:
    """One-click unsubscribing (RFC 8058) for mail clients that offer it."""
    return {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Where the signed links go in an e-mail queued before its links are made: the outbox
# keeps them, and the worker puts the recipient's own links in their places when it
# sends the message (campaign.outbox.supporters.as_sent). A control character that
# names, places and typed letters refuse; PostgreSQL's text refuses NUL, so not that one.
# Text that did carry a marker into a supporter's e-mail would be given that supporter's
# own link: markers can only ever be filled with the recipient's links.
LINK_MARKERS = {name: f"\x1a{name}\x1a" for name in SIGNED_LINKS}
# The signer's name, in a text rendered once for every signer of an appeal in a language
# (never stored: a NUL and a secret of the process, which no typed text can contain).
_MARK = secrets.token_hex(8)
NAME_MARKER = f"\x00{_MARK}:name\x00"


def has_link_markers(text: str) -> bool:
    return "\x1a" in text and any(marker in text for marker in LINK_MARKERS.values())


def fill_links(text: str, links: dict[str, str]) -> str:
    """`text` with each link marker replaced by its link."""
    if "\x1a" not in text:
        return text
    for name, marker in LINK_MARKERS.items():
        text = text.replace(marker, links[name])
    return text


@dataclass(frozen=True)
class PreparedEmail:
    """An e-mail rendered before its signature has an id: the signed links left as markers.

    Rendering is most of the work of queueing a message; done before the transaction,
    it is not done while the database's write lock is held (SQLite has one for all).
    """

    name: str
    subject: str
    body: str

    def named(self, signer: str) -> PreparedEmail:
        """The e-mail with the signer's name in its marker's place."""
        return PreparedEmail(
            self.name,
            self.subject.replace(NAME_MARKER, signer),
            self.body.replace(NAME_MARKER, signer),
        )


_RENDERED = "campaign.prepared_emails"
_RENDERED_MAX = 256


def prepare_supporter_email(name: str, signature: Signature, appeal: Appeal) -> PreparedEmail:
    """The e-mail `name` for a signature not yet inserted (see PreparedEmail)."""
    return marked_email(name, appeal, email_language(signature.language)).named(signature.name)


def marked_email(name: str, appeal: Appeal, language: str) -> PreparedEmail:
    """The e-mail `name` of `appeal` in `language`, with markers for the signer's name and
    the signed links.

    The text differs between the signers of an appeal only by their names and links: it
    is rendered once per e-mail, appeal (as last changed), language and title, and the
    name put in its marker's place by PreparedEmail.named (names cannot contain the
    marker: they refuse control characters). Templates that are reloaded when edited
    (debug) are rendered every time.
    """
    title = appeal_title(appeal, language)
    appeal_url = external_url("appeals.show", slug=appeal.slug)
    key = (name, language, title, appeal_url, appeal.id, appeal.updated_at)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    rendered: dict[tuple[object, ...], tuple[str, str]] = app.extensions.setdefault(_RENDERED, {})
    text = None if app.jinja_env.auto_reload else rendered.get(key)
    if text is None:
        stand_in = Signature(name=NAME_MARKER, language=language)
        links = {**LINK_MARKERS, "appeal_url": appeal_url}
        with force_locale(language):
            text = render_email(name, signature=stand_in, appeal=appeal, title=title, **links)
        if len(rendered) >= _RENDERED_MAX:
            rendered.clear()
        rendered[key] = text
    return PreparedEmail(name, *text)


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
    """Queue the e-mail `name` to the signer, with the unsubscribe header and footer.

    From `prepared`, rendered beforehand for this signature, when given: its links are
    then left as markers, which the worker fills as it sends the message (the tokens,
    four HMACs, are then not made while signing; see LINK_MARKERS), and the unsubscribe
    headers are added then too (campaign.outbox.supporters)."""
    if signature.email is None or signature.unsubscribed_at is not None:
        return None
    if prepared is not None and prepared.name == name:
        subject, body, headers = prepared.subject, prepared.body, {}
    else:
        links = supporter_links(signature, appeal)
        subject, body = render_supporter_email(name, signature, appeal, links)
        headers = unsubscribe_headers(links)
    return queue_email(
        session,
        kind=name,
        to=signature.email,
        subject=subject,
        body_text=body,
        now=now,
        headers=headers,
        appeal=appeal,
        signature=signature,
        dedupe_key=dedupe_key,
        # An e-mail prepared for a signature inserted just now cannot have been queued.
        look_first=prepared is None,
    )
