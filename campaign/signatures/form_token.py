"""The sign form's token: the same for every visitor of an appeal, so the page can be cached.

A CSRF token bound to a session protects what that session may do. The sign form has no
session to protect: whoever fetches the page may sign it, and anyone can fetch the page.
What the token must still prove is that the POST comes from a form this site served for
this appeal, recently — not from a script that never loaded the page, nor a form posted
from another site. So it is a keyed hash of the appeal and a time window
(`<window start>.<HMAC>`), the same for everyone who opens the page in that window and
valid for SIGN_FORM_TOKEN_SECONDS after it; and the POST must come from this site: an
`Origin` (or, without one, a `Referer`) naming another host is refused. A tokenless,
forged, stale or cross-site POST signs nothing.

The buttons behind an e-mailed link (confirm my signature, delete my data) have no
session either: the link is opened from a mail app, often in a browser that has never
seen this site or keeps no cookie. Their token is a keyed hash of the link's purpose and
token (LinkFormCSRF): only a page this site served for that very link carries it, so a
form posted from another site, or the token of one link replayed on another, does nothing.
"""

from __future__ import annotations

import hmac
import time
from urllib.parse import urlsplit

from flask import current_app, request
from wtforms import ValidationError
from wtforms.csrf.core import CSRF

from campaign.signing import derived_key, keyed_hash

WINDOW_SECONDS = 600  # one token per appeal for ten minutes: pages stay cacheable
CLOCK_SKEW_SECONDS = 300  # app servers whose clocks differ a little accept each other's


def _key() -> bytes:
    # Derived, so that the SECRET_KEY itself never signs a value anyone can read.
    return derived_key(str(current_app.config["SECRET_KEY"]), b"campaign.sign-form")


def _signature(slug: str, window: int) -> str:
    return keyed_hash(_key(), f"sign-form:{slug}:{window}".encode()).hexdigest()[:40]


def sign_form_token(slug: str, now: float | None = None) -> str:
    """The token of the appeal at `slug` for the current window."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
    return f"{window}.{_signature(slug, window)}"


def token_is_valid(slug: str, token: str | None, now: float | None = None) -> bool:
    """Made by this site for this appeal, and not older than SIGN_FORM_TOKEN_SECONDS."""
    if not token or "." not in token or len(token) > 100:
        return False
    window_text, _, signature = token.partition(".")
    if not window_text.isdigit():
        return False
    window = int(window_text)
    now = time.time() if now is None else now
    max_age = int(current_app.config["SIGN_FORM_TOKEN_SECONDS"])
    if window > now + CLOCK_SKEW_SECONDS or now - window > max_age + WINDOW_SECONDS:
        return False
    return hmac.compare_digest(signature, _signature(slug, window))


def from_this_site() -> bool:
    """False when the browser says the POST comes from a page of another host."""
    headers = request.headers
    return same_site(headers.get("Origin", ""), headers.get("Referer", ""), request.host)


def same_site(origin: str, referer: str, host: str) -> bool:
    """False when `Origin` (or, without one, `Referer`) names a host other than `host`.

    Browsers send `Origin` with every cross-origin POST; it is "null" from pages that send
    no referrer (our own error pages among them), and older browsers send only `Referer`.
    When neither names a host the token alone decides.
    """
    source = origin if origin and origin != "null" else referer
    if not source:
        return True
    try:
        named = urlsplit(source).netloc
    except ValueError:
        return False
    return named.lower() == host.lower()


class SignFormCSRF(CSRF):
    """WTForms' CSRF hook for the sign form; `meta.csrf_context` is the appeal's slug."""

    def setup_form(self, form):  # type: ignore[no-untyped-def]
        self.slug = str(form.meta.csrf_context)
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field) -> str:  # type: ignore[no-untyped-def]
        return sign_form_token(self.slug)

    def validate_csrf_token(self, form, field) -> None:  # type: ignore[no-untyped-def]
        if not token_is_valid(self.slug, field.data):
            raise ValidationError("The form has expired.")
        if not from_this_site():
            raise ValidationError("The form was sent from another site.")


def _link_key() -> bytes:
    return derived_key(str(current_app.config["SECRET_KEY"]), b"campaign.link-form")


def link_form_token(purpose: str, link_token: str) -> str:
    """The form token of the page behind the e-mailed link `link_token` for `purpose`."""
    return keyed_hash(_link_key(), f"link-form:{purpose}:{link_token}".encode()).hexdigest()[:40]


class LinkFormCSRF(CSRF):
    """WTForms' CSRF hook for the button behind an e-mailed link; `meta.csrf_context` is
    (purpose, the link's token). The link itself expires; its form token lives as long."""

    def setup_form(self, form):  # type: ignore[no-untyped-def]
        self.purpose, self.link_token = form.meta.csrf_context
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field) -> str:  # type: ignore[no-untyped-def]
        return link_form_token(self.purpose, self.link_token)

    def validate_csrf_token(self, form, field) -> None:  # type: ignore[no-untyped-def]
        expected = link_form_token(self.purpose, self.link_token)
        if not isinstance(field.data, str) or not hmac.compare_digest(field.data, expected):
            raise ValidationError("The form was not sent from this link's page.")
        if not from_this_site():
            raise ValidationError("The form was sent from another site.")
