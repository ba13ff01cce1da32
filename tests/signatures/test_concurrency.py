"""Twenty people (or one impatient one) pressing "sign" at once with one address: one row.

A real threaded HTTP server against a file database, so the requests race for
real; the unique index, not a read-then-write check, decides.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import delete, func, select
from werkzeug.serving import make_server

from campaign.extensions import db
from campaign.models import Appeal, Outbox, Signature
from tests import conftest
from tests.factories import make_appeal

pytestmark = pytest.mark.slow

REQUESTS = 20


@pytest.fixture
def racing_app(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app of its own whose commits are real (not inside a test's transaction)."""
    if os.environ.get("TEST_DATABASE_URL"):  # schema built by the `app` fixture already
        url = conftest.test_database_url(tmp_path_factory)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("race") / "race.sqlite")
    racing = conftest.make_app(url, WTF_CSRF_ENABLED=False, SIGN_RATE_LIMIT="1000 per second")
    with racing.app_context():
        upgrade()
    yield racing
    with racing.app_context():
        db.engine.dispose()


def post(url: str, fields: dict[str, str], results: list[int], barrier: threading.Barrier) -> None:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 (loopback)
    barrier.wait()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            results.append(response.status)
    except urllib.error.HTTPError as error:
        results.append(error.code)


def test_twenty_concurrent_signatures_with_one_address_make_one_row(racing_app) -> None:
    with racing_app.app_context():
        appeal = make_appeal(db.session)
        db.session.commit()
        slug, appeal_id = appeal.slug, appeal.id
    try:
        race(racing_app, slug, appeal_id)
    finally:  # on PostgreSQL the rows are real: leave the shared database as it was
        with racing_app.app_context():
            db.session.rollback()
            db.session.execute(delete(Outbox).where(Outbox.appeal_id == appeal_id))
            db.session.execute(delete(Appeal).where(Appeal.id == appeal_id))
            db.session.commit()


def race(racing_app: Flask, slug: str, appeal_id: int) -> None:
    server = make_server("127.0.0.1", 0, racing_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/a/{slug}/sign"
    results: list[int] = []
    barrier = threading.Barrier(REQUESTS)
    fields = {"name": "Ana Ruiz", "email": "ana@example.org", "country": "CL"}
    try:
        workers = [
            threading.Thread(target=post, args=(url, fields, results, barrier))
            for _ in range(REQUESTS)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert results == [303] * REQUESTS  # every request answered alike, none failed
    with racing_app.app_context():
        count = db.session.scalar(
            select(func.count()).select_from(Signature).where(Signature.appeal_id == appeal_id)
        )
        kinds = db.session.scalars(select(Outbox.kind).where(Outbox.appeal_id == appeal_id)).all()
        assert count == 1
        assert sorted(set(kinds)) == ["already_signed", "confirm"]
        assert kinds.count("confirm") == 1 and kinds.count("already_signed") == 1
