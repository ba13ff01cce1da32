"""Arbitrary input thrown at the parts that read what people type or paste: nothing
escapes as an exception, no request answers 500, and a signature is stored whole or not
at all."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from campaign.extract import extract_release
from campaign.letters import check_template, render_letter
from campaign.letters.sandbox import preview_context
from campaign.models import Signature, Target
from campaign.targets.csv_io import ImportRejected, import_targets
from tests.conftest import csrf_token
from tests.factories import make_appeal

# Text as people produce it, and worse: every plane of Unicode, controls, markup.
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
MARKUP = st.sampled_from(
    ["<script>alert(1)</script>", "{{ config }}", "{% for %}", "\x00", "\r\n", "=1+1",
     "‮", "ស្វាគមន៍", "مرحبا", "<img src=x onerror=alert(1)>", "&amp;&#0;", "\ufeff"]
)  # fmt: skip
NASTY = st.lists(st.one_of(TEXT, MARKUP), max_size=8).map("".join)
# Fixtures are shared by a test's examples on purpose: each example checks what it changed.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(text=NASTY)
def test_the_extractor_never_raises(text: str) -> None:
    draft = extract_release(text)
    data = draft.to_dict()
    for demand in data["demands"]:
        start, end = demand["span"]
        assert 0 <= start <= end <= len(data["cleaned_text"])


@FUZZ
@given(subject=NASTY, body=NASTY)
def test_letters_render_or_say_why(subject: str, body: str) -> None:
    errors = check_template(body)
    letter, render_errors = render_letter(subject, body, preview_context())
    assert (letter is None) == bool(render_errors or errors or check_template(subject))


@FUZZ
@given(name=NASTY, email=st.one_of(NASTY, st.emails()), country=st.one_of(NASTY, st.just("GB")),
       postcode=NASTY)  # fmt: skip
def test_signing_with_anything_is_never_a_500(client, session, name, email, country, postcode):
    appeal = make_appeal(session)
    before = session.scalar(select(func.count()).select_from(Signature))
    form = {"name": name, "email": email, "country": country, "postcode": postcode,
            "csrf_token": csrf_token(client, f"/a/{appeal.slug}")}  # fmt: skip
    response = client.post(f"/a/{appeal.slug}/sign", data=form)
    assert response.status_code < 500
    after = session.scalars(select(Signature).where(Signature.appeal_id == appeal.id)).all()
    assert len(after) in (0, 1)
    assert session.scalar(select(func.count()).select_from(Signature)) == before + len(after)
    for signature in after:  # stored whole
        assert signature.name and signature.email and signature.email_canonical
        assert signature.country and len(signature.country) == 2


@FUZZ
@given(data=st.one_of(st.binary(max_size=600), NASTY.map(lambda t: ("name,email\n" + t).encode())))
def test_a_directory_import_is_all_or_nothing(session, data: bytes) -> None:
    before = session.scalar(select(func.count()).select_from(Target))
    try:
        with session.begin_nested():
            summary = import_targets(session, data, user=None)
    except ImportRejected as rejected:
        assert rejected.errors  # noqa: PT017 (either outcome is right; each has its own check)
        assert session.scalar(select(func.count()).select_from(Target)) == before
    else:
        count = session.scalar(select(func.count()).select_from(Target))
        assert count == before + summary.added


@pytest.mark.parametrize("size", [5_000_000])
def test_the_extractor_takes_a_huge_release_in_stride(size: int) -> None:
    draft = extract_release("Free the prisoner now. " * (size // 23))
    assert draft.warnings
