"""Letters follow the target's language: the official receives the letter in the first of
their languages that has one, and the supporter may read it in their own."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from campaign.languages import long_date
from campaign.letters import draft_letter
from campaign.models import (
    Appeal,
    AppealTranslation,
    LetterTemplate,
    Signature,
    Target,
    TargetRole,
    utcnow,
)
from campaign.signatures.letters import letter_template
from tests.conftest import csrf_token
from tests.factories import add_target, make_appeal, make_target
from tests.signatures.conftest import outbox, sign

FRENCH_BODY = """\
{{ target.salutation or "Madame, Monsieur" }},

Le {{ today | long_date }}, depuis {{ supporter.country }}, je vous demande de :
{% for demand in appeal.demands %}
- {{ demand }}
{% endfor %}

Veuillez agréer l'expression de ma haute considération.

{{ supporter.name }}
"""
SPANISH_BODY = """\
{{ target.salutation or "Señora, señor" }}:

Le pido que:
{% for demand in appeal.demands %}
- {{ demand }}
{% endfor %}

Atentamente,
{{ supporter.name }}
"""


@dataclass
class World:
    appeal: Appeal
    french: Target  # reads French first
    german: Target  # reads only German: no letter in it
    cambodian: Target  # Khmer, then English; addressed as Samdech


@pytest.fixture
def world(session) -> World:
    appeal = make_appeal(session, slug="free-sok", title="Free Sok Chea", send_letters=True)
    subject, body = draft_letter(["Sok Chea"])
    appeal.letters = [
        LetterTemplate(language="en", subject=subject, body=body),
        LetterTemplate(language="fr", subject="Libérez Sok Chea", body=FRENCH_BODY),
        LetterTemplate(language="es", subject="Liberen a Sok Chea", body=SPANISH_BODY),
    ]
    appeal.translations = [
        AppealTranslation(language="fr", title="Libérez Sok Chea",
                          demands=["Libérer le prisonnier", "Abandonner toutes les charges"]),
        AppealTranslation(language="es", title="Liberen a Sok Chea",
                          demands=["Liberar al preso", "Retirar todos los cargos"]),
    ]  # fmt: skip
    french = make_target(session, name="Jean Dupont", title="Ministre de la Justice",
                         salutation="Monsieur le Ministre", languages=["fr", "en"],
                         email="ministre@example.org")  # fmt: skip
    german = make_target(session, name="Hans Weber", salutation="", languages=["de"])
    cambodian = make_target(session, name="Hun Manet", title="Prime Minister",
                            salutation="Samdech", languages=["km", "en"])  # fmt: skip
    for target in (french, german, cambodian):
        add_target(session, appeal, target, TargetRole.PRIMARY)
    session.flush()
    return World(appeal, french, german, cambodian)


def letter_page(client, world: World, target: Target, headers=None) -> str:
    response = client.get(f"/a/{world.appeal.slug}/letter/{target.id}", headers=headers or {})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def sent_letter(html: str) -> str:
    """The letter in the copy box: the one that is sent."""
    return re.search(r'id="letter-body"[^>]*>(.*?)</textarea>', html, re.S).group(1)


def act(client, world: World, target: Target, action: str, headers=None):
    path = f"/a/{world.appeal.slug}/letter/{target.id}"
    data = {"csrf_token": csrf_token(client, path), "personal": "", "action": action}
    return client.post(path, data=data, headers=headers or {})


def test_the_letter_follows_the_target_s_languages_in_order(session, world):
    appeal = world.appeal
    own_french = LetterTemplate(language="fr", subject="À vous", body="Hi", target=world.french)
    own_english = LetterTemplate(language="en", subject="To you", body="Hi", target=world.german)
    appeal.letters += [own_french, own_english]
    session.flush()
    # The target's own letter in its first language, before the default one in it.
    assert letter_template(appeal, world.french) is own_french
    # No German letter at all: the target's own one in the appeal's language.
    assert letter_template(appeal, world.german) is own_english
    # Khmer has none; English, its second language, is the appeal's default.
    assert letter_template(appeal, world.cambodian).language == "en"
    regional = make_target(session, languages=["xx-unknown", "fr-CA"])
    assert letter_template(appeal, regional).subject == "Libérez Sok Chea"
    nothing_known = make_target(session, languages=[])
    assert letter_template(appeal, nothing_known).language == "en"


def test_a_target_reading_french_gets_the_french_letter_with_its_salutation(client, world):
    sign(client, world.appeal, name="Ana Ruiz", country="CL")
    html = letter_page(client, world, world.french)
    assert 'value="Libérez Sok Chea" lang="fr"' in html
    today = long_date(utcnow().date(), "fr")
    assert (
        f"Monsieur le Ministre,\n\nLe {today}, depuis Chili, je vous demande de :\n"
        "- Libérer le prisonnier\n- Abandonner toutes les charges\n" in html
    )
    sent = sent_letter(html)
    assert "Dear" not in sent and "Release the prisoner" not in sent


def test_a_target_without_a_letter_in_its_language_gets_the_original(client, world):
    sign(client, world.appeal)
    html = letter_page(client, world, world.german)
    assert 'value="Free Sok Chea" lang="en"' in html
    assert "Dear Hans Weber," in html and "- Release the prisoner" in html
    # A German reader is told the letter is English, not that the official reads English.
    german = letter_page(client, world, world.german, {"Accept-Language": "es"})
    assert "Esta carta está redactada en inglés. Se envía tal como aparece arriba." in german


def test_the_cambodian_official_is_addressed_by_their_salutation(client, world):
    sign(client, world.appeal)
    html = letter_page(client, world, world.cambodian)
    assert 'lang="en" readonly>Samdech,\n\nI am writing to you about Sok Chea.' in html


def test_a_spanish_supporter_reads_a_spanish_translation_beside_the_french_letter(client, world):
    spanish = {"Accept-Language": "es"}
    sign(client, world.appeal)
    html = letter_page(client, world, world.french, spanish)
    assert "Traducción para ti, no se envía" in html
    assert 'id="letter-reading-body" rows="12" lang="es" readonly>Monsieur le Ministre:' in html
    assert "- Liberar al preso" in html
    # What is sent stays French: the copy box, and the mailto link.
    assert 'id="letter-body" rows="16" lang="fr" readonly>Monsieur le Ministre,' in html
    mailto = unquote(act(client, world, world.french, "mailto", spanish).get_data(as_text=True))
    assert "subject=Libérez Sok Chea" in mailto and "subject=Liberen" not in mailto
    assert "Esta carta está redactada en francés" in html


def test_send_it_for_me_and_the_pdf_use_the_target_s_language(client, session, world):
    spanish = {"Accept-Language": "es"}
    sign(client, world.appeal, name="Ana Ruiz")
    signature = session.scalars(
        select(Signature).where(Signature.appeal_id == world.appeal.id)
    ).one()
    signature.confirmed_at = utcnow()
    session.flush()
    assert act(client, world, world.french, "email", spanish).status_code == 303
    [queued] = outbox(session, "letter")
    assert queued.subject == "Libérez Sok Chea"
    assert queued.body_text.startswith("Monsieur le Ministre,\n\nLe ")
    assert queued.body_text.endswith(
        "\n--\nEnvoyé via http://localhost par Ana Ruiz. "
        "Les réponses à ce message lui parviennent directement.\n"
    )
    pdf = act(client, world, world.french, "pdf", spanish)
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Libérez Sok Chea" in text and long_date(utcnow().date(), "fr") in text


def test_no_translation_is_shown_when_the_supporter_reads_the_letter_s_language(client, world):
    sign(client, world.appeal)
    html = letter_page(client, world, world.french, {"Accept-Language": "fr"})
    assert "letter-reading" not in html and "letter-language" not in html
    # An English reader gets the original English letter beside the French one.
    english = letter_page(client, world, world.french, {"Accept-Language": "en"})
    assert "Translation for you, not sent" in english
    assert 'lang="en" readonly>Monsieur le Ministre,\n\nI am writing to you' in english


def test_a_translated_letter_that_cannot_render_gives_way_to_the_original(client, session, world):
    french = next(lt for lt in world.appeal.letters if lt.language == "fr")
    french.body = "{{ appeal.demands[5] }}"  # there is no sixth demand: it never renders
    session.flush()
    sign(client, world.appeal)
    sent = sent_letter(letter_page(client, world, world.french))
    assert sent.startswith("Monsieur le Ministre,\n\nI am writing to you about Sok Chea.")
