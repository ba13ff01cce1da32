"""Writers to one SQLite file take turns as soon as the lock is free.

When SQLite finds its write lock taken, its busy handler sleeps 1, 2, 5, 10, … up to
100 ms before looking again. In a surge the lock is free for most of those sleeps: a
signature needing 3 ms under the lock waited a median of 90 ms, and the slowest more than
a second. Writers started by `begin_write()` take an exclusive `flock` on a file beside
the database just before their BEGIN IMMEDIATE, and the kernel wakes the next one when
it is given back, so that the next writer starts as soon as the last one has committed.

It only orders writers; SQLite's own lock still guards the data. Writers that do not go
through `begin_write()` (migrations, commands) are not held up by it, a process that dies
releases its flock with its files, and a writer that cannot get the flock within the busy
timeout goes on to SQLite's own wait, as before.
"""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time

POLL_SECONDS = 0.0005
_local = threading.local()


def lock_file(database: str | None) -> str | None:
    """The flock's file for an SQLite database file; None for an in-memory database."""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return f"{database}-writers"


def _descriptor(path: str) -> int:
    # One open file per thread: flocks on the same open file do not exclude each other.
    files = _local.__dict__.setdefault("files", {})
    if path not in files:
        files[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return files[path]


def acquire(path: str, timeout: float) -> bool:
    """Take the writers' turn on `path`; False if it did not come within `timeout`."""
    fd = _descriptor(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    if threading.current_thread() is threading.main_thread():
        return _wait_in_line(fd, timeout)
    return _poll(fd, timeout)


class _TimedOut(Exception):
    pass


def _wait_in_line(fd: int, timeout: float) -> bool:
    """Sleep in the kernel until the turn is free (it wakes the waiters when it is given
    back), woken by a timer signal after `timeout`: no CPU spent looking.

    Signals reach the main thread only, where a sync server runs its requests.
    """

    def give_up(_signum: int, _frame: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return True
    except _TimedOut:
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _poll(fd: int, timeout: float) -> bool:
    """Look every POLL_SECONDS (threads other than the main one)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)


def release(path: str) -> None:
    fcntl.flock(_descriptor(path), fcntl.LOCK_UN)
