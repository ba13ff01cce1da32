"""Failed logins limited per address, per account from one address, and per account
overall, so passwords cannot be guessed at speed. The same answer whether or not the
account exists.

Only failures count: a successful login costs nothing, so an office behind one address
is never locked out by its own staff logging in. The per-account limit is kept per
address (LOGIN_RATE_LIMIT, like the per-address one), so a stranger guessing at an
account from their own addresses does not lock its owner out of theirs; a much higher
limit on the account from every address (LOGIN_ACCOUNT_RATE_LIMIT) still stops a guess
spread over many addresses, at the price that someone holding many addresses can make
the owner wait — at most for that limit's window.
"""

from __future__ import annotations

import hashlib
import logging

from flask import current_app
from limits import RateLimitItem, parse

from campaign.extensions import limiter

log = logging.getLogger(__name__)


def _limits(email: str, ip: str | None) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    """Each limit with the key it counts under."""
    per_address = parse(current_app.config["LOGIN_RATE_LIMIT"])
    per_account = parse(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])
    # Keys hold a digest, not the address typed in: the store never lists e-mails.
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    address = ip or "unknown"
    return [
        (per_address, ("login-ip", address)),
        (per_address, ("login-account-ip", account, address)),
        (per_account, ("login-account", account)),
    ]


def login_allowed(email: str, ip: str | None) -> bool:
    """Whether an attempt may be made now: False once any limit has been used up."""
    try:
        return all(limiter.limiter.test(item, *key) for item, key in _limits(email, ip))
    except Exception:  # the limit store is down: better to let staff in than to lock them out
        log.exception("login rate limit storage failed")
        return True


def login_failed(email: str, ip: str | None) -> None:
    """Count a failed attempt against every limit."""
    try:
        for item, key in _limits(email, ip):
            limiter.limiter.hit(item, *key)
    except Exception:
        log.exception("login rate limit storage failed")
