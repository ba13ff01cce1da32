"""Plain sign POSTs answered in the WSGI layer, before Flask sees them.

In a surge nearly every request that writes is a first-time visitor's sign POST: no
cookie, a good form, a live appeal. campaign.signatures.quick signs those without
WTForms or ORM objects; Flask's own work around it (request and response objects, the
hooks, the session, routing) then cost as much again. `QuickSigning` sits between the
proxy fix and Flask: for a POST to `/a/<slug>/sign` without a session or remember-me
cookie it reads the form, and when quick.sign takes it, answers as the route does (303
to the thank-you page, the supporter remembered in the session cookie, the same headers
and log line), in an app context only.

Everything else goes on to Flask, unchanged: the form's body is put back, and the route
(told quick.sign has been tried) takes the general path, which says what to correct,
answers an address that signed before, flags what the limits flag. Both happen in the
one app context, so the request's attempt counts once against the per-IP limit.
tests/signatures/test_quick_wsgi.py holds the answers of the two ways to each other.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from flask import Flask, current_app, g, has_app_context
from flask.sessions import SecureCookieSession
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_accept_header, parse_cookie, parse_options_header
from werkzeug.wsgi import get_host

from campaign.appeals.page_cache import personal_cookies
from campaign.extensions import db
from campaign.i18n import COOKIE as LANG_COOKIE
from campaign.i18n import choose_language, default_language
from campaign.models import utcnow
from campaign.ops.logs import REQUEST_ID_HEADER, log_request, start_request
from campaign.security import add_security_headers
from campaign.signatures import quick
from campaign.signatures.form_token import same_site
from campaign.signatures.session import remember
from campaign.signing import dumps_session

log = logging.getLogger(__name__)

SIGN = re.compile(r"^/a/([^/]+)/sign$")
FORM = "application/x-www-form-urlencoded"
LONGEST_FORM = 16 * 1024  # bytes; the sign form is well under 4 KB however it is typed
# Set on a request passed on to Flask after quick.sign was tried (see tried()).
TRIED = "campaign.quick_sign_tried"


def tried(environ: dict[str, Any]) -> bool:
    """Whether quick.sign has already been tried for this request and left it."""
    return bool(environ.get(TRIED))


class QuickSigning:
    """WSGI middleware: plain sign POSTs without a session, signed before Flask."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        slug = self.slug(environ)
        # Each name's first value, as request.cookies gives it, in a plain dict: looking a
        # missing name up in werkzeug's MultiDict raises (and catches) an HTTP exception.
        cookies = parse_cookie(environ.get("HTTP_COOKIE", "")).to_dict() if slug else None
        # A visitor with a session or remember-me cookie: theirs is Flask's to read and write.
        if slug is None or cookies is None or personal_cookies(self.app, cookies):
            return self.wsgi_app(environ, start_response)
        body = _form_body(environ)
        if body is None:
            return self.wsgi_app(environ, start_response)
        with self._app_context():
            try:
                response = self.answer(environ, slug, body, cookies)
            except Exception:
                # The general path tries again (and, if the database is down, says so);
                # an address already written is then answered as a repeat, never twice.
                db.session.rollback()
                log.exception("quick signing failed; the request goes the general way")
                response = None
            if response is not None:
                start_response(response.status, response.headers)
                return [response.body]
            environ["wsgi.input"] = io.BytesIO(body)
            environ[TRIED] = True
            return self.wsgi_app(environ, start_response)

    def slug(self, environ: dict[str, Any]) -> str | None:
        """The appeal's slug of a sign POST, else None."""
        if environ.get("REQUEST_METHOD") != "POST":
            return None
        match = SIGN.match(environ.get("PATH_INFO", ""))
        if match is None or not match.group(1).isascii():
            return None
        return match.group(1)

    def answer(
        self, environ: dict[str, Any], slug: str, body: bytes, cookies: Mapping[str, str]
    ) -> Reply | None:
        """The route's answer when quick.sign takes the form, else None (nothing written)."""
        form = _form(body)
        sender = _sender(environ, self.app, cookies)
        if form is None or sender is None:
            return None
        start_request(environ.get("HTTP_X_REQUEST_ID", ""))
        if self.app.config.get("MAIL_WORKER_THREAD"):
            from campaign.outbox.worker import start_background_worker

            start_background_worker(self.app)
        data = quick.read_form(form, slug, sender)
        supporter = quick.sign(db.session, slug, data, now=utcnow()) if data else None
        if supporter is None:
            return None
        cookie = SecureCookieSession()
        remember(supporter, cookie)
        reply = _thanks(self.app, environ.get("SCRIPT_NAME", ""), slug)
        log_request("POST", environ.get("PATH_INFO", ""), reply.status_code)
        return reply.filled(_cookie_value(self.app, cookie), g.request_id)

    def _app_context(self) -> AbstractContextManager[Any]:
        # As Flask does for a request: the app context already pushed (a test's), if any.
        if has_app_context() and current_app._get_current_object() is self.app:  # type: ignore[attr-defined]
            return nullcontext()
        return self.app.app_context()


@dataclass(frozen=True)
class Reply:
    """A response as WSGI sends it."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def status_code(self) -> int:
        return int(self.status.split(" ", 1)[0])

    def filled(self, cookie: str, request_id: str) -> Reply:
        """This reply with the session cookie's value and the request's id in their places."""
        places = {COOKIE_PLACE: cookie, REQUEST_ID_PLACE: request_id}
        headers = [(name, _fill(value, places)) for name, value in self.headers]
        return Reply(self.status, headers, self.body)


COOKIE_PLACE = "cookie-value-here"
REQUEST_ID_PLACE = "request-id-here"
_THANKS_KEPT = 512  # replies (one per appeal and script root) kept by a process


def _fill(value: str, places: dict[str, str]) -> str:
    for place, text in places.items():
        if place in value:
            return value.replace(place, text)
    return value


def _thanks(app: Flask, script_name: str, slug: str) -> Reply:
    """The route's redirect to the thank-you page, made once per appeal (and script root)
    by the same functions as the route's, with places for the cookie and request id."""
    kept: dict[tuple[str, str], Reply] = app.extensions.setdefault("campaign.quick_thanks", {})
    reply = kept.get((script_name, slug))
    if reply is None:
        from campaign.signatures.routes import no_store  # the route's blueprint imports this

        adapter = app.url_map.bind("localhost", script_name=script_name or "/")
        response = app.redirect(adapter.build("signatures.thanks", {"slug": slug}), 303)
        # What save_session writes for a new session, its value left to fill in.
        name = app.session_interface.get_cookie_name(app)
        response.set_cookie(name, COOKIE_PLACE, **_cookie_options(app))
        response.vary.add("Cookie")
        no_store(response)  # the blueprint's after_request, then the app's
        add_security_headers(response)
        response.headers[REQUEST_ID_HEADER] = REQUEST_ID_PLACE
        reply = Reply(response.status, response.headers.to_wsgi_list(), response.get_data())
        if len(kept) >= _THANKS_KEPT:
            kept.clear()
        kept[(script_name, slug)] = reply
    return reply


def _cookie_options(app: Flask) -> dict[str, Any]:
    """The attributes Flask's session interface gives the cookie of a new session."""
    interface = app.session_interface
    return {
        "expires": interface.get_expiration_time(app, SecureCookieSession()),
        "httponly": interface.get_cookie_httponly(app),
        "domain": interface.get_cookie_domain(app),
        "path": interface.get_cookie_path(app),
        "secure": interface.get_cookie_secure(app),
        "partitioned": interface.get_cookie_partitioned(app),
        "samesite": interface.get_cookie_samesite(app),
    }


def _cookie_value(app: Flask, cookie: SecureCookieSession) -> str:
    """The session's signed value, which Flask's session interface reads as its own."""
    return dumps_session(app, dict(cookie))


def _form_body(environ: dict[str, Any]) -> bytes | None:
    """The request's urlencoded body (put back for whoever reads it next), or None when
    it is not a plain form this layer reads."""
    mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    if mimetype != FORM or options.get("charset", "utf-8").lower() != "utf-8":
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if not 0 < length <= LONGEST_FORM:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _form(body: bytes) -> dict[str, str] | None:
    """The form's fields, each its first value as Flask's request.form gives it, or None
    when it is not UTF-8 (Flask then reads it its own way).

    The pairs are parse_qsl's (keep_blank_values, errors="strict"), only a name or value
    with nothing escaped is taken as it is rather than unquoted: most of a sign form's
    fields (tests/signatures/test_quick_wsgi.py holds the two to each other)."""
    try:
        text = body.decode("utf-8")
        form: dict[str, str] = {}
        for pair in text.split("&"):
            if not pair:
                continue
            name, _, value = pair.partition("=")
            form.setdefault(_unquoted(name), _unquoted(value))
    except (UnicodeDecodeError, ValueError):
        return None
    return form


def _unquoted(text: str) -> str:
    if "%" not in text and "+" not in text:
        return text
    return unquote(text.replace("+", " "), errors="strict")


def _sender(environ: dict[str, Any], app: Flask, cookies: Mapping[str, str]) -> quick.Sender | None:
    """Who sent the request, read as Flask would read it; None for a host Flask refuses."""
    try:
        host = get_host(environ, app.config.get("TRUSTED_HOSTS"))
    except SecurityError:
        return None
    accept = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    language = choose_language(cookies.get(LANG_COOKIE), accept, default_language(app.config))
    return quick.Sender(
        language=language,
        remote_addr=environ.get("REMOTE_ADDR"),
        same_site=same_site(environ.get("HTTP_ORIGIN", ""), environ.get("HTTP_REFERER", ""), host),
    )


def init_app(app: Flask) -> None:
    """Inside the proxy fix (so the client's address and host are the forwarded ones)."""
    app.wsgi_app = QuickSigning(app, app.wsgi_app)  # type: ignore[method-assign]
