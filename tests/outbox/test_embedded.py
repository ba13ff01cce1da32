"""The embedded default: with MAIL_WORKER_THREAD the web process sends its own mail, so
a fresh clone signs and "sends" (as .eml files) with nothing else running."""

from __future__ import annotations

import time

import pytest
from flask_migrate import upgrade

from campaign.extensions import db
from campaign.outbox.worker import stop_background_worker
from tests import conftest
from tests.factories import make_appeal

pytestmark = pytest.mark.slow


def test_the_dev_server_thread_writes_queued_mail_to_the_folder(app, tmp_path) -> None:
    outbox = tmp_path / "outbox"
    embedded = conftest.make_app(
        "sqlite:///" + str(tmp_path / "embedded.sqlite"),
        WTF_CSRF_ENABLED=False,
        MAIL_WORKER_THREAD=True,
        MAIL_WORKER_INTERVAL_SECONDS=0.1,
        MAIL_OUTBOX_DIR=str(outbox),
    )
    with embedded.app_context():
        upgrade()
        slug = make_appeal(db.session).slug
        db.session.commit()
    try:
        client = embedded.test_client()
        data = {"name": "Dara Sok", "email": "dara@example.org", "country": "KH"}
        assert client.post(f"/a/{slug}/sign", data=data).status_code == 303
        for _ in range(100):
            files = list(outbox.glob("*.eml")) if outbox.exists() else []
            if files:
                break
            time.sleep(0.1)
        [eml] = files
        assert b"To: dara@example.org" in eml.read_bytes()
    finally:
        stop_background_worker(embedded)
        with embedded.app_context():
            db.engine.dispose()


def test_the_thread_is_off_unless_asked_for(app) -> None:
    assert app.config["MAIL_WORKER_THREAD"] is False
    from config import load_settings

    assert load_settings(environ={"CAMPAIGN_ENV": "development"})["MAIL_WORKER_THREAD"] is True
    assert load_settings(environ={"CAMPAIGN_ENV": "production"})["MAIL_WORKER_THREAD"] is False
