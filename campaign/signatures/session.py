"""The supporter who just signed, remembered in their own (signed) session cookie, so
the thank-you and letter pages can address them without an account."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from flask import session

from campaign.signatures.letters import Supporter

KEY = "supporters"
KEEP = 3  # appeals remembered at once: the cookie must stay under 4 KB, whatever the script


def remember(supporter: Supporter, cookie: MutableMapping[str, Any] | None = None) -> None:
    """Remember `supporter` in the request's session, or in `cookie` (a session made
    outside a request, see campaign.signatures.quick_wsgi)."""
    cookie = session if cookie is None else cookie
    remembered = dict(cookie.get(KEY) or {})
    remembered.pop(str(supporter.appeal_id), None)
    remembered[str(supporter.appeal_id)] = supporter.to_session()
    cookie[KEY] = dict(list(remembered.items())[-KEEP:])


def recall(appeal_id: int) -> Supporter | None:
    value = (session.get(KEY) or {}).get(str(appeal_id))
    supporter = Supporter.from_session(value) if value else None
    return supporter if supporter and supporter.appeal_id == appeal_id else None


def forget(appeal_ids: Iterable[int]) -> None:
    """Forget the supporters remembered for these appeals: once their data is deleted, the
    browser no longer greets them or fills in their letters with their name and town."""
    gone = {str(appeal_id) for appeal_id in appeal_ids}
    remembered = dict(session.get(KEY) or {})
    kept = {key: value for key, value in remembered.items() if key not in gone}
    if kept != remembered:
        session[KEY] = kept
