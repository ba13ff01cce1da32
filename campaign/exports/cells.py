"""Cell values for spreadsheets: text, and never a formula."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

# A cell starting with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection"); a leading quote makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """`value` as it should be written to a spreadsheet cell."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell(value: object) -> str:
    """Any column value as neutralised text (timestamps in ISO 8601, UTC)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Enum):
        value = value.value
    return neutralise(str(value))
