"""Reading a request's JSON body without letting its shape cause a 500."""

from __future__ import annotations

from typing import Any

from flask import request


def json_body() -> Any:
    """The request's JSON, or None when it is not JSON or is nested too deep to read.

    `get_json(silent=True)` turns only a ValueError into None; an array nested a hundred
    thousand deep (200 kB, well under the body limit) raises RecursionError instead.
    """
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None
