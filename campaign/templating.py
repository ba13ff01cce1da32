"""Filters and globals that templates share."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from flask import Flask

from campaign.countries import country_name
from campaign.models import Role


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals["site_name"] = "Campaign"
    app.jinja_env.globals["Role"] = Role


def long_date(value: date | datetime | None, language: str = "en") -> str:
    """'10 October 2026': the form supporters read on appeal pages and letters."""
    if value is None:
        return ""
    return babel_format_date(value, "d MMMM y", locale=language)


def number(value: int | None, language: str = "en") -> str:
    """12,345 with the separators of `language`."""
    return "" if value is None else format_decimal(value, locale=language)
