"""Environment variables: which are read, their types, and the setting each sets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from config.errors import ConfigError

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def as_bool(name: str, value: str) -> bool:
    """Parse a yes/no variable, refusing anything ambiguous."""
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ConfigError(f"{name}={value!r} is not a yes/no value: use 1 or 0")


def as_int(name: str, value: str) -> int:
    """Parse a whole-number variable."""
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number") from None


def database_url(_name: str, value: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


def text(_name: str, value: str) -> str:
    return value


# variable -> (setting, parser)
ENV_VARIABLES: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "SECRET_KEY": ("SECRET_KEY", text),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", database_url),
    "ALLOW_SQLITE_IN_PRODUCTION": ("ALLOW_SQLITE_IN_PRODUCTION", as_bool),
    "SQLITE_BUSY_TIMEOUT_MS": ("SQLITE_BUSY_TIMEOUT_MS", as_int),
    "COUNT_REFRESH_SECONDS": ("COUNT_REFRESH_SECONDS", as_int),
    "COUNT_LAG_SECONDS": ("COUNT_LAG_SECONDS", as_int),
    "COUNT_JSON_MAX_AGE": ("COUNT_JSON_MAX_AGE", as_int),
    "PUBLIC_COUNTRY_MINIMUM": ("PUBLIC_COUNTRY_MINIMUM", as_int),
    "PAGE_CACHE_SECONDS": ("PAGE_CACHE_SECONDS", as_int),
    "SIGN_FORM_TOKEN_SECONDS": ("SIGN_FORM_TOKEN_SECONDS", as_int),
    "SQLITE_SYNCHRONOUS": ("SQLITE_SYNCHRONOUS", text),
    "MAIL_URL": ("MAIL_URL", text),
    "MAIL_FROM": ("MAIL_FROM", text),
    "BASE_URL": ("BASE_URL", text),
    "MAX_UPLOAD_BYTES": ("MAX_CONTENT_LENGTH", as_int),
    "DEFAULT_DEADLINE_DAYS": ("DEFAULT_DEADLINE_DAYS", as_int),
    "DEADLINE_TIMEZONE": ("DEADLINE_TIMEZONE", text),
    "DEFAULT_LANGUAGE": ("DEFAULT_LANGUAGE", text),
    "ORGANISATION_NAME": ("ORGANISATION_NAME", text),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", as_bool),
    "LOG_LEVEL": ("LOG_LEVEL", text),
    "LOG_FORMAT": ("LOG_FORMAT", text),
    "LOGIN_RATE_LIMIT": ("LOGIN_RATE_LIMIT", text),
    "LOGIN_ACCOUNT_RATE_LIMIT": ("LOGIN_ACCOUNT_RATE_LIMIT", text),
    "API_RATE_LIMIT": ("API_RATE_LIMIT", text),
    "PROXY_COUNT": ("PROXY_COUNT", as_int),
    "OUTBOX_STUCK_MINUTES": ("OUTBOX_STUCK_MINUTES", as_int),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", text),
    "SIGN_RATE_LIMIT": ("SIGN_RATE_LIMIT", text),
    "FLAGGED_MAIL_LIMIT": ("FLAGGED_MAIL_LIMIT", text),
    "IP_HASH_SECRET": ("IP_HASH_SECRET", text),
    "EMAIL_CHECK_DELIVERABILITY": ("EMAIL_CHECK_DELIVERABILITY", as_bool),
    "EMAIL_CANONICAL_PROVIDERS": ("EMAIL_CANONICAL_PROVIDERS", as_bool),
    "CONFIRM_TOKEN_DAYS": ("CONFIRM_TOKEN_DAYS", as_int),
    "LINK_TOKEN_DAYS": ("LINK_TOKEN_DAYS", as_int),
    "REMINDER_DELAY_HOURS": ("REMINDER_DELAY_HOURS", as_int),
    "LETTERS_PER_TARGET_PER_HOUR": ("LETTERS_PER_TARGET_PER_HOUR", as_int),
    "LETTER_CC_COPY_TARGETS": ("LETTER_CC_COPY_TARGETS", as_bool),
    "MAILTO_MAX_LENGTH": ("MAILTO_MAX_LENGTH", as_int),
    "RETENTION_MONTHS": ("RETENTION_MONTHS", as_int),
    "MAIL_OUTBOX_DIR": ("MAIL_OUTBOX_DIR", text),
    "MAIL_MAX_ATTEMPTS": ("MAIL_MAX_ATTEMPTS", as_int),
    "MAIL_RETRY_SECONDS": ("MAIL_RETRY_SECONDS", as_int),
    "MAIL_TIMEOUT_SECONDS": ("MAIL_TIMEOUT_SECONDS", as_int),
    "MAIL_WORKER_THREAD": ("MAIL_WORKER_THREAD", as_bool),
    "MAIL_WORKER_INTERVAL_SECONDS": ("MAIL_WORKER_INTERVAL_SECONDS", as_int),
}


def parse_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the settings given by the variables present in `environ`."""
    settings: dict[str, Any] = {}
    for variable, (setting, parse) in ENV_VARIABLES.items():
        if variable in environ:
            settings[setting] = parse(variable, environ[variable])
    if "SESSION_COOKIE_SECURE" in settings:
        settings["REMEMBER_COOKIE_SECURE"] = settings["SESSION_COOKIE_SECURE"]
    return settings
