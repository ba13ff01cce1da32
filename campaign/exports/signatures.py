"""Signature lists streamed as CSV, or written as XLSX, row by row with flat memory.

Headings, sheet title and cell words ("yes", "no") stay English: the files are a data
format for CRMs and spreadsheets, not interface text.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.exports.cells import flag_cell, neutralise, text_cell, timestamp_cell
from campaign.exports.filters import COLUMNS, SignatureFilter
from campaign.models import Appeal, Signature

# Rows fetched per round trip (a server-side cursor on PostgreSQL) and per chunk sent.
BATCH = 2000

# column key -> (what is read, how it is written). Timestamps and the flag are read raw
# (type_coerce) so that a million rows are not each parsed into objects and back.
COLUMN_SQL: dict[str, tuple[Any, Callable[[Any], str]]] = {
    "appeal": (Signature.appeal_id, text_cell),  # replaced by the slug, see row_batches
    "name": (Signature.name, text_cell),
    "email": (Signature.email, text_cell),
    "country": (Signature.country, str),  # a validated ISO code: never a formula
    "postcode": (Signature.postcode, text_cell),
    "city": (Signature.city, text_cell),
    "comment": (Signature.comment, text_cell),
    "consent": (Signature.consent, flag_cell),
    "language": (Signature.language, text_cell),
    "source": (Signature.source, text_cell),
    "signed_at": (sa.type_coerce(Signature.created_at, sa.String), timestamp_cell),
    "confirmed_at": (sa.type_coerce(Signature.confirmed_at, sa.String), timestamp_cell),
    "flag": (sa.type_coerce(Signature.flag, sa.String), text_cell),
}


def count_rows(session: Session, flt: SignatureFilter) -> int:
    """How many rows the export holds (for the audit log, before streaming starts)."""
    return session.scalar(sa.select(sa.func.count()).where(*flt.clauses())) or 0


def row_batches(session: Session, flt: SignatureFilter) -> Iterator[list[list[str]]]:
    """The rows as cells, a batch at a time, in (appeal, signed) index order: nothing to sort.

    Read through the session's connection with a server-side cursor (PostgreSQL) in
    batches, so memory stays flat however many rows there are.
    """
    # The slugs of the few appeals come from a dict rather than a join on every row.
    query = sa.select(Appeal.id, Appeal.slug).where(Appeal.id.in_(flt.appeal_ids))
    slugs = {appeal_id: text_cell(slug) for appeal_id, slug in session.execute(query)}
    formats = [slugs.__getitem__ if c == "appeal" else COLUMN_SQL[c][1] for c in flt.columns]
    statement = (
        sa.select(*(COLUMN_SQL[c][0] for c in flt.columns))
        .select_from(Signature)
        .where(*flt.clauses())
        .order_by(Signature.appeal_id, Signature.created_at, Signature.id)
    )
    result = session.connection().execute(
        statement, execution_options={"stream_results": True, "yield_per": BATCH}
    )
    for batch in result.partitions():
        yield [[f(v) for f, v in zip(formats, row, strict=True)] for row in batch]


def rows(session: Session, flt: SignatureFilter) -> Iterator[list[str]]:
    """The rows as cells, one at a time."""
    for batch in row_batches(session, flt):
        yield from batch


def headings(flt: SignatureFilter) -> list[str]:
    return [neutralise(COLUMNS[c]) for c in flt.columns]


def csv_chunks(
    session: Session,
    flt: SignatureFilter,
    *,
    bom: bool = False,
    on_start: Callable[[], None] | None = None,
) -> Iterator[bytes]:
    """The CSV file in UTF-8 (with a byte-order mark for Excel if asked), a chunk at a time.

    `on_start` runs once the header has gone out and before any row is read (the audit).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(headings(flt))
    yield buffer.getvalue().encode("utf-8")  # the first byte goes out before any row is read
    if on_start is not None:
        on_start()
    for batch in row_batches(session, flt):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(batch)
        yield buffer.getvalue().encode("utf-8")


def write_xlsx(session: Session, flt: SignatureFilter, *, title: str = "Signatures") -> IO[bytes]:
    """The list as an XLSX workbook in a temporary file (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headings(flt))
    for row in rows(session, flt):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by file_chunks once sent)
    workbook.save(output)
    output.seek(0)
    return output


def file_chunks(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """Read a file out in chunks and close it at the end."""
    with file:
        while chunk := file.read(size):
            yield chunk
