"""Settings: environment defaults, variables, and what production refuses."""

from __future__ import annotations

import pytest

from campaign import create_app
from config import ConfigError, check_settings, load_settings

GOOD_SECRET = "x" * 40
POSTGRES = "postgresql://campaign:pw@db.internal/campaign"


def production(environ: dict[str, str]) -> dict[str, object]:
    return load_settings(environ={"CAMPAIGN_ENV": "production", **environ})


def test_production_refuses_a_missing_secret_key() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check_settings(production({"DATABASE_URL": POSTGRES}))


@pytest.mark.parametrize("secret", ["development", "change-me", "short"])
def test_production_refuses_a_default_or_short_secret_key(secret: str) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check_settings(production({"SECRET_KEY": secret, "DATABASE_URL": POSTGRES}))


def test_production_refuses_sqlite_unless_allowed(tmp_path: pytest.TempPathFactory) -> None:
    settings = production({"SECRET_KEY": GOOD_SECRET, "DATABASE_URL": "sqlite:///x.db"})
    with pytest.raises(ConfigError, match="DATABASE_URL=postgresql"):
        check_settings(settings)
    allowed = production(
        {
            "SECRET_KEY": GOOD_SECRET,
            "DATABASE_URL": "sqlite:///x.db",
            "ALLOW_SQLITE_IN_PRODUCTION": "1",
        }
    )
    check_settings(allowed)  # does not raise


def test_production_with_a_secret_and_postgres_starts() -> None:
    settings = production({"SECRET_KEY": GOOD_SECRET, "DATABASE_URL": POSTGRES})
    check_settings(settings)
    assert settings["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://campaign:pw@db.internal/campaign"
    )
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_create_app_in_production_without_a_secret_stops_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CAMPAIGN_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError) as raised:
        create_app()
    message = str(raised.value)
    assert "set SECRET_KEY" in message
    assert "\n" not in message


def test_the_environment_defaults_to_production() -> None:
    assert load_settings(environ={})["ENV_NAME"] == "production"


def test_an_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigError, match="CAMPAIGN_ENV"):
        load_settings(environ={"CAMPAIGN_ENV": "staging"})


def test_variables_override_defaults_with_types() -> None:
    settings = load_settings(
        environ={
            "CAMPAIGN_ENV": "development",
            "MAX_UPLOAD_BYTES": "1024",
            "SESSION_COOKIE_SECURE": "yes",
            "MAIL_URL": "smtp://localhost:2525",
        }
    )
    assert settings["MAX_CONTENT_LENGTH"] == 1024
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True
    assert settings["MAIL_URL"] == "smtp://localhost:2525"


@pytest.mark.parametrize(
    ("variable", "value"), [("MAX_UPLOAD_BYTES", "lots"), ("SESSION_COOKIE_SECURE", "maybe")]
)
def test_a_malformed_variable_names_itself(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings(environ={"CAMPAIGN_ENV": "development", variable: value})


def test_overrides_win_and_testing_ignores_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://should-not-be-used/db")
    settings = load_settings({"ENV_NAME": "testing", "DEFAULT_DEADLINE_DAYS": 7})
    assert settings["SQLALCHEMY_DATABASE_URI"] is None
    assert settings["DEFAULT_DEADLINE_DAYS"] == 7


def test_every_variable_is_documented_in_the_example_file(project_root) -> None:
    from config import ENV_VARIABLES

    example = (project_root / "config" / "example.env").read_text()
    missing = [v for v in [*ENV_VARIABLES, "CAMPAIGN_ENV"] if f"{v}=" not in example]
    assert missing == []


def test_the_organisation_names_the_site(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from tests.conftest import make_app

    monkeypatch.setenv("ORGANISATION_NAME", "Rights Now")
    assert load_settings({"ENV_NAME": "development"})["ORGANISATION_NAME"] == "Rights Now"
    app = make_app(f"sqlite:///{tmp_path}/named.sqlite", ORGANISATION_NAME="Rights Now")
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    assert "— Rights Now</title>" in page and 'class="brand"' in page
    assert ">Rights Now</a>" in page
    plain = make_app(f"sqlite:///{tmp_path}/plain.sqlite").test_client().get("/auth/login")
    assert ">Campaign</a>" in plain.get_data(as_text=True)


def test_the_default_language_is_read_and_must_name_a_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from tests.conftest import make_app

    monkeypatch.setenv("DEFAULT_LANGUAGE", "fr")
    assert load_settings({"ENV_NAME": "development"})["DEFAULT_LANGUAGE"] == "fr"
    app = make_app(f"sqlite:///{tmp_path}/fr.sqlite", DEFAULT_LANGUAGE="FR_ca")
    assert app.config["DEFAULT_LANGUAGE"] == "fr-CA"
    with pytest.raises(ConfigError, match="DEFAULT_LANGUAGE='klingon'"):
        make_app(f"sqlite:///{tmp_path}/x.sqlite", DEFAULT_LANGUAGE="klingon")
