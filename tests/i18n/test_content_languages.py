"""Languages of content: codes checked against CLDR, matched by language, and written out."""

from __future__ import annotations

from datetime import date

import pytest

from campaign.languages import (
    UnknownLanguage,
    best_match,
    language_name,
    long_date,
    normalise,
    same_language,
)
from campaign.letters import render_letter
from campaign.letters.sandbox import preview_context


@pytest.mark.parametrize(
    ("code", "usual"),
    [("fr", "fr"), ("FR", "fr"), ("fr_ca", "fr-CA"), ("zh-hant-tw", "zh-Hant-TW"), ("km", "km")],
)
def test_known_codes_take_their_usual_form(code: str, usual: str) -> None:
    assert normalise(code) == usual


@pytest.mark.parametrize(
    "code", ["", "  ", "xx", "zz", "und", "root", "i-klingon", "fr@!", "fr.UTF-8", "\x00"]
)
def test_codes_that_name_no_language_are_refused(code: str) -> None:
    with pytest.raises(UnknownLanguage):
        normalise(code)


def test_the_exact_tag_is_preferred_then_the_same_language() -> None:
    assert best_match("fr-CA", ["fr", "fr-CA"]) == "fr-CA"
    assert best_match("fr-CA", ["es", "fr"]) == "fr"
    assert best_match("pt", ["pt-BR"]) == "pt-BR"
    assert best_match("de", ["fr", "es"]) is None
    assert same_language("en-GB", "en") and not same_language("", "en")


def test_names_and_dates_are_written_in_the_language_asked() -> None:
    assert language_name("en", "fr") == "anglais"
    assert language_name("fr", "es") == "francés"
    assert language_name("xx", "fr") == "xx"
    assert long_date(date(2026, 10, 10), "en") == "10 October 2026"
    assert long_date(date(2026, 10, 10), "fr") == "10 octobre 2026"
    assert long_date(date(2026, 10, 10), "es") == "10 de octubre de 2026"
    assert long_date(date(2026, 10, 10), "not-a-language") == "10 October 2026"


def test_a_letter_writes_its_dates_in_its_own_language() -> None:
    body = "{{ today | long_date }}"
    context = preview_context()
    english, _ = render_letter("s", body, context)
    french, _ = render_letter("s", body, context.__class__(**{**vars(context), "language": "fr"}))
    assert (english.body, english.language) == ("15 January 2026\n", "en")
    assert (french.body, french.language) == ("15 janvier 2026\n", "fr")
