"""The shared PDF set-up prints names in many scripts with the bundled font."""

from __future__ import annotations

import io

from pypdf import PdfReader

from campaign.pdf import new_document


def test_names_in_several_scripts_survive_a_round_trip() -> None:
    pdf = new_document("Signers", author="Campaign")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Ngô Ñuñez — Дмитрий — Ελένη")
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    assert "Ngô Ñuñez — Дмитрий — Ελένη" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Signers"
