"""A server process renders the pages a surge reads before its first visitor, then sets
its start-up objects aside from the garbage collector."""

from __future__ import annotations

import gc
import logging

import pytest

from campaign.models import AppealStatus
from campaign.ops.warmup import APPEALS, ready_worker, warm_up
from tests.conftest import make_app
from tests.factories import make_appeal


def test_the_home_page_and_the_latest_live_appeals_are_rendered(app, session) -> None:
    make_appeal(session, AppealStatus.DRAFT)
    live = [make_appeal(session) for _ in range(APPEALS + 1)]
    session.commit()
    # The most recently published first (live_appeals): the oldest is left to its visitors.
    latest = sorted(live, key=lambda a: (a.published_at, a.id), reverse=True)[:APPEALS]
    app.jinja_env.cache.clear()
    answered = warm_up(app)
    assert answered == [
        ("/", 200),
        *((f"/a/{appeal.slug}", 200) for appeal in latest),
        *((f"/a/{appeal.slug}/count.json", 200) for appeal in latest),
    ]
    compiled = {name for (_loader, name) in app.jinja_env.cache}
    assert {"appeals/index.html", "appeals/show.html"} <= compiled


def test_a_warm_up_that_fails_is_logged_and_the_worker_starts_cold(tmp_path, caplog) -> None:
    unmigrated = make_app("sqlite:///" + str(tmp_path / "empty.sqlite"))
    with caplog.at_level(logging.WARNING, logger="campaign.ops.warmup"):
        assert warm_up(unmigrated) == []
    assert "starts cold" in caplog.text


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_a_ready_worker_has_set_its_objects_aside_from_the_collector(unfrozen) -> None:
    gc.unfreeze()
    ready_worker(object())  # not this project's app: only frozen
    assert gc.get_freeze_count() > 10_000
