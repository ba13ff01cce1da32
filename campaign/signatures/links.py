"""Absolute links for e-mails and share cards, built from BASE_URL without a request."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import Map, MapAdapter


def external_url(endpoint: str, **values: Any) -> str:
    """The public address of `endpoint` under BASE_URL (works in CLI commands too)."""
    return _adapter(current_app.url_map, current_app.config["BASE_URL"]).build(
        endpoint, values, force_external=True
    )


@lru_cache(maxsize=8)
def _adapter(url_map: Map, base_url: str) -> MapAdapter:
    """The app's routes bound to BASE_URL, once (an e-mail carries five links; building
    only reads the adapter)."""
    base = urlsplit(base_url)
    return url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
