"""Filters and globals that templates share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from babel.numbers import format_decimal
from flask import Flask, has_app_context
from markupsafe import Markup, escape

from campaign.countries import country_name as _country_name
from campaign.deadlines import deadline_day, zone_name
from campaign.languages import language_name as _language_name
from campaign.languages import long_date as _long_date
from campaign.models import Role


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["long_date"] = long_date
    # An appeal's deadline as the day it ends in the site's zone (campaign.deadlines).
    app.jinja_env.filters["deadline_day"] = deadline_day
    app.jinja_env.globals["deadline_zone"] = zone_name
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.globals["site_name"] = site_name(app.config)
    app.jinja_env.globals["Role"] = Role


def site_name(config: Mapping[str, Any]) -> str:
    """The organisation running the site (ORGANISATION_NAME), else "Campaign"."""
    return (config.get("ORGANISATION_NAME") or "").strip() or "Campaign"


def _language(language: str | None) -> str:
    """The language asked for, else the interface language of the request."""
    if language:
        return language
    if has_app_context():
        from campaign.i18n import current_language

        return current_language()
    return "en"


def long_date(value: date | datetime | None, language: str | None = None) -> str:
    """'10 October 2026' / '10 octobre 2026': the form supporters read on pages and letters."""
    return _long_date(value, _language(language))


def number(value: int | None, language: str | None = None) -> str:
    """12,345 / 12 345 with the separators of the language."""
    return "" if value is None else format_decimal(value, locale=_language(language))


def country_name(code: str | None, language: str | None = None) -> str:
    """The country's name in the language (CLDR), or the code itself when unknown."""
    return _country_name(code, _language(language))


def language_name(tag: str, language: str | None = None) -> str:
    """The name of the language `tag`, written in the language (CLDR): 'anglais'."""
    return _language_name(tag, _language(language))


# A blank line, spaces allowed on it: what separates paragraphs in a textarea.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str | None, language: str | None = None) -> Markup:
    """Plain text as <p> paragraphs: split at blank lines, single line breaks as <br>.

    Escaped before any tag is added; `language`, when given, is each paragraph's lang.
    Browsers send a textarea's line breaks as CRLF, so those are read as breaks too.
    """
    lang = Markup(' lang="{}"').format(language) if language else ""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return Markup("\n").join(
        Markup("<p{}>{}</p>").format(lang, Markup("<br>\n").join(map(escape, chunk.splitlines())))
        for chunk in _BLANK_LINE.split(text.strip())
        if chunk.strip()
    )
