"""The public appeal page for anonymous visitors: rendered once every few seconds.

In a surge most requests are people opening or reloading an appeal's page. For a visitor
without a session (not logged in, not just signed: no name, no message to show) the page
depends only on the appeal, the interface language, the country guessed for the sign form
(both from the `lang` cookie or Accept-Language), the host and the path with its query
(`?source=` is carried into the form). Each app process keeps the page it rendered for
those for PAGE_CACHE_SECONDS, with an ETag; it answers `304 Not Modified` to a matching
`If-None-Match`, and says `Cache-Control: public, max-age=…, stale-while-revalidate=…`
with `Vary: Accept-Language, Cookie`, so that a proxy or CDN can share it too.

A request carrying a session or remember-me cookie gets the page rendered for it, marked
private: it may hold the account's menu or a message meant for that person alone.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request, session
from flask_babel import get_locale

from campaign.signatures.forms import country_from_accept_language

MAX_ENTRIES = 512  # appeals × languages × countries × query strings, per process
VARY = "Accept-Language, Cookie"


@dataclass(frozen=True)
class Entry:
    body: bytes
    etag: str
    expires: float  # time.monotonic()


_entries: OrderedDict[tuple[str, ...], Entry] = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    """Forget every rendered page (tests; nothing else needs to)."""
    with _lock:
        _entries.clear()


def ttl() -> int:
    return int(current_app.config["PAGE_CACHE_SECONDS"])


def personal_request() -> bool:
    """Whether the request carries a session or a remember-me cookie."""
    config = current_app.config
    names = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return any(name in request.cookies for name in names)


def key(slug: str) -> tuple[str, ...]:
    country = country_from_accept_language([lang for lang, _q in request.accept_languages])
    return (slug, str(get_locale()), country, request.host, request.full_path)


def page(slug: str, render: Callable[[], str]) -> Response:
    """The anonymous page of the appeal at `slug`, from this process's copy while fresh."""
    k = key(slug)
    now = time.monotonic()
    with _lock:
        entry = _entries.get(k)
    if entry is None or entry.expires <= now:
        html = render()
        if session.modified or len(session):  # something personal after all: not shared
            return private(html)
        body = html.encode()
        entry = Entry(body, hashlib.sha256(body).hexdigest()[:32], now + ttl())
        with _lock:
            _entries[k] = entry
            _entries.move_to_end(k)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    response = Response(entry.body, mimetype="text/html")
    response.set_etag(entry.etag)
    response.cache_control.public = True
    response.cache_control.max_age = ttl()
    response.cache_control.stale_while_revalidate = int(current_app.config["PAGE_STALE_SECONDS"])
    response.headers["Vary"] = VARY
    return response.make_conditional(request)


def private(html: str) -> Response:
    """A page rendered for one visitor: never stored by a shared cache."""
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = VARY
    return response
