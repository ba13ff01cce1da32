"""mailto: links: encoding of non-ASCII text, line breaks, reserved characters, length."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from campaign.signatures.mailto import ELLIPSIS, encode, mailto_url


def decoded(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    fields = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return unquote(parts.path), fields


def test_line_breaks_become_crlf_and_reserved_characters_are_encoded() -> None:
    assert encode("a\nb") == "a%0D%0Ab"
    assert encode("a\r\nb\rc") == "a%0D%0Ab%0D%0Ac"
    assert encode("50% & more = ?#+") == "50%25%20%26%20more%20%3D%20%3F%23%2B"


@pytest.mark.parametrize(
    "name", ["Zoë Łukasiewicz", "ហ៊ុន សុខា", "محمد الأحمد", "李小龍", "Ana 😀 Ruiz"]
)
def test_non_ascii_text_survives_the_round_trip(name: str) -> None:
    body = f"Your Excellency,\n\nPlease act.\n\nYours sincerely,\n{name}\n"
    url, cut = mailto_url(["minister@example.org"], f"Letter from {name}", body)
    assert not cut
    assert url.isascii() and " " not in url and "\n" not in url
    to, fields = decoded(url)
    assert to == "minister@example.org"
    assert fields["subject"] == f"Letter from {name}"
    assert fields["body"] == body.replace("\n", "\r\n")


def test_copies_go_in_cc_and_several_addresses_are_comma_separated() -> None:
    url, _ = mailto_url(["a@example.org", "b@example.org"], "S", "B", cc=["c@example.org"])
    assert url.startswith("mailto:a@example.org,b@example.org?")
    assert decoded(url)[1]["cc"] == "c@example.org"


def test_an_internationalised_address_is_percent_encoded() -> None:
    url, _ = mailto_url(["用户@例子.广告"], "S", "B")
    assert url.isascii()
    assert decoded(url)[0] == "用户@例子.广告"


def test_a_long_body_is_cut_at_a_word_to_fit_and_says_so() -> None:
    body = "\n\n".join(f"Paragraph {n}: " + "words " * 40 for n in range(40))
    url, cut = mailto_url(["m@example.org"], "Subject", body, max_length=2000)
    assert cut and len(url) <= 2000
    text = decoded(url)[1]["body"].replace("\r\n", "\n")
    assert text.endswith(ELLIPSIS)
    kept = text[: -len(ELLIPSIS)]
    assert body.startswith(kept) and kept.endswith("words")
    assert len(url) > 1800  # as much as fits, not far less


def test_a_long_body_in_a_non_latin_script_fits_too() -> None:
    body = "សូមដោះលែងលោក កឹម សុខា។ " * 200
    url, cut = mailto_url(["m@example.org"], "ចំណងជើង", body, max_length=2000)
    assert cut and len(url) <= 2000
    assert decoded(url)[1]["body"].endswith(ELLIPSIS.replace("\n", "\r\n"))


def test_a_short_letter_is_not_cut() -> None:
    url, cut = mailto_url(["m@example.org"], "S", "Short.", max_length=2000)
    assert not cut and decoded(url)[1]["body"] == "Short."


CLOSING = (
    "I thank you for your attention to this case.\n\n"
    "Yours sincerely,\n\nAna Ruiz\nValparaíso, Chile\n"
)


def letter(own: str = "", demands: int = 3) -> str:
    asks = "\n".join(f"- Release prisoner number {n} at once" for n in range(demands))
    middle = f"{own}\n\n" if own else ""
    return f"Your Excellency,\n\nI am writing about Kem Sokha.\n\n{asks}\n\n{middle}{CLOSING}"


def test_a_long_own_paragraph_is_shortened_and_the_closing_and_name_are_kept() -> None:
    own = ("I have followed this case since 2017 and " * 25).strip()  # ~1,000 characters
    url, cut = mailto_url(["m@example.org"], "Kem Sokha", letter(own, demands=12), own=own)
    assert cut and 1800 < len(url) <= 2000
    text = decoded(url)[1]["body"].replace("\r\n", "\n")
    # Everything but the supporter's paragraph is whole; it ends at a word, marked.
    assert text.startswith(letter(demands=12)[: -len(CLOSING)])
    assert "number 11 at once\n\nI have followed this case since" in text
    assert text.endswith(" […]\n\n" + CLOSING.rstrip())


def test_a_letter_long_without_its_own_paragraph_is_cut_before_the_closing() -> None:
    own = "I care about this."
    url, cut = mailto_url(["m@example.org"], "S", letter(own, demands=60), own=own)
    assert cut and len(url) <= 2000
    text = decoded(url)[1]["body"].replace("\r\n", "\n")
    assert text.startswith("Your Excellency,\n\nI am writing about Kem Sokha.")
    assert own not in text  # it went first
    assert text.endswith("at once\n\n[…]\n\nYours sincerely,\n\nAna Ruiz\nValparaíso, Chile")
