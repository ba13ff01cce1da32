"""No input raises: empty text, binary junk, very long text, other languages."""

import random

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
