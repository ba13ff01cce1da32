"""Rate limiting: Flask-Limiter consulted only where a limit applies, and the in-process
storage (RATELIMIT_STORAGE_URI=memory://) without a thread per request.

The `limits` library's memory storage starts a timer thread, 10 ms after any counted hit
whose last timer has finished, that walks every key it holds to drop the expired ones.
With one hit per signature that is a new thread for nearly every signature, and in a
surge, when tens of thousands of addresses have signed within the hour, each of those
threads walks tens of thousands of keys. A key's expiry is checked whenever it is read
anyway; this storage, registered for memory:// in its place, sweeps the rest inline at
most once a minute. (Redis, for several app processes, is unaffected.)
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

import flask
from flask import Blueprint
from flask_limiter import Limiter
from limits.storage import MemoryStorage

SWEEP_SECONDS = 60.0


class SweepingMemoryStorage(MemoryStorage):
    STORAGE_SCHEME: ClassVar[list[str]] = ["memory"]  # in place of the library's own

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the library's first timer: nothing to sweep yet
        self.next_sweep = time.monotonic() + SWEEP_SECONDS

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self.timer.cancel()
        self.next_sweep = time.monotonic() + SWEEP_SECONDS

    # Called by the library on every hit (its name is mangled from __schedule_expiry).
    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802
        now = time.monotonic()
        if now >= self.next_sweep:
            self.next_sweep = now + SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


class BlueprintLimiter(Limiter):
    """Flask-Limiter, which looks at a request only when its blueprint has a limit.

    Only the API's blueprint has one (signing and logging in count their own hits and
    decide themselves). Flask-Limiter otherwise works out, for every request, that no
    limit applies: a tenth of a millisecond of each sign POST and page view.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limited_blueprints: set[str] = set()

    def limit_blueprint(self, blueprint: Blueprint, limit: Any, **options: Any) -> None:
        self.limit(limit, **options)(blueprint)
        self.limited_blueprints.add(blueprint.name)

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and flask.request.blueprint not in self.limited_blueprints:
            return
        super()._check_request_limit(callable_name, in_middleware)
