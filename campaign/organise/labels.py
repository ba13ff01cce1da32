"""How the organiser, staff and admin pages name stored values: statuses, outcomes, flags,
channels, officials' roles and accounts' roles. The values themselves stay as they are in
the database, the exports and the API; only what a person reads is translated.
"""

from __future__ import annotations

import enum

from campaign.i18n.lazy import lazy_gettext as _l
from campaign.models import (
    AppealStatus,
    Channel,
    DeliveryStatus,
    Flag,
    Outcome,
    Role,
    TargetRole,
)

LABELS: dict[enum.Enum, object] = {
    AppealStatus.DRAFT: _l("draft"),
    AppealStatus.LIVE: _l("live"),
    AppealStatus.CLOSED: _l("closed"),
    AppealStatus.ARCHIVED: _l("archived"),
    Outcome.RELEASED: _l("released"),
    Outcome.CHARGES_DROPPED: _l("charges dropped"),
    Outcome.PARTIAL: _l("partial"),
    Outcome.NO_CHANGE: _l("no change"),
    Outcome.UNKNOWN: _l("unknown"),
    Flag.HONEYPOT: _l("honeypot"),
    Flag.RATE_LIMIT: _l("rate limit"),
    Channel.EMAIL: _l("email"),
    Channel.MAILTO: _l("mailto"),
    Channel.POST: _l("post"),
    DeliveryStatus.PENDING: _l("pending"),
    DeliveryStatus.SENT: _l("sent"),
    DeliveryStatus.FAILED: _l("failed"),
    TargetRole.PRIMARY: _l("primary"),
    TargetRole.COPY: _l("copy to"),
    Role.ORGANISER: _l("organiser"),
    Role.STAFF: _l("staff"),
    Role.ADMIN: _l("administrator"),
}


def label(value: enum.Enum | None) -> str:
    """The value as the interface names it, in the interface language ('' for None)."""
    if value is None:
        return ""
    return str(LABELS.get(value, value.value))
