"""Abuse controls for signing: salted IP hashes and the per-IP limit, which flags
rather than refuses (bots learn nothing)."""

from __future__ import annotations

import logging
from functools import lru_cache

from flask import current_app
from limits import RateLimitItem, parse

from campaign.extensions import limiter
from campaign.signing import derived_key, keyed_hash

log = logging.getLogger(__name__)


def ip_hash(ip: str | None) -> str | None:
    """A keyed hash of the address: comparable between signatures, never reversible."""
    if not ip:
        return None
    return keyed_hash(_ip_key(), ip.encode()).hexdigest()


def _ip_key() -> bytes:
    secret = current_app.config.get("IP_HASH_SECRET")
    if secret:
        return str(secret).encode()
    # Derived, so that the SECRET_KEY itself is never the hash key.
    return derived_key(str(current_app.config["SECRET_KEY"]), b"campaign.ip-hash")


def over_sign_limit(key: str | None) -> bool:
    """Count one signing attempt for `key`; True when it goes beyond SIGN_RATE_LIMIT."""
    return _over("SIGN_RATE_LIMIT", "sign", key)


def over_flagged_mail_limit(key: str | None) -> bool:
    """Count one confirmation e-mail to a flagged signature from `key`; True beyond
    FLAGGED_MAIL_LIMIT (then none is sent)."""
    return _over("FLAGGED_MAIL_LIMIT", "flagged-mail", key)


def _over(setting: str, scope: str, key: str | None) -> bool:
    if not key:
        return False
    try:
        item = _limit(current_app.config[setting])
        return not limiter.limiter.hit(item, scope, key)
    except Exception:  # a storage outage must never stop people signing
        log.exception("rate limit storage failed; the signature is not limited")
        return False


@lru_cache(maxsize=16)
def _limit(text: str) -> RateLimitItem:
    """The setting ("30/hour") parsed once, not for every signature."""
    return parse(text)


def reset_limits() -> None:
    """Forget every count (tests, and operators after a false alarm)."""
    limiter.reset()
