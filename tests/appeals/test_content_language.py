"""The public page in the reader's language: the organiser's translation when there is a
complete one, the original otherwise, and a word saying which."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from campaign.appeals.content import appeal_content
from campaign.i18n import COOKIE
from campaign.models import AppealTranslation, Demand
from tests.factories import make_appeal

FR = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
ES = {"Accept-Language": "es"}
EN = {"Accept-Language": "en-GB"}


@pytest.fixture
def appeal(session):
    appeal = make_appeal(session, title="Free Sok Chea", summary="Sok Chea is detained.")
    appeal.translations.append(
        AppealTranslation(
            language="fr",
            title="Libérez Sok Chea",
            summary="Sok Chea est détenu.\n\nIl doit être libéré.",
            demands=["Libérer le prisonnier", "Abandonner toutes les charges"],
        )
    )
    session.flush()
    return appeal


def page(client, appeal, headers=None, query: str = "") -> str:
    response = client.get(f"/a/{appeal.slug}{query}", headers=headers or {})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)


def test_a_french_reader_sees_the_french_translation_and_a_word_about_it(client, appeal):
    html = page(client, appeal, FR)
    assert h1(html) == '<h1 lang="fr">Libérez Sok Chea</h1>'
    assert "<title>Libérez Sok Chea — " in html
    assert '<ol class="demands" lang="fr">' in html
    assert "<li>Libérer le prisonnier</li><li>Abandonner toutes les charges</li>" in html
    assert '<p lang="fr">Il doit être libéré.</p>' in html
    assert "Release the prisoner" not in html and "Sok Chea is detained." not in html
    assert "Traduit de l’original en anglais." in html
    assert f'href="/a/{appeal.slug}?original=1"' in html and "Lire l’original" in html
    assert '<meta property="og:title" content="Libérez Sok Chea">' in html
    assert '<html lang="fr"' in html  # the interface around it is French too


def test_an_english_reader_sees_the_original_without_a_notice(client, appeal):
    html = page(client, appeal, EN)
    assert h1(html) == '<h1 lang="en">Free Sok Chea</h1>'
    assert "<li>Release the prisoner</li>" in html
    assert "Libérez" not in html and "content-language" not in html


def test_the_original_on_request_says_so_and_links_back(client, appeal):
    html = page(client, appeal, FR, "?original=1")
    assert h1(html) == '<h1 lang="en">Free Sok Chea</h1>'
    assert "<li>Release the prisoner</li>" in html and "Libérer le prisonnier" not in html
    assert "Vous lisez l’original, en anglais." in html
    assert f'href="/a/{appeal.slug}" hreflang="fr">Lire la traduction</a>' in html


def test_a_reader_of_an_untranslated_language_is_told_it_is_the_original(client, appeal):
    html = page(client, appeal, ES)
    assert h1(html) == '<h1 lang="en">Free Sok Chea</h1>'
    assert '<html lang="es"' in html  # the interface is Spanish, the appeal English
    assert "Este llamamiento se muestra en su idioma original (inglés)." in html


def test_the_chosen_interface_language_wins_over_the_browser(client, appeal):
    client.set_cookie(COOKIE, "fr")
    assert h1(page(client, appeal, EN)) == '<h1 lang="fr">Libérez Sok Chea</h1>'


def test_an_incomplete_translation_is_not_shown(client, session, appeal):
    appeal.demands.append(Demand(position=2, text="Let his family visit"))
    session.flush()
    html = page(client, appeal, FR)
    assert h1(html) == '<h1 lang="en">Free Sok Chea</h1>'
    assert "<li>Let his family visit</li>" in html and "Libérer le prisonnier" not in html
    assert "Cet appel est présenté dans sa langue d’origine (anglais)." in html


def test_the_page_varies_with_the_reader_language(client, appeal):
    vary = client.get(f"/a/{appeal.slug}", headers=FR).headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_the_embed_shows_the_same_title_as_the_page(client, appeal):
    french = client.get(f"/embed/{appeal.slug}.json", headers=FR)
    assert french.get_json()["title"] == "Libérez Sok Chea"
    assert french.get_json()["language"] == "fr"
    assert "Accept-Language" in french.headers["Vary"]
    english = client.get(f"/embed/{appeal.slug}.json", headers=EN).get_json()
    assert (english["title"], english["language"]) == ("Free Sok Chea", "en")


def test_a_regional_translation_serves_readers_of_the_language(session):
    appeal = make_appeal(session, demands=("Release him",))
    appeal.translations.append(
        AppealTranslation(language="pt-BR", title="Libertem-no", demands=["Libertem-no já"])
    )
    session.flush()
    content = appeal_content(appeal, "pt")
    assert (content.title, content.demands, content.language) == (
        "Libertem-no",
        ("Libertem-no já",),
        "pt-BR",
    )
    assert appeal_content(appeal, "en").translated is False


def test_readers_of_the_original_language_do_not_load_the_translations(client, appeal):
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        page(client, appeal, EN)
        english = list(statements)
        page(client, appeal, FR)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert english and not any("appeal_translations" in s for s in english)
    assert any("appeal_translations" in s for s in statements[len(english) :])


def test_the_shared_copy_keeps_each_language_and_the_original_apart(app, appeal):
    # One after another from the processes' shared copy: each reader keeps their own text.
    readers = [(FR, "", "Libérez Sok Chea"), (EN, "", "Free Sok Chea"),
               (FR, "?original=1", "Free Sok Chea"), (FR, "", "Libérez Sok Chea")]  # fmt: skip
    for headers, query, title in readers:
        assert f">{title}</h1>" in h1(page(app.test_client(), appeal, headers, query))
