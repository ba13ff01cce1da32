"""campaign: urgent appeals from human-rights press releases."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from config import check_settings, load_settings


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; `config` overrides the environment's settings."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_settings(config))
    register_database_url(app)
    check_settings(app.config)
    check_deadline_zone(app)
    check_default_language(app)
    register_session_cookies(app)
    register_logging(app)
    register_quick_signing(app)
    register_proxy(app)
    register_extensions(app)
    register_i18n(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_cli(app)
    register_shared_responses(app)
    return app


def register_database_url(app: Flask) -> None:
    """Default to an SQLite file in the instance folder when no database is set."""
    from campaign.database import default_sqlite_url

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = default_sqlite_url(app.instance_path)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file opened in the process cannot go away as a server's connection can: no
        # test query before each use (a tenth of a millisecond on every signature).
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["pool_pre_ping"] = False
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def check_deadline_zone(app: Flask) -> None:
    """An unknown DEADLINE_TIMEZONE stops the app at start, not at the first deadline."""
    from campaign.deadlines import UnknownTimeZone, site_zone
    from config import ConfigError

    try:
        site_zone(app.config)
    except UnknownTimeZone as error:
        raise ConfigError(f"DEADLINE_TIMEZONE: {error}") from None


def check_default_language(app: Flask) -> None:
    """DEFAULT_LANGUAGE must name a language: new appeals are written in it."""
    from campaign.languages import UnknownLanguage, normalise
    from config import ConfigError

    try:
        app.config["DEFAULT_LANGUAGE"] = normalise(app.config["DEFAULT_LANGUAGE"])
    except UnknownLanguage:
        setting = app.config["DEFAULT_LANGUAGE"]
        raise ConfigError(
            f"DEFAULT_LANGUAGE={setting!r} is not a language code, e.g. en, fr, es"
        ) from None


def register_session_cookies(app: Flask) -> None:
    """Flask's signed cookies, their serializer made once (campaign.signing)."""
    from campaign.signing import SessionCookies

    app.session_interface = SessionCookies()


def register_logging(app: Flask) -> None:
    from campaign.ops import logs

    logs.init_app(app)


def register_quick_signing(app: Flask) -> None:
    """Plain sign POSTs without a session answered before Flask (inside the proxy fix)."""
    from campaign.signatures.quick_wsgi import init_app

    init_app(app)


def register_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* from exactly the proxies in front of the app, no more."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config["PROXY_COUNT"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)  # type: ignore[method-assign]


def register_shared_responses(app: Flask) -> None:
    """Repeats of the public page and count.json answered from each process's copy."""
    from campaign.appeals.page_cache import init_app

    init_app(app)


def register_extensions(app: Flask) -> None:
    from campaign.auth import login
    from campaign.database import configure_engine
    from campaign.extensions import csrf, db, init_migrations, limiter

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config)
    # Migrations live beside the package (the project is installed editable).
    init_migrations(app, str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    login.init_app(app)
    limiter.init_app(app)


def register_i18n(app: Flask) -> None:
    from campaign.i18n import init_app

    init_app(app)


def register_blueprints(app: Flask) -> None:
    from campaign.api.admin import bp as admin_bp
    from campaign.api.routes import bp as api_bp
    from campaign.appeals.routes import bp as appeals_bp
    from campaign.auth.admin import bp as users_bp
    from campaign.auth.routes import bp as auth_bp
    from campaign.counting.routes import bp as counts_bp
    from campaign.embeds.routes import bp as embeds_bp
    from campaign.exports.routes import bp as exports_bp
    from campaign.i18n.routes import bp as i18n_bp
    from campaign.ops.health import bp as ops_bp
    from campaign.organise.routes import bp as organise_bp
    from campaign.signatures.routes import bp as signatures_bp
    from campaign.staff.quality_routes import bp as quality_bp
    from campaign.staff.routes import bp as staff_bp
    from campaign.targets.routes import bp as targets_bp
    from campaign.webhooks.admin import bp as webhooks_bp

    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(appeals_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(counts_bp)
    app.register_blueprint(embeds_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(i18n_bp)
    app.register_blueprint(quality_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(organise_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(targets_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(signatures_bp)


def register_errorhandlers(app: Flask) -> None:
    from campaign.errors import init_app

    init_app(app)


def register_security_headers(app: Flask) -> None:
    from campaign.security import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from campaign.templating import init_app

    init_app(app)


def register_cli(app: Flask) -> None:
    from campaign.cli import campaign_cli
    from campaign.i18n.commands import translate_cli

    app.cli.add_command(campaign_cli)
    app.cli.add_command(translate_cli)
