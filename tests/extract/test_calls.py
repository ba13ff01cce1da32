"""Calls to action: each form, splitting, pronouns, dedupe, public and reported calls."""

import pytest

from campaign.extract import extract_release
from tests.extract.cases import CASE, demands


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "We call on the Freedonian authorities to quash her conviction.",
            "Quash Ana Lima's conviction",
        ),
        ("We urge the Minister of Justice to order a retrial.", "Order a retrial"),
        ("We demand that the prosecutor withdraw the indictment.", "Withdraw the indictment"),
        (
            "The Freedonian authorities must end the ban on her newspaper.",
            "End the ban on Ana Lima's newspaper",
        ),
        (
            "The Supreme Court should hear the appeal without delay.",
            "Hear the appeal without delay",
        ),
        ("Her sentence must be overturned.", "Overturn Ana Lima's sentence"),
        (
            "We call for the immediate release of all jailed reporters.",
            "Release all jailed reporters immediately",
        ),
    ],
)
def test_forms_of_call(sentence, expected):
    assert expected in demands(sentence)


def test_headline_imperative_and_unconditional_release():
    got = demands("The authorities must immediately and unconditionally release her.")
    assert "Immediately and unconditionally release Ana Lima" in got
    assert any(d.startswith("Free Ana Lima") for d in got)


def test_coordinated_actions_split_with_shared_object():
    got = demands("We call on the police to find and punish those who attacked her office.")
    assert "Find those who attacked Ana Lima's office" in got
    assert "Punish those who attacked Ana Lima's office" in got


def test_coordinated_actions_split_and_pronouns_resolved():
    got = demands(
        "We call on the authorities to drop all charges against her and return her passport."
    )
    assert "Drop all charges against Ana Lima" in got
    assert "Return Ana Lima's passport" in got


def test_same_demand_in_title_and_body_is_given_once():
    got = demands("We call on the government to free Ana Lima now.")
    assert sum(d.lower().startswith("free ana lima") for d in got) == 1


def test_bullet_list_of_recommendations():
    draft = extract_release(
        CASE + "We call on the Ministry of Interior to:\n\n"
        "* open an inquiry into her arrest;\n"
        "* publish the arrest warrant.\n"
    )
    got = {d.text: d.target for d in draft.demands}
    assert got["Open an inquiry into Ana Lima's arrest"] == "Ministry of Interior"
    assert got["Publish the arrest warrant"] == "Ministry of Interior"


def test_calls_inside_spokesperson_quotes():
    got = demands(
        "“The government must lift the travel ban on her,” said Jo Park, director "
        "at the Press Watch."
    )
    assert "Lift the travel ban on Ana Lima" in got


def test_public_calls_are_kept_apart():
    draft = extract_release(
        CASE + "Sign the petition to support Ana Lima today. We urge you to share this appeal."
    )
    texts = [d.text for d in draft.demands]
    assert not any("petition" in t or "share" in t.lower() for t in texts)
    assert any("petition" in c.text for c in draft.public_calls)


def test_reported_demands_are_not_demands():
    draft = extract_release(CASE + "Her family called on the authorities to let them visit her.")
    assert not any("visit" in d.text for d in draft.demands)
    assert any("visit" in c.text for c in draft.reported_calls)


def test_statements_of_fact_are_not_demands():
    got = demands(
        "The court said the case should have been heard in 2019. The hearing was postponed twice."
    )
    assert not any("hear" in d.lower() or "postpone" in d.lower() for d in got)


def test_targets_are_addressees():
    draft = extract_release(
        CASE + "We call on the Freedonian authorities to quash her "
        "conviction. We also urge Facebook to restore her account."
    )
    assert "Freedonian authorities" in draft.targets
    assert "Facebook" in draft.targets


def test_free_and_release_of_the_same_person_are_one_demand_whatever_the_manner():
    from campaign.extract.dedupe import same_demand

    names = frozenset({"jane", "doe"})
    assert same_demand("Free Jane Doe", "Release Jane Doe unconditionally", names)
    assert same_demand("Release Jane Doe promptly and safely", "Free Jane Doe", names)
    # Someone else, or something more than how, is another demand.
    assert not same_demand("Free Jane Doe", "Release Jane Doe's lawyer", names)
    assert not same_demand("Free Jane Doe", "Release Jane Doe's medical records", names)


def test_the_titles_free_and_the_bodys_release_are_given_once():
    got = demands("We call for Ana Lima's immediate release.")  # the title: "Free Ana Lima now"
    assert sum(d.lower().startswith(("free ana lima", "release ana lima")) for d in got) == 1
