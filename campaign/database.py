"""Database engine set-up: SQLite tuned for concurrent use, PostgreSQL as given."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SQLITE_SYNCHRONOUS_MODES = {"OFF", "NORMAL", "FULL", "EXTRA"}
BEGIN_OPTION = "sqlite_begin"


def default_sqlite_url(instance_path: str) -> str:
    """The embedded default: an SQLite file in the instance folder."""
    os.makedirs(instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(instance_path, "campaign.sqlite")


def configure_engine(engine: Engine, settings: Mapping[str, Any]) -> None:
    """Apply per-connection settings that the URL cannot carry."""
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, settings)


def _configure_sqlite(engine: Engine, settings: Mapping[str, Any]) -> None:
    synchronous = str(settings["SQLITE_SYNCHRONOUS"]).upper()
    if synchronous not in SQLITE_SYNCHRONOUS_MODES:
        from config import ConfigError

        raise ConfigError(f"SQLITE_SYNCHRONOUS={synchronous!r} is not one of OFF, NORMAL, FULL")
    busy_ms = int(settings["SQLITE_BUSY_TIMEOUT_MS"])

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin: the
        # driver's own BEGIN handling breaks SAVEPOINTs (and so the tests'
        # rolled-back transactions) and hides when a write lock is taken.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer, the writer never blocks readers.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        # Wait for a lock rather than failing with "database is locked".
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        # DEFERRED unless the transaction was started by begin_write().
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def begin_write(session: Session) -> None:
    """Start the session's next transaction as a writer.

    On SQLite a transaction that reads and then writes cannot take the write lock if
    another process committed in between (a WAL snapshot cannot be upgraded), and fails
    at once with "database is locked" whatever the busy timeout. Beginning with
    BEGIN IMMEDIATE takes the lock first, waiting for it up to the busy timeout, so the
    work that follows cannot be overtaken. A transaction in progress is committed first:
    it is normally a request's reads, and committing never throws work away.
    PostgreSQL locks rows, not the database: nothing to do.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    session.commit()  # a no-op without a transaction
    session.connection(execution_options={BEGIN_OPTION: "IMMEDIATE"})
