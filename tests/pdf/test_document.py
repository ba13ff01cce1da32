"""The shared PDF set-up prints names in many scripts with the bundled fonts."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from campaign.pdf import FALLBACKS, add_fonts_for, needs_shaping, new_document


def test_names_in_several_scripts_survive_a_round_trip() -> None:
    pdf = new_document("Signers", author="Campaign")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Ngô Ñuñez — Дмитрий — Ελένη")
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    assert "Ngô Ñuñez — Дмитрий — Ελένη" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Signers"


@pytest.mark.parametrize("shaping", [False, True])
def test_khmer_and_arabic_names_find_a_font(caplog, shaping: bool) -> None:
    names = "សុខ ចាន់ — عائشة بلو — Sok Chan"
    pdf = new_document("Signers", shaping=shaping, text=[names])
    pdf.add_page()
    with caplog.at_level(logging.WARNING):
        pdf.multi_cell(0, 6, names)
        data = bytes(pdf.output())
    assert "missing" not in caplog.text.lower()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSansKhmer" in f for f in fonts)  # Khmer from Noto, Arabic from DejaVu


def embedded_fonts(data: bytes) -> set[str]:
    """The fonts a PDF embeds, without their subset prefix ("ABCDEF+NotoSansTamil")."""
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }


# One name per bundled fallback font (and the font that must print it).
NAMES = [
    ("अनुराधा शर्मा", "NotoSansDevanagari"),
    ("রবীন্দ্রনাথ ঠাকুর", "NotoSansBengali"),
    ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "NotoSansGurmukhi"),
    ("નરેન્દ્ર પટેલ", "NotoSansGujarati"),
    ("ସୁବ୍ରତ ଦାସ", "NotoSansOriya"),
    ("முருகன் செல்வம்", "NotoSansTamil"),
    ("వెంకట రావు", "NotoSansTelugu"),
    ("ಕುವೆಂಪು", "NotoSansKannada"),
    ("മമ്മൂട്ടി", "NotoSansMalayalam"),
    ("කුමාර සංගක්කාර", "NotoSansSinhala"),
    ("สมชาย ใจดี", "NotoSansThai"),
    ("အောင်ဆန်းစုကြည်", "NotoSansMyanmar"),
    ("አበበ ቢቂላ", "NotoSansEthiopic"),
    ("刘晓波", "DroidSansFallback"),
    ("山田 さくら", "DroidSansFallback"),
    ("김민수", "NanumGothic"),
    ("កឹម សុខា", "NotoSansKhmer"),
]


def test_every_fallback_font_is_exercised() -> None:
    files = {f.regular.split("-")[0].removesuffix(".ttf").removesuffix("Full") for f in FALLBACKS}
    assert files == {font for _, font in NAMES}


@pytest.mark.parametrize(("name", "font"), NAMES)
def test_a_name_in_any_bundled_script_prints_from_its_font(caplog, name: str, font: str) -> None:
    pdf = new_document("Signers", shaping=needs_shaping(name), text=[name])
    pdf.add_page()
    with caplog.at_level(logging.WARNING):
        pdf.cell(0, 6, f"{name} — Ana")
        data = bytes(pdf.output())
    assert "missing" not in caplog.text.lower()  # fpdf2 names every glyph it had to leave out
    assert embedded_fonts(data) == {"DejaVuSansBook", font}


def test_a_document_carries_only_the_fonts_its_text_needs() -> None:
    pdf = new_document("Signers", text=["Ana Silva", "Олег Петров"])
    assert set(pdf.fonts) == {"dejavu", "dejavuB"}  # Droid Sans Fallback alone takes 0.4 s
    pdf.add_page()
    pdf.cell(0, 6, "Ana Silva")
    add_fonts_for(pdf, "刘晓波", "Ana")
    add_fonts_for(pdf, "山田")  # already there: added once
    assert set(pdf.fonts) == {"dejavu", "dejavuB", "droidfallback"}
    pdf.cell(0, 6, "刘晓波")
    assert embedded_fonts(bytes(pdf.output())) == {"DejaVuSansBook", "DroidSansFallback"}


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Ana Silva", False),
        ("Олег", False),
        ("刘晓波", False),
        ("김민수", False),
        ("አበበ", False),
        ("محمد", True),  # joined right to left
        ("שרה", True),
        ("अनुराधा", True),  # vowel signs reorder
        ("កឹម សុខា", True),
        ("အောင်", True),
    ],
)
def test_scripts_that_join_or_reorder_are_shaped(text: str, shaped: bool) -> None:
    assert needs_shaping(text) is shaped
