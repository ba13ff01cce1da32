"""The model letter drafted from an appeal."""

from __future__ import annotations

from campaign.letters import AppealView, TargetView, check_template, draft_letter, render_letter
from campaign.letters.sandbox import preview_context


def test_the_model_letter_asks_for_the_appeals_demands_as_they_are_when_sent() -> None:
    subject, body = draft_letter(
        ["Kem Sokha"],
        summary="Kem Sokha is held under house arrest. He needs care.",
        target=TargetView(name="Hun Manet", salutation="Your Excellency"),
    )
    assert check_template(subject) == []
    assert check_template(body) == []
    assert body.startswith("{{ target.salutation }},\n\nI am writing to you about Kem Sokha.")
    # The demands and title are read when the letter is written, not copied when drafted:
    # corrections made on the review page after drafting reach the letter.
    appeal = AppealView.of("Cambodia: free Kem Sokha", ["Drop all charges", "Grant care"])
    letter, _ = render_letter(subject, body, preview_context(appeal=appeal))
    assert letter.subject == "Cambodia: free Kem Sokha"
    assert "urge you to:\n\n- Drop all charges\n- Grant care\n\n" in letter.body
    assert letter.body.startswith("Your Excellency,")
    assert letter.body.rstrip().endswith("Ana Ruiz\nValparaíso 2340000, Chile")
    assert "I have followed this case for a year." in letter.body  # the supporter's paragraph
    assert "(the demands)" not in body


def test_without_a_salutation_the_letter_greets_the_target_by_name() -> None:
    subject, body = draft_letter([], target=TargetView(name="Ministry"))
    assert body.startswith("Dear {{ target.name }},")
    letter, _ = render_letter(subject, body, preview_context(appeal=AppealView.of("T", ["x"])))
    assert "about “T”." in letter.body


def test_template_syntax_in_copied_text_stays_text() -> None:
    _, body = draft_letter(["A {{ config }}"], summary="Held {% raw %} since May.")
    assert check_template(body) == []
    letter, _ = render_letter("s", body, preview_context())
    assert "about A (( config ))." in letter.body
    assert "Held (% raw %) since May." in letter.body


def test_the_model_letter_is_written_in_the_appeals_language() -> None:
    subject, body = draft_letter([], language="fr")
    appeal = AppealView.of("Libérez Sok Chea", ["Libérer le prisonnier"])
    letter, _ = render_letter(subject, body, preview_context(TargetView(name="X"), appeal))
    assert letter.body.startswith("Madame, Monsieur,\n\nJe vous écris au sujet de «\u00a0Libérez")
    assert "- Libérer le prisonnier\n" in letter.body
    assert "haute considération" in letter.body
    # A language the model letter is not written in gets the English one.
    assert draft_letter([], language="km") == draft_letter([])


def test_a_letter_drafted_before_any_target_greets_each_target_its_own_way() -> None:
    from campaign.letters import LetterContext, SupporterView

    _, body = draft_letter(["A"])
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


def test_french_elides_de_before_a_name_beginning_with_a_vowel() -> None:
    def opening(names, language="fr"):
        return draft_letter(names, language=language)[1].split("\n\n")[1]

    assert opening(["Ihsane El Kadi"]) == "Je vous écris au sujet d'Ihsane El Kadi."
    assert opening(["Émile Dupont", "Sok Chea"]) == (
        "Je vous écris au sujet d'Émile Dupont et Sok Chea."
    )
    assert opening(["Sok Chea", "Ihsane El Kadi"]) == (
        "Je vous écris au sujet de Sok Chea et Ihsane El Kadi."
    )
    assert opening(["Hassan Bouras"]) == "Je vous écris au sujet de Hassan Bouras."
    # Other languages need no such change; nor does a name beginning "El" become "del".
    assert opening(["El Kadi"], "es") == "Le escribo en relación con El Kadi."
    assert opening(["Ihsane El Kadi"], "pt") == "Escrevo-lhe a respeito de Ihsane El Kadi."
    assert opening(["Ihsane El Kadi"], "de") == "ich schreibe Ihnen wegen Ihsane El Kadi."
    assert opening(["Ihsane El Kadi"], "en") == "I am writing to you about Ihsane El Kadi."
