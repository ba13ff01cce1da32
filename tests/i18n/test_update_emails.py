"""News of an appeal reaches each signer in the language they signed in: the words around
it, the appeal's title when the organiser translated it, and the way out the worker adds.
The news itself goes as the organiser wrote it."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from campaign.models import AppealTranslation, Outbox, utcnow
from campaign.organise import updates
from campaign.outbox.rendering import render_email
from campaign.outbox.supporters import as_sent
from tests.factories import make_appeal, make_signature

NBSP = "\u00a0"


def post_and_email(session, appeal) -> dict[str, Outbox]:
    update = updates.post_update(
        session, appeal, title="Released on bail", body="He is home.",
        happened_on=date(2018, 9, 10), user=None, now=utcnow(),
    )  # fmt: skip
    updates.email_update(session, update, appeal_url="https://x/a/y", user=None, now=utcnow())
    return {m.to_addr: m for m in session.scalars(select(Outbox))}


def test_each_signer_reads_the_update_in_their_language(session) -> None:
    appeal = make_appeal(session, title="Free Sok Chea")
    appeal.translations.append(
        AppealTranslation(
            language="fr",
            title="Libérez Sok Chea",
            demands=["Libérer le prisonnier", "Abandonner toutes les charges"],
        )
    )
    for email, language in (("ana@x.org", "fr-CA"), ("luis@x.org", "es"), ("jo@x.org", "en")):
        make_signature(session, appeal, consent=True, email=email, language=language)
    sent = post_and_email(session, appeal)

    french = sent["ana@x.org"]
    assert french.subject == f"Du nouveau{NBSP}: Released on bail"
    assert french.body_text.startswith("Bonjour Signer ")
    assert (
        f"Il y a du nouveau sur «{NBSP}Libérez Sok Chea{NBSP}», que vous avez signé."
        in french.body_text
    )
    assert "Released on bail (10 septembre 2018)\n\nHe is home." in french.body_text
    assert "Free Sok Chea" not in french.body_text

    spanish = sent["luis@x.org"]  # no Spanish translation: the original title
    assert spanish.subject == "Novedades: Released on bail"
    assert "«Free Sok Chea»" in spanish.body_text
    assert "(10 de septiembre de 2018)" in spanish.body_text

    english = sent["jo@x.org"]
    assert english.subject == "News: Released on bail"
    assert 'There is news on "Free Sok Chea", which you signed.' in english.body_text
    assert "Released on bail (10 September 2018)\n\nHe is home.\n\nRead the appeal" in (
        english.body_text
    )
    assert "Libérez" not in english.body_text


def test_a_signer_without_a_name_is_greeted_all_the_same(session) -> None:
    appeal = make_appeal(session)
    make_signature(session, appeal, consent=True, email="x@x.org", name="", language="fr")
    (message,) = post_and_email(session, appeal).values()
    assert message.body_text.startswith("Bonjour,\n")
    assert "\x00" not in message.body_text


def test_the_way_out_the_worker_adds_is_in_the_signer_language(session) -> None:
    appeal = make_appeal(session)
    make_signature(session, appeal, consent=True, email="ana@x.org", language="es")
    (message,) = post_and_email(session, appeal).values()
    _subject, body, headers = as_sent(message)
    assert "Dejar de recibir nuestros correos: http://localhost/unsubscribe/" in body
    assert "Stop all e-mail" not in body and "List-Unsubscribe" in headers


def test_subjects_keep_the_french_no_break_space(session) -> None:
    appeal = make_appeal(session, title="Free  Sok\nChea")
    signature = make_signature(session, appeal)
    with force_locale("fr"):
        subject, _body = render_email(
            "confirm", signature=signature, appeal=appeal, title=appeal.title, confirm_url="",
            letter_url="",
            unsubscribe_url="", delete_url="", appeal_url="",
        )  # fmt: skip
    assert subject == f"Veuillez confirmer votre signature{NBSP}: Free Sok Chea"
