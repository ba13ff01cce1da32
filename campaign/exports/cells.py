"""Cell values for spreadsheets: text, and never a formula."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

# A cell starting with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection"); a leading quote makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """`value` as it should be written to a spreadsheet cell."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def text_cell(value: str | None) -> str:
    """A text column's value, neutralised: the fast path of the signature lists."""
    if not value:
        return ""
    return "'" + value if value[0] in _FORMULA_FIRST else value


def timestamp_cell(value: object) -> str:
    """A timestamp read raw (text from SQLite, a datetime elsewhere) as 'YYYY-MM-DD HH:MM:SS'."""
    return "" if value is None else str(value)[:19]


def flag_cell(value: object) -> str:
    return "yes" if value else "no"


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
