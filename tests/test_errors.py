"""Error pages: the house style for people, JSON for programs, and no half-saved work."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Release
from tests.conftest import csrf_token, make_app


def test_404_is_a_page_in_the_house_style(client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Page not found</h1>" in html
    assert 'href="/static/style.css' in html


def test_errors_are_json_for_json_clients(client) -> None:
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "not_found",
        "message": "There is no page at this address. It may have moved or ended.",
    }


def test_405_for_a_wrong_method(client) -> None:
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "Not allowed here" in response.get_data(as_text=True)


def test_413_for_a_body_over_the_limit(app, client) -> None:
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/auth/login", data={"email": too_big, "csrf_token": csrf_token(client)})
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused(client) -> None:
    response = client.post("/auth/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)


def test_a_post_with_a_forged_csrf_token_is_refused(client) -> None:
    csrf_token(client)
    response = client.post(
        "/auth/login", data={"email": "a@example.org", "password": "x", "csrf_token": "forged"}
    )
    assert response.status_code == 400


def test_pages_carry_security_headers(client) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.fixture
def failing_app(tmp_path):
    """An app with a route that writes a row and then fails."""
    app = make_app("sqlite:///" + str(tmp_path / "failing.sqlite"), PROPAGATE_EXCEPTIONS=False)

    @app.post("/fail")
    def fail():
        db.session.add(Release(text="half-written", title="never kept"))
        db.session.flush()
        raise RuntimeError("boom")

    @app.post("/commit-after-failure")
    def commit_after_failure():
        db.session.commit()
        return "ok"

    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_500_rolls_back_and_shows_a_page(failing_app, caplog) -> None:
    client = failing_app.test_client()
    response = client.post("/fail")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "boom" in caplog.text  # logged for the operator
    client.post("/commit-after-failure")
    with failing_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Release)) == 0


def test_a_500_is_json_for_json_clients(failing_app) -> None:
    response = failing_app.test_client().post("/fail", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.get_json()["error"] == "internal_server_error"
