"""The interface language: Accept-Language, the switcher and its cookie, localised values."""

from __future__ import annotations

import re
from datetime import date

from campaign.i18n import COOKIE, interface_languages
from campaign.templating import country_name, long_date, number

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def html_lang(response) -> str:
    return HTML_LANG.search(response.get_data(as_text=True)).group(1)


def test_english_french_and_spanish_are_offered() -> None:
    assert interface_languages()[0] == "en"
    assert {"fr", "es"} <= set(interface_languages())


def test_the_browser_language_is_used_when_nothing_was_chosen(client) -> None:
    assert html_lang(client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"})) == "fr"
    assert html_lang(client.get("/", headers={"Accept-Language": "es-419,es;q=0.8"})) == "es"
    # A language without a catalogue falls back to the default.
    assert html_lang(client.get("/", headers={"Accept-Language": "de-DE"})) == "en"


def test_the_switcher_sets_a_cookie_and_returns_to_the_page(client) -> None:
    response = client.get("/language/es?next=/auth/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=es;") and "HttpOnly" in cookie and "Max-Age=" in cookie
    # The cookie wins over the browser's own preference.
    page = client.get("/auth/login", headers={"Accept-Language": "fr"})
    assert html_lang(page) == "es"
    assert 'aria-current="true">Español</a>' in page.get_data(as_text=True)


def test_the_switcher_never_sends_people_off_the_site(client) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/fr", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found_and_sets_nothing(client) -> None:
    response = client.get("/language/xx?next=/")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


def test_every_page_links_each_language_back_to_itself(client) -> None:
    text = client.get("/auth/login").get_data(as_text=True)
    for lang in interface_languages():
        assert f'href="/language/{lang}?next=/auth/login"' in text


def test_dates_numbers_and_countries_follow_the_language(app) -> None:
    day = date(2026, 10, 10)
    assert long_date(day, "en") == "10 October 2026"
    assert long_date(day, "fr") == "10 octobre 2026"
    assert long_date(day, "es") == "10 de octubre de 2026"
    assert number(1234567, "en") == "1,234,567"
    assert number(1234567, "fr") == "1\u202f234\u202f567"
    assert number(1234567, "es") == "1.234.567"
    assert (country_name("KH", "fr"), country_name("KH", "es")) == ("Cambodge", "Camboya")
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert long_date(day) == "10 octobre 2026"
        assert country_name("DE") == "Allemagne"
