"""What supporters read follows their language: the appeal page and its sign form, the
errors, the thank-you page, the embed, and the e-mails, which keep the language the
signature was made in even when they are written later, by a command, with no request."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from flask.testing import FlaskClient

from campaign.countries import country_choices
from campaign.models import utcnow
from tests.factories import make_appeal
from tests.signatures.conftest import Scene, outbox, scene, sent_text, sign, signatures

__all__ = ["scene"]

NBSP = "\u00a0"
FR_CONSENT = (
    "Oui, tenez-moi informé·e par e-mail de ce cas et d’autres actions urgentes. "
    "Je peux me désabonner à tout moment."
)
ES_CONSENT = (
    "Sí, quiero recibir correos sobre este caso y otras acciones urgentes. "
    "Puedo darme de baja en cualquier momento."
)
EN_CONSENT = (
    "Yes, e-mail me about this case and other urgent appeals. I can unsubscribe at any time."
)


def speaking(client: FlaskClient, language: str) -> FlaskClient:
    """The client as a browser whose Accept-Language is `language`, on every request."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def text(response) -> str:
    """The page's text with entities decoded, as a reader sees it."""
    return unescape(response.get_data(as_text=True))


def option(html: str, code: str) -> str:
    return re.search(rf'<option value="{code}">([^<]+)</option>', html).group(1)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr-FR,fr;q=0.9",
            ["Nos demandes", "Agissez maintenant", "Votre nom", "Votre pays",
             "Choisissez votre pays", "Signer l’appel", "Partager cet appel", FR_CONSENT],
        ),
        (
            "es-ES,es;q=0.9",
            ["Qué pedimos", "Actúa ahora", "Tu nombre", "Tu país", "Elige tu país",
             "Firmar el llamamiento", "Comparte este llamamiento", ES_CONSENT],
        ),
    ],
)  # fmt: skip
def test_the_appeal_page_and_its_sign_form_speak_the_browser_s_language(
    client, scene: Scene, language: str, expected: list[str]
) -> None:
    html = text(speaking(client, language).get(f"/a/{scene.appeal.slug}"))
    for words in expected:
        assert words in html
    for english in ("What we ask", "Your name", "Choose your country", "Sign the appeal"):
        assert english not in html
    assert ("personne" in html) == language.startswith("fr")  # the count's own sentence


def test_country_names_are_in_the_interface_language_and_sorted_as_read(client, scene) -> None:
    french = text(speaking(client, "fr").get(f"/a/{scene.appeal.slug}"))
    assert option(french, "DE") == "Allemagne" and option(french, "KH") == "Cambodge"
    spanish = text(speaking(client, "es").get(f"/a/{scene.appeal.slug}"))
    assert option(spanish, "DE") == "Alemania"
    # An accented initial sorts with its letter, not after Z.
    names = [name for _code, name in country_choices("fr")]
    assert names.index("Équateur") < names.index("Espagne") < names.index("Finlande")
    assert names[-1] != "Îles Vierges des États-Unis"


def test_validation_errors_are_in_french(client, session, scene) -> None:
    speaking(client, "fr")
    response = sign(client, scene.appeal, name="", email="ana@", country="XX")
    assert response.status_code == 422
    html = text(response)
    assert "Veuillez corriger les champs signalés ci-dessous." in html
    assert "Veuillez saisir votre nom." in html
    assert f"Veuillez vérifier votre adresse e-mail{NBSP}: ce n’est pas une adresse valide." in html
    assert "Veuillez choisir votre pays dans la liste." in html
    assert "Please" not in html
    assert signatures(session, scene.appeal) == []


def test_the_english_interface_keeps_the_validator_s_precise_words(client, scene) -> None:
    html = text(sign(client, scene.appeal, email="ana@"))
    assert "Please correct the field marked below." in html
    assert "Please check your e-mail address: " in html
    assert "it is not a valid address" not in html  # the validator's own, precise reason


def test_signing_in_french_thanks_stores_and_e_mails_in_french(client, session, scene) -> None:
    speaking(client, "fr-CA,fr;q=0.9,en;q=0.5")
    response = sign(client, scene.appeal, consent="y")
    assert response.status_code == 303
    thanks = text(client.get(response.headers["Location"]))
    assert "Merci, Ana Ruiz" in thanks
    assert "Nous vous avons envoyé un e-mail." in thanks
    assert "Envoyez maintenant votre lettre" in thanks

    [signature] = signatures(session, scene.appeal)
    assert signature.language == "fr"
    assert signature.consent_text == FR_CONSENT  # the words the supporter ticked
    [mail] = outbox(session, "confirm")
    title = scene.appeal.title
    # A subject is one line, with the no-break space French puts before a colon.
    assert mail.subject == f"Veuillez confirmer votre signature{NBSP}: {title}"
    assert mail.body_text.startswith("Bonjour Ana Ruiz,\n\n")
    assert f"Merci d’avoir signé «{NBSP}{title}{NBSP}»." in mail.body_text
    assert f"Ne plus recevoir nos e-mails{NBSP}: http://localhost/unsubscribe/" in sent_text(mail)
    assert "Dear" not in mail.body_text and "Please" not in mail.body_text


def test_a_spanish_signature_gets_its_confirmation_in_spanish(client, session, scene) -> None:
    speaking(client, "es")
    sign(client, scene.appeal, consent="y")
    [signature] = signatures(session, scene.appeal)
    assert (signature.language, signature.consent_text) == ("es", ES_CONSENT)
    [mail] = outbox(session, "confirm")
    assert mail.subject == f"Confirma tu firma: {scene.appeal.title}"
    assert "Hola, Ana Ruiz:" in mail.body_text and "Gracias por firmar «" in mail.body_text


def test_without_a_language_signatures_are_english(client, session, scene) -> None:
    sign(client, scene.appeal, consent="y")
    [signature] = signatures(session, scene.appeal)
    assert (signature.language, signature.consent_text) == ("en", EN_CONSENT)
    [mail] = outbox(session, "confirm")
    assert mail.subject == f"Please confirm your signature: {scene.appeal.title}"


def test_reminders_from_the_command_use_each_signer_s_language(
    client, session, runner, scene
) -> None:
    sign(speaking(client, "fr"), scene.appeal, email="amelie@example.org", name="Amélie")
    sign(speaking(client, "en"), scene.appeal, email="ann@example.org", name="Ann")
    for signature in signatures(session, scene.appeal):
        signature.created_at = utcnow() - timedelta(days=3)
    session.flush()

    result = runner.invoke(args=["campaign", "send-reminders"])  # cron: no request at all
    assert result.exit_code == 0, result.output
    reminders = {mail.to_addr: mail for mail in outbox(session, "reminder")}
    french, english = reminders["amelie@example.org"], reminders["ann@example.org"]
    title = scene.appeal.title
    assert french.subject == f"Rappel{NBSP}: confirmez votre signature pour «{NBSP}{title}{NBSP}»"
    assert french.body_text.startswith("Bonjour Amélie,")
    assert "Ceci est le seul rappel que nous vous envoyons." in french.body_text
    assert english.subject == f"Reminder: confirm your signature for {title}"
    assert english.body_text.startswith("Dear Ann,")


def test_signing_again_from_another_language_answers_in_the_first_one(
    client, session, scene
) -> None:
    sign(speaking(client, "fr"), scene.appeal)
    # Someone else, in another browser, types the same address.
    sign(speaking(client.application.test_client(), "es"), scene.appeal)
    [signature] = signatures(session, scene.appeal)
    assert signature.language == "fr"
    [mail] = outbox(session, "already_signed")
    assert mail.subject.startswith("Vous avez déjà signé")
    assert "Quelqu’un, sans doute vous" in mail.body_text


def test_the_letter_pages_speak_french(client, session, scene) -> None:
    sign(speaking(client, "fr"), scene.appeal)
    letters = text(client.get(f"/a/{scene.appeal.slug}/letter"))
    assert "Envoyez votre lettre" in letters and "Écrire à Sok Minister" in letters
    page = text(client.get(f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"))
    assert "Votre lettre à Minister of Justice, Sok Minister" in page
    assert "Texte simple, jusqu’à 1\u202f000 caractères." in page
    assert "Comment souhaitez-vous l’envoyer" in page and "Télécharger un PDF" in page
    # What the copy buttons say once pressed (copy.js reads it from the button).
    assert 'data-copied="Copié" data-copy-failed="Appuyez sur Ctrl+C pour copier"' in page


def test_closed_appeals_error_pages_and_login_speak_french(client, session) -> None:
    speaking(client, "fr")
    from campaign.models import AppealStatus, Outcome

    closed = make_appeal(session, AppealStatus.CLOSED, outcome=Outcome.CHARGES_DROPPED)
    page = text(client.get(f"/a/{closed.slug}"))
    assert "Cet appel est clos" in page and "Charges abandonnées" in page
    missing = client.get("/a/no-such-appeal")
    assert missing.status_code == 404 and "Page introuvable" in text(missing)
    login = text(client.get("/auth/login"))
    assert "Se connecter" in login and "Mot de passe" in login


def test_the_embed_speaks_the_language_of_its_page(client, session) -> None:
    site = "https://section.example.org"
    appeal = make_appeal(session, embed_origins=[site])
    data = client.get(f"/embed/{appeal.slug}.json?lang=fr-FR").get_json()
    assert data["lang"] == "fr"
    assert data["consent_text"] == FR_CONSENT
    assert data["texts"]["sign"] == "Signer l’appel"
    assert data["texts"]["count"] == "0 personne a signé sur 1\u202f000"
    assert ["DE", "Allemagne"] in data["countries"]
    # Without `lang`, the browser's language decides; caches keep one copy per language.
    response = client.get(f"/embed/{appeal.slug}.json", headers={"Accept-Language": "es"})
    assert response.get_json()["texts"]["name"] == "Tu nombre"
    assert "Accept-Language" in response.headers["Vary"]

    def embed_sign(**fields):
        body = {"name": "Ana Ruiz", "email": "ana@example.org", "country": "CL"} | fields
        return client.post(f"/embed/{appeal.slug}/sign", json=body, headers={"Origin": site})

    refused = embed_sign(name="", lang="fr")
    assert refused.status_code == 422
    assert refused.get_json()["message"] == "Veuillez vérifier le formulaire."
    assert refused.get_json()["fields"]["name"] == ["Veuillez saisir votre nom."]
    done = embed_sign(lang="fr", consent=True)
    assert done.get_json()["message"].startswith("Merci")
    [signature] = signatures(session, appeal)
    assert (signature.language, signature.consent_text) == ("fr", FR_CONSENT)
