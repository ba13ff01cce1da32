"""Every page and e-mail a supporter reads names the appeal as its public page does: in the
organiser's translation into the reader's language when there is a complete one."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from campaign.models import AppealTranslation, Demand
from tests.factories import make_appeal
from tests.i18n.test_supporter_pages import speaking
from tests.signatures.conftest import Scene, link, outbox, scene, sent_text, sign

__all__ = ["scene"]

NBSP = "\u00a0"
FRENCH_TITLE = "Libérez Sok Chea"


@pytest.fixture
def translated(session, scene: Scene) -> Scene:
    scene.appeal.translations.append(
        AppealTranslation(
            language="fr",
            title=FRENCH_TITLE,
            summary="Sok Chea est détenu.",
            demands=["Libérer le prisonnier", "Abandonner toutes les charges"],
        )
    )
    session.flush()
    return scene


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def kicker(html: str) -> str:
    return re.search(r'<p class="kicker" lang="([^"]+)">([^<]*)</p>', html).groups()


def test_a_french_supporter_reads_the_french_title_from_thanks_to_letter(
    client, session, translated: Scene
) -> None:
    appeal = translated.appeal
    response = sign(speaking(client, "fr"), appeal, consent="y")
    thanks = text(client.get(response.headers["Location"]))
    assert kicker(thanks) == ("fr", FRENCH_TITLE)
    assert f"<title>Merci — {FRENCH_TITLE} — " in thanks
    assert "Free Sok Chea" not in thanks  # the share links too
    assert "text=Lib%C3%A9rez%20Sok%20Chea" in thanks

    [mail] = outbox(session, "confirm")
    assert mail.subject == f"Veuillez confirmer votre signature{NBSP}: {FRENCH_TITLE}"
    assert f"Merci d’avoir signé «{NBSP}{FRENCH_TITLE}{NBSP}»." in mail.body_text
    assert "Free Sok Chea" not in mail.body_text  # the footer too

    confirm = text(client.get(link(sent_text(mail), "/confirm/")))
    assert kicker(confirm) == ("fr", FRENCH_TITLE)
    letters = text(client.get(f"/a/{appeal.slug}/letter"))
    assert kicker(letters) == ("fr", FRENCH_TITLE) and "Free Sok Chea" not in letters
    letter = text(client.get(f"/a/{appeal.slug}/letter/{translated.minister.id}"))
    assert kicker(letter) == ("fr", FRENCH_TITLE)


def test_an_english_supporter_reads_the_original_title(client, session, translated) -> None:
    appeal = translated.appeal
    response = sign(speaking(client, "en"), appeal, consent="y")
    thanks = text(client.get(response.headers["Location"]))
    assert kicker(thanks) == ("en", "Free Sok Chea") and FRENCH_TITLE not in thanks
    [mail] = outbox(session, "confirm")
    assert mail.subject == "Please confirm your signature: Free Sok Chea"
    letters = text(client.get(f"/a/{appeal.slug}/letter"))
    assert kicker(letters) == ("en", "Free Sok Chea")


def test_an_incomplete_translation_leaves_the_original_title(client, session, translated):
    translated.appeal.demands.append(Demand(position=2, text="Let his family visit"))
    session.flush()
    response = sign(speaking(client, "fr"), translated.appeal, consent="y")
    assert kicker(text(client.get(response.headers["Location"]))) == ("en", "Free Sok Chea")
    [mail] = outbox(session, "confirm")
    assert mail.subject.endswith(": Free Sok Chea")


def statements_during(action) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return seen


def test_the_home_list_shows_each_appeal_in_the_reader_s_language(client, session) -> None:
    appeals = [make_appeal(session, title=f"Free prisoner {n}") for n in range(4)]
    for n, appeal in enumerate(appeals[:3]):
        appeal.translations.append(
            AppealTranslation(
                language="fr",
                title=f"Libérez le prisonnier {n}",
                summary=f"Résumé {n}",
                # the third one lacks a demand: incomplete, not shown
                demands=["Le libérer", "Abandonner les charges"][: 2 if n < 2 else 1],
            )
        )
    appeals[0].translations.append(
        AppealTranslation(language="es", title="Liberen al preso 0", demands=["a", "b"])
    )
    session.flush()
    session.expire_all()

    french: list[str] = []
    queries = statements_during(lambda: french.append(text(speaking(client, "fr").get("/"))))
    html = french[0]
    assert '<h2 class="appeal-card__title" lang="fr"><a href' in html
    for n in (0, 1):
        assert f">Libérez le prisonnier {n}</a>" in html and f"Résumé {n}" in html
    assert ">Free prisoner 2</a>" in html and ">Free prisoner 3</a>" in html
    assert "Liberen" not in html
    # One query reads the translations of every listed appeal (with their demands counted).
    assert len([q for q in queries if "appeal_translations" in q]) == 1
    assert not [q for q in queries if "FROM demands" in q and "appeal_translations" not in q]

    english: list[str] = []
    queries = statements_during(lambda: english.append(text(speaking(client, "en").get("/"))))
    assert ">Free prisoner 0</a>" in english[0] and "Libérez" not in english[0]
    assert not [q for q in queries if "appeal_translations" in q or "FROM demands" in q]


def test_readers_of_a_french_appeal_in_french_load_no_translation(client, session) -> None:
    make_appeal(session, title="Libérez Ana", language="fr")
    session.flush()
    queries = statements_during(lambda: text(speaking(client, "fr").get("/")))
    assert not [q for q in queries if "appeal_translations" in q]
