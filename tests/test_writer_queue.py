"""SQLite writers queue on a flock beside the database, taken by begin_write() just
before BEGIN IMMEDIATE and given back when the transaction ends, however it ends."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign import writer_queue
from campaign.database import begin_write, configure_engine

SETTINGS = {"SQLITE_SYNCHRONOUS": "FULL", "SQLITE_BUSY_TIMEOUT_MS": 2000}


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'queue.sqlite'}")
    configure_engine(engine, SETTINGS)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    yield engine
    engine.dispose()


def free_elsewhere(path: str) -> bool:
    """Whether another thread (its own open file) can take the writers' turn now."""
    result: list[bool] = []

    def attempt() -> None:
        got = writer_queue.acquire(path, timeout=0.02)
        if got:
            writer_queue.release(path)
        result.append(got)

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join()
    return result[0]


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_writer_holds_the_turn_until_its_transaction_ends(engine, end) -> None:
    path = writer_queue.lock_file(engine.url.database)
    session = Session(engine)
    begin_write(session)
    session.execute(sa.text("INSERT INTO t VALUES (1)"))
    assert not free_elsewhere(path)
    getattr(session, end)()
    assert free_elsewhere(path)


def test_a_waiting_writer_starts_as_soon_as_the_turn_is_given_back(engine) -> None:
    first, second = Session(engine), Session(engine)
    begin_write(first)
    first.execute(sa.text("INSERT INTO t VALUES (1)"))
    order: list[str] = []

    def write() -> None:
        begin_write(second)  # waits for the first writer's commit
        order.append("second began")
        second.execute(sa.text("INSERT INTO t VALUES (2)"))
        second.commit()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(0.2)
    assert order == []  # still waiting
    order.append("first commits")
    first.commit()
    thread.join(5)
    assert order == ["first commits", "second began"]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT x FROM t ORDER BY x").scalars().all() == [1, 2]


def test_without_the_turn_in_time_a_writer_goes_on_to_sqlite_s_own_wait(engine) -> None:
    path = writer_queue.lock_file(engine.url.database)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:  # a stuck process holding the turn, but not SQLite's lock
        writer_queue.acquire(path, timeout=1)
        held.set()
        done.wait(5)
        writer_queue.release(path)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    impatient = sa.create_engine(engine.url)
    configure_engine(impatient, {**SETTINGS, "SQLITE_BUSY_TIMEOUT_MS": 50})
    try:
        session = Session(impatient)
        started = time.monotonic()
        begin_write(session)  # gives up on the turn after 50 ms, and writes
        assert time.monotonic() - started < 1
        session.execute(sa.text("INSERT INTO t VALUES (3)"))
        session.commit()
    finally:
        done.set()
        thread.join()
        impatient.dispose()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT x FROM t").scalars().all() == [3]


def test_an_in_memory_database_has_no_lock_file() -> None:
    assert writer_queue.lock_file(":memory:") is None
    assert writer_queue.lock_file(None) is None
    assert writer_queue.lock_file("/srv/campaign.sqlite") == "/srv/campaign.sqlite-writers"
