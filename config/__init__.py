"""Settings per environment, overridden by environment variables.

`load_settings()` returns a plain dict that `create_app` hands to Flask. Every
variable read here is documented in `config/example.env`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from config.environments import DEFAULT_SECRET_KEYS, ENVIRONMENTS
from config.errors import ConfigError
from config.parsing import ENV_VARIABLES, parse_env


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return the settings: environment defaults, then variables, then overrides."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    name = overrides.get("ENV_NAME") or environ.get("CAMPAIGN_ENV") or "production"
    if name not in ENVIRONMENTS:
        choices = ", ".join(sorted(ENVIRONMENTS))
        raise ConfigError(f"CAMPAIGN_ENV={name!r} is not one of: {choices}")
    settings = dict(ENVIRONMENTS[name])
    settings["ENV_NAME"] = name
    if name != "testing":  # tests are configured by mapping only, never by the shell
        settings.update(parse_env(environ))
    settings.update(overrides)
    return settings


def check_settings(settings: Mapping[str, Any]) -> None:
    """Refuse settings that are unsafe for the environment they are used in."""
    if settings["ENV_NAME"] != "production":
        return
    secret = settings.get("SECRET_KEY")
    if not secret or secret in DEFAULT_SECRET_KEYS or len(secret) < 32:
        raise ConfigError(
            "SECRET_KEY is missing, a default, or shorter than 32 characters: set SECRET_KEY "
            'to a long random value, e.g. python -c "import secrets; print(secrets.token_hex(32))"'
        )
    uri = settings.get("SQLALCHEMY_DATABASE_URI") or ""
    if uri.startswith("sqlite") and not settings.get("ALLOW_SQLITE_IN_PRODUCTION"):
        raise ConfigError(
            "Production uses SQLite: set DATABASE_URL=postgresql://user:password@host/db, "
            "or ALLOW_SQLITE_IN_PRODUCTION=1 for a single-machine install"
        )


__all__ = ["ENV_VARIABLES", "ConfigError", "check_settings", "load_settings"]
