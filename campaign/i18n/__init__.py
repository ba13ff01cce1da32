"""The interface's languages: which one a request speaks, and the switcher that sets it.

The catalogues live in `campaign/translations/<lang>/LC_MESSAGES/messages.po` (compiled
`.mo` beside them, committed so a fresh clone needs no build step). English is the source
language and needs no catalogue. The choice, in order: the `lang` cookie set by the
switcher, the browser's Accept-Language, the configured default.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from flask import Flask, current_app, has_request_context, request
from werkzeug.datastructures import LanguageAccept

from campaign.languages import primary

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
SOURCE_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Each language's name in itself, as a switcher shows it.
NATIVE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


@cache
def interface_languages() -> tuple[str, ...]:
    """English and every language with a compiled catalogue, in a stable order."""
    found = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def native_name(language: str) -> str:
    return NATIVE_NAMES.get(language, language)


def shipped_language(tag: str | None) -> str | None:
    """The interface language for a language tag ("fr-CA" counts as "fr"), or None when
    the interface does not speak it."""
    code = primary(tag or "")
    return code if code in interface_languages() else None


def default_language(config: Mapping[str, Any]) -> str:
    """DEFAULT_LANGUAGE when the interface speaks it, English otherwise."""
    default = config.get("DEFAULT_LANGUAGE", SOURCE_LANGUAGE)
    return default if default in interface_languages() else SOURCE_LANGUAGE


def choose_language(cookie: str | None, accept: LanguageAccept, default: str) -> str:
    """The switcher's cookie when it names a shipped language, else the best match for
    Accept-Language, else `default`. The page cache keys its copies by the same rule."""
    languages = interface_languages()
    if cookie in languages:
        return cookie
    return accept.best_match(languages, default=default) or default


def select_locale() -> Locale:
    """The language of this request's interface (Flask-Babel's locale selector)."""
    default = default_language(current_app.config)
    if not has_request_context():
        return _locale(default)
    return _locale(choose_language(request.cookies.get(COOKIE), request.accept_languages, default))


@cache
def _locale(language: str) -> Locale:
    """Babel's Locale for an interface language, made once: Flask-Babel would parse the
    code again for every request."""
    return Locale.parse(language)


def current_language() -> str:
    """The interface language as a plain code ('fr'), for Babel formatting and <html lang>."""
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale.language) if locale is not None else SOURCE_LANGUAGE


def init_app(app: Flask) -> None:
    from campaign.extensions import babel

    babel.init_app(
        app,
        default_locale=SOURCE_LANGUAGE,
        default_translation_directories=str(TRANSLATIONS),
        locale_selector=select_locale,
    )
    app.jinja_env.globals["interface_languages"] = interface_languages
    app.jinja_env.globals["native_name"] = native_name
    app.jinja_env.globals["current_language"] = current_language
