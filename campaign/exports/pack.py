"""The delivery pack: a PDF handed over at a ministry or an embassy.

A cover letter to the primary target, the count by country (paper signatures marked),
the numbered list of signers' names and countries (never e-mails) in columns, and a
last page with the SHA-256 of that list and the method, so the count can be checked
later against the database (see `list_digest`).

The pack stays in English whatever language the staff member's interface speaks: it is
handed to officials, and its wording is part of what is verified and audited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.counting import counted_clauses, moment_column
from campaign.counting.queries import CountryCount, country_counts
from campaign.countries import country_name
from campaign.models import Appeal, Signature, Target
from campaign.pdf import FONT, add_fonts_for, needs_shaping, new_document
from campaign.templating import long_date, number

if TYPE_CHECKING:
    from fpdf import FPDF  # only for the annotations: fpdf2 loads when a pack is made

METHOD = (
    "The list holds the appeal's counted online signatures at the time shown: one per "
    "e-mail address (duplicates removed by the database's unique index on the appeal and "
    "the canonical address), confirmed by the signer through an e-mailed link where the "
    "appeal asks for it, neither flagged (honeypot, rate limit) nor invalidated by staff. "
    "E-mail addresses are never printed. Paper signatures are counted by country and "
    "are not part of the list."
)
DIGEST_RECIPE = (
    "SHA-256 of the UTF-8 text made of one line per listed signer, in the order printed: "
    "number, TAB, name, TAB, country code, newline."
)
NAMES_PER_COLUMN = 62
COLUMNS = 2
LINE_MM = 4.0
WITHHELD = "(name withheld)"

# The pack is written in English; its dates and numbers follow it, whatever the
# language of the staff member's interface.
PACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Pack:
    pdf: bytes
    names: int
    paper: int
    sha256: str
    pages: int


def signers(session: Session, appeal: Appeal, *, cutoff: datetime) -> Iterator[tuple[str, str]]:
    """(name, country) of every counted signature up to `cutoff`, in the printed order."""
    statement = (
        sa.select(Signature.name, Signature.country)
        .where(*counted_clauses(appeal), moment_column(appeal) <= cutoff)
        .order_by(Signature.appeal_id, Signature.created_at, Signature.id)
    )
    for name, country in session.execute(statement, execution_options={"yield_per": 5000}):
        yield (name or WITHHELD), country


def list_digest(entries: Iterator[tuple[str, str]]) -> tuple[int, str]:
    """(count, SHA-256 hex) of a list of (name, country), as printed on the last page."""
    digest = hashlib.sha256()
    n = 0
    for n, (name, country) in enumerate(entries, start=1):
        digest.update(f"{n}\t{name}\t{country}\n".encode())
    return n, digest.hexdigest()


def build_pack(
    session: Session,
    appeal: Appeal,
    *,
    now: datetime,
    organisation: str = "",
    addressee: Target | None = None,
) -> Pack:
    """Build the whole pack in memory (about 1 MB per 10,000 names). The cover letter is
    addressed to `addressee` (one of the appeal's officials: the embassy that will receive
    it, say), else to the first primary target."""
    names, period = _period(session, appeal, now)
    countries = country_counts(session, [appeal.id])
    paper = sum(c.paper for c in countries)
    pdf = new_document(f"{appeal.title} — delivery pack", author=organisation)
    _set_footer(pdf, appeal.title)
    _cover(
        pdf,
        appeal,
        now=now,
        total=names + paper,
        countries=len(countries),
        period=period,
        organisation=organisation.strip(),
        addressee=addressee,
    )
    _country_table(pdf, countries)
    digest = hashlib.sha256()
    listed = _names(pdf, signers(session, appeal, cutoff=now), digest)
    _verification(pdf, appeal, now=now, listed=listed, paper=paper, sha=digest.hexdigest())
    return Pack(bytes(pdf.output()), listed, paper, digest.hexdigest(), pdf.page_no())


def _period(session: Session, appeal: Appeal, now: datetime) -> tuple[int, tuple[str, str]]:
    moment = moment_column(appeal)
    count, first, last = session.execute(
        sa.select(sa.func.count(), sa.func.min(Signature.created_at), sa.func.max(moment)).where(
            *counted_clauses(appeal), moment <= now
        )
    ).one()
    if not count:
        return 0, ("", "")
    return count, (
        long_date(_as_datetime(first), PACK_LANGUAGE),
        long_date(_as_datetime(last), PACK_LANGUAGE),
    )


def _as_datetime(value: datetime | str) -> datetime:
    # Aggregates skip the column type on SQLite and come back as text.
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _para(pdf: FPDF, w: float, h: float, text: str, **kwargs: object) -> None:
    """A paragraph that leaves the cursor at the left margin of the next line."""
    pdf.multi_cell(w, h, text, new_x="LMARGIN", new_y="NEXT", **kwargs)  # type: ignore[arg-type]


def _set_footer(pdf: FPDF, title: str) -> None:
    shaped = needs_shaping(title)

    def footer() -> None:
        pdf.set_y(-14)
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(90)
        pdf.set_text_shaping(shaped)
        pdf.cell(0, 5, f"{title} — page {pdf.page_no()} of {{nb}}", align="C")
        pdf.set_text_shaping(False)
        pdf.set_text_color(0)

    pdf.footer = footer  # type: ignore[method-assign]


def _cover(
    pdf: FPDF,
    appeal: Appeal,
    *,
    now: datetime,
    total: int,
    countries: int,
    period: tuple,
    organisation: str,
    addressee: Target | None,
) -> None:
    pdf.add_page()
    targets = appeal.primary_targets
    target = addressee or (targets[0] if targets else None)
    salutation = (
        target.salutation if target and target.salutation else "Dear Sir or Madam"
    ).strip()
    # A target's name, an address or a demand may be written in any script.
    texts = [appeal.title, salutation, *(demand.text for demand in appeal.demands)]
    if target is not None:
        texts += [target.display_name, target.organisation or "", target.postal_address]
    add_fonts_for(pdf, *texts)
    pdf.set_text_shaping(any(needs_shaping(text) for text in texts))
    pdf.set_font(FONT, size=10)
    _para(pdf, 0, 5, long_date(now.date(), PACK_LANGUAGE), align="R")
    pdf.ln(4)
    if target is not None:
        _para(pdf, 0, 5, "\n".join(address_lines(target)))
    pdf.ln(8)
    pdf.set_font(FONT, "B", 13)
    _para(pdf, 0, 6.5, appeal.title)
    pdf.ln(4)
    pdf.set_font(FONT, size=11)
    _para(pdf, 0, 6, salutation.rstrip(",") + ",")
    pdf.ln(2)
    first, last = period
    when = f" between {first} and {last}" if first else ""
    places = "country" if countries == 1 else "countries"
    _para(
        pdf,
        0,
        6,
        f"We present this appeal on behalf of {number(total, PACK_LANGUAGE)} people in "
        f"{number(countries, PACK_LANGUAGE)} {places} who signed it"
        f"{when}. They call on you to:",
    )
    pdf.ln(2)
    for i, demand in enumerate(appeal.demands, start=1):
        pdf.set_x(pdf.l_margin + 6)
        _para(pdf, 0, 6, f"{i}. {demand.text}")
    pdf.ln(3)
    _para(
        pdf,
        0,
        6,
        "The count by country and the list of signers follow. The last page explains how "
        "the list was made and how its count can be verified.",
    )
    pdf.ln(6)
    _para(pdf, 0, 6, "Yours faithfully,")
    if organisation:
        pdf.ln(10)  # room to sign by hand
        _para(pdf, 0, 6, organisation)
    pdf.set_text_shaping(False)


def address_lines(target: Target) -> list[str]:
    """The lines the cover is addressed with: name, organisation, postal address. The
    organisation is left out when the address already begins with it, as directories
    often write it."""
    address = [line.strip() for line in target.postal_address.strip().splitlines()]
    organisation = (target.organisation or "").strip()
    if address and organisation.casefold() == address[0].casefold():
        organisation = ""
    return [line for line in (target.display_name, organisation, *address) if line]


def _country_table(pdf: FPDF, countries: list[CountryCount]) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, "Signatures by country", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    _para(pdf, 0, 5, "Online: signed on the appeal page. Paper: collected on paper or at events.")
    pdf.ln(2)
    widths = (90, 30, 30, 30)
    with pdf.table(col_widths=widths, text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")) as table:
        table.row(["Country", "Online", "Paper", "Total"])
        for c in countries:
            paper = f"{number(c.paper, PACK_LANGUAGE)} (paper)" if c.paper else "—"
            table.row(
                [
                    country_name(c.country),
                    number(c.online, PACK_LANGUAGE),
                    paper,
                    number(c.total, PACK_LANGUAGE),
                ]
            )
        online = sum(c.online for c in countries)
        paper_sum = sum(c.paper for c in countries)
        table.row(
            [
                "All countries",
                number(online, PACK_LANGUAGE),
                number(paper_sum, PACK_LANGUAGE),
                number(online + paper_sum, PACK_LANGUAGE),
            ]
        )


def _names(pdf: FPDF, entries: Iterator[tuple[str, str]], digest: hashlib._Hash) -> int:
    """Print numbered names in columns, page after page; feed each line to the digest."""
    column_w = (pdf.w - pdf.l_margin - pdf.r_margin) / COLUMNS
    top = 26.0
    n = 0
    for n, (name, country) in enumerate(entries, start=1):
        digest.update(f"{n}\t{name}\t{country}\n".encode())
        slot = (n - 1) % (NAMES_PER_COLUMN * COLUMNS)
        if slot == 0:
            _names_page(pdf, first=n == 1)
        column, line = divmod(slot, NAMES_PER_COLUMN)
        x = pdf.l_margin + column * column_w
        y = top + line * LINE_MM
        pdf.text(x, y, f"{n}.")
        # A long name is cut, never its country: "Ann Wolfeschlegel… — Germany".
        place = f" — {country_name(country)}"
        label = _fit(pdf, name, column_w - 16 - pdf.get_string_width(place)) + place
        _write_name(pdf, x + 13, y, column_w - 16, label)
    if n == 0:
        _names_page(pdf, first=True)
        pdf.text(pdf.l_margin, 26, "No online signatures.")
    return n


def _write_name(pdf: FPDF, x: float, baseline: float, width: float, label: str) -> None:
    """Write one name: text() is fast; cells take the fallback fonts and text shaping.

    Most names are in scripts the main font has and need no shaping; the others (Khmer,
    Chinese, Arabic, Devanagari…) go through a cell, with the fonts they need added to
    the document on first sight, and shaped where their script needs it.
    """
    shaped = not label.isascii() and needs_shaping(label)
    cmap = pdf.current_font.cmap
    if not shaped and (label.isascii() or all(ord(c) in cmap for c in label)):
        pdf.text(x, baseline, label)
        return
    add_fonts_for(pdf, label)
    # A cell's y is its top, and its text starts after its inner margin: the name starts
    # where text() would have put it.
    pdf.set_xy(x - pdf.c_margin, baseline - (LINE_MM / 2 + 0.3 * pdf.font_size))
    if shaped:
        pdf.set_text_shaping(True)
    try:
        pdf.cell(width, LINE_MM, label)
    finally:
        if shaped:
            pdf.set_text_shaping(False)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """`text`, cut with an ellipsis if it is wider than `width` mm in the current font."""
    # No glyph is wider than an em (font_size, in mm): most names need no measuring.
    if len(text) * pdf.font_size <= width or pdf.get_string_width(text) <= width:
        return text
    while len(text) > 1 and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _names_page(pdf: FPDF, *, first: bool) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.text(pdf.l_margin, 16, "Signers" if first else "Signers (continued)")
    pdf.set_font(FONT, size=7.5)


def _verification(
    pdf: FPDF, appeal: Appeal, *, now: datetime, listed: int, paper: int, sha: str
) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, "How this count was made", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    _para(pdf, 0, 5.5, METHOD)
    pdf.ln(3)
    facts = [
        ("Appeal", f"{appeal.title} ({appeal.slug})"),
        ("Counted up to", now.strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Online signatures listed", number(listed, PACK_LANGUAGE)),
        ("Paper signatures", number(paper, PACK_LANGUAGE)),
        ("Total", number(listed + paper, PACK_LANGUAGE)),
    ]
    for label, value in facts:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(55, 6, label)
        pdf.set_font(FONT, size=10)
        _para(pdf, 0, 6, value)
    pdf.ln(3)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "SHA-256 of the list", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    _para(pdf, 0, 6, sha)
    pdf.ln(1)
    pdf.set_font(FONT, size=9)
    _para(pdf, 0, 5, DIGEST_RECIPE)
