"""The seed release gives exactly its three demands, title, date, country and subject."""

import re

import pytest

from campaign.extract import extract_release


@pytest.fixture(scope="module")
def draft(seed_text):
    return extract_release(seed_text)


def test_seed_fields(draft):
    assert draft.title == "Cambodia: Release of Kem Sokha must be made permanent"
    assert draft.date == "2018-09-10"
    assert draft.country == "KH"
    assert draft.subjects == ["Kem Sokha"]
    assert draft.targets == ["Cambodian authorities"]
    assert draft.warnings == []


def test_seed_demands(draft):
    texts = [d.text for d in draft.demands]
    assert len(texts) == 3
    assert re.match(r"Drop all charges against Kem Sokha$", texts[0])
    assert re.match(r"Make Kem Sokha's release permanent, full and unconditional$", texts[1])
    assert re.match(r"Grant Kem Sokha immediate access to adequate medical attention$", texts[2])
    assert all(d.target == "Cambodian authorities" for d in draft.demands)


def test_seed_spans_point_at_sources(draft):
    for demand in draft.demands:
        start, end = demand.span
        assert draft.cleaned_text[start:end] == demand.source
    start, end = draft.spans["title"][0]
    assert draft.cleaned_text[start:end] == draft.title


def test_seed_summary_is_background(draft):
    assert 1 <= draft.summary.count(". ") + 1 <= 4
    assert "Kem Sokha" in draft.summary


def test_to_dict_keys(draft):
    data = draft.to_dict()
    for key in (
        "title",
        "date",
        "country",
        "subjects",
        "targets",
        "demands",
        "summary",
        "warnings",
        "public_calls",
        "cleaned_text",
        "spans",
    ):
        assert key in data
    assert {"text", "target", "source", "span"} <= set(data["demands"][0])
    assert data["demands"][0]["form"] in {"call", "modal", "passive", "that", "nominal", "item"}
    assert isinstance(data["demands"][0]["span"], list)
