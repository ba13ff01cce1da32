"""The API's 401 and 429 answers, with the headers HTTP gives them (RFC 6750, RFC 9110)."""

from __future__ import annotations

import math
import time

from flask import Blueprint, Response, jsonify
from flask.typing import ResponseReturnValue
from flask_limiter import RateLimitExceeded
from limits import RateLimitItem

from campaign.api.auth import presented_secret, presented_token
from campaign.extensions import limiter


def init_blueprint(bp: Blueprint) -> None:
    bp.after_request(challenge)
    bp.register_error_handler(RateLimitExceeded, too_many_requests)


def challenge(response: Response) -> Response:
    """A 401 names the scheme to use, so a client knows a bearer token is what is missing."""
    if response.status_code == 401:
        sent = ', error="invalid_token"' if presented_secret() else ""
        response.headers["WWW-Authenticate"] = f'Bearer realm="api"{sent}'
    return response


def too_many_requests(error: RateLimitExceeded) -> ResponseReturnValue:
    """A sentence instead of the limiter's "600 per 1 minute", and when to try again."""
    current = limiter.current_limit
    wait = math.ceil(current.reset_at - time.time()) if current else 0
    wait = max(wait, 1)
    who = "for this token" if presented_token() is not None else "from this address"
    message = (
        f"Too many requests {who}: at most {_rate(error.limit.limit)}. "
        f"Try again in {wait} second{'' if wait == 1 else 's'}."
    )
    response = jsonify(error="too_many_requests", message=message)
    response.headers["Retry-After"] = str(wait)
    return response, 429


def _rate(item: RateLimitItem) -> str:
    """ "600 per minute", "10 per 2 hours"."""
    unit = item.GRANULARITY.name
    if item.multiples == 1:
        return f"{item.amount} per {unit}"
    return f"{item.amount} per {item.multiples} {unit}s"
