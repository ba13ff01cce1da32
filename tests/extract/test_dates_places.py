"""The release's own date in its common forms, and the country of its addressees."""

from collections import Counter

import pytest

from campaign.extract import extract_release
from campaign.extract.places import dominant

BODY = "The government must release the editor, who was arrested on 4 January 2015."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("September 10, 2018", "2018-09-10"),
        ("10 September 2018", "2018-09-10"),
        ("Monday, 10th September 2018", "2018-09-10"),
        ("10.09.2018", "2018-09-10"),
        ("2018-09-10", "2018-09-10"),
        ("GENEVA, 3 May 2021 — The rights group said", "2021-05-03"),
        ("(Berlin, May 2, 2024) – Authorities should act", "2024-05-02"),
    ],
)
def test_date_forms(header, expected):
    draft = extract_release(f"Title of the statement\n\n{header}\n\n{BODY}")
    assert draft.date == expected


def test_narrative_dates_are_not_the_release_date():
    draft = extract_release(f"Title of the statement\n\n{BODY} He was tried on 5 June 2016.")
    assert draft.date is None
    assert "no date found" in draft.warnings


def test_date_given_as_today():
    draft = extract_release(
        "Title of the statement\n\nToday, i.e. April 26, 2020, we wrote to the ministry. " + BODY
    )
    assert draft.date == "2020-04-26"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cambodia: Release the opposition leader\n\nThe leader is held.", "KH"),
        ("Free the editor\n\nWe call on the Cambodian authorities to free the editor.", "KH"),
        ("Free the editor\n\nWe call on the Government of India to free the editor.", "IN"),
        (
            "Free the editor\n\nWe urge the UN Human Rights Council to press for the editor's "
            "release and call on governments to raise the case.",
            None,
        ),
    ],
)
def test_country(text, code):
    assert extract_release(text).country == code


def test_country_from_a_single_or_dominant_mention():
    assert dominant(Counter({"IN": 1})) == "IN"
    assert dominant(Counter({"US": 3, "GB": 2})) is None
    assert dominant(Counter({"SA": 6, "YE": 2})) == "SA"
