"""The in-process rate-limit storage counts as the library's does, without a thread per hit."""

from __future__ import annotations

import threading
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from campaign.ratelimit import SweepingMemoryStorage


def test_memory_uri_gets_the_sweeping_storage() -> None:
    assert isinstance(storage_from_string("memory://"), SweepingMemoryStorage)


def test_it_limits_and_starts_no_thread_per_hit() -> None:
    storage = storage_from_string("memory://")
    limiter = FixedWindowRateLimiter(storage)
    item = parse("3 per hour")
    before = threading.active_count()
    results = [limiter.hit(item, "sign", f"ip-{i % 5}") for i in range(20)]
    assert threading.active_count() == before
    assert results.count(True) == 15  # three for each of the five addresses
    assert not limiter.hit(item, "sign", "ip-0") and limiter.hit(item, "sign", "ip-new")


def test_expired_keys_are_swept_at_most_once_a_minute(monkeypatch) -> None:
    storage = storage_from_string("memory://")
    limiter = FixedWindowRateLimiter(storage)
    for i in range(10):
        limiter.hit(parse("1 per second"), "sign", f"ip-{i}")
    assert len(storage.storage) == 10
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    storage.next_sweep = 0  # a minute has passed
    limiter.hit(parse("1 per second"), "sign", "ip-late")
    [kept] = storage.storage  # the ten expired counts are gone
    assert "ip-late" in kept
