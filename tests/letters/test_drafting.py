"""The model letter drafted from an appeal."""

from __future__ import annotations

from campaign.letters import TargetView, check_template, draft_letter, render_letter
from campaign.letters.sandbox import preview_context


def test_the_model_letter_asks_for_each_demand_in_a_valid_template() -> None:
    subject, body = draft_letter(
        "Cambodia: free Kem Sokha",
        ["Kem Sokha"],
        ["Drop all charges against Kem Sokha.", "Grant Kem Sokha medical care"],
        summary="Kem Sokha is held under house arrest. He needs care.",
        target=TargetView(name="Hun Manet", salutation="Your Excellency"),
    )
    assert check_template(subject) == []
    assert check_template(body) == []
    assert body.startswith("{{ target.salutation }},\n\nI am writing to you about Kem Sokha.")
    assert "- Drop all charges against Kem Sokha\n- Grant Kem Sokha medical care\n" in body
    letter, _ = render_letter(subject, body, preview_context())
    assert letter.body.startswith("Your Excellency,")
    assert letter.body.rstrip().endswith("Ana Ruiz\nValparaíso 2340000, Chile")
    assert "I have followed this case for a year." in letter.body  # the supporter's paragraph


def test_without_a_salutation_the_letter_greets_the_target_by_name() -> None:
    _, body = draft_letter("T", [], ["Repeal the law"], target=TargetView(name="Ministry"))
    assert body.startswith("Dear {{ target.name }},")
    assert "about “T”" in body


def test_template_syntax_in_a_demand_stays_text() -> None:
    _, body = draft_letter("T", ["A"], ["Release {{ config }} now"])
    assert check_template(body) == []
    assert "Release ( config ) now" in body.replace("((", "(").replace("))", ")")


def test_a_letter_drafted_before_any_target_greets_each_target_its_own_way() -> None:
    from campaign.letters import AppealView, LetterContext, SupporterView

    _, body = draft_letter("T", ["A"], ["Free A"])
    assert check_template(body) == []
    for target, greeting in [
        (TargetView(name="Sok Chea", salutation="Your Excellency"), "Your Excellency,"),
        (TargetView(name="The Ministry"), "Dear The Ministry,"),
    ]:
        context = LetterContext(SupporterView(name="Ana"), target, AppealView.of("T", ["Free A"]))
        letter, _ = render_letter("s", body, context)
        assert letter.body.startswith(greeting)


def test_the_supporters_place_gives_whatever_parts_they_gave() -> None:
    from campaign.letters.context import SupporterView

    assert SupporterView("A", city="Lyon", postcode="69001", country="France").place == (
        "Lyon 69001, France"
    )
    assert SupporterView("A", country="France").place == "France"
    assert SupporterView("A", postcode="69001").place == "69001"
    assert SupporterView("A").place == ""
