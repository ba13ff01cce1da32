""" "Take action by 30 November": until the end of that day, in the site's time zone.

An appeal's deadline is stored as an instant (UTC), the last second of its day in
DEADLINE_TIMEZONE. With UTC, the default, an appeal "by 30 November" would stop taking
signatures at 7 pm on the 30th in New York: an organisation whose supporters are in the
Americas sets its own zone. Pages, letters and forms show the day in that zone, so the
date read is the date the organiser chose.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

SETTING = "DEADLINE_TIMEZONE"


class UnknownTimeZone(ValueError):
    pass


@cache
def zone_named(name: str) -> tzinfo:
    """The IANA time zone `name` ("Europe/London"); UnknownTimeZone when there is none."""
    if name.upper() in {"UTC", "Z", "ETC/UTC"}:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZone(f"{name!r} is not a time zone (e.g. UTC, Europe/London)") from None


def zone_name(config: Any = None) -> str:
    """DEADLINE_TIMEZONE as set, and as organisers read it beside the date ("UTC",
    "America/New_York"); UTC outside the app."""
    if config is None:
        if not has_app_context():
            return "UTC"
        config = current_app.config
    return str(config.get(SETTING) or "UTC")


def site_zone(config: Any = None) -> tzinfo:
    """The zone deadlines are days in (DEADLINE_TIMEZONE)."""
    return zone_named(zone_name(config))


def end_of_day(day: date, zone: tzinfo = UTC) -> datetime:
    """The last second of `day` in `zone`, as a UTC instant."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone).astimezone(UTC)


def deadline_day(deadline: datetime | None, zone: tzinfo | None = None) -> date | None:
    """The day a deadline ends, in `zone` (the site's when not given)."""
    if deadline is None:
        return None
    return deadline.astimezone(zone or site_zone()).date()
