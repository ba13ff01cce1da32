"""The extension singletons, initialised by `create_app`."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from campaign.models.base import Base
from campaign.ratelimit import BlueprintLimiter  # (and registers the memory:// storage)

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
# The interface language of each request (campaign.i18n.select_locale).
babel = Babel()
login_manager = LoginManager()
# No limit applies by itself: signing checks its own and flags rather than refuses; the
# API's blueprint has one. The storage is RATELIMIT_STORAGE_URI (memory:// by default,
# served by campaign.ratelimit; redis://… when shared).
limiter = BlueprintLimiter(key_func=get_remote_address)


# Flask-Migrate imports Alembic, Mako and Pygments: 11 MB that a worker serving pages never
# uses. So it is loaded when first needed: `flask db …`, /readyz's schema check, or
# flask_migrate.upgrade() (tests, bench), all of which read app.extensions["migrate"].


def init_migrations(app: Flask, directory: str) -> None:
    """Register Flask-Migrate for `app`, to be imported on first use."""
    app.extensions["migrate"] = _Migrations(app, directory)
    app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


def _load_migrate(app: Flask, directory: str) -> Any:
    from flask_migrate import Migrate

    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table.
    # Migrate's init_app replaces the stand-ins below with its own settings and commands.
    Migrate(app, db, directory=directory, render_as_batch=True, compare_type=True)
    return app.extensions["migrate"]


class _Migrations:
    """Stands in app.extensions["migrate"] until read, then loads Flask-Migrate."""

    def __init__(self, app: Flask, directory: str) -> None:
        self._app = app
        self._directory = directory

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like: not a setting
            raise AttributeError(name)
        config = self._app.extensions["migrate"]
        if config is self:  # the first read; a reference kept from before reads the same
            config = _load_migrate(self._app, self._directory)
        return getattr(config, name)


class _MigrationCommands(click.Group):
    """`flask db`: Flask-Migrate's command group, imported when one of its commands runs."""

    @staticmethod
    def _real() -> click.Group:
        from flask_migrate.cli import db as commands

        return commands

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> click.Context:
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._real().get_command(ctx, cmd_name)
