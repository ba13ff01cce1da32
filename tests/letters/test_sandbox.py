"""Organiser-written letters: rendered for a supporter, refused when they try to escape."""

from __future__ import annotations

import pytest

from campaign.letters import (
    AppealView,
    LetterContext,
    SupporterView,
    TargetView,
    check_template,
    render_letter,
)
from campaign.letters.sandbox import MAX_TEMPLATE_CHARS, preview_context


def context(**supporter: str) -> LetterContext:
    return LetterContext(
        supporter=SupporterView(**({"name": "Ana Ruiz", "country": "Chile"} | supporter)),
        target=TargetView(name="Sok Chea", title="Minister", salutation="Your Excellency"),
        appeal=AppealView.of("Free Dara", ["Release Dara", "Drop all charges against Dara"]),
    )


def test_a_letter_is_filled_in_for_the_supporter_and_target() -> None:
    body = (
        "{{ target.salutation }},\n\nPlease:\n{% for d in appeal.demands %}- {{ d.text }}\n"
        "{% endfor %}\nYours,\n{{ supporter.name }}, {{ supporter.country }}"
    )
    letter, errors = render_letter("About {{ appeal.title }}", body, context())
    assert errors == []
    assert letter.subject == "About Free Dara"
    assert letter.body == (
        # a line holding only a tag leaves no blank line behind (trim_blocks)
        "Your Excellency,\n\nPlease:\n- Release Dara\n- Drop all charges against Dara\n"
        "Yours,\nAna Ruiz, Chile\n"
    )


def test_text_letters_keep_characters_and_html_letters_escape_them() -> None:
    hostile = context(name="<script>alert(1)</script> Ngô & Ñuñez")
    text, _ = render_letter("s", "{{ supporter.name }}", hostile)
    html, _ = render_letter("s", "{{ supporter.name }}", hostile, html=True)
    assert text.body.strip() == "<script>alert(1)</script> Ngô & Ñuñez"
    assert html.body.strip() == "&lt;script&gt;alert(1)&lt;/script&gt; Ngô &amp; Ñuñez"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("Dear {{ supporter.name", 1, "expected"),
        ("Hello\n{{ supporter.nmae }}", 2, "Unknown field “nmae”"),
        ("Hello\n\n{{ config }}", 3, "Unknown variable “config”"),
        ("{{ self }}", 1, "Unknown variable “self”"),
        ("{{ lipsum() }}", 1, "Unknown variable “lipsum”"),
        ("{{ ''.__class__.__mro__ }}", 1, "Not allowed"),
        ("{{ supporter.name.__class__ }}", 1, "Not allowed"),
        ("{{ supporter.name | attr('__class__') }}", 1, "Not allowed"),
        ("{% include 'base.html' %}", 1, "cannot include"),
        ("{% extends 'base.html' %}", 1, "cannot include"),
        ("{% import 'x' as y %}", 1, "cannot include"),
        ("{{ 'a' * 100000000 }}", 1, "too long"),
        ("{{ 9 ** 99999 }}", 1, "powers"),
        ("{{ appeal.demands[99] }}", 1, "no element"),
    ],
)
def test_mistakes_and_escapes_are_reported_with_their_line(source, line, message) -> None:
    errors = check_template(source)
    assert len(errors) == 1
    assert errors[0].line == line
    assert message in errors[0].message


def test_an_oversized_template_is_refused() -> None:
    errors = check_template("x" * (MAX_TEMPLATE_CHARS + 1))
    assert "longer than" in errors[0].message


def test_render_refuses_rather_than_raises() -> None:
    letter, errors = render_letter("{{ oops }}", "fine", preview_context())
    assert letter is None
    assert [e.message for e in errors] == ["Unknown variable “oops”."]


def test_loops_may_name_their_own_variables() -> None:
    source = "{% for d in appeal.demands %}{{ loop.index }}. {{ d }}\n{% endfor %}"
    assert check_template(source) == []
    letter, _ = render_letter("s", source, context())
    assert letter.body == "1. Release Dara\n2. Drop all charges against Dara\n"
