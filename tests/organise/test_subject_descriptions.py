"""Organisers say on the review form how the public page describes each person concerned."""

from __future__ import annotations

from campaign.models import AppealStatus, Subject
from campaign.organise.review import review_version
from campaign.organise.services import parse_subject_line
from tests.factories import make_appeal
from tests.organise.test_routes import review_form


def test_a_description_given_on_the_review_form_reaches_the_public_page_and_translator(
    client, session, organiser
) -> None:
    appeal = make_appeal(session, AppealStatus.LIVE)
    appeal.subjects = [
        Subject(name="Kem Sokha", description="opposition leader", position=0),
        Subject(name="Jean-Pierre Mbemba", description="", position=1),
    ]
    session.flush()
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url)
    assert fields["subjects"].splitlines() == [
        "Kem Sokha — opposition leader",
        "Jean-Pierre Mbemba",
    ]

    # Saved as shown, nothing changes; each line may then be given or change its description.
    assert client.post(url, data=fields).status_code == 302
    assert [(s.name, s.description) for s in appeal.subjects] == [
        ("Kem Sokha", "opposition leader"),
        ("Jean-Pierre Mbemba", ""),
    ]
    fields = review_form(client, url) | {
        "subjects": "Kem Sokha — leader of the Cambodian opposition\n"
        "Jean-Pierre Mbemba - a journalist in Kinshasa\n"
    }
    assert client.post(url, data=fields).status_code == 302
    session.refresh(appeal)
    assert [(s.name, s.description) for s in appeal.subjects] == [
        ("Kem Sokha", "leader of the Cambodian opposition"),
        ("Jean-Pierre Mbemba", "a journalist in Kinshasa"),
    ]
    public = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "<strong>Kem Sokha</strong>, leader of the Cambodian opposition" in public
    editor = client.get(f"{url}/translations/new").get_data(as_text=True)
    assert "About Jean-Pierre Mbemba" in editor and "a journalist in Kinshasa" in editor


def test_removing_a_description_removes_it_from_the_public_page(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    appeal.subjects = [Subject(name="Dara", description="a monk", position=0)]
    session.flush()
    before = review_version(appeal)
    url = f"/organise/appeals/{appeal.id}"
    assert client.post(url, data=review_form(client, url) | {"subjects": "Dara"}).status_code == 302
    session.refresh(appeal)
    assert appeal.subjects[0].description == ""
    assert review_version(appeal) != before  # a description saved meanwhile is a change


def test_a_line_splits_at_a_dash_between_spaces_only() -> None:
    assert parse_subject_line(" Ihsane El Kadi –  journalist ") == ("Ihsane El Kadi", "journalist")
    assert parse_subject_line("Jean-Pierre Mbemba") == ("Jean-Pierre Mbemba", "")
    assert parse_subject_line("A — b — c") == ("A", "b — c")
