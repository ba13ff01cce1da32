"""Signature lists streamed as CSV, or written as XLSX, row by row with flat memory."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.exports.cells import cell, neutralise
from campaign.exports.filters import COLUMNS, SignatureFilter
from campaign.models import Appeal, Signature

# Rows fetched per round trip (a server-side cursor on PostgreSQL) and per chunk sent.
BATCH = 2000

COLUMN_SQL: dict[str, Any] = {
    "appeal": Appeal.slug,
    "name": Signature.name,
    "email": Signature.email,
    "country": Signature.country,
    "postcode": Signature.postcode,
    "comment": Signature.comment,
    "consent": Signature.consent,
    "language": Signature.language,
    "source": Signature.source,
    "signed_at": Signature.created_at,
    "confirmed_at": Signature.confirmed_at,
    "flag": Signature.flag,
}


def count_rows(session: Session, flt: SignatureFilter) -> int:
    """How many rows the export holds (for the audit log, before streaming starts)."""
    return session.scalar(sa.select(sa.func.count()).where(*flt.clauses())) or 0


def rows(session: Session, flt: SignatureFilter) -> Iterator[Sequence[Any]]:
    """The raw rows, in the order of the (appeal, signed) index so nothing is sorted first."""
    statement = (
        sa.select(*(COLUMN_SQL[c] for c in flt.columns))
        .select_from(Signature)
        .join(Appeal, Appeal.id == Signature.appeal_id)
        .where(*flt.clauses())
        .order_by(Signature.appeal_id, Signature.created_at, Signature.id)
    )
    yield from session.execute(statement, execution_options={"yield_per": BATCH})


def headings(flt: SignatureFilter) -> list[str]:
    return [neutralise(COLUMNS[c]) for c in flt.columns]


def csv_chunks(session: Session, flt: SignatureFilter, *, bom: bool = False) -> Iterator[bytes]:
    """The CSV file in UTF-8 (with a byte-order mark for Excel if asked), a chunk at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(headings(flt))
    for n, row in enumerate(rows(session, flt), start=1):
        writer.writerow([cell(value) for value in row])
        if n % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(session: Session, flt: SignatureFilter, *, title: str = "Signatures") -> IO[bytes]:
    """The list as an XLSX workbook in a temporary file (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headings(flt))
    for row in rows(session, flt):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell(value)) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by file_chunks once sent)
    workbook.save(output)
    output.seek(0)
    return output


def file_chunks(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """Read a file out in chunks and close it at the end."""
    with file:
        while chunk := file.read(size):
            yield chunk
