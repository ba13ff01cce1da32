"""Organiser-written letters: rendered for a supporter, refused when they try to escape."""

from __future__ import annotations

import time

import pytest

from campaign.letters import (
    AppealView,
    LetterContext,
    SupporterView,
    TargetView,
    check_template,
    limits,
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


BIG = "{% set a = 'x' * 50000 %}"


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("{{ 'x'|center(100000000) }}", "too_big"),
        ("{{ '%100000000d'|format(1) }}", "too_big"),
        ("{{ '%100000000d' % 1 }}", "too_big"),
        ("{{ '%.*f'|format(100000000, 1.0) }}", "too_big"),
        ("{{ '{:>100000000}'.format(1) }}", "too_big"),
        ("{{ 'x'|indent(10**8) }}", "too_big"),
        ("{{ 'x'.ljust(100000000) }}", "too_big"),
        ("{{ [1, 2]|batch(100000000, 'x')|list }}", "too_big"),
        ("{{ [1]|slice(100000000)|list }}", "too_big"),
        ("{{ (10 ** 64) ** 64 }}", "too_big"),
        (BIG + "{{ a ~ a }}", "too_big"),
        (BIG + "{{ a + a }}", "too_big"),
        (BIG + "{{ [a] * 50000 }}", "too_big"),
        (BIG + "{{ [a, a] }}", "too_big"),
        (BIG + "{{ a|replace('x', 'yy') }}", "too_big"),
        (BIG + "{{ a.replace('x', 'yy') }}", "too_big"),
        (BIG + "{{ [a]|join(a) }}", "too_big"),
        (BIG + "{{ a|map('center', 1000)|list }}", "too_big"),
        ("{{ supporter.name|wordwrap(1, wrapstring='x' * 40000) }}", "too_big"),
        (BIG + "{% set s %}{% for x in a %}{{ a }}{% endfor %}{% endset %}", "too_big"),
        (
            "{% set a = [1] * 4000 %}{% for x in a %}{% for y in a %}{% endfor %}{% endfor %}",
            "too_slow",
        ),
    ],
)
def test_templates_that_would_build_too_much_or_run_too_long_are_refused_at_once(
    source, kind
) -> None:
    started = time.monotonic()
    [error] = check_template(source)
    assert time.monotonic() - started < 1
    assert (error.kind, error.line) == (kind, 1)


def test_lists_cannot_grow_in_place() -> None:
    [error] = check_template("{% set a = [1] %}{% for x in a %}{{ a.append(x) }}{% endfor %}")
    assert error.kind == "not_allowed"


def test_range_is_not_available() -> None:
    [error] = check_template("{% for i in range(10 ** 9) %}{% endfor %}")
    assert error.kind == "unknown_variable"


def test_a_render_past_its_deadline_is_stopped(monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_SECONDS", -1.0)
    [error] = check_template("{% for d in appeal.demands %}{{ d }}{% endfor %}")
    assert error.kind == "too_slow"


def test_ordinary_filters_and_formats_still_work() -> None:
    source = (
        "{{ appeal.demands|join('; ') }}|{{ '%05.1f'|format(2.5) }}|{{ '{:>4}'.format(7) }}|"
        "{{ 'a b c'|wordwrap(3) }}|{{ appeal.title|center(20)|trim }}|{{ [1, 2] + [3] }}"
    )
    letter, errors = render_letter("s", source, context())
    assert errors == []
    assert letter.body == (
        "Release Dara; Drop all charges against Dara|002.5|   7|a b\nc|Free Dara|[1, 2, 3]\n"
    )


@pytest.mark.parametrize(
    "source",
    ["{{ appeal|dictsort }}", "{{ appeal|xmlattr }}", "\n{{ appeal.title|truncate(-5) }}"],
)
def test_any_failure_while_filling_in_is_a_letter_error_with_its_line(source) -> None:
    [error] = check_template(source)
    assert error.kind == "fill_failed"
    assert error.line == source.count("\n") + 1
