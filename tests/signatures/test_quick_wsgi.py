"""Sign POSTs answered before Flask (campaign.signatures.quick_wsgi) held to the route's
answer, and everything that layer leaves reaching Flask whole."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.http import parse_cookie

from campaign.models import Signature
from campaign.signatures import quick, quick_wsgi, services
from campaign.signatures.quick_wsgi import QuickSigning
from tests.signatures.conftest import outbox, sign_data, signatures

# Headers whose value is the request's own: compared for their presence (and the
# cookie's name and attributes), not their value.
OWN = {"set-cookie", "x-request-id", "date"}


@pytest.fixture(autouse=True)
def no_appeal_known(app):
    app.extensions.pop(quick._KNOWN, None)
    yield
    app.extensions.pop(quick._KNOWN, None)


@pytest.fixture
def calls(monkeypatch) -> dict[str, list[Any]]:
    """What each way in did: the layer's answers, quick.sign's and services.sign's calls."""
    seen: dict[str, list[Any]] = {"layer": [], "quick": [], "general": []}
    real_answer, real_quick, real_general = QuickSigning.answer, quick.sign, services.sign

    def answer(self, *args):
        result = real_answer(self, *args)
        seen["layer"].append(result)
        return result

    def quick_sign(*args: Any, **kwargs: Any) -> Any:
        seen["quick"].append(args[2])
        return real_quick(*args, **kwargs)

    def general_sign(session, appeal, data, **kwargs: Any) -> Any:
        seen["general"].append(data)
        return real_general(session, appeal, data, **kwargs)

    monkeypatch.setattr(QuickSigning, "answer", answer)
    monkeypatch.setattr(quick, "sign", quick_sign)
    monkeypatch.setattr(services, "sign", general_sign)
    return seen


def layer_off(monkeypatch) -> None:
    """Every request passed on to Flask, as if the layer were not there."""
    monkeypatch.setattr(QuickSigning, "slug", lambda self, environ: None)


def session_of(app, response) -> dict[str, Any]:
    name = app.config["SESSION_COOKIE_NAME"]
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    value = parse_cookie(header)[name]
    return app.session_interface.get_signing_serializer(app).loads(value)


def own(name: str, value: str) -> str:
    return value.split("=", 1)[0] if name.lower() == "set-cookie" else "(given)"


def shape(response) -> dict[str, Any]:
    """The response, but for the values that are the request's own."""
    headers: dict[str, list[str]] = {}
    for name, value in response.headers:
        kept = value if name.lower() not in OWN else own(name, value)
        headers.setdefault(name.lower(), []).append(kept)
    cookie = response.headers.get("Set-Cookie", "")
    attributes = sorted(part.strip() for part in cookie.split(";")[1:])
    return {
        "status": response.status,
        "headers": headers,
        "cookie attributes": attributes,
        "body": response.get_data(),
    }


def test_the_layer_answers_as_the_route_does(app, client, session, scene, calls, monkeypatch):
    data = sign_data(client, scene.appeal, email="first@example.org", consent="y")
    before_flask = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert calls["layer"] and calls["layer"][-1] is not None  # answered before Flask
    assert calls["general"] == []

    layer_off(monkeypatch)
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    data = sign_data(client, scene.appeal, email="second@example.org", consent="y")
    by_route = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert calls["general"] == []  # the route's quick path: the same rows (test_quick)

    assert before_flask.status_code == 303
    assert before_flask.headers["Location"] == f"/a/{scene.appeal.slug}/thanks"
    assert shape(before_flask) == shape(by_route)
    first, second = sorted(signatures(session, scene.appeal), key=lambda s: s.id)
    remembered = session_of(app, before_flask)
    assert remembered == {
        "supporters": {
            str(scene.appeal.id): {
                "a": scene.appeal.id, "n": "Ana Ruiz", "c": "CL", "y": "Valparaíso", "p": "",
                "s": first.id,
            }
        }
    }  # fmt: skip
    route_remembered = session_of(app, by_route)
    assert route_remembered["supporters"][str(scene.appeal.id)]["s"] == second.id
    confirmations = [m.to_addr for m in outbox(session, "confirm")]
    assert confirmations == ["first@example.org", "second@example.org"]


def test_the_thank_you_page_greets_whom_the_layer_signed(client, session, scene, calls) -> None:
    data = sign_data(client, scene.appeal, name="Ana Ruiz")
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert calls["layer"][-1] is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ana Ruiz" in page


def test_a_visitor_with_a_session_is_left_to_flask(client, session, scene, calls) -> None:
    client.post(f"/a/{scene.appeal.slug}/sign", data=sign_data(client, scene.appeal))
    assert len(calls["layer"]) == 1  # the first, without a cookie

    # Now with the session cookie the first answer set: Flask reads and extends it.
    data = sign_data(client, scene.appeal, email="other@example.org", name="Bo Lind")
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert response.status_code == 303
    assert len(calls["layer"]) == 1
    assert len(signatures(session, scene.appeal)) == 2


def test_a_form_the_layer_leaves_reaches_flask_whole(client, session, scene, calls) -> None:
    data = sign_data(client, scene.appeal, email="not an address", city="Viña del Mar")
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert calls["layer"] == [None]
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Viña del Mar" in page  # what was typed comes back, read from the body put back
    assert "e-mail" in page.lower()
    assert signatures(session, scene.appeal) == []


def test_an_address_that_signed_is_answered_by_the_route_and_counted_once(
    app, client, session, scene, calls, monkeypatch
) -> None:
    hits: list[str | None] = []
    from campaign.signatures import abuse, views

    def counting(key: str | None) -> bool:
        hits.append(key)
        return abuse.over_sign_limit(key)

    monkeypatch.setattr(views, "over_sign_limit", counting)
    client.post(f"/a/{scene.appeal.slug}/sign", data=sign_data(client, scene.appeal))
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])  # another browser, same address
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=sign_data(client, scene.appeal))

    assert response.status_code == 303
    assert calls["layer"][-1] is None  # tried before Flask, then the route's general path
    assert len(calls["quick"]) == 2  # once per request: the route did not try it again
    assert len(calls["general"]) == 1
    assert len(hits) == 2  # one attempt per request against the per-IP limit
    assert len(signatures(session, scene.appeal)) == 1


def test_a_failure_before_flask_loses_nothing(client, session, scene, monkeypatch, caplog):
    real = quick.sign

    def failing(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)  # the row is written, then something breaks
        raise RuntimeError("broken after the commit")

    monkeypatch.setattr(quick, "sign", failing)
    with caplog.at_level(logging.ERROR, logger="campaign.signatures.quick_wsgi"):
        response = client.post(f"/a/{scene.appeal.slug}/sign", data=sign_data(client, scene.appeal))
    assert response.status_code == 303  # the route answered: an address that signed
    assert len(signatures(session, scene.appeal)) == 1
    assert "quick signing failed" in caplog.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b"name=%FF%FE&email=x", "application/x-www-form-urlencoded", id="not UTF-8"),
        pytest.param(b"name=A", "application/x-www-form-urlencoded; charset=latin-1", id="latin-1"),
        pytest.param(b"a" * (quick_wsgi.LONGEST_FORM + 1), "application/x-www-form-urlencoded",
                     id="too long"),
        pytest.param(b"--x--", "multipart/form-data; boundary=x", id="multipart"),
    ],
)  # fmt: skip
def test_bodies_the_layer_does_not_read_get_flask_s_answer(
    client, session, scene, calls, body, content_type
) -> None:
    response = client.post(
        f"/a/{scene.appeal.slug}/sign", data=body, headers={"Content-Type": content_type}
    )
    assert response.status_code in (400, 413, 422)
    assert all(answer is None for answer in calls["layer"])
    assert session.query(Signature).count() == 0


def test_the_request_is_logged_once_with_its_id(client, session, scene, calls, caplog) -> None:
    data = sign_data(client, scene.appeal)
    with caplog.at_level(logging.INFO, logger="campaign.request"):
        response = client.post(
            f"/a/{scene.appeal.slug}/sign", data=data, headers={"X-Request-Id": "abc-123"}
        )
    assert calls["layer"][-1] is not None
    assert response.headers["X-Request-Id"] == "abc-123"
    lines = [r for r in caplog.records if r.name == "campaign.request" and "POST" in r.message]
    assert [r.message for r in lines] == [f"POST /a/{scene.appeal.slug}/sign 303"]
    assert lines[0].request_id == "abc-123"


def test_a_post_from_another_site_signs_nothing(client, session, scene, calls) -> None:
    data = sign_data(client, scene.appeal)
    response = client.post(
        f"/a/{scene.appeal.slug}/sign", data=data, headers={"Origin": "https://evil.example"}
    )
    assert calls["layer"] == [None]
    assert response.status_code == 422
    assert signatures(session, scene.appeal) == []


FORM_TEXT = st.text(alphabet=st.sampled_from("ab=&+%2F0cC8é ;"), max_size=30) | st.text(max_size=30)


@given(FORM_TEXT)
def test_the_layer_reads_a_form_as_parse_qsl_does(text: str) -> None:
    """Its first value per name, as parse_qsl gives the pairs, and None for a body that
    is not UTF-8 once unquoted (Flask then reads it)."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        expected = None
    else:
        expected = {}
        for name, value in pairs:
            expected.setdefault(name, value)
    assert quick_wsgi._form(text.encode()) == expected


def test_the_layer_reads_an_escaped_form() -> None:
    body = b"name=Zo%C3%AB+Li&email=a%40b.org&city=&consent&name=again&bad=%ZZ"
    assert quick_wsgi._form(body) == {
        "name": "Zoë Li", "email": "a@b.org", "city": "", "consent": "", "bad": "%ZZ"
    }  # fmt: skip
    assert quick_wsgi._form(b"name=%FF") is None  # not UTF-8 once unquoted
    assert quick_wsgi._form("name=é".encode("latin-1")) is None
