"""PDF documents (printable letters, delivery packs) built in pure Python with fpdf2.

The fonts ship with the app so that names print without system packages: DejaVu Sans
(Latin, Greek, Cyrillic, Arabic and more; fonts/LICENSE-DejaVu), with Noto Sans Khmer
taking over for Khmer, which it lacks (fonts/LICENSE-Noto).
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVu"
_FONTS = resources.files(__package__).joinpath("fonts")
# Family -> file stem; the fallbacks are tried, in order, for characters DejaVu lacks.
_FAMILIES = {FONT: "DejaVuSans", "NotoKhmer": "NotoSansKhmer"}
_REGULAR_SUFFIX = {"DejaVuSans": "", "NotoSansKhmer": "-Regular"}


def new_document(title: str, *, author: str = "", shaping: bool = False) -> FPDF:
    """An A4 document in millimetres with the bundled Unicode fonts, ready for pages.

    `shaping` joins and reorders letters where a script needs it (Khmer, Arabic) with
    HarfBuzz; it costs time per line, so long lists of names go without it.
    """
    # Imported here, not at the top: fpdf2 with fontTools, Pillow and HarfBuzz holds about
    # 24 MB in every worker, and only printable letters and delivery packs need it.
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("campaign")
    for family, stem in _FAMILIES.items():
        pdf.add_font(family, "", str(_FONTS.joinpath(stem + _REGULAR_SUFFIX[stem] + ".ttf")))
        pdf.add_font(family, "B", str(_FONTS.joinpath(stem + "-Bold.ttf")))
    pdf.set_fallback_fonts([f for f in _FAMILIES if f != FONT], exact_match=False)
    if shaping:
        pdf.set_text_shaping(True)
    pdf.set_font(FONT, size=11)
    pdf.set_auto_page_break(auto=True, margin=20)
    return pdf
