"""Clean-up: HTML, Markdown, shortcodes and boilerplate to plain paragraphs; sentences."""

from campaign.extract.clean import clean
from campaign.extract.segment import sentences


def test_html_tags_entities_scripts_and_styles():
    text, _ = clean(
        "<html><head><style>p {color: red}</style><script>var x = 1;</script></head>"
        "<body><h1>Freedonia: Free the editors</h1><p>The editors&nbsp;were &amp; are "
        "held.</p></body></html>"
    )
    assert "color" not in text and "var x" not in text
    assert "Freedonia: Free the editors" in text
    assert "The editors were & are held." in text


def test_html_external_entities_are_not_resolved():
    text, _ = clean('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>Hello &e; there</p>')
    assert "root:" not in text
    assert "Hello" in text


def test_markdown_links_images_emphasis_and_headings():
    text, blocks = clean(
        "## The **case**\n\n![photo](http://x/y.png)\n\nRead [the ruling](http://x/r) "
        "and _the_ appeal at https://example.org/z now."
    )
    assert text.splitlines()[0] == "The case"
    assert blocks[0].kind == "heading"
    assert "Read the ruling and the appeal at now." in text
    assert "http" not in text and "photo" not in text


def test_shortcodes_are_dropped():
    text, _ = clean(
        '{{< figure src="a.png" >}}\n[caption id="1"]<img src="b.png"> A caption[/caption]\n'
        "The court ruled today."
    )
    assert text == "The court ruled today."


def test_boilerplate_lines_are_skipped():
    text, _ = clean(
        "• Press Release\n\nShare this\n\nDonate now\n\nHome | About | News\n\nReal text."
    )
    assert text == "Real text."


def test_bullets_become_items():
    _, blocks = clean("We ask the council to:\n\n* open the files;\n- publish the minutes.")
    assert [b.kind for b in blocks] == ["text", "item", "item"]


def test_abbreviations_and_initials_do_not_split_sentences():
    raw = (
        "Mr. F. M. A. Razzak met U.S. officials on No. 5 street. He left. "
        "The case, i.e. the appeal, is open."
    )
    text, blocks = clean(raw)
    got = [s.text for s in sentences(text, blocks)]
    assert got == [
        "Mr. F. M. A. Razzak met U.S. officials on No. 5 street.",
        "He left.",
        "The case, i.e. the appeal, is open.",
    ]


def test_sentence_spans_index_the_cleaned_text():
    text, blocks = clean("First one here. Second one “quoted.” Third.")
    for sent in sentences(text, blocks):
        assert text[sent.start : sent.end] == sent.text


def test_a_photo_caption_and_its_credit_are_left_out():
    text, _ = clean(
        "Riot police detain a student outside the court on 3 May.\n"
        "© 2026 Private\n\n"
        "Freedonian authorities must release the student editors, the group said today.\n"
        "Photo: Jane Roe/Agency\n"
    )
    assert "Riot police" not in text and "©" not in text and "Photo:" not in text
    assert text.startswith("Freedonian authorities must release")


def test_a_copyright_line_in_the_text_keeps_the_paragraph_before_it():
    long = "The editors were arrested after publishing a report on the budget. " * 6
    text, _ = clean(f"{long}\n© 2026 The Group\n")
    assert "The editors were arrested" in text


def test_page_leftovers_and_source_notes_are_not_the_title():
    from campaign.extract import extract_release

    draft = extract_release(
        "Expand\n\nFrom an article found here.\n\n"
        "Freedonia: Free the student editors\n\n"
        "The authorities must release the student editors now."
    )
    assert draft.title == "Freedonia: Free the student editors"
