"""The translation editor: an organiser writes the appeal in another language beside the
original; what is saved, refused, audited and deleted."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from campaign.appeals.content import content_in, contents_for
from campaign.languages import long_date
from campaign.models import (
    AppealTranslation,
    AuditEvent,
    Demand,
    LetterTemplate,
    Role,
    TargetRole,
    utcnow,
)
from campaign.organise import letters, lifecycle
from campaign.organise import translations as translations_module
from campaign.organise.review import DemandRow, ReviewData, ReviewRefused, apply_review
from campaign.organise.translations import TranslationData, save_translation
from tests.conftest import csrf_token, log_in
from tests.factories import add_target, make_appeal, make_target, make_user

LETTER_BODY = (
    '{{ target.salutation or "Madame, Monsieur" }},\n\n'
    "Je vous demande de :\n{% for d in appeal.demands %}\n- {{ d }}\n{% endfor %}\n\n"
    "{{ supporter.name }}\n"
)


@pytest.fixture
def appeal(session):
    appeal = make_appeal(session, title="Free Sok Chea", summary="Sok Chea is detained.")
    appeal.letters.append(
        LetterTemplate(language="en", subject="Free Sok Chea", body="Dear {{ target.name }},")
    )
    session.flush()
    return appeal


def french(**fields: object) -> dict[str, object]:
    """The editor's fields for a complete French translation with its letter."""
    data: dict[str, object] = {
        "language": "fr",
        "title": "Libérez Sok Chea",
        "summary": "Sok Chea est détenu.",
        "demands-0": "Libérer le prisonnier",
        "demands-1": "Abandonner toutes les charges",
        "letter_subject": "Libérez Sok Chea",
        "letter_body": LETTER_BODY,
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def add_french(session, appeal, **fields) -> AppealTranslation:
    data = TranslationData("fr", "Libérez Sok Chea", "", ["Libérer", "Abandonner"], **fields)
    return save_translation(session, appeal, data, editing=None, user=None, now=utcnow())


def post(client, url: str, data: dict[str, object]):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def audit(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def translations(session, appeal) -> list[AppealTranslation]:
    query = select(AppealTranslation).where(AppealTranslation.appeal_id == appeal.id)
    return list(session.scalars(query))


def test_the_editor_shows_the_original_beside_one_field_per_demand(client, appeal, organiser):
    page = client.get(f"/organise/appeals/{appeal.id}/translations/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Free Sok Chea" in html and "Release the prisoner" in html and "Drop all charges" in html
    assert 'name="demands-0"' in html and 'name="demands-1"' in html
    assert 'name="demands-2"' not in html
    assert '<label class="field__label" for="demands-1">Demand 2</label>' in html
    assert 'lang="en"' in html  # the original is marked as English


def test_an_organiser_creates_edits_and_deletes_a_translation(client, session, appeal, organiser):
    new_url = f"/organise/appeals/{appeal.id}/translations/new"
    response = post(client, new_url, french())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organise/appeals/{appeal.id}/translations/fr"
    [translation] = translations(session, appeal)
    assert translation.language == "fr" and translation.title == "Libérez Sok Chea"
    assert translation.demands == ["Libérer le prisonnier", "Abandonner toutes les charges"]
    letter = session.scalar(
        select(LetterTemplate).where(
            LetterTemplate.appeal_id == appeal.id, LetterTemplate.language == "fr"
        )
    )
    assert letter is not None and letter.target_id is None and letter.subject == "Libérez Sok Chea"
    [event] = audit(session, "appeal.translation_save")
    assert event.appeal_id == appeal.id and event.user_id == organiser.id
    assert event.details == {"language": "fr", "created": True, "letter": True}

    # The appeal's page lists it; its editor shows what was saved.
    listing = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    assert f'href="/organise/appeals/{appeal.id}/translations/fr"' in listing
    edit_url = f"/organise/appeals/{appeal.id}/translations/fr"
    assert "Abandonner toutes les charges" in client.get(edit_url).get_data(as_text=True)

    # Editing: a new title, and the letter left empty goes away.
    response = post(
        client, edit_url, french(title="Sok Chea doit être libéré", letter_subject="",
                                 letter_body="")
    )  # fmt: skip
    assert response.status_code == 302
    session.refresh(translation)
    assert translation.title == "Sok Chea doit être libéré"
    assert [lt.language for lt in appeal.letters] == ["en"]
    assert audit(session, "appeal.translation_save")[-1].details == {
        "language": "fr",
        "created": False,
        "letter": False,
    }

    # Deleting it.
    response = post(client, f"{edit_url}/delete", {})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organise/appeals/{appeal.id}#translations"
    assert translations(session, appeal) == []
    [deleted] = audit(session, "appeal.translation_delete")
    assert deleted.details == {"language": "fr"}
    assert client.get(edit_url).status_code == 404


def test_saving_without_the_csrf_token_is_refused(client, session, appeal, organiser):
    response = client.post(f"/organise/appeals/{appeal.id}/translations/new", data=french())
    assert response.status_code == 400
    assert translations(session, appeal) == []
    assert audit(session, "appeal.translation_save") == []


def test_deleting_without_the_csrf_token_keeps_the_translation(client, session, appeal, organiser):
    add_french(session, appeal)
    response = client.post(f"/organise/appeals/{appeal.id}/translations/fr/delete")
    assert response.status_code == 400
    assert [t.language for t in translations(session, appeal)] == ["fr"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "xx"}, "“xx” is not a language code we know"),
        ({"language": ""}, "is not a language code we know"),
        ({"language": "EN-gb"}, "The appeal itself is written in this language."),
        ({"title": ""}, "Translate the title."),
        ({"demands-1": None}, "Translate each of the appeal&#39;s demands, in order: 2 in all."),
        ({"demands-2": "Une de trop"}, "in order: 2 in all."),
        ({"demands-1": "  "}, "Translate every demand."),
        ({"letter_body": ""}, "Write the letter, or leave its subject empty too."),
        ({"letter_subject": ""}, "Give the letter a subject."),
        ({"letter_body": "Bonjour {{ nobody }}"}, "Unknown variable “nobody”."),
        ({"letter_body": "{% include 'x' %}"}, "cannot include, import or extend"),
        ({"letter_body": "{{ target.name "}, "Line 1"),
    ],
)
def test_mistakes_are_shown_and_nothing_is_saved(
    client, session, appeal, organiser, fields, message
):
    response = post(client, f"/organise/appeals/{appeal.id}/translations/new", french(**fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert translations(session, appeal) == []
    assert [lt.language for lt in appeal.letters] == ["en"]
    assert audit(session, "appeal.translation_save") == []


def test_a_second_translation_into_the_same_language_is_refused(client, session, appeal, organiser):
    url = f"/organise/appeals/{appeal.id}/translations/new"
    assert post(client, url, french()).status_code == 302
    response = post(client, url, french(language="FR", title="Autre titre"))
    assert response.status_code == 400
    assert "There is a translation into" in response.get_data(as_text=True)
    [translation] = translations(session, appeal)
    assert translation.title == "Libérez Sok Chea"


def test_a_regional_code_is_kept_in_its_usual_form(client, session, appeal, organiser):
    response = post(client, f"/organise/appeals/{appeal.id}/translations/new",
                    french(language="pt_br", letter_subject="", letter_body=""))  # fmt: skip
    assert response.headers["Location"].endswith("/translations/pt-BR")
    assert [t.language for t in translations(session, appeal)] == ["pt-BR"]


def test_a_translation_missing_a_new_demand_is_marked_out_of_date(client, session, appeal,
                                                                 organiser):  # fmt: skip
    post(client, f"/organise/appeals/{appeal.id}/translations/new", french())
    appeal.demands.append(Demand(position=2, text="Let his family visit him"))
    session.flush()
    page = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    assert "out of date: the demands have changed since it was translated" in page
    editor = client.get(f"/organise/appeals/{appeal.id}/translations/fr").get_data(as_text=True)
    assert 'name="demands-2"' in editor and "Let his family visit him" in editor


def test_the_letter_editor_and_publishing_use_the_original_letter(session, appeal):
    # A French letter stored before the English one must not be taken for the original.
    appeal.letters.insert(0, LetterTemplate(language="fr", subject="Libérez", body="Bonjour"))
    appeal.translations.append(
        AppealTranslation(language="fr", title="Libérez", demands=["Libérer", "Abandonner"])
    )
    session.flush()
    assert letters.find_letter(appeal, None).language == "en"
    # Publishing checks the original letter each target receives, not a translation.
    assert lifecycle.letter_for(appeal, make_target(session)).language == "en"


def test_staff_cannot_translate(client, session, appeal):
    log_in(client, make_user(session, Role.STAFF))
    assert client.get(f"/organise/appeals/{appeal.id}/translations/new").status_code == 403


def test_a_follow_up_appeal_keeps_the_translations(session, appeal):
    add_french(session, appeal, letter_subject="Objet", letter_body="Bonjour")
    copy = lifecycle.clone(session, appeal, user=None, now=appeal.updated_at)
    assert [(t.language, t.title, t.demands) for t in copy.translations] == [
        ("fr", "Libérez Sok Chea", ["Libérer", "Abandonner"])
    ]
    assert sorted(lt.language for lt in copy.letters) == ["en", "fr"]


def test_the_letter_editor_names_the_officials_who_get_a_translation(
    client, session, appeal, organiser
):
    french_reader = make_target(session, name="Jean Dupont", languages=["fr", "en"])
    english_reader = make_target(session, name="John Smith", languages=["en"])
    add_target(session, appeal, french_reader, TargetRole.PRIMARY)
    add_target(session, appeal, english_reader, TargetRole.COPY)
    url = f"/organise/appeals/{appeal.id}/letter"
    assert "receive a letter in their own language" not in client.get(url).get_data(as_text=True)
    add_french(session, appeal, letter_subject="Libérez Sok Chea", letter_body="Bonjour")
    html = client.get(url).get_data(as_text=True)
    assert "receive a letter in their own language" in html
    assert f'Jean Dupont — <a href="/organise/appeals/{appeal.id}/translations/fr"' in html
    assert "John Smith —" not in html
    own_page = client.get(f"{url}?target={english_reader.id}").get_data(as_text=True)
    assert "receive a letter in their own language" not in own_page


def test_an_official_gets_a_letter_of_their_own_in_their_language(
    client, session, appeal, organiser
):
    from campaign.signatures.letters import letter_template

    minister = make_target(session, name="Jean Dupont", languages=["fr-BE", "en"])
    add_target(session, appeal, minister, TargetRole.PRIMARY)
    add_french(session, appeal, letter_subject="Libérez Sok Chea", letter_body="Bonjour")
    url = f"/organise/appeals/{appeal.id}/letter?target={minister.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'href="/organise/appeals/{appeal.id}/letter?target={minister.id}&amp;language=fr"' in (
        page
    )
    french_url = f"{url}&language=fr"
    editor = client.get(french_url).get_data(as_text=True)
    assert "\nBonjour</textarea>" in editor  # starts from the translation's letter

    body = "Monsieur le Ministre,\n{{ appeal.title }}\n{{ today | long_date }}"
    response = post(client, french_url, {"subject": "Pour M. Dupont", "body": body})
    assert response.status_code == 302 and response.headers["Location"].endswith("&language=fr")
    session.expire_all()
    own = letter_template(appeal, minister)
    assert (own.target_id, own.language, own.subject) == (minister.id, "fr", "Pour M. Dupont")
    assert letters.find_letter(appeal, minister.id) is None  # no own letter in English
    assert audit(session, "appeal.letter_save")[-1].details == {
        "target_id": minister.id,
        "language": "fr",
    }
    # The preview speaks the letter's language: the translation's title, a French date.
    (preview,) = client.post(
        f"/organise/appeals/{appeal.id}/letter/preview?target={minister.id}&language=fr",
        data={"csrf_token": csrf_token(client, french_url), "subject": "x", "body": body},
    ).get_json()["previews"]
    assert preview["body"].startswith("Monsieur le Ministre,\nLibérez Sok Chea\n")
    assert long_date(date.today(), "fr") in preview["body"]
    # The default letter's page points to it.
    default_page = client.get(f"/organise/appeals/{appeal.id}/letter").get_data(as_text=True)
    assert f"letter?target={minister.id}&amp;language=fr" in default_page

    reset = f"/organise/appeals/{appeal.id}/letter/reset?target={minister.id}&language=fr"
    client.post(reset, data={"csrf_token": csrf_token(client, french_url)})
    session.expire_all()
    assert letter_template(appeal, minister).target_id is None  # the translation's again


def test_a_letter_language_must_be_one_the_official_reads_and_the_appeal_is_translated_to(
    client, session, appeal, organiser
):
    reader = make_target(session, name="Jean Dupont", languages=["fr"])
    other = make_target(session, name="John Smith", languages=["en"])
    add_target(session, appeal, reader, TargetRole.PRIMARY)
    add_target(session, appeal, other, TargetRole.COPY)
    base = f"/organise/appeals/{appeal.id}/letter"
    assert client.get(f"{base}?target={reader.id}&language=fr").status_code == 404  # untranslated
    add_french(session, appeal)
    assert client.get(f"{base}?target={reader.id}&language=fr").status_code == 200
    assert client.get(f"{base}?target={other.id}&language=fr").status_code == 404
    assert client.get(f"{base}?target={reader.id}&language=de").status_code == 404
    assert client.get(f"{base}?language=fr").status_code == 200  # the default: no language
    english = client.get(f"{base}?target={other.id}").get_data(as_text=True)
    assert "language=fr" not in english  # nothing to choose for an English reader


def english_review(appeal, **changes):
    """The review form's data for `appeal` as it stands, with `changes`."""
    values = {
        "title": appeal.title, "slug": appeal.slug, "summary": appeal.summary,
        "country": appeal.country, "language": appeal.language, "deadline": appeal.deadline.date(),
        "signature_goal": appeal.signature_goal,
        "confirm_signatures": appeal.confirm_signatures, "send_letters": appeal.send_letters,
        "keep_letter_text": appeal.keep_letter_text,
        "subjects": [s.name for s in appeal.subjects],
        "demands": [DemandRow(d.id, d.text, i) for i, d in enumerate(appeal.demands)],
    }  # fmt: skip
    return ReviewData(**(values | changes))


def test_the_original_letter_follows_the_appeals_language(client, session, appeal, organiser):
    apply_review(session, appeal, english_review(appeal, language="fr"), user=None, now=utcnow())
    assert [(lt.language, lt.subject) for lt in appeal.letters] == [("fr", "Free Sok Chea")]
    # A translation into the old language, without a letter, leaves the original alone.
    data = {"language": "en", "title": "Free him", "demands-0": "Free", "demands-1": "Drop",
            "letter_subject": "", "letter_body": ""}  # fmt: skip
    assert post(client, f"/organise/appeals/{appeal.id}/translations/new", data).status_code == 302
    rows = session.scalars(select(LetterTemplate).where(LetterTemplate.appeal_id == appeal.id))
    assert [(lt.language, lt.subject) for lt in rows] == [("fr", "Free Sok Chea")]
    assert letters.find_letter(appeal, None).subject == "Free Sok Chea"


def test_the_appeal_cannot_take_the_language_of_one_of_its_translations(session, appeal):
    add_french(session, appeal, letter_subject="Objet", letter_body="Bonjour")
    with pytest.raises(ReviewRefused) as refused:
        apply_review(session, appeal, english_review(appeal, language="fr"), user=None,
                     now=utcnow())  # fmt: skip
    assert "translation into French" in refused.value.errors["language"]
    assert appeal.language == "en"
    assert sorted(lt.language for lt in appeal.letters) == ["en", "fr"]


FRENCH_READER = {"Accept-Language": "fr"}


def reorder_and_reword(session, appeal) -> None:
    """The organiser swaps the two demands and rewords the first (same count as before)."""
    release, drop = appeal.demands
    rows = [DemandRow(drop.id, drop.text, 0), DemandRow(release.id, "Release him today", 1)]
    apply_review(session, appeal, english_review(appeal, demands=rows), user=None, now=utcnow())


def test_changed_demands_put_the_translation_out_of_date_until_it_is_saved_again(
    client, session, appeal, organiser
):
    add_french(session, appeal)
    assert appeal.translations[0].complete
    reorder_and_reword(session, appeal)
    translation = appeal.translations[0]
    assert not translation.complete
    assert translation.demands == ["Libérer", "Abandonner"]  # the translator's text is kept
    # Readers and letters in French get the original rather than demands in the wrong order.
    public = client.get(f"/a/{appeal.slug}", headers=FRENCH_READER).get_data(as_text=True)
    assert "Libérer" not in public and "Release him today" in public
    assert content_in(appeal, "fr").demands == ("Drop all charges", "Release him today")
    assert contents_for(session, [appeal], "fr")[appeal.id].title == appeal.title
    # The organiser is told, and the editor offers each text beside the demand it translated.
    assert "out of date: the demands have changed" in client.get(
        f"/organise/appeals/{appeal.id}"
    ).get_data(as_text=True)
    url = f"/organise/appeals/{appeal.id}/translations/fr"
    editor = client.get(url).get_data(as_text=True)
    assert "demands have changed since this translation was saved" in editor
    assert translations_module.form_defaults(appeal, translation)["demands"] == [
        "Abandonner",  # moved: follows its demand
        "Libérer",  # reworded in place: offered to correct
    ]
    data = french(**{"demands-0": "Abandonner", "demands-1": "Libérez-le aujourd’hui",
                     "letter_subject": None, "letter_body": None})  # fmt: skip
    assert post(client, url, data).status_code == 302
    session.refresh(translation)
    assert translation.complete
    public = client.get(f"/a/{appeal.slug}", headers=FRENCH_READER).get_data(as_text=True)
    assert "Libérez-le aujourd’hui" in public


def test_a_demand_replaced_by_another_leaves_the_translation_out_of_date(session, appeal):
    add_french(session, appeal)
    release, _drop = appeal.demands
    rows = [DemandRow(release.id, release.text, 0), DemandRow(None, "Let his family visit", 1)]
    apply_review(session, appeal, english_review(appeal, demands=rows), user=None, now=utcnow())
    translation = appeal.translations[0]
    assert not translation.complete
    # The demand gone leaves its translation to the one added, to correct.
    assert translations_module.form_defaults(appeal, translation)["demands"] == [
        "Libérer",
        "Abandonner",
    ]


def test_a_follow_up_keeps_what_each_translation_translated(session, appeal):
    add_french(session, appeal)
    copy = lifecycle.clone(session, appeal, user=None, now=utcnow())
    assert copy.translations[0].source_demands == ["Release the prisoner", "Drop all charges"]
    assert copy.translations[0].complete


def test_demands_reworded_while_the_editor_is_open_are_not_paired_with_old_translations(
    client, session, appeal, organiser
):
    add_french(session, appeal)
    url = f"/organise/appeals/{appeal.id}/translations/fr"
    opened = client.get(url).get_data(as_text=True)
    shown = re.search(r'name="source" type="hidden" value="([0-9a-f]+)"', opened).group(1)
    # Meanwhile another organiser rewords both demands: as many as before, so the count
    # alone would not tell.
    appeal.demands[0].text, appeal.demands[1].text = "Free him today", "Quash the sentence"
    session.flush()
    typed = french(source=shown, title="Libérez Sok Chea maintenant")
    refused = post(client, url, typed)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "were changed while you were translating" in page
    assert "Libérez Sok Chea maintenant" in page  # what was typed is kept
    session.refresh(appeal.translations[0])
    assert appeal.translations[0].title == "Libérez Sok Chea"  # nothing saved
    # Sent again from the page it came back on, after checking, it is saved.
    again = re.search(r'name="source" type="hidden" value="([0-9a-f]+)"', page).group(1)
    assert again != shown
    assert post(client, url, typed | {"source": again}).status_code == 302
    session.refresh(appeal.translations[0])
    assert appeal.translations[0].title == "Libérez Sok Chea maintenant"
    assert appeal.translations[0].complete


def test_the_people_concerned_are_described_in_the_readers_language(
    client, session, appeal, organiser
):
    from campaign.models import Subject

    appeal.subjects.append(
        Subject(name="Sok Chea", description="a land-rights activist", position=0)
    )
    appeal.subjects.append(Subject(name="Dara Kim", description="", position=1))
    session.flush()
    url = f"/organise/appeals/{appeal.id}/translations/new"
    editor = client.get(url).get_data(as_text=True)
    assert "About Sok Chea" in editor and "a land-rights activist" in editor
    assert "About Dara Kim" not in editor  # nothing to translate: no description
    assert (
        post(client, url, french(**{"about-0": "militant pour le droit à la terre"})).status_code
        == 302
    )
    [translation] = translations(session, appeal)
    assert translation.subject_descriptions == {"Sok Chea": "militant pour le droit à la terre"}
    public = client.get(f"/a/{appeal.slug}", headers=FRENCH_READER).get_data(as_text=True)
    assert "militant pour le droit à la terre" in public and "land-rights" not in public
    english = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "a land-rights activist" in english
    # Saved without it, the French page names them without the English description.
    edit = f"/organise/appeals/{appeal.id}/translations/fr"
    assert "militant pour le droit" in client.get(edit).get_data(as_text=True)
    assert post(client, edit, french(**{"about-0": ""})).status_code == 302
    public = client.get(f"/a/{appeal.slug}", headers=FRENCH_READER).get_data(as_text=True)
    assert "Sok Chea" in public and "land-rights" not in public
