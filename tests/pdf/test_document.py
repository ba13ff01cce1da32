"""The shared PDF set-up prints names in many scripts with the bundled fonts."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from campaign.pdf import new_document


def test_names_in_several_scripts_survive_a_round_trip() -> None:
    pdf = new_document("Signers", author="Campaign")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Ngô Ñuñez — Дмитрий — Ελένη")
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    assert "Ngô Ñuñez — Дмитрий — Ελένη" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Signers"


@pytest.mark.parametrize("shaping", [False, True])
def test_khmer_and_arabic_names_find_a_font(caplog, shaping: bool) -> None:
    pdf = new_document("Signers", shaping=shaping)
    pdf.add_page()
    with caplog.at_level(logging.WARNING):
        pdf.multi_cell(0, 6, "សុខ ចាន់ — عائشة بلو — Sok Chan")
        data = bytes(pdf.output())
    assert "missing" not in caplog.text.lower()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSansKhmer" in f for f in fonts)  # Khmer from Noto, Arabic from DejaVu
