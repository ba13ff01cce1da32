"""Command-line output stays English: operators' scripts, logs and cron mail read one
language whatever the interface's default (DEFAULT_LANGUAGE) is. The services that
commands share with the pages word their messages with gettext, so a command runs them
under an English locale.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask_babel import force_locale

P = ParamSpec("P")
R = TypeVar("R")


def in_english(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command's callback with English messages (put it right above the `def`)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with force_locale("en"):
            return command(*args, **kwargs)

    return run
