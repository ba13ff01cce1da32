"""The printable letter as a PDF, laid out for a DL windowed envelope (pure Python)."""

from __future__ import annotations

from datetime import date

from campaign.letters import RenderedLetter
from campaign.models import Target
from campaign.pdf import FONT, new_document
from campaign.templating import long_date

# A DL envelope's window: 20 mm from the left edge, 45 mm from the top, 90 × 45 mm.
# A4 folded in three puts this spot of the page behind it.
WINDOW_LEFT_MM = 20
WINDOW_TOP_MM = 47
WINDOW_WIDTH_MM = 85
LINE_MM = 5.5


def address_lines(target: Target) -> list[str]:
    """The target's postal address block, name first."""
    lines = [target.display_name]
    if target.organisation and target.organisation not in target.postal_address:
        lines.append(target.organisation)
    lines += [line.strip() for line in target.postal_address.splitlines() if line.strip()]
    return lines


def letter_pdf(
    letter: RenderedLetter, target: Target, *, supporter_name: str, today: date, language: str
) -> bytes:
    """An A4 page: address in the envelope window, the date, the letter, the name."""
    address = address_lines(target)
    texts = [*address, letter.body, supporter_name]
    pdf = new_document(letter.subject, author=supporter_name, shaping=True, text=texts)
    pdf.set_margins(WINDOW_LEFT_MM, 20, 20)
    pdf.add_page()
    pdf.set_font(FONT, size=10)
    pdf.set_xy(WINDOW_LEFT_MM, WINDOW_TOP_MM)
    pdf.multi_cell(WINDOW_WIDTH_MM, 5, "\n".join(address))
    pdf.set_font(FONT, size=11)
    pdf.set_xy(WINDOW_LEFT_MM, 100)
    pdf.cell(0, LINE_MM, long_date(today, language), align="R")
    pdf.set_xy(WINDOW_LEFT_MM, 112)
    pdf.set_font(FONT, "B", size=11)
    pdf.multi_cell(0, LINE_MM, letter.subject)
    pdf.ln(LINE_MM)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, LINE_MM, letter.body)
    if supporter_name and supporter_name not in letter.body:
        pdf.ln(LINE_MM)
        pdf.multi_cell(0, LINE_MM, supporter_name)
    return bytes(pdf.output())
