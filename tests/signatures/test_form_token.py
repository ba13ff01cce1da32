"""The sign form's token is not bound to a session (so the page can be shared from a
cache), yet a tokenless, forged, stale, other appeal's or cross-site POST signs nothing."""

from __future__ import annotations

import time

import pytest

from campaign.signatures.form_token import WINDOW_SECONDS, sign_form_token
from tests.conftest import csrf_token
from tests.factories import make_appeal
from tests.signatures.conftest import outbox, sent_text, sign_data, signatures


def post(client, appeal, data, **headers):
    return client.post(f"/a/{appeal.slug}/sign", data=data, headers=headers)


def test_a_token_from_the_shared_page_signs_without_any_cookie(app, session, scene) -> None:
    reader = app.test_client()
    data = sign_data(reader, scene.appeal)
    signer = app.test_client()  # another browser, no cookie at all: the page came from a cache
    response = post(signer, scene.appeal, data)
    assert response.status_code == 303
    [signature] = signatures(session, scene.appeal)
    assert signature.email == "ana@example.org"
    # The e-mail was rendered before the row had an id: its links name the row.
    [message] = outbox(session, "confirm")
    assert "\x00" not in message.subject + message.body_text
    assert f"/a/{scene.appeal.slug}/confirm/" in sent_text(message)
    assert "Ana Ruiz" in message.body_text


def test_the_same_form_sent_twice_is_stored_once(client, session, scene) -> None:
    data = sign_data(client, scene.appeal)
    assert post(client, scene.appeal, data).status_code == 303
    assert post(client, scene.appeal, data).status_code == 303
    assert len(signatures(session, scene.appeal)) == 1
    assert len(outbox(session, "confirm")) == 1


@pytest.mark.parametrize(
    "token",
    [
        "",
        "forged",
        "1700000000.0123456789abcdef0123456789abcdef01234567",
        f"{int(time.time() // WINDOW_SECONDS) * WINDOW_SECONDS}.{'0' * 40}",
    ],
    ids=["empty", "no-window", "forged-old", "forged-current"],
)
def test_a_forged_token_is_refused(client, session, scene, token) -> None:
    data = sign_data(client, scene.appeal, csrf_token=token)
    response = post(client, scene.appeal, data)
    assert response.status_code == 422
    assert "Your session expired before you sent the form" in response.get_data(as_text=True)
    assert signatures(session, scene.appeal) == []


def test_a_stale_token_is_refused(app, client, session, scene) -> None:
    age = app.config["SIGN_FORM_TOKEN_SECONDS"] + 2 * WINDOW_SECONDS
    with app.test_request_context():
        stale = sign_form_token(scene.appeal.slug, now=time.time() - age)
        fresh_enough = sign_form_token(scene.appeal.slug, now=time.time() - 3600)
    response = post(client, scene.appeal, sign_data(client, scene.appeal, csrf_token=stale))
    assert response.status_code == 422 and signatures(session, scene.appeal) == []
    # An hour-old page still signs: people read the case before they act.
    data = sign_data(client, scene.appeal, csrf_token=fresh_enough)
    assert post(client, scene.appeal, data).status_code == 303


def test_a_token_from_the_future_is_refused(app, client, session, scene) -> None:
    with app.test_request_context():
        future = sign_form_token(scene.appeal.slug, now=time.time() + 2 * 3600)
    response = post(client, scene.appeal, sign_data(client, scene.appeal, csrf_token=future))
    assert response.status_code == 422 and signatures(session, scene.appeal) == []


def test_another_appeals_token_is_refused(client, session, scene) -> None:
    other = make_appeal(session, slug="another-case")
    data = sign_data(client, scene.appeal, csrf_token=csrf_token(client, f"/a/{other.slug}"))
    response = post(client, scene.appeal, data)
    assert response.status_code == 422 and signatures(session, scene.appeal) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://localhost.evil.example"},
        {"Referer": "https://evil.example/petition.html"},
        {"Origin": "https://evil.example", "Referer": "http://localhost/a/free-sok"},
    ],
    ids=["origin", "lookalike-origin", "referer", "origin-wins"],
)
def test_a_cross_site_post_with_a_valid_token_is_refused(client, session, scene, headers) -> None:
    data = sign_data(client, scene.appeal)
    response = post(client, scene.appeal, data, **headers)
    assert response.status_code == 422
    assert signatures(session, scene.appeal) == [] and outbox(session) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost"},
        {"Referer": "http://localhost/a/free-sok"},
        {"Origin": "null"},  # pages sent with Referrer-Policy: no-referrer
        {},
    ],
    ids=["origin", "referer", "null-origin", "none"],
)
def test_a_post_from_this_site_signs(client, session, scene, headers) -> None:
    response = post(client, scene.appeal, sign_data(client, scene.appeal), **headers)
    assert response.status_code == 303
    assert len(signatures(session, scene.appeal)) == 1
