"""The model letter follows the organiser's corrections and the appeal's language."""

from __future__ import annotations

import pytest

from campaign.demo import seed_text
from campaign.extract import ReleaseDraft
from campaign.letters import draft_letter
from campaign.models import AppealStatus, TargetRole, utcnow
from campaign.organise import launch, letters, lifecycle
from campaign.organise.launch import LaunchSettings, launch_from_release
from campaign.organise.review import DemandRow, apply_review
from tests.factories import add_target, make_target
from tests.organise.test_services import review_of

SETTINGS = LaunchSettings(deadline_days=30)
FRENCH_RELEASE = (
    "Le gouvernement doit cesser de harceler les défenseurs des droits humains. Les autorités "
    "ont arrêté trois militants la semaine dernière, et ils sont toujours détenus sans "
    "inculpation dans une prison de la capitale."
)


def letter_as_sent(session, appeal):
    (letter,) = appeal.original_letters
    (preview,) = letters.previews(appeal, letter.subject, letter.body, [make_target(session)])
    assert preview.errors == []
    return preview.letter


def test_the_letter_follows_corrected_demands_and_title(session) -> None:
    appeal = launch_from_release(session, seed_text(), user=None, now=utcnow(), settings=SETTINGS)
    first, second, third = appeal.demands
    rows = [
        DemandRow(third.id, "Give Kem Sokha medical care now", 0),
        DemandRow(first.id, first.text, 1),
        DemandRow(None, "Allow observers at the trial", 2),
    ]  # the second removed
    data = review_of(appeal, title="Free Kem Sokha for good", demands=rows)
    apply_review(session, appeal, data, user=None, now=utcnow())

    letter = letter_as_sent(session, appeal)
    assert letter.subject == "Free Kem Sokha for good"
    expected = "- Give Kem Sokha medical care now\n- Drop all charges against Kem Sokha\n"
    assert expected + "- Allow observers at the trial\n\n" in letter.body
    assert second.text not in letter.body


def test_a_release_filled_in_by_hand_in_french_gets_a_french_letter(session) -> None:
    appeal = launch_from_release(
        session, FRENCH_RELEASE, user=None, now=utcnow(), settings=SETTINGS
    )
    assert appeal.demands == []  # nothing the extractor could read
    data = review_of(
        appeal,
        title="Libérez les militants",
        language="fr",
        demands=[DemandRow(None, "Libérer les trois militants", 0)],
    )
    apply_review(session, appeal, data, user=None, now=utcnow())

    letter = letter_as_sent(session, appeal)
    assert appeal.original_letters[0].language == "fr"
    assert letter.subject == "Libérez les militants"
    assert ",\n\nJe vous écris au sujet de «\u00a0Libérez les militants\u00a0»." in letter.body
    assert "- Libérer les trois militants\n" in letter.body
    assert "(the demands)" not in letter.body and "Untitled" not in letter.body


def test_a_letter_already_edited_is_not_redrafted_when_the_language_changes(session) -> None:
    appeal = launch_from_release(
        session, FRENCH_RELEASE, user=None, now=utcnow(), settings=SETTINGS
    )
    appeal.letters[0].body = "Bonjour {{ target.name }}"
    apply_review(session, appeal, review_of(appeal, language="fr"), user=None, now=utcnow())
    assert appeal.letters[0].body == "Bonjour {{ target.name }}"
    assert appeal.letters[0].language == "fr"


def test_publishing_refuses_placeholder_text(session) -> None:
    appeal = launch_from_release(
        session, FRENCH_RELEASE, user=None, now=utcnow(), settings=SETTINGS
    )
    assert appeal.title == "Untitled appeal"
    apply_review(
        session,
        appeal,
        review_of(appeal, demands=[DemandRow(None, "Free them", 0)]),
        user=None,
        now=utcnow(),
    )
    add_target(session, appeal, make_target(session, name="Minister"), TargetRole.PRIMARY)
    # A letter drafted by an earlier version, with a placeholder for the demands.
    appeal.letters[0].body = "Dear {{ target.name }},\n\n- (the demands)\n"
    problems = lifecycle.publish_problems(appeal, utcnow())
    messages = {(p.field, p.message) for p in problems}
    assert ("title", "Give the appeal a title of its own.") in messages
    assert any(
        field == "letter" and "The letter to Minister still says “(the demands)”" in message
        for field, message in messages
    )
    assert appeal.status is AppealStatus.DRAFT


@pytest.mark.parametrize(
    ("detected", "expected"), [("fr", "fr"), ("es-MX", "es"), ("unknown", "en"), ("nl", "en")]
)
def test_the_draft_is_in_the_language_the_release_is_in(
    session, monkeypatch, detected, expected
) -> None:
    found = ReleaseDraft(title="Libérez les militants", language=detected)
    monkeypatch.setattr(launch, "extract_release", lambda text: found)
    appeal = launch_from_release(
        session, FRENCH_RELEASE, user=None, now=utcnow(), settings=SETTINGS
    )
    assert appeal.language == expected
    (letter,) = appeal.letters
    assert letter.language == expected
    assert (letter.subject, letter.body) == draft_letter([], language=expected)


def test_a_french_release_pasted_as_it_is_gives_a_french_draft(session) -> None:
    appeal = launch_from_release(
        session, FRENCH_RELEASE, user=None, now=utcnow(), settings=SETTINGS
    )
    assert appeal.language == "fr"
    (letter,) = appeal.letters
    assert letter.language == "fr" and "Je vous demande respectueusement" in letter.body


def test_an_untouched_letter_follows_corrected_people_and_summary(session) -> None:
    appeal = launch_from_release(session, seed_text(), user=None, now=utcnow(), settings=SETTINGS)
    data = review_of(
        appeal, subjects=["Khu Kyi Reh"], summary="Khu Kyi Reh was detained in May. More."
    )
    apply_review(session, appeal, data, user=None, now=utcnow())

    body = letter_as_sent(session, appeal).body
    assert "I am writing to you about Khu Kyi Reh. Khu Kyi Reh was detained in May.\n" in body
    assert "Kem Sokha." not in body.split("\n\n")[1]

    # Still untouched after the redraft: a later correction redrafts it again.
    data = review_of(appeal, subjects=["Khu Kyi Reh", "Naw Ohn Hla"])
    apply_review(session, appeal, data, user=None, now=utcnow())
    assert "about Khu Kyi Reh and Naw Ohn Hla." in letter_as_sent(session, appeal).body


def test_an_edited_letter_keeps_its_text_when_the_people_change(session) -> None:
    appeal = launch_from_release(session, seed_text(), user=None, now=utcnow(), settings=SETTINGS)
    appeal.letters[0].body = "Dear {{ target.name }}, free Kem Sokha."
    apply_review(session, appeal, review_of(appeal, subjects=["Dara"]), user=None, now=utcnow())
    assert appeal.letters[0].body == "Dear {{ target.name }}, free Kem Sokha."
