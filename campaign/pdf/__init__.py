"""PDF documents (printable letters, delivery packs) built in pure Python with fpdf2.

The fonts ship with the app (DejaVu Sans, see fonts/LICENSE) so that names in
Latin, Greek, Cyrillic and many other scripts print without system packages.
"""

from __future__ import annotations

from importlib import resources

from fpdf import FPDF

FONT = "DejaVu"
_FONTS = resources.files(__package__).joinpath("fonts")


def new_document(title: str, *, author: str = "") -> FPDF:
    """An A4 document in millimetres with the bundled Unicode font, ready for pages."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("campaign")
    pdf.add_font(FONT, "", str(_FONTS.joinpath("DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(_FONTS.joinpath("DejaVuSans-Bold.ttf")))
    pdf.set_font(FONT, size=11)
    pdf.set_auto_page_break(auto=True, margin=20)
    return pdf
