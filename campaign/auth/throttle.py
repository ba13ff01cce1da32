"""Login attempts limited per address and per account, so passwords cannot be guessed
at speed. The same answer whether or not the account exists."""

from __future__ import annotations

import hashlib
import logging

from flask import current_app
from limits import parse

from campaign.extensions import limiter

log = logging.getLogger(__name__)


def login_allowed(email: str, ip: str | None) -> bool:
    """Count one attempt for the address and for the account; False once either is over."""
    try:
        item = parse(current_app.config["LOGIN_RATE_LIMIT"])
        # Keys hold a digest, not the address typed in: the store never lists e-mails.
        account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        by_ip = limiter.limiter.hit(item, "login-ip", ip or "unknown")
        by_account = limiter.limiter.hit(item, "login-account", account)
    except Exception:  # the limit store is down: better to let staff in than to lock them out
        log.exception("login rate limit storage failed")
        return True
    return by_ip and by_account
