"""The public appeal page and its count.json, kept for a few seconds in each app process.

In a surge most requests are people opening or reloading an appeal's page and sites
polling its count. For a visitor without a session (not logged in, not just signed: no
name, no message to show) the page depends only on the appeal, the interface language
and the country guessed for the sign form (from the `lang` cookie or Accept-Language),
the host and the path with its query (`?source=` is carried into the form); count.json
only on the appeal.

The views mark such responses shareable: an ETag, `Cache-Control: public, max-age=…,
stale-while-revalidate=…` and `Vary: Accept-Language, Cookie`, so that a proxy or CDN can
keep them too. `SharedResponses`, around the whole app, keeps each one it sees for
PAGE_CACHE_SECONDS and answers the same request from it, `304 Not Modified` to a
matching `If-None-Match`, without running Flask at all (a tenth of the work).

A request carrying a session or remember-me cookie gets the page rendered for it,
marked private: it may hold the account's menu or a message meant for that person alone.
It is neither answered from nor stored in the process's copy.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie

from campaign.i18n import COOKIE as LANG_COOKIE
from campaign.i18n import choose_language, default_language
from campaign.signatures.forms import country_from_accept_language

MAX_ENTRIES = 512  # appeals × languages × countries × query strings, per process
VARY = "Accept-Language, Cookie"
PAGE = re.compile(r"^/a/[^/]+$")
COUNT = re.compile(r"^/a/[^/]+/count\.json$")
# Headers a 304 leaves out: those describing the body it does not carry.
BODY_HEADERS = frozenset({"content-length", "content-type"})


@dataclass(frozen=True)
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    expires: float  # time.monotonic()


_entries: OrderedDict[tuple[str, ...], Entry] = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    """Forget every kept response (tests; each process does after PAGE_CACHE_SECONDS)."""
    with _lock:
        _entries.clear()


def ttl() -> int:
    return int(current_app.config["PAGE_CACHE_SECONDS"])


def personal_cookies(app: Flask, cookies: Any) -> bool:
    names = (app.config["SESSION_COOKIE_NAME"], app.config.get("REMEMBER_COOKIE_NAME"))
    return any(name and name in cookies for name in names)


def personal_request() -> bool:
    """Whether the request carries a session or a remember-me cookie."""
    return personal_cookies(current_app, request.cookies)


def shared(response: Response) -> Response:
    """Mark a response that is the same for every visitor without a session."""
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.max_age = ttl()
    response.cache_control.stale_while_revalidate = int(current_app.config["PAGE_STALE_SECONDS"])
    response.headers["Vary"] = VARY
    return response.make_conditional(request)


def page(html: str) -> Response:
    """The appeal's page as every visitor without a session sees it."""
    return shared(Response(html, mimetype="text/html"))


def private(html: str) -> Response:
    """A page rendered for one visitor: never stored by a shared cache."""
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = VARY
    return response


class SharedResponses:
    """WSGI middleware: repeats of a shareable public page or count.json, from memory."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        seconds = int(self.app.config["PAGE_CACHE_SECONDS"])
        key = self.key(environ) if seconds > 0 else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        with _lock:
            entry = _entries.get(key)
        if entry is not None and entry.expires > time.monotonic():
            return self.answer(entry, environ, start_response)
        return self.fetch(key, seconds, environ, start_response)

    def key(self, environ: dict[str, Any]) -> tuple[str, ...] | None:
        """What the response depends on, or None when it is not one to share."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO", "")
        if COUNT.match(path):
            return ("count", path)
        if not PAGE.match(path):
            return None
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if personal_cookies(self.app, cookies):
            return None
        accept = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
        language = choose_language(
            cookies.get(LANG_COOKIE), accept, default_language(self.app.config)
        )
        country = country_from_accept_language([value for value, _q in accept])
        host = environ.get("HTTP_X_FORWARDED_HOST") or environ.get("HTTP_HOST", "")
        query = environ.get("QUERY_STRING", "")
        return ("page", path, query, host, language, country)

    def fetch(
        self, key: tuple[str, ...], seconds: int, environ: dict[str, Any], start_response: Callable
    ) -> Iterable[bytes]:
        """Run the app; keep its answer when it says it may be shared."""
        given: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            given[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = given
        names = {name.lower(): value for name, value in headers}
        if (
            status.startswith("200")
            and "public" in names.get("cache-control", "")
            and "set-cookie" not in names
            and environ.get("REQUEST_METHOD") == "GET"
        ):
            entry = Entry(
                status, list(headers), body, names.get("etag"), time.monotonic() + seconds
            )
            with _lock:
                _entries[key] = entry
                _entries.move_to_end(key)
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
        return [body]

    def answer(
        self, entry: Entry, environ: dict[str, Any], start_response: Callable
    ) -> Iterable[bytes]:
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match and entry.etag and _matches(match, entry.etag):
            headers = [(n, v) for n, v in entry.headers if n.lower() not in BODY_HEADERS]
            start_response("304 Not Modified", headers)
            return []
        start_response(entry.status, entry.headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [entry.body]


def _matches(header: str, etag: str) -> bool:
    """Whether If-None-Match names the entity tag (weak comparison, as RFC 9110 asks)."""
    wanted = etag.removeprefix("W/")
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def init_app(app: Flask) -> None:
    app.wsgi_app = SharedResponses(app, app.wsgi_app)  # type: ignore[method-assign]
