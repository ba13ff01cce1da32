"""No input raises: empty text, binary junk, very long text, other languages."""

import random

import pytest

from campaign.extract import extract_release


def test_empty_text():
    draft = extract_release("")
    assert draft.demands == []
    assert draft.warnings


def test_binary_junk():
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(20000)).decode("latin-1")
    draft = extract_release(junk)
    assert isinstance(draft.warnings, list)
    draft.to_dict()


def test_very_long_text_is_capped():
    text = "Freedonia: Free the editor\n\nWe call on the authorities to free the editor. " * 80000
    assert len(text) > 5_000_000
    draft = extract_release(text)
    assert any("only the first" in w for w in draft.warnings)
    assert draft.demands


def test_other_language():
    text = (
        "Die Behörden müssen den Journalisten sofort freilassen und alle Anklagen "
        "fallen lassen. Wir fordern die Regierung auf, die Pressefreiheit zu achten."
    )
    draft = extract_release(text)
    assert draft.demands == []
    assert any("not supported" in w for w in draft.warnings)


def test_html_fragment_with_broken_markup():
    draft = extract_release("<p>We call on the police to <b>release the <i>protesters</p></div>")
    assert [d.text for d in draft.demands] == ["Release the protesters"]


def test_very_long_coordinations_do_not_raise():
    filler = "It is the end of the story and the people of the city are sad about it. " * 30
    listing = ", ".join(f"Aaa{i} Bbb{i}" for i in range(2000))
    text = f"Title\n\n{filler}We urge the government to release {listing} and Zed Zed. {filler}"
    draft = extract_release(text)
    assert draft.demands


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Les autorités doivent libérer le journaliste, qui est détenu dans une prison de la "
            "capitale sans accès à un avocat pour sa défense.",
            "fr",
        ),
        (
            "El gobierno debe liberar a los periodistas detenidos en la capital y retirar todos "
            "los cargos contra ellos, que son defensores de los derechos humanos.",
            "es",
        ),
        (
            "A polícia prendeu o jornalista e pedimos a sua libertação imediata. Ele está detido "
            "numa prisão da capital sem acesso a um advogado.",
            "pt",
        ),
        (
            "Die Regierung muss die Journalisten freilassen, die seit einem Monat ohne Anklage in "
            "Haft sind, und die Vorwürfe gegen sie fallen lassen.",
            "de",
        ),
        ("Ti voglio bene assai, ma tanto tanto bene sai.", "unknown"),
    ],
)
def test_a_release_in_another_language_is_named_not_analysed(text, language):
    draft = extract_release(text)
    assert draft.language == language
    assert draft.demands == [] and "not in English" in " ".join(draft.warnings)
