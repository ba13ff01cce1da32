"""Database engine set-up: SQLite tuned for concurrent use, PostgreSQL as given."""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, make_transient_to_detached, scoped_session

from campaign import writer_queue

SQLITE_SYNCHRONOUS_MODES = {"OFF", "NORMAL", "FULL", "EXTRA"}
BEGIN_OPTION = "sqlite_begin"
# session.info key: the writers' lock file this session holds (campaign.writer_queue).
WRITER_TURN = "campaign_writer_turn"
T = TypeVar("T")


# Values per IN (...) list, well under SQLite's limit on bound variables.
IN_LIST_SIZE = 5000


def in_chunks(values: Sequence[T]) -> list[Sequence[T]]:
    """`values` in lists short enough for one IN (...) each."""
    return [values[i : i + IN_LIST_SIZE] for i in range(0, len(values), IN_LIST_SIZE)]


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
    lock = writer_queue.lock_file(engine.url.database)
    # See write_transaction: with FULL, its COMMIT is made durable after the writers' turn.
    wal = f"{engine.url.database}-wal" if synchronous == "FULL" and lock else None
    writer = _sqlite_writers[engine] = SqliteWriter(lock, busy_ms / 1000, wal)

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
        # DEFERRED unless the transaction was started by begin_write(), which hands the
        # writers' turn to the session.
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        writer.begin(connection.connection.driver_connection, connection.info, mode)


def begin_write(session: Session, *, keep_loaded: bool = False) -> None:
    """Start the session's next transaction as a writer.

    On SQLite a transaction that reads and then writes cannot take the write lock if
    another process committed in between (a WAL snapshot cannot be upgraded), and fails
    at once with "database is locked" whatever the busy timeout. Beginning with
    BEGIN IMMEDIATE takes the lock first, waiting for it up to the busy timeout, so the
    work that follows cannot be overtaken. A transaction in progress is committed first:
    it is normally a request's reads, and committing never throws work away.
    PostgreSQL locks rows, not the database: nothing to do.

    Committing expires what the session had loaded, so that the unit of work reads it
    again under the lock. `keep_loaded` keeps it instead, for work that reads again
    under the lock only what it must (signing: the appeal's status), so that the lock
    every writer waits for is not held while rows are loaded again.
    """
    target = session.registry() if isinstance(session, scoped_session) else session
    if target.in_transaction():
        if session.get_bind().dialect.name != "sqlite":
            return
        previous = target.expire_on_commit
        target.expire_on_commit = previous and not keep_loaded
        try:
            session.commit()
        finally:
            target.expire_on_commit = previous
    # The dialect is read from the connection the unit of work begins on (asking the
    # session for its bind first costs as much again): on PostgreSQL the option is
    # ignored and the transaction is the ordinary one the work would have begun.
    connection = session.connection(execution_options={BEGIN_OPTION: "IMMEDIATE"})
    if connection.dialect.name != "sqlite":
        return
    # The turn taken just before BEGIN IMMEDIATE (_configure_sqlite) is given back once
    # the session's transaction ends (below).
    turn = connection.info.pop(WRITER_TURN, None)
    if turn is not None:
        session.info[WRITER_TURN] = turn


@contextmanager
def write_transaction(bind: Engine | sa.Connection) -> Iterator[sa.Connection]:
    """A writer's transaction on a Core connection of its own, committed when the block
    ends (rolled back if it raises): begin_write without an ORM session, for the path
    every signature takes, where the session's bookkeeping cost as much as the INSERTs.
    The work runs its statements on the driver (DriverStatement, PreparedInsert).

    `bind` is the session's: the engine, or in tests the connection whose transaction is
    rolled back after each test (the work then runs in a SAVEPOINT of it).

    On the engine, the transaction is begun and ended on the driver's connection, as
    on_begin and SQLAlchemy would (the writers' turn, BEGIN IMMEDIATE, COMMIT), without
    SQLAlchemy's transaction objects and events around them: on a path that does little
    else, they cost a signature more than its BEGIN and COMMIT. SQLAlchemy's own execute
    would begin a transaction of its own inside this one, and fail.

    On SQLite with synchronous=FULL (the default), the COMMIT's fsync of the WAL is taken
    out of the writers' turn: the kept connection commits with synchronous=NORMAL (the
    frames written, not yet flushed), gives the turn to the next writer, and only then
    flushes the WAL itself (_flush_wal). The block returns, and the request is answered,
    only after that flush, so an acknowledged write is on disk exactly as FULL would
    leave it; but the next writer's statements run during this one's fsync instead of
    after it (under a surge the fsync was half of the time the lock was held). A
    checkpoint flushes the WAL before copying it into the database and the database
    after, and the WAL is written over from its start only once all of it has been
    copied: whenever the flush comes, this transaction's frames are then on disk, in
    the WAL or in the database. Checkpoints are taken out of the turn the same way
    (_checkpoint_now_and_then).
    """
    if isinstance(bind, sa.Connection):
        with bind.begin_nested():
            yield bind
        return
    connection = _kept_connection(bind)
    driver = connection.connection.driver_connection
    writer = _sqlite_writers.get(bind)
    failed = True
    try:
        if writer is not None:
            writer.begin(driver, connection.info, "IMMEDIATE")
        else:  # PostgreSQL: the kept connection is in autocommit mode (statement_connection)
            driver.execute("BEGIN")
        yield connection
        driver.commit()
        failed = False
    finally:
        if failed:
            with suppress(Exception):  # the connection is dropped below in any case
                driver.rollback()
        # After the COMMIT or ROLLBACK: the next writer may begin.
        turn = connection.info.pop(WRITER_TURN, None)
        if turn is not None:
            writer_queue.release(turn)
        if failed:  # whatever failed, the next transaction starts on a new connection
            _drop_kept_connection(bind)
    if writer is not None:
        if writer.wal is not None:
            _flush_wal(writer.wal)
        _checkpoint_now_and_then(driver, connection.info)


_kept = threading.local()

# The kept connection copies the WAL into the database itself (a checkpoint), after its
# writers' turn, every this many of its transactions: a signature writes about 16 pages,
# so one process signing alone copies about 770 at a time, two about half as many.
# SQLite's own checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages, and
# so inside the writers' turn: every writer waited for its copy and two fsyncs (3-4 ms,
# one signature in 80). It stays on, as the backstop for a WAL that grows all the same.
CHECKPOINT_EVERY = 48
_COMMITS = "campaign_commits_since_checkpoint"


def _checkpoint_now_and_then(driver: sqlite3.Connection, info: dict[Any, Any]) -> None:
    commits = info.get(_COMMITS, 0) + 1
    if commits < CHECKPOINT_EVERY:
        info[_COMMITS] = commits
        return
    info[_COMMITS] = 0
    # PASSIVE: copies what no reader still needs and waits for no one. The transaction
    # is committed and on disk: a checkpoint that fails changes nothing for it.
    with suppress(sqlite3.Error):
        driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _kept_connection(engine: Engine) -> sa.Connection:
    """This thread's connection for write_transaction, kept between transactions.

    Taking a connection from the pool and giving it back (with its reset, and on
    PostgreSQL the test query before each use) cost a signature as much as its INSERTs.
    A connection that fails is dropped (write_transaction), so one a server restart has
    broken costs that one request its quick way (the general path then answers it).
    """
    connections: dict[Engine, sa.Connection] = _kept.__dict__.setdefault("connections", {})
    connection = connections.get(engine)
    if connection is None or connection.closed or connection.invalidated:
        connection = engine.connect()
        driver = connection.connection.driver_connection
        writer = _sqlite_writers.get(engine)
        if writer is not None and writer.wal is not None:
            driver.execute("PRAGMA synchronous=NORMAL")
        elif writer is None:
            driver.rollback()  # whatever the pool's check began
            driver.autocommit = True
        connections[engine] = connection
    return connection


@contextmanager
def statement_connection(bind: Engine | sa.Connection) -> Iterator[sa.Connection]:
    """A connection on which each statement commits on its own, for work whose every
    statement is whole by itself (prepare_insert_pair): on PostgreSQL, no BEGIN and
    COMMIT round trips around it. It is write_transaction's kept connection, in the
    driver's autocommit mode; in tests, the test's connection (the work then in a
    SAVEPOINT of the transaction rolled back after the test). A connection that fails
    is dropped, as write_transaction's is. PostgreSQL only.
    """
    if isinstance(bind, sa.Connection):
        with bind.begin_nested():
            yield bind
        return
    connection = _kept_connection(bind)
    try:
        yield connection
    except BaseException:
        _drop_kept_connection(bind)
        raise


def _drop_kept_connection(engine: Engine) -> None:
    connection = _kept.__dict__.get("connections", {}).pop(engine, None)
    if connection is not None:
        # Closed, not given back to the pool: it may run with synchronous=NORMAL.
        connection.invalidate()
        connection.close()


@dataclass(frozen=True)
class SqliteWriter:
    """How write_transaction writes to an SQLite engine's file."""

    lock: str | None  # the writers' queue (campaign.writer_queue), None for :memory:
    timeout: float  # seconds to wait for the turn (the busy timeout)
    wal: str | None  # the WAL file it flushes after the turn (synchronous=FULL), else None

    def begin(self, driver: sqlite3.Connection, info: dict[Any, Any], mode: str) -> None:
        """BEGIN `mode` on the driver, a writer (IMMEDIATE) first taking its turn, noted
        in `info` under WRITER_TURN for whoever ends the transaction to give back.

        The turn is taken only now, with the connection and transaction already set up:
        the next writer waits for the statements and the COMMIT alone. BEGIN goes on the
        driver itself: SQLAlchemy's execution of a statement costs more than BEGIN, and
        every signature waits for the writer before it.
        """
        if mode == "IMMEDIATE" and self.lock and writer_queue.acquire(self.lock, self.timeout):
            info[WRITER_TURN] = self.lock
        try:
            driver.execute(f"BEGIN {mode}")
        except BaseException:
            if info.pop(WRITER_TURN, None):
                writer_queue.release(self.lock)
            raise


_sqlite_writers: weakref.WeakKeyDictionary[Engine, SqliteWriter] = weakref.WeakKeyDictionary()
# The WAL files (path, inode) whose folder has been flushed since they were made.
_wal_files_listed: set[tuple[str, int]] = set()


def _flush_wal(path: str) -> None:
    """fsync the WAL file, as SQLite does at COMMIT with synchronous=FULL (fdatasync, and
    the folder once after the file is made, so that the file itself survives a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fdatasync(fd)
        made = (path, os.fstat(fd).st_ino)
    finally:
        os.close(fd)
    if made not in _wal_files_listed:
        folder = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
        _wal_files_listed.add(made)


def _end_writer_turn(session: Session) -> None:
    path = session.info.pop(WRITER_TURN, None)
    if path is not None:
        writer_queue.release(path)


@sa.event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    # The COMMIT is done: the next writer may begin now, not once the session has also
    # given its connection back to the pool (after_transaction_end, which still covers
    # a rollback or a close).
    _end_writer_turn(session)


@sa.event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: Any) -> None:
    # After the COMMIT or ROLLBACK has been sent (or the session closed): the next
    # writer may begin.
    if transaction.parent is None:
        _end_writer_turn(session)


def insert_unless_conflict(session: Session, obj: Any, conflict: list[str]) -> bool:
    """INSERT the row of the new ORM object `obj` unless another row has the same values of
    the unique columns `conflict`; True when inserted.

    One statement (INSERT … ON CONFLICT DO NOTHING RETURNING id, on SQLite and PostgreSQL
    alike) instead of the unit of work's SAVEPOINT, INSERT and RELEASE: on SQLite every
    writer waits for the one write lock, so the statements run while holding it count.
    The unique index decides, as before: two racing requests never both insert. Unset
    columns take their Python default (or NULL); once inserted, `obj` is persistent with
    its id, as if flushed.
    """
    mapper = sa.inspect(type(obj))
    table = mapper.local_table
    values: dict[str, Any] = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if column.primary_key:
            continue
        if prop.key in obj.__dict__:
            value = obj.__dict__[prop.key]
        else:
            value = _python_default(column)
            setattr(obj, prop.key, value)
        values[column.key] = value
    [key] = mapper.primary_key
    statement = _insert_statement(session.get_bind().dialect.name, table, key, tuple(conflict))
    # On the session's connection, as Core: the ORM's execute adds nothing to an INSERT of
    # a table but its autoflush (kept) and costs as much as the statement itself.
    if session.autoflush:
        session.flush()
    new_id = session.connection().execute(statement, values).scalar()
    if new_id is None:
        return False
    setattr(obj, mapper.get_property_by_column(key).key, new_id)
    make_transient_to_detached(obj)
    session.add(obj)
    return True


@dataclass(frozen=True)
class PreparedInsert:
    """A prepare_insert's statement with its values already converted for the driver, so
    that a transaction holding the write lock only sends it (with the few values it could
    not know before, `late`, converted then)."""

    statement: DriverStatement
    parameters: Any

    def run(self, connection: sa.Connection, late: Mapping[str, Any] | None = None) -> int | None:
        parameters = self.statement.replaced(self.parameters, late) if late else self.parameters
        found = self.statement.execute(connection, parameters).fetchone()
        return None if found is None else found[0]  # the new row's id


def prepare_insert(
    dialect: sa.Dialect,
    model: type[Any],
    values: Mapping[str, Any],
    conflict: tuple[str, ...],
    *,
    only_if: sa.ColumnElement[bool] | None = None,
    condition_values: Mapping[str, Any] | None = None,
) -> PreparedInsert:
    """insert_unless_conflict for a row given as its column values, without an ORM object,
    prepared to run later: PreparedInsert.run gives the id of the new row, or None when
    another has the same values of `conflict`, or when `only_if` (a condition on other
    tables, its parameters in `condition_values`) does not hold.

    For the hottest path (signing): the statement runs on the driver's cursor (see
    DriverStatement), and a condition is checked by the INSERT itself (INSERT … SELECT …
    WHERE), not by a SELECT before it: one statement less while the write lock is held,
    and on PostgreSQL one round trip less. Columns not given take their Python default.
    """
    table = model.__table__
    key = _insert_plan(table)[0]
    row = _with_defaults(table, values)
    if only_if is None:
        statement = _insert_statement(dialect.name, table, key, conflict)
        prepared = driver_statement(statement, dialect, tuple(row))
    else:
        statement = _insert_statement(dialect.name, table, key, conflict, tuple(row), only_if)
        prepared = driver_statement(statement, dialect)
    if condition_values:
        row.update(condition_values)
    return PreparedInsert(prepared, prepared.parameters(row))


# The names the second row's values take in prepare_insert_pair's statement.
THEN = "then_"


@dataclass(frozen=True)
class NewRow:
    """A row to insert: its model, its columns' values, and the unique columns that make
    another row with the same values a conflict (nothing inserted)."""

    model: type[Any]
    values: Mapping[str, Any]
    conflict: tuple[str, ...]


def prepare_insert_pair(
    dialect: sa.Dialect,
    first: NewRow,
    then: NewRow,
    link: str,
    *,
    only_if: sa.ColumnElement[bool],
    condition_values: Mapping[str, Any],
    keyed: Mapping[str, str] | None = None,
) -> PreparedInsert:
    """prepare_insert for two rows in one statement, the second inserted only when the
    first is, its column `link` set to the first's id: a signature and its e-mail.
    Each column of the second row named in `keyed` is set to its text there followed
    by the first's id (the e-mail's dedupe key, "confirm:<id>").

    The statement is
    `WITH first AS (INSERT … SELECT … WHERE only_if ON CONFLICT DO NOTHING RETURNING id)
    INSERT … SELECT …, first.id FROM first ON CONFLICT DO NOTHING RETURNING link`: one
    round trip, and, being one statement, atomic without a transaction around it.
    PreparedInsert.run gives the first row's id, or None with nothing inserted; the
    statement names the second row's values with THEN before them. PostgreSQL only
    (SQLite has no INSERT inside WITH).
    """
    keyed = keyed or {}
    first_row = _with_defaults(first.model.__table__, first.values)
    then_row = _with_defaults(then.model.__table__, then.values)
    for name in (link, *keyed):
        then_row.pop(name, None)
    statement = _pair_statement(
        dialect.name,
        (first.model.__table__, tuple(first_row), first.conflict, only_if),
        (then.model.__table__, tuple(then_row), then.conflict, link, tuple(keyed)),
    )
    prepared = driver_statement(statement, dialect)
    values = {**first_row, **condition_values}
    values.update((THEN + k, v) for k, v in then_row.items())
    values.update((THEN + k, v) for k, v in keyed.items())
    return PreparedInsert(prepared, prepared.parameters(values))


@cache
def _pair_statement(
    dialect: str,
    first: tuple[sa.Table, tuple[str, ...], tuple[str, ...], sa.ColumnElement[bool]],
    then: tuple[sa.Table, tuple[str, ...], tuple[str, ...], str, tuple[str, ...]],
) -> sa.Insert:
    if dialect != "postgresql":  # pragma: no cover - called for PostgreSQL only
        raise NotImplementedError(dialect)
    from sqlalchemy.dialects.postgresql import insert

    table, columns, conflict, only_if = first
    row = sa.select(*(sa.bindparam(name, type_=table.c[name].type) for name in columns))
    inserted = (
        insert(table)
        .from_select(list(columns), row.where(only_if))
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(table.c.id)
        .cte("first_row")
    )
    then_table, then_columns, then_conflict, link, keyed = then
    text = sa.String()
    then_row = sa.select(
        *(sa.bindparam(THEN + name, type_=then_table.c[name].type) for name in then_columns),
        inserted.c.id,
        *(sa.bindparam(THEN + name, type_=text) + sa.cast(inserted.c.id, text) for name in keyed),
    )
    return (
        insert(then_table)
        .from_select([*then_columns, link, *keyed], then_row)
        .on_conflict_do_nothing(index_elements=list(then_conflict))
        .returning(then_table.c[link])
    )


def _with_defaults(table: sa.Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` with every other column but the key at its Python default."""
    row = dict(values)
    for column in _insert_plan(table)[1]:
        if column.key not in row:
            row[column.key] = _python_default(column)
    return row


@cache
def _insert_plan(table: sa.Table) -> tuple[sa.Column, tuple[sa.Column, ...]]:
    """The table's primary key and its other columns, read from the table once."""
    [key] = table.primary_key.columns
    return key, tuple(column for column in table.columns if not column.primary_key)


def _python_default(column: sa.Column) -> Any:
    """The value a column takes when an INSERT does not give it (its Python default)."""
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)  # type: ignore[attr-defined]
    return default.arg  # type: ignore[attr-defined]


class DriverStatement:
    """A statement compiled once by SQLAlchemy for a dialect, run on the driver's cursor.

    SQLAlchemy's execute() looks the compiled form up, builds an execution context and
    wraps the result: on SQLite, where every writer waits for the one write lock, that
    took as long as the statements themselves. Here the values go through the same type
    conversions (the columns' bind processors: enums, JSON, UTC timestamps) and the
    transaction stays the connection's, begun and ended by SQLAlchemy as usual.
    """

    def __init__(
        self, statement: sa.Executable, dialect: sa.Dialect, keys: tuple[str, ...] | None = None
    ) -> None:
        # `keys`: the columns an INSERT is given (the others take their server default).
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys else None)
        self.sql = str(compiled)
        self.names = list(compiled.positiontup or []) if compiled.positional else None
        self.given = compiled.params  # the values built into the statement
        processors = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()
        }
        # Each parameter the driver is given, in order where its style is positional, with
        # its conversion (None: the value as it is), left out for a NULL it keeps NULL (a
        # signature's row has a dozen: JSON's alone writes one as 'null').
        self.plan = [
            (name, processor, processor is not None and processor(None) is None)
            for name in (self.names or self.given)
            for processor in (processors.get(name),)
        ]

    def run(self, connection: sa.Connection, values: Mapping[str, Any]) -> Any:
        """Execute with `values` (by bind name); the driver's cursor."""
        return self.execute(connection, self.parameters(values))

    def parameters(self, values: Mapping[str, Any]) -> Any:
        """The driver's parameters for `values` (by bind name), converted."""
        given = self.given
        converted = []
        for name, processor, keeps_null in self.plan:
            value = values[name] if name in values else given[name]
            if processor is not None and not (value is None and keeps_null):
                value = processor(value)
            converted.append(value)
        if self.names is not None:
            return converted
        return dict(zip(self.given, converted, strict=True))

    def replaced(self, parameters: Any, values: Mapping[str, Any]) -> Any:
        """`parameters` with `values` (by bind name) converted in their places."""
        parameters = parameters.copy()
        for position, (name, processor, keeps_null) in enumerate(self.plan):
            if name in values:
                value = values[name]
                if processor is not None and not (value is None and keeps_null):
                    value = processor(value)
                parameters[position if self.names is not None else name] = value
        return parameters

    def execute(self, connection: sa.Connection, parameters: Any) -> Any:
        """Execute with parameters made by parameters(); the driver's cursor."""
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute(self.sql, parameters)
        return cursor


@cache
def driver_statement(
    statement: sa.Executable, dialect: sa.Dialect, keys: tuple[str, ...] | None = None
) -> DriverStatement:
    return DriverStatement(statement, dialect, keys)


@cache
def _insert_statement(
    dialect: str,
    table: sa.Table,
    key: sa.Column,
    conflict: tuple[str, ...],
    columns: tuple[str, ...] = (),
    only_if: sa.ColumnElement[bool] | None = None,
) -> sa.Insert:
    """Built once: the values travel as parameters (building them in is slower). With
    `only_if`, an INSERT … SELECT of the `columns`' values WHERE the condition holds."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - the two databases the project supports
        raise NotImplementedError(dialect)
    statement = insert(table)
    if only_if is not None:
        row = sa.select(*(sa.bindparam(name, type_=table.c[name].type) for name in columns))
        statement = statement.from_select(list(columns), row.where(only_if))
    return statement.on_conflict_do_nothing(index_elements=list(conflict)).returning(key)
