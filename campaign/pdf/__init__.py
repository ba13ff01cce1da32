"""PDF documents (printable letters, delivery packs) built in pure Python with fpdf2.

The fonts ship with the app so that names print without system packages: DejaVu Sans
(Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian, Georgian, Lao and more;
fonts/LICENSE-DejaVu), and for the scripts it lacks Noto Sans (Khmer, Myanmar, Thai,
Ethiopic and the scripts of India and Sri Lanka; fonts/LICENSE-Noto), Droid Sans Fallback
(Chinese and Japanese; fonts/LICENSE-Droid) and Nanum Gothic (Korean; fonts/LICENSE-Nanum).

A document starts with DejaVu alone: the others are added, once each, when a text needs
them (add_fonts_for). Reading a font costs time (Droid Sans Fallback's 4 MB, 0.4 s), and
a document embeds only the fonts it carries.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVu"
# fontTools notes each table it drops while subsetting a font for a document (Nanum
# Gothic carries its hinting sources): nothing a reader of the app's log can act on.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
_FONTS = resources.files(__package__).joinpath("fonts")


@dataclass(frozen=True)
class Fallback:
    """A bundled font that takes over for the characters of its scripts."""

    family: str
    regular: str  # file name in fonts/
    chars: re.Pattern[str]  # the characters it is added for
    bold: str | None = None  # without one, bold text in these scripts prints regular
    shaped: bool = True  # letters join, reorder or stack: printed with HarfBuzz


def _script(ranges: str) -> re.Pattern[str]:
    return re.compile(f"[{ranges}]")


# In the order fpdf2 tries them for a character DejaVu lacks: Chinese characters in a
# Korean name come from Droid Sans Fallback like any other, Hangul from Nanum Gothic.
FALLBACKS = (
    Fallback(
        "NotoKhmer",
        "NotoSansKhmer-Regular.ttf",
        _script("\u1780-\u17ff\u19e0-\u19ff"),
        bold="NotoSansKhmer-Bold.ttf",
    ),
    Fallback(
        "NotoMyanmar",
        "NotoSansMyanmar-Regular.ttf",
        _script("\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f"),
    ),
    Fallback("NotoThai", "NotoSansThai-Regular.ttf", _script("\u0e00-\u0e7f")),
    Fallback(
        "NotoDevanagari",
        "NotoSansDevanagari-Regular.ttf",
        _script("\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff"),
    ),
    Fallback("NotoBengali", "NotoSansBengali-Regular.ttf", _script("\u0980-\u09ff")),
    Fallback("NotoGurmukhi", "NotoSansGurmukhi-Regular.ttf", _script("\u0a00-\u0a7f")),
    Fallback("NotoGujarati", "NotoSansGujarati-Regular.ttf", _script("\u0a80-\u0aff")),
    Fallback("NotoOriya", "NotoSansOriya-Regular.ttf", _script("\u0b00-\u0b7f")),
    Fallback("NotoTamil", "NotoSansTamil-Regular.ttf", _script("\u0b80-\u0bff")),
    Fallback("NotoTelugu", "NotoSansTelugu-Regular.ttf", _script("\u0c00-\u0c7f")),
    Fallback("NotoKannada", "NotoSansKannada-Regular.ttf", _script("\u0c80-\u0cff")),
    Fallback("NotoMalayalam", "NotoSansMalayalam-Regular.ttf", _script("\u0d00-\u0d7f")),
    Fallback("NotoSinhala", "NotoSansSinhala-Regular.ttf", _script("\u0d80-\u0dff")),
    Fallback(
        "NotoEthiopic",
        "NotoSansEthiopic-Regular.ttf",
        _script("\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f"),
        shaped=False,
    ),
    Fallback(
        "DroidFallback",
        "DroidSansFallbackFull.ttf",
        # CJK punctuation, kana, bopomofo, ideographs (and extension A), full-width forms
        _script(
            "\u2e80-\u2fdf\u3000-\u312f\u31a0-\u31ff\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
        ),
        shaped=False,
    ),
    Fallback(
        "Nanum",
        "NanumGothic.ttf",
        _script("\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"),
        shaped=False,
    ),
)

# Scripts DejaVu has that are written right to left (Hebrew, Arabic, Syriac, Thaana…).
RIGHT_TO_LEFT = _script("\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc")


def new_document(
    title: str, *, author: str = "", shaping: bool = False, text: Iterable[str] = ()
) -> FPDF:
    """An A4 document in millimetres with the bundled Unicode fonts, ready for pages.

    `text`: what the document will print, if known, so that the fonts it needs are added
    now (add_fonts_for adds more later). `shaping` joins and reorders letters where a
    script needs it (Khmer, Arabic, Devanagari…) with HarfBuzz; it costs time per line, so
    long lists of names ask for it name by name (needs_shaping).
    """
    # Imported here, not at the top: fpdf2 with fontTools, Pillow and HarfBuzz holds about
    # 24 MB in every worker, and only printable letters and delivery packs need it.
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("campaign")
    pdf.add_font(FONT, "", str(_FONTS.joinpath("DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(_FONTS.joinpath("DejaVuSans-Bold.ttf")))
    add_fonts_for(pdf, title, author, *text)
    if shaping:
        pdf.set_text_shaping(True)
    pdf.set_font(FONT, size=11)
    pdf.set_auto_page_break(auto=True, margin=20)
    return pdf


def add_fonts_for(pdf: FPDF, *texts: str) -> None:
    """Add the bundled fonts that `texts` need and the document lacks, as fallbacks."""
    added = False
    for fallback in FALLBACKS:
        if fallback.family.lower() in pdf.fonts:
            continue
        if any(fallback.chars.search(text) for text in texts if text):
            pdf.add_font(fallback.family, "", str(_FONTS.joinpath(fallback.regular)))
            if fallback.bold:
                pdf.add_font(fallback.family, "B", str(_FONTS.joinpath(fallback.bold)))
            added = True
    if added:
        # exact_match=False: bold text takes a family's regular face when it has no bold.
        carried = [f.family for f in FALLBACKS if f.family.lower() in pdf.fonts]
        pdf.set_fallback_fonts(carried, exact_match=False)


_SHAPED = _script(
    RIGHT_TO_LEFT.pattern[1:-1] + "".join(f.chars.pattern[1:-1] for f in FALLBACKS if f.shaped)
)


def needs_shaping(text: str) -> bool:
    """Whether `text` prints right only through HarfBuzz: written right to left, or in a
    script whose letters join, reorder or stack."""
    return _SHAPED.search(text) is not None
