"""Health checks for load balancers, request ids and JSON logs."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import sqlalchemy as sa

from campaign.models import utcnow
from campaign.ops.logs import JsonFormatter, RequestIdFilter
from campaign.outbox.services import queue_email


def test_healthz_answers_without_the_database(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_on_a_migrated_database(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.get_json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["outbox"]["ok"]


def test_readyz_reports_a_stuck_outbox(client, session) -> None:
    queue_email(
        session, kind="confirmation", to="a@example.org", subject="s", body_text="b",
        now=utcnow() - timedelta(hours=2),
    )  # fmt: skip
    session.flush()
    response = client.get("/readyz")
    assert response.status_code == 503
    outbox = response.get_json()["checks"]["outbox"]
    assert outbox == {"ok": False, "detail": "1 messages overdue: is a worker running?"}


def test_readyz_reports_a_database_behind_the_code(client, session) -> None:
    session.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "run flask db upgrade" in response.get_json()["checks"]["migrations"]["detail"]


def test_every_response_carries_a_request_id(client) -> None:
    given = client.get("/healthz", headers={"X-Request-Id": "lb-1234"})
    assert given.headers["X-Request-Id"] == "lb-1234"
    made = client.get("/healthz", headers={"X-Request-Id": "bad id <script>" * 3})
    assert len(made.headers["X-Request-Id"]) == 32
    assert "script" not in made.headers["X-Request-Id"]


def test_request_lines_are_logged_with_their_id(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="campaign.request"):
        client.get("/healthz", headers={"X-Request-Id": "abc-1"})
    (record,) = [r for r in caplog.records if r.name == "campaign.request"]
    assert record.request_id == "abc-1"
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc-1"
    assert line["status"] == 200 and line["path"] == "/healthz" and line["method"] == "GET"


def test_records_outside_requests_have_no_id() -> None:
    record = logging.LogRecord(
        "campaign", logging.INFO, __file__, 1, "worker sent %s", ("x",), None
    )
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["message"] == "worker sent x"
    assert record.request_id is None


def test_proxy_headers_are_trusted_only_with_proxy_count(tmp_path) -> None:
    from flask import request

    from tests.conftest import make_app

    for hops, expected in [(0, "127.0.0.1"), (1, "203.0.113.9")]:
        app = make_app("sqlite:///" + str(tmp_path / "p.sqlite"), PROXY_COUNT=hops)
        app.add_url_rule("/ip", "ip", lambda: request.remote_addr)
        response = app.test_client().get("/ip", headers={"X-Forwarded-For": "203.0.113.9"})
        assert response.get_data(as_text=True) == expected


def test_readyz_reports_an_unreachable_database(tmp_path) -> None:
    from tests.conftest import make_app

    app = make_app("sqlite:///" + str(tmp_path / "no" / "such" / "folder" / "db.sqlite"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is False


def test_the_worker_logs_each_send(app, session, caplog) -> None:
    from campaign.outbox.transport import transport_from_settings
    from campaign.outbox.worker import run_once
    from tests.outbox.smtp import running_smtp_server

    queue_email(
        session, kind="confirm", to="a@example.org", subject="s", body_text="b", now=utcnow()
    )
    session.commit()
    with running_smtp_server() as smtp, caplog.at_level(logging.INFO, logger="campaign"):
        run_once(session, transport_from_settings(smtp.url, "", 5))
    assert any("confirm sent" in r.getMessage() for r in caplog.records)


def test_the_tokens_of_e_mailed_links_are_not_logged(client, session, caplog) -> None:
    from campaign.signatures.tokens import Purpose, signature_token
    from tests.factories import make_appeal, make_signature

    appeal = make_appeal(session)
    signature = make_signature(session, appeal)
    tokens = {
        purpose: signature_token(purpose, signature.id, signature.email_canonical)
        for purpose in Purpose
    }
    paths = {
        f"/a/{appeal.slug}/confirm/{tokens[Purpose.CONFIRM]}": f"/a/{appeal.slug}/confirm/",
        f"/a/{appeal.slug}/letter/start/{tokens[Purpose.LETTER]}": f"/a/{appeal.slug}/letter/",
        f"/unsubscribe/{tokens[Purpose.UNSUBSCRIBE]}": "/unsubscribe/",
        f"/delete-my-data/{tokens[Purpose.DELETE_DATA]}": "/delete-my-data/",
        "/unsubscribe/not-a-token": "/unsubscribe/",  # a wrong one is redacted too
    }
    with caplog.at_level(logging.INFO, logger="campaign.request"):
        for path in paths:
            client.get(path)
    records = [r for r in caplog.records if r.name == "campaign.request"]
    assert len(records) == len(paths)
    for record, route in zip(records, paths.values(), strict=True):
        line = JsonFormatter().format(record)
        assert route in line and "[token]" in line  # the route stays readable
        assert "not-a-token" not in line
        assert not any(token in line for token in tokens.values())
