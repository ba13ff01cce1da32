"""Committing a unit of work, with a retry when SQLite reports a lock.

On SQLite a transaction that has read and then writes fails at once with "database
is locked" if another writer committed in between (WAL snapshots cannot be
upgraded). The unit of work therefore begins as a writer (BEGIN IMMEDIATE, see
campaign.database.begin_write), waiting for the lock up to the busy timeout; if the
lock still cannot be had, the work runs again from the start. PostgreSQL takes
neither path: it locks rows, not the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from campaign.database import begin_write, write_transaction

T = TypeVar("T")

LOCK_MESSAGES = ("database is locked", "database table is locked")


def commit_with_retry(
    session: Session, work: Callable[[], T], attempts: int = 8, *, keep_loaded: bool = False
) -> T:
    """Run `work` and commit; on an SQLite lock, roll back and run it again.
    `keep_loaded`: see campaign.database.begin_write."""

    def once() -> T:
        try:
            # SQLite: hold the write lock from the first read on
            begin_write(session, keep_loaded=keep_loaded)
            result = work()
            session.commit()
        except OperationalError:
            session.rollback()
            raise
        return result

    return _retried(once, attempts)


def write_with_retry(
    bind: Engine | Connection, work: Callable[[Connection], T], attempts: int = 8
) -> T:
    """commit_with_retry for work on a Core connection (campaign.database.write_transaction,
    which rolls back itself)."""

    def once() -> T:
        with write_transaction(bind) as connection:
            return work(connection)

    return _retried(once, attempts)


def _retried(once: Callable[[], T], attempts: int) -> T:
    """`once()`, again after a pause when it fails on an SQLite lock, up to `attempts`."""
    for attempt in range(attempts):
        try:
            return once()
        except OperationalError as error:
            if attempt == attempts - 1 or not any(m in str(error) for m in LOCK_MESSAGES):
                raise
            time.sleep(0.02 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover
