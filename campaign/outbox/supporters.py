"""Every e-mail to a supporter carries a way out, whoever queued it.

The worker adds the unsubscribe headers and footer to a message for a signer
that lacks them (e.g. news of an appeal queued by the organisers' side), and
drops messages to signers who have since unsubscribed or had their data deleted.
Letters to officials are not messages to supporters.
"""

from __future__ import annotations

from typing import Any

from campaign.models import Outbox

NOT_TO_SUPPORTERS = frozenset({"letter"})


def to_supporter(message: Outbox) -> bool:
    return message.signature_id is not None and message.kind not in NOT_TO_SUPPORTERS


def stopped(message: Outbox) -> bool:
    """Whether the signer asked for no more e-mail after this message was queued."""
    signature = message.signature
    return (
        to_supporter(message)
        and signature is not None
        and (signature.unsubscribed_at is not None or signature.anonymised_at is not None)
    )


def with_way_out(message: Outbox) -> tuple[str, dict[str, Any]]:
    """The body and headers to send: with List-Unsubscribe and an unsubscribe footer."""
    body, headers = message.body_text, dict(message.headers or {})
    signature = message.signature
    if not to_supporter(message) or signature is None or "List-Unsubscribe" in headers:
        return body, headers
    from flask_babel import force_locale, gettext

    from campaign.signatures.mail import email_language, supporter_links

    links = supporter_links(signature, signature.appeal)
    headers["List-Unsubscribe"] = f"<{links['unsubscribe_url']}>"
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if links["unsubscribe_url"] not in body:
        # In the language the rest of the message is written in: the signer's.
        with force_locale(email_language(signature.language)):
            stop = gettext("Stop all e-mail from us: %(url)s", url=links["unsubscribe_url"])
            delete = gettext("Delete your details: %(url)s", url=links["delete_url"])
        body = body.rstrip("\n") + f"\n\n--\n{stop}\n{delete}\n"
    return body, headers
