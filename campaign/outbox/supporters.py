"""Every e-mail to a supporter carries a way out, whoever queued it.

The worker puts the signer's links into a message queued with markers in their places
(a confirmation queued while signing: its links are made as it is sent), adds the
unsubscribe headers and footer to a message for a signer that lacks them (e.g. news of
an appeal queued by the organisers' side), and drops messages to signers who have since
unsubscribed or had their data deleted.
Letters to officials are not messages to supporters.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext

from campaign.models import Outbox, Signature
from campaign.signatures.mail import (
    email_language,
    fill_links,
    has_link_markers,
    supporter_links,
)

NOT_TO_SUPPORTERS = frozenset({"letter"})


def to_supporter(message: Outbox) -> bool:
    return message.signature_id is not None and message.kind not in NOT_TO_SUPPORTERS


def stopped(message: Outbox) -> bool:
    """Whether the signer asked for no more e-mail after this message was queued, or the
    message waits for links from a signature that is no longer there."""
    signature = message.signature
    if signature is None:  # deleted (or never there): its links can never be made
        return _carries_markers(message)
    return to_supporter(message) and (
        signature.unsubscribed_at is not None or signature.anonymised_at is not None
    )


def as_sent(message: Outbox) -> tuple[str, str, dict[str, Any]]:
    """The subject, body and headers to send: the signer's links in the places their
    markers keep (campaign.signatures.mail.LINK_MARKERS), made now; then List-Unsubscribe,
    and an unsubscribe footer where the body has no unsubscribe link."""
    subject, body, headers = message.subject, message.body_text, dict(message.headers or {})
    signature = message.signature
    if not to_supporter(message) or signature is None:
        return subject, body, headers
    links = None
    if _carries_markers(message):
        links = _links(signature)
        subject, body = fill_links(subject, links), fill_links(body, links)
    if "List-Unsubscribe" in headers:
        return subject, body, headers
    links = links or _links(signature)
    headers["List-Unsubscribe"] = f"<{links['unsubscribe_url']}>"
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if links["unsubscribe_url"] not in body:
        # In the language the rest of the message is written in: the signer's.
        with force_locale(email_language(signature.language)):
            stop = gettext("Stop all e-mail from us: %(url)s", url=links["unsubscribe_url"])
            delete = gettext("Delete your details: %(url)s", url=links["delete_url"])
        body = body.rstrip("\n") + f"\n\n--\n{stop}\n{delete}\n"
    return subject, body, headers


def _carries_markers(message: Outbox) -> bool:
    return has_link_markers(message.body_text) or has_link_markers(message.subject)


def _links(signature: Signature) -> dict[str, str]:
    return supporter_links(signature, signature.appeal)
