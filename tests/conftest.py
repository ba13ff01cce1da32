"""Fixtures: one app per run on a database built by the migrations, one rolled-back
transaction per test.

The database is a fresh SQLite file, or the PostgreSQL database named by
TEST_DATABASE_URL (which this suite empties first: never point it at real data).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from campaign import create_app
from campaign.extensions import db
from campaign.models import Role, User
from config.parsing import database_url


def test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        return database_url("TEST_DATABASE_URL", given)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


class IsolatedRequestsClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as on a server.

    Tests keep an app context open (for the database session), and Flask reuses it
    for the requests they make; without this, one request's logged-in user or CSRF
    token would leak into the next request, even from another client.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            vars(g._get_current_object()).clear()
        return super().open(*args, **kwargs)


def make_app(url: str, **overrides: object) -> Flask:
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, **overrides})
    app.test_client_class = IsolatedRequestsClient
    return app


def empty_database(url: str) -> None:
    """Drop everything in a PostgreSQL test database (SQLite files start empty)."""
    if not url.startswith("postgresql"):
        return
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(scope="session")
def database_url_for_tests(tmp_path_factory: pytest.TempPathFactory) -> str:
    return test_database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url_for_tests: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application, with the schema built by running every migration."""
    empty_database(database_url_for_tests)
    application = make_app(database_url_for_tests)
    application.instance_path = str(tmp_path_factory.mktemp("instance"))
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Iterator[scoped_session]:
    """db.session inside a transaction that is rolled back after the test.

    Commits made by the code under test only release a SAVEPOINT, so each test
    sees the database as the migrations left it.
    """
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        # A plain Session: Flask-SQLAlchemy's own would pick the engine per model
        # and escape the test's transaction.
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        db.session = scoped_session(factory, scopefunc=_app_ctx_id)
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def fresh_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate-limit counters (in memory in tests) start from zero in every test."""
    from campaign.extensions import limiter

    if "app" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app")
    limiter.reset()
    yield


@pytest.fixture(autouse=True)
def fresh_page_cache() -> None:
    """Every test starts with no appeal page or count kept from another test's appeal."""
    from campaign.appeals import page_cache

    page_cache.clear()


@pytest.fixture
def client(app: Flask, session: scoped_session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, session: scoped_session) -> FlaskCliRunner:
    return app.test_cli_runner()


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/auth/login") -> str:
    """The CSRF token of the client's session, read from a page's form as a browser would."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_INPUT.search(html)
    assert match, f"no CSRF token in the form at {path}"
    return match.group(1)


def log_in(client: FlaskClient, user: User) -> None:
    """Put `user` in the client's session, as a completed login would."""
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user.session_token
        flask_session["_fresh"] = True


@pytest.fixture
def organiser(client: FlaskClient, session: scoped_session) -> User:
    """An organiser, logged in on `client`."""
    from tests.factories import make_user

    user = make_user(session, Role.ORGANISER)
    log_in(client, user)
    return user


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
