"""The schema is built by the migrations, agrees with the models, and SQLite is tuned."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from campaign.extensions import db
from campaign.models import AppealStatus, Demand
from tests.factories import make_appeal, make_signature


# SQLite's reflection cannot read expression indexes (the directory's lower(email)), so
# the comparison skips them there, with warnings; on PostgreSQL it compares them too.
# test_one_directory_entry_per_email checks that index on both.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_models_and_migrations_agree(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_migrations_go_down_and_up_again(tmp_path) -> None:
    from tests.conftest import make_app

    fresh = make_app("sqlite:///" + str(tmp_path / "fresh.sqlite"))
    with fresh.app_context():
        upgrade()
        assert "signatures" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert "signatures" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        assert "signatures" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_sqlite_is_configured_for_concurrent_use(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite settings only")
        with db.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]


def test_one_signature_per_appeal_and_canonical_email(session) -> None:
    appeal = make_appeal(session)
    make_signature(session, appeal, email="Ann@Example.org")
    with pytest.raises(IntegrityError), session.begin_nested():
        make_signature(session, appeal, email="ann@example.org")
    # The same address may sign another appeal.
    make_signature(session, make_appeal(session), email="ann@example.org")


def test_a_signature_keeps_its_email_unless_anonymised(session) -> None:
    appeal = make_appeal(session)
    with pytest.raises(IntegrityError), session.begin_nested():
        make_signature(session, appeal, email_canonical=None)


def test_foreign_keys_are_enforced(session) -> None:
    session.add(Demand(appeal_id=987_654_321, text="Release him"))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.flush()
    session.rollback()


def test_enums_are_stored_by_value(session) -> None:
    appeal = make_appeal(session, AppealStatus.CLOSED)
    stored = session.execute(
        sa.text("SELECT status FROM appeals WHERE id = :id"), {"id": appeal.id}
    ).scalar()
    assert stored == "closed"


def test_timestamps_read_back_timezone_aware(session) -> None:
    appeal = make_appeal(session)
    session.expire_all()
    assert appeal.deadline is not None and appeal.deadline.utcoffset() is not None


def test_begin_write_takes_the_sqlite_write_lock_at_once(tmp_path) -> None:
    """A second writer waits (here: gives up after its busy timeout) instead of interleaving."""
    import sqlite3

    from campaign.database import begin_write
    from tests.conftest import make_app

    path = tmp_path / "locks.sqlite"
    app = make_app("sqlite:///" + str(path), SQLITE_BUSY_TIMEOUT_MS=50)
    with app.app_context():
        upgrade()
        begin_write(db.session)
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.rollback()
        other.execute("BEGIN IMMEDIATE")  # free again once the writer is done
        other.execute("ROLLBACK")
        other.close()
        db.engine.dispose()


def test_insert_unless_conflict_inserts_once_and_leaves_the_first_row(session) -> None:
    from datetime import UTC, datetime

    from campaign.database import insert_unless_conflict
    from campaign.models import Flag, Signature

    appeal = make_appeal(session)
    when = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

    def new(name: str, flag: Flag | None = None) -> Signature:
        return Signature(
            appeal_id=appeal.id,
            name=name,
            email="a.b@example.org",
            email_canonical="ab@example.org",
            country="FR",
            flag=flag,
            created_at=when,
        )

    first = new("First", Flag.HONEYPOT)
    assert insert_unless_conflict(session, first, ["appeal_id", "email_canonical"])
    assert first.id is not None and first in session
    assert first.consent is False and first.source == "page"  # the models' defaults
    second = new("Second")
    assert not insert_unless_conflict(session, second, ["appeal_id", "email_canonical"])
    assert second not in session
    session.expire_all()
    [row] = session.scalars(sa.select(Signature).where(Signature.appeal_id == appeal.id))
    assert (row.id, row.name, row.flag, row.created_at) == (first.id, "First", Flag.HONEYPOT, when)
    assert row.consent is False and row.source == "page"


def test_insert_unless_conflict_sees_the_sessions_pending_rows(session) -> None:
    """It runs on the session's connection, after flushing what the session holds (as the
    session's own execute would): a pending row with the same key is a conflict."""
    from datetime import UTC, datetime

    from campaign.database import insert_unless_conflict
    from campaign.models import Signature

    appeal = make_appeal(session)
    when = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    fields = {"appeal_id": appeal.id, "email": "a@example.org", "country": "FR"}
    pending = Signature(name="Pending", email_canonical="a@example.org", created_at=when, **fields)
    session.add(pending)
    again = Signature(name="Again", email_canonical="a@example.org", created_at=when, **fields)
    assert not insert_unless_conflict(session, again, ["appeal_id", "email_canonical"])
    assert pending.id is not None
    session.expire_all()
    names = session.scalars(sa.select(Signature.name).where(Signature.appeal_id == appeal.id))
    assert list(names) == ["Pending"]


def test_begin_write_may_keep_what_the_session_loaded(tmp_path) -> None:
    from campaign.database import begin_write
    from tests.conftest import make_app

    app = make_app("sqlite:///" + str(tmp_path / "keep.sqlite"))
    with app.app_context():
        upgrade()
        appeal = make_appeal(db.session)
        db.session.commit()
        db.session.get(type(appeal), appeal.id)  # loaded in a read transaction
        begin_write(db.session, keep_loaded=True)
        assert "title" in sa.inspect(appeal).dict  # not expired: no reload under the lock
        db.session.rollback()
        assert appeal.title  # loaded again, in a read transaction
        begin_write(db.session)
        assert "title" not in sa.inspect(appeal).dict  # expired: read again under the lock
        db.session.rollback()
        db.engine.dispose()


MARK = sa.text("INSERT INTO marks (n) VALUES (:n)")


def _mark(connection: sa.Connection, n: int) -> None:
    """A row written as the signing path writes: on the driver (write_transaction)."""
    from campaign.database import driver_statement

    driver_statement(MARK, connection.dialect).run(connection, {"n": n})


def test_write_transaction_writes_on_one_kept_connection_and_drops_a_failed_one(
    tmp_path,
) -> None:
    """The signing path's transactions: the write lock from BEGIN (another writer waits),
    committed at the end, and one connection per thread kept between them, until one
    fails: it is rolled back, closed and replaced."""
    import sqlite3

    from campaign.database import write_transaction
    from tests.conftest import make_app

    path = tmp_path / "kept.sqlite"
    app = make_app("sqlite:///" + str(path), SQLITE_BUSY_TIMEOUT_MS=50)
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    with app.app_context():
        engine = db.engine
        with engine.begin() as setup:
            setup.execute(sa.text("CREATE TABLE marks (n INTEGER)"))
        with write_transaction(engine) as first:
            _mark(first, 1)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with write_transaction(engine) as second:
            _mark(second, 2)
        assert second is first
        assert engine.pool.checkedout() == 1  # kept: not given back and taken again

        def failing_work() -> sa.Connection:
            with write_transaction(engine) as connection:
                _mark(connection, 3)
                failing.append(connection)
                raise RuntimeError("the work failed")

        failing: list[sa.Connection] = []
        with pytest.raises(RuntimeError):
            failing_work()
        assert failing[0].closed
        other.execute("BEGIN IMMEDIATE")  # the lock and the writers' turn were given back
        other.execute("ROLLBACK")
        with write_transaction(engine) as fresh:
            _mark(fresh, 4)
        assert fresh is not failing[0]
        assert [n for (n,) in other.execute("SELECT n FROM marks ORDER BY n")] == [1, 2, 4]
        other.close()
        fresh.close()
        db.engine.dispose()


def test_write_transaction_commits_on_the_driver_and_rolls_back_what_fails(app: Flask) -> None:
    """On the database the suite runs on (SQLite or PostgreSQL), through the app's engine:
    a block's rows are committed when it ends, and a failing block's are rolled back,
    neither seen by another connection until then; the next block writes as before."""
    import threading

    from campaign import database
    from campaign.database import write_transaction

    with app.app_context():
        engine = db.engine
        with engine.begin() as setup:
            setup.execute(sa.text("CREATE TABLE marks (n INTEGER)"))

        def seen() -> list[int]:
            with engine.connect() as other:
                return [n for (n,) in other.execute(sa.text("SELECT n FROM marks ORDER BY n"))]

        # In a thread of its own, whose kept connection is closed at its end.
        def write() -> None:
            try:
                written()
            finally:
                database._drop_kept_connection(engine)

        def failing() -> None:
            with write_transaction(engine) as connection:
                _mark(connection, 3)
                raise RuntimeError("the work failed")

        def written() -> None:
            with write_transaction(engine) as connection:
                _mark(connection, 1)
                _mark(connection, 2)
                assert seen() == []  # not yet committed
            with pytest.raises(RuntimeError):
                failing()
            with write_transaction(engine) as connection:
                _mark(connection, 4)

        errors: list[BaseException] = []
        thread = threading.Thread(target=lambda: _run(write, errors))
        thread.start()
        thread.join()
        try:
            assert errors == []
            assert seen() == [1, 2, 4]
        finally:
            with engine.begin() as teardown:
                teardown.execute(sa.text("DROP TABLE marks"))


def _run(work, errors: list[BaseException]) -> None:
    try:
        work()
    except BaseException as error:  # reported by the test's own thread
        errors.append(error)


@pytest.mark.parametrize("synchronous", ["FULL", "NORMAL"])
def test_write_transaction_flushes_the_wal_after_giving_back_the_writers_turn(
    tmp_path, monkeypatch, synchronous
) -> None:
    """With synchronous=FULL the signing path's COMMIT is flushed to disk after the next
    writer may begin, and before the transaction returns (so before any answer); the
    other connections keep FULL. With NORMAL nothing is flushed by the app."""
    import os
    import sqlite3

    from campaign import database
    from campaign.database import write_transaction
    from tests.conftest import make_app

    path = tmp_path / "flushed.sqlite"
    app = make_app(
        "sqlite:///" + str(path), SQLITE_SYNCHRONOUS=synchronous, SQLITE_BUSY_TIMEOUT_MS=50
    )
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    real_fdatasync = os.fdatasync
    flushed: list[dict[str, object]] = []

    def fdatasync(fd: int) -> None:
        # What another writer sees at the moment of the flush.
        other.execute("BEGIN IMMEDIATE")  # the lock and the writers' turn are free
        marks = [n for (n,) in other.execute("SELECT n FROM marks")]
        other.execute("ROLLBACK")
        flushed.append({"file": os.readlink(f"/proc/self/fd/{fd}"), "marks": marks})
        real_fdatasync(fd)

    with app.app_context():
        engine = db.engine
        with engine.begin() as setup:
            setup.execute(sa.text("CREATE TABLE marks (n INTEGER)"))
        monkeypatch.setattr(database.os, "fdatasync", fdatasync)
        with write_transaction(engine) as connection:
            _mark(connection, 1)
            assert not flushed
        modes = {"OFF": 0, "NORMAL": 1, "FULL": 2}
        with engine.connect() as pooled:
            assert pooled.exec_driver_sql("PRAGMA synchronous").scalar() == modes[synchronous]
        kept = connection.connection.driver_connection
        assert kept.execute("PRAGMA synchronous").fetchone()[0] == modes["NORMAL"]
        if synchronous == "FULL":
            assert flushed == [{"file": str(path) + "-wal", "marks": [1]}]
        else:
            assert flushed == []
        other.close()
        connection.close()
        db.engine.dispose()


def test_write_transaction_copies_the_wal_into_the_database_after_the_writers_turn(
    tmp_path, monkeypatch
) -> None:
    """Every CHECKPOINT_EVERY transactions the signing path's connection checkpoints:
    after the writers' turn is given back (SQLite's own checkpoint runs inside a COMMIT,
    and so inside the turn), and before the transaction returns."""
    import shutil
    import sqlite3

    from campaign import database, writer_queue
    from campaign.database import CHECKPOINT_EVERY, write_transaction
    from tests.conftest import make_app

    path = tmp_path / "copied.sqlite"
    app = make_app("sqlite:///" + str(path), SQLITE_BUSY_TIMEOUT_MS=50)

    def in_database_file() -> int:
        """The marks in the database file itself, not in its WAL: a copy of the file
        alone, opened without the WAL, has only what a checkpoint copied into it."""
        copy = tmp_path / "alone.sqlite"
        shutil.copyfile(path, copy)
        alone = sqlite3.connect(copy)
        try:
            return alone.execute("SELECT count(*) FROM marks").fetchone()[0]
        except sqlite3.OperationalError:  # no such table: not copied yet either
            return 0
        finally:
            alone.close()
            copy.unlink()

    at_release: list[int] = []
    real_release = writer_queue.release

    def release(lock: str) -> None:
        at_release.append(in_database_file())
        real_release(lock)

    with app.app_context():
        engine = db.engine
        with engine.begin() as setup:
            setup.execute(sa.text("CREATE TABLE marks (n INTEGER)"))
        monkeypatch.setattr(writer_queue, "release", release)
        for n in range(1, CHECKPOINT_EVERY):
            with write_transaction(engine) as connection:
                _mark(connection, n)
        assert in_database_file() == 0  # all still in the WAL only
        with write_transaction(engine) as connection:
            _mark(connection, CHECKPOINT_EVERY)
        assert at_release[-1] == 0  # not copied while the next writer waited
        assert in_database_file() == CHECKPOINT_EVERY
        with write_transaction(engine) as connection:
            _mark(connection, CHECKPOINT_EVERY + 1)
        assert in_database_file() == CHECKPOINT_EVERY  # the next one in CHECKPOINT_EVERY
        database._drop_kept_connection(engine)
        db.engine.dispose()
