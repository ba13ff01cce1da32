"""The catalogues are complete and compiled: every message of the code and templates is
translated in every language, and the .mo files the app reads match the .po files."""

from __future__ import annotations

import io

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from campaign.i18n import TRANSLATIONS, interface_languages
from campaign.i18n.commands import CONFIG, ROOT

TRANSLATED = [lang for lang in interface_languages() if lang != "en"]


def source_messages() -> set[tuple[str, str | None]]:
    """Every (msgid, msgctxt) in the code and templates now, as `flask translate extract`
    finds them."""
    with CONFIG.open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "_l": None,
        "lazy_gettext": None,
        "_lp": ((1, "c"), 2),
    }
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


def translated(message) -> bool:
    """The entry exists and has its text (every plural form of it, for a plural)."""
    if message is None:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def catalogue(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    messages = catalogue(lang)
    missing = sorted(
        m for m, context in source_messages() if not translated(messages.get(m, context))
    )
    assert missing == [], f"translate these in {lang} (flask translate extract/update/compile)"
    fuzzy = sorted(str(m.id) for m in messages if m.id and m.fuzzy)
    assert fuzzy == [], f"check the fuzzy translations in {lang}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(lang: str) -> None:
    fresh = io.BytesIO()
    write_mo(fresh, catalogue(lang))
    fresh.seek(0)
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as mo:
        committed = read_mo(mo)
    expected = read_mo(fresh)
    assert messages(committed) == messages(expected), f"run `flask translate compile` ({lang})"


def messages(compiled) -> dict:
    """msgid → msgstr of a compiled catalogue; a plural's forms come as lists, made tuples."""

    def plain(value):
        return tuple(value) if isinstance(value, list) else value

    return {plain(m.id): plain(m.string) for m in compiled if m.id}


def test_the_catalogues_are_as_translate_update_writes_them(tmp_path) -> None:
    """An update after a new message then rewrites that entry only, not the whole file."""
    import shutil

    from campaign.i18n.commands import CATALOGUE_WIDTH, pybabel

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    template = copy / "messages.pot"
    pybabel("update", "-i", str(template), "-d", str(copy), "--no-fuzzy-matching", *CATALOGUE_WIDTH)
    for lang in TRANSLATED:
        po = f"{lang}/LC_MESSAGES/messages.po"
        assert (copy / po).read_text() == (TRANSLATIONS / po).read_text(), lang
