"""Names and places are plain text: the checks read every script by its Unicode
categories, and ASCII (most of what is typed) by a regular expression of the same rules."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from campaign.signatures.forms import JOINERS, has_letter, is_plain

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)
ANY_TEXT = st.text(max_size=40)


def by_categories(value: str) -> bool:
    """The rule as stated: no < or >, no control or format character but the joiners,
    and a letter or a number in anything not empty."""
    for ch in value:
        category = unicodedata.category(ch)
        if ch in "<>" or category == "Cc" or (category == "Cf" and ch not in JOINERS):
            return False
    return not value or any(unicodedata.category(ch)[0] in "LN" for ch in value)


@given(ASCII | ANY_TEXT)
def test_plain_text_is_the_rule_in_every_script(value: str) -> None:
    assert is_plain(value) == by_categories(value)


@given(ASCII | ANY_TEXT)
def test_a_letter_of_any_script_is_a_letter(value: str) -> None:
    assert has_letter(value) == any(unicodedata.category(ch)[0] == "L" for ch in value)


def test_examples() -> None:
    assert is_plain("") and is_plain("Ana Ruiz") and is_plain("SW1A 1AA") and is_plain("75001")
    assert not is_plain("<b>") and not is_plain("Ana\x00") and not is_plain("Ana\x7f")
    assert not is_plain("...") and not is_plain(" ")
    assert is_plain("Zoë") and is_plain("مهسا") and is_plain("می\u200cخواهم")
    assert not is_plain("Ana\u202e") and not is_plain("\u200b")
    assert has_letter("Ana 2") and not has_letter("12345") and has_letter("李")
