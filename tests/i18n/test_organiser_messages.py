"""Messages that come from code without a catalogue (the extractor, the letter sandbox, the
embed origins) reach organisers in their language; so does the role on the 403 page."""

from __future__ import annotations

import pytest

from campaign.extract import extract_release
from campaign.models import AppealStatus, Role, TargetRole
from campaign.organise.warnings import warning_text
from tests.conftest import csrf_token
from tests.factories import make_appeal, make_release
from tests.i18n.test_staff_pages import NBSP, NNBSP, speaking, text


def test_the_extractor_s_warnings_are_shown_in_french(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "fr")
    release = make_release(session)
    release.extracted = {
        "warnings": [
            "no title found",
            "no target found",
            "text is long: only the first 200000 characters were read",
            "a warning from a later extractor",
        ]
    }
    # Still without a title: a warning that no longer applies is not shown.
    appeal = make_appeal(session, AppealStatus.DRAFT, release=release, title="Untitled appeal")
    session.flush()
    page = text(client.get(f"/organise/appeals/{appeal.id}"))
    assert f"Aucun titre n’a été trouvé{NBSP}: écrivez-en un." in page
    assert f"Aucun·e responsable à qui écrire n’a été trouvé·e{NBSP}: ajoutez" in page
    assert f"seuls ses 200{NNBSP}000 premiers caractères ont été lus." in page
    assert "a warning from a later extractor" in page  # unknown: shown as it is
    assert "no title found" not in page


@pytest.mark.parametrize(
    "release",
    [
        "",
        "Der Minister muss den Gefangenen sofort freilassen und alle Anklagen fallen lassen.",
        "x " * 120_000,
        "We call on the authorities to release him.",
    ],
)
def test_every_warning_the_extractor_writes_has_a_translation(app, release: str) -> None:
    draft = extract_release(release)
    assert draft.warnings
    for warning in draft.warnings:
        with app.test_request_context(headers={"Accept-Language": "en"}):
            english = warning_text(warning)
        with app.test_request_context(headers={"Accept-Language": "es"}):
            assert warning_text(warning) not in (warning, english), warning


def test_letter_mistakes_are_explained_in_french(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "fr")
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}/letter"
    token = csrf_token(client, url)
    body = "Dear {{ target.name }},\n{{ nobody }}\n{% include 'other.txt' %}\n{{ target.nickname }}"
    page = text(client.post(url, data={"csrf_token": token, "subject": "Hi", "body": body}))
    assert f"Ligne 2{NBSP}: Variable inconnue «{NBSP}nobody{NBSP}»." in page
    assert f"Ligne 3{NBSP}: Une lettre ne peut ni inclure" in page
    assert (
        f"Ligne 4{NBSP}: Champ inconnu «{NBSP}nickname{NBSP}»." not in page
    )  # checked once the rest is right
    assert "Unknown variable" not in page and "Line 2" not in page


def test_the_letter_preview_explains_in_spanish(client, session) -> None:
    from tests.factories import add_target, make_target

    speaking(client, session, Role.ORGANISER, "es")
    appeal = make_appeal(session, AppealStatus.DRAFT)
    add_target(session, appeal, make_target(session, name="Sok Minister"), TargetRole.PRIMARY)
    url = f"/organise/appeals/{appeal.id}/letter"
    token = csrf_token(client, url)
    (preview,) = client.post(
        f"{url}/preview",
        data={"csrf_token": token, "subject": "Hi", "body": "A\n{{ target.nickname }}"},
    ).get_json()["previews"]
    assert preview["errors"] == ["Línea 2: Campo desconocido «nickname»."]


def test_a_refused_embed_origin_is_explained_in_spanish(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "es")
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    token = csrf_token(client, url)
    page = text(client.post(f"{url}/embed", data={"csrf_token": token, "origins": "not a site!"}))
    assert "«not a site!» no es una dirección web como https://example.org." in page
    assert "is not a web address" not in page


def test_the_403_page_names_the_role_in_french(client, session) -> None:
    speaking(client, session, Role.ORGANISER, "fr")
    response = client.get("/staff/")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "(organisateur·rice)" in page and "(organiser)" not in page
