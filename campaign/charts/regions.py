"""World regions for a regional view of countries, derived offline from CLDR time zones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from babel.core import get_global

from campaign.i18n.lazy import lazy_gettext as _l

# The first part of an IANA zone name, as a region people recognise.
ZONE_REGIONS = {
    "Africa": "Africa",
    "America": "Americas",
    "Antarctica": "Antarctica",
    "Asia": "Asia",
    "Atlantic": "Europe",  # Azores, Canaries, Faroe, Iceland; Bermuda is a rare exception
    "Australia": "Oceania",
    "Europe": "Europe",
    "Indian": "Africa",  # Mauritius, Seychelles, Comoros, Madagascar, Réunion
    "Pacific": "Oceania",
}
UNKNOWN = "Other"
# The regions as a chart names them; the keys above stay English (they are data).
REGION_NAMES = {
    "Africa": _l("Africa"),
    "Americas": _l("Americas"),
    "Antarctica": _l("Antarctica"),
    "Asia": _l("Asia"),
    "Europe": _l("Europe"),
    "Oceania": _l("Oceania"),
    UNKNOWN: _l("Other"),
}


@cache
def region_of(country: str) -> str:
    """The world region of an ISO country code (most of its time zones decide)."""
    zones = get_global("territory_zones").get(country.upper(), [])
    votes = Counter(ZONE_REGIONS.get(zone.split("/", 1)[0], UNKNOWN) for zone in zones)
    return votes.most_common(1)[0][0] if votes else UNKNOWN


def region_name(region: str) -> str:
    """A region's name in the interface language."""
    return str(REGION_NAMES.get(region, region))


def by_region(counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Sum (country, count) pairs per region, the largest region first."""
    totals: Counter[str] = Counter()
    for country, n in counts:
        totals[region_of(country)] += n
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
