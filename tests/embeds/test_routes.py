"""Signing from an organisation's site: only from the origins the organiser listed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaign.embeds.origins import OriginRefused, parse_origins
from campaign.models import AppealStatus, Flag, Role, Signature
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_user

SITE = "https://section.example.org"


@pytest.fixture
def appeal(session):
    return make_appeal(session, embed_origins=[SITE])


def sign(client, appeal, origin: str | None = SITE, **fields):
    body = {"name": "Ana Ruiz", "email": "ana@example.org", "country": "CL"} | fields
    headers = {"Origin": origin} if origin else {}
    return client.post(f"/embed/{appeal.slug}/sign", json=body, headers=headers)


def stored(session, appeal) -> list[Signature]:
    return list(session.scalars(select(Signature).where(Signature.appeal_id == appeal.id)))


def test_the_widget_data_is_public_and_readable_from_any_site(client, appeal) -> None:
    response = client.get(f"/embed/{appeal.slug}.json")
    data = response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert data["title"] == appeal.title and data["open"] is True
    assert data["sign_url"] == f"http://localhost/embed/{appeal.slug}/sign"
    assert ["KH", "Cambodia"] in data["countries"]


def test_a_listed_site_signs_and_gets_cors_headers(client, session, appeal) -> None:
    preflight = client.options(f"/embed/{appeal.slug}/sign", headers={"Origin": SITE})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == SITE
    response = sign(client, appeal, consent=True)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    assert "Check your e-mail" in response.get_json()["message"]
    [signature] = stored(session, appeal)
    assert signature.source == "embed:section.example.org" and signature.consent


REFUSED = "This site is not allowed to collect signatures for this appeal."


@pytest.mark.parametrize("origin", ["https://evil.example", "https://section.example.org.evil"])
def test_other_sites_are_refused_in_words_the_widget_can_read(
    client, session, appeal, origin
) -> None:
    # The preflight passes, or the browser would never let the widget read the refusal.
    preflight = client.options(f"/embed/{appeal.slug}/sign", headers={"Origin": origin})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    response = sign(client, appeal, origin=origin)
    assert response.status_code == 403
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert response.get_json()["message"] == REFUSED
    assert stored(session, appeal) == []


def test_a_post_without_an_origin_is_refused(client, session, appeal) -> None:
    response = sign(client, appeal, origin=None)
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.get_json()["message"] == REFUSED
    assert stored(session, appeal) == []


def test_a_bad_form_names_its_fields_and_stores_nothing(client, session, appeal) -> None:
    response = sign(client, appeal, email="nope", country="ZZ", name="<b>x</b>")
    assert response.status_code == 422
    assert {"email", "country", "name"} <= set(response.get_json()["fields"])
    assert stored(session, appeal) == []


def test_signing_twice_answers_the_same_and_stores_once(client, session, appeal) -> None:
    first, second = sign(client, appeal), sign(client, appeal, email="ANA@example.org")
    assert first.get_json() == second.get_json()
    assert len(stored(session, appeal)) == 1


def test_a_bot_filling_the_hidden_field_is_thanked_and_flagged(client, session, appeal) -> None:
    assert sign(client, appeal, website="http://spam.example").status_code == 200
    [signature] = stored(session, appeal)
    assert signature.flag is Flag.HONEYPOT


def test_a_closed_appeal_refuses(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.CLOSED, embed_origins=[SITE])
    assert sign(client, appeal).status_code == 409


def test_origins_are_parsed_and_checked() -> None:
    assert parse_origins("https://A.example.org/path\nexample.net\n\nhttp://localhost:8080/") == [
        "https://a.example.org",
        "https://example.net",
        "http://localhost:8080",
    ]
    with pytest.raises(OriginRefused):
        parse_origins("javascript:alert(1)")


def test_origins_are_kept_as_browsers_send_them_without_default_ports() -> None:
    text = "HTTPS://Partner.Example:443\nhttp://Other.Example:80/\nhttps://x.example:8443"
    assert parse_origins(text) == [
        "https://partner.example",
        "http://other.example",
        "https://x.example:8443",
    ]


@pytest.mark.parametrize("listed", ["https://partner.example:443", "HTTPS://Partner.Example"])
def test_a_site_listed_with_its_default_port_or_capitals_can_sign(client, session, listed) -> None:
    # As lists saved before origins were normalised may hold them.
    appeal = make_appeal(session, embed_origins=[listed])
    response = sign(client, appeal, origin="https://partner.example")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert len(stored(session, appeal)) == 1


def test_organisers_list_the_sites(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    log_in(client, make_user(session, Role.ORGANISER))
    url = f"/organise/appeals/{appeal.id}"
    page = client.get(url).get_data(as_text=True)
    assert "campaign-embed" in page and "embed.js" in page
    # The snippet's region is named apart from the section around it (landmarks unique).
    assert page.count('aria-labelledby="embed-heading"') == 1
    assert '<pre class="snippet" tabindex="0" role="region" aria-label="Code to paste' in page
    client.post(f"{url}/embed", data={"csrf_token": csrf_token(client, url), "origins": SITE})
    assert appeal.embed_origins == [SITE]
    bad = client.post(
        f"{url}/embed", data={"csrf_token": csrf_token(client, url), "origins": "ftp://x"}
    )
    assert bad.status_code == 422
    assert "is not a web address" in bad.get_data(as_text=True)
    assert appeal.embed_origins == [SITE]


@pytest.mark.parametrize("value", [{"a": 1}, ["Ana"], 12])
def test_a_field_that_is_not_text_is_named_and_nothing_is_stored(
    client, session, appeal, value
) -> None:
    response = sign(client, appeal, name=value)
    assert response.status_code == 422
    assert response.get_json()["fields"]["name"] == ["This field must be text."]
    assert stored(session, appeal) == []


def test_json_nested_too_deep_to_read_is_refused_not_a_500(client, session, appeal) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(f"/embed/{appeal.slug}/sign", data=deep,
                           content_type="application/json", headers={"Origin": SITE})  # fmt: skip
    assert response.status_code == 422
    assert stored(session, appeal) == []


@pytest.mark.parametrize("country", ["fr", "Fr", " FR "])
def test_a_country_code_in_any_case_is_taken(client, session, appeal, country) -> None:
    assert sign(client, appeal, country=country).status_code == 200
    [signature] = stored(session, appeal)
    assert signature.country == "FR"
