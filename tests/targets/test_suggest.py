"""Ranking directory entries against extracted addressees (pure) and the query around it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from campaign.targets.services import suggest_targets
from campaign.targets.suggest import rank_targets, read_addressee, tier
from tests.factories import make_target


@dataclass
class Entry:
    id: int
    name: str
    title: str
    organisation: str
    country: str | None


DIRECTORY = [
    Entry(1, "Hun Manet", "Prime Minister", "Office of the Council of Ministers", "KH"),
    Entry(2, "Koeut Rith", "Minister of Justice", "Ministry of Justice", "KH"),
    Entry(3, "Sar Sokha", "Minister of Interior", "Ministry of Interior", "KH"),
    Entry(4, "Chea Vandeth", "Minister of Posts and Telecommunications", "Ministry of Posts", "KH"),
    Entry(5, "Ambassador", "Ambassador", "Embassy of Cambodia, London", "GB"),
    Entry(6, "R. Venkataramani", "Attorney General for India", "Office of the AG", "IN"),
    Entry(7, "Narendra Modi", "Prime Minister", "Prime Minister's Office", "IN"),
    Entry(
        8,
        "Ashwini Vaishnaw",
        "Minister of Electronics and IT",
        "Ministry of Electronics and Information Technology",
        "IN",
    ),
    Entry(9, "The Commissioner", "Commissioner of Police", "Delhi Police", "IN"),
    Entry(10, "Mark Dreyfus", "Attorney-General", "Attorney-General's Department", "AU"),
    Entry(11, "Nick Clegg", "President, Global Affairs", "Meta Platforms (Facebook)", "US"),
    Entry(12, "Volker Türk", "High Commissioner for Human Rights", "United Nations", None),
    Entry(13, "Arjun Meghwal", "Minister of Law and Justice", "Ministry of Law and Justice", "IN"),
]


def ranked(country: str | None, *addressees: str, limit: int = 10) -> list[int]:
    found = rank_targets(DIRECTORY, country=country, addressees=list(addressees), limit=limit)
    return [entry.id for entry in found]


def test_generic_authorities_give_the_countrys_entries_heads_and_justice_first() -> None:
    assert ranked("KH", "the Cambodian authorities") == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "addressee", ["Nigeria", "responsible agencies", "political actors", "Govt. of Kerala"]
)
def test_addressees_that_name_no_office_are_generic(addressee: str) -> None:
    assert read_addressee(addressee).generic


def test_the_government_of_a_country_names_its_country_even_without_the_appeals() -> None:
    assert ranked(None, "the Government of India") == [7, 13, 6, 8, 9]


def test_an_office_is_ranked_above_the_rest_of_the_country() -> None:
    assert ranked("IN", "the Attorney General")[0] == 6
    assert ranked("IN", "Ministry of Electronics and Information Technology")[0] == 8
    assert ranked("IN", "police")[0] == 9
    assert ranked("KH", "Prime Minister")[0] == 1
    assert ranked("IN", "Minister of Justice")[0] == 13


def test_another_countrys_official_is_not_suggested_for_an_office_alone() -> None:
    assert 10 not in ranked("IN", "the Attorney General")
    assert 5 not in ranked("KH", "the Cambodian authorities")


def test_without_a_country_an_office_finds_every_countrys_holder() -> None:
    assert ranked(None, "Attorney General") == [10, 6]


def test_a_company_or_international_body_is_found_by_its_organisation() -> None:
    assert ranked("MM", "Facebook") == [11]
    assert ranked("KH", "the UN High Commissioner for Human Rights")[0] == 12
    assert ranked("KH", "UN Human Rights Council", "Cambodian authorities")[:2] == [12, 1]


def test_an_acronym_finds_the_organisation_it_stands_for() -> None:
    trai = Entry(20, "Chair", "Chairperson", "Telecom Regulatory Authority of India", "IN")
    found = rank_targets([*DIRECTORY, trai], country="IN", addressees=["TRAI"], limit=1)
    assert found == [trai]


def test_several_addressees_each_count_and_the_limit_applies() -> None:
    assert ranked("IN", "the Government of India", "Attorney General", limit=2) == [6, 7]
    assert ranked("KH", "Cambodian authorities", limit=0) == []
    assert ranked("KH") == [1, 2, 3, 4]  # no addressee: the country's entries by tier
    assert ranked(None) == []


def test_ordering_is_deterministic_whatever_the_input_order() -> None:
    reverse = rank_targets(
        list(reversed(DIRECTORY)), country="KH", addressees=["the authorities"], limit=10
    )
    assert [e.id for e in reverse] == ranked("KH", "the authorities")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Prime Minister", 3),
        ("President of the Republic", 3),
        ("Deputy Prime Minister", 1),
        ("Minister of Interior", 2),
        ("Attorney General", 2),
        ("Minister of Posts", 1),
        ("Ambassador", 0),
    ],
)
def test_tiers(title: str, expected: int) -> None:
    assert tier(Entry(1, "X", title, "", "KH")) == expected


def test_reading_an_addressee() -> None:
    generic = read_addressee("the Cambodian authorities")
    assert generic.countries == ("KH",) and generic.generic
    office = read_addressee("the Attorney General")
    assert office.office == ("attorn", "genera") and office.names == ()
    body = read_addressee("UN Human Rights Council")
    assert body.names == ("united", "nation", "human", "right") and body.office == ("counci",)


def test_suggest_targets_queries_active_entries_only(session) -> None:
    pm = make_target(session, name="Hun Manet", title="Prime Minister", organisation="Government")
    justice = make_target(session, name="Koeut Rith", title="Minister of Justice")
    make_target(session, name="Retired", title="Prime Minister", active=False)
    make_target(session, name="Elsewhere", title="Prime Minister", country="TH")
    meta = make_target(session, name="Nick", title="Policy", organisation="Facebook", country="US")
    found = suggest_targets(session, country="KH", addressees=["the Cambodian authorities"])
    assert found == [pm, justice]
    found = suggest_targets(session, country="KH", addressees=["Facebook", "Prime Minister"])
    assert found == [pm, meta, justice]
    assert suggest_targets(session, country=None, addressees=[]) == []
    assert suggest_targets(session, country="KH", addressees=["100%_x"], limit=1) == [pm]
