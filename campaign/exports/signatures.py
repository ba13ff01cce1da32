"""Signature lists streamed as CSV, or written as XLSX, row by row with flat memory.

Headings, sheet title and cell words ("yes", "no") stay English: the files are a data
format for CRMs and spreadsheets, not interface text.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from campaign.exports.cells import FORMULA_STARTS, neutralise, text_cell
from campaign.exports.filters import COLUMNS, SignatureFilter
from campaign.models import Appeal, Signature

# Rows fetched per round trip (a server-side cursor on PostgreSQL) and per chunk sent
# (about 45 KB). A batch is held twice, as rows and as CSV text; 500 keeps that under 1 MB
# where 2000 held 4 MB, at no cost in time.
BATCH = 500

# The last line of a CSV export that failed part way: the header went out before the rows
# were read, so the status cannot change any more, and a file that merely stopped would
# look complete. English, as the rest of the file.
INCOMPLETE = "ERROR: the export failed here and this file is incomplete; export it again."

# Each cell is written by the database, as the CSV needs it: a million rows then go from
# the cursor to the csv module without a Python call per cell (which was most of the
# export's time). text() neutralises formulas as cells.text_cell does; the tests compare
# the two. A NULL stays NULL, which the csv module writes as an empty field: on SQLite
# coalesce(…, '') around every cell took a third of the query's time.


def text(column: Any, dialect: str) -> sa.ColumnElement[str]:
    """The column as neutralised text: a leading ' before a formula start."""
    as_text = sa.type_coerce(column, sa.String)
    if dialect == "sqlite":
        # The first character's code point (NULL for '' and NULL): an integer compared,
        # where substr() made a string of each cell's first character.
        first: sa.ColumnElement[Any] = sa.func.unicode(as_text)
        starts: list[Any] = [ord(start) for start in FORMULA_STARTS]
    else:
        first, starts = sa.func.substr(as_text, 1, 1), list(FORMULA_STARTS)
    return sa.case((first.in_(starts), sa.literal("'") + as_text), else_=as_text)


def timestamp(column: Any, dialect: str) -> sa.ColumnElement[str]:
    """A naive-UTC timestamp as 'YYYY-MM-DD HH:MM:SS' (NULL stays NULL)."""
    if dialect == "postgresql":
        return sa.func.to_char(column, "YYYY-MM-DD HH24:MI:SS")
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
    return sa.func.substr(sa.type_coerce(column, sa.String), 1, 19)


def column_sql(key: str, dialect: str) -> sa.ColumnElement[str]:
    """What the database reads for the column `key` (not "appeal": see row_batches)."""
    if key in ("signed_at", "confirmed_at"):
        return timestamp(
            Signature.created_at if key == "signed_at" else Signature.confirmed_at, dialect
        )
    if key == "consent":
        return sa.case((Signature.consent.is_(True), "yes"), else_="no")
    if key == "country":  # a validated ISO code: never a formula
        return Signature.country
    return text(getattr(Signature, key), dialect)


def xlsx_column_sql(key: str, dialect: str) -> sa.ColumnElement[Any]:
    """What the database reads for the column `key` in an XLSX list: text as it is and
    timestamps as timestamps. A cell written as text is never run as a formula (see
    write_xlsx), so the quote the CSV needs would show as part of the value."""
    if key in ("signed_at", "confirmed_at"):
        return Signature.created_at if key == "signed_at" else Signature.confirmed_at
    if key in ("consent", "country"):
        return column_sql(key, dialect)
    return sa.func.coalesce(sa.type_coerce(getattr(Signature, key), sa.String), "")


def count_rows(session: Session, flt: SignatureFilter) -> int:
    """How many rows the export holds (for the audit log, before streaming starts)."""
    return session.scalar(sa.select(sa.func.count()).where(*flt.clauses())) or 0


def row_batches(
    session: Session,
    flt: SignatureFilter,
    cells: Callable[[str, str], sa.ColumnElement[Any]] = column_sql,
) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows as cells, a batch at a time, in (appeal, signed) index order: nothing to sort.
    `cells` gives each column's SQL (column_sql: the CSV's neutralised text).

    Read through the session's connection with a server-side cursor (PostgreSQL) in
    batches, so memory stays flat however many rows there are.
    """
    # The slugs of the few appeals are written in (CASE appeal_id …) rather than joined.
    query = sa.select(Appeal.id, Appeal.slug).where(Appeal.id.in_(flt.appeal_ids))
    slugs = {appeal_id: text_cell(slug) for appeal_id, slug in session.execute(query)}
    connection = session.connection()
    dialect = connection.dialect.name
    columns = [
        sa.case(slugs, value=Signature.appeal_id, else_="") if c == "appeal" else cells(c, dialect)
        for c in flt.columns
    ]
    statement = (
        sa.select(*columns)
        .select_from(Signature)
        .where(*flt.clauses())
        .order_by(Signature.appeal_id, Signature.created_at, Signature.id)
    )
    result = connection.execute(
        statement, execution_options={"stream_results": True, "yield_per": BATCH}
    )
    # Rows of text, as the csv module takes them.
    yield from result.partitions()  # type: ignore[misc]


def rows(
    session: Session,
    flt: SignatureFilter,
    cells: Callable[[str, str], sa.ColumnElement[Any]] = column_sql,
) -> Iterator[Sequence[Any]]:
    """The rows as cells, one at a time."""
    for batch in row_batches(session, flt, cells):
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
    The filter's clauses are built first, so that a filter they cannot express fails
    before the first byte. Should anything fail later, the file ends with INCOMPLETE and
    the error goes on, so that the download is cut off rather than ended cleanly.
    """
    flt.clauses()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def written() -> bytes:
        """What the writer wrote since the last call, emptying the buffer."""
        chunk = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return chunk

    if bom:
        buffer.write("\ufeff")
    writer.writerow(headings(flt))
    yield written()  # the first byte goes out before any row is read
    try:
        if on_start is not None:
            on_start()
        for batch in row_batches(session, flt):
            writer.writerows(batch)
            yield written()
    except Exception:
        written()  # a batch written only in part does not go out
        writer.writerow([INCOMPLETE])
        yield written()
        raise


def write_xlsx(session: Session, flt: SignatureFilter, *, title: str = "Signatures") -> IO[bytes]:
    """The list as an XLSX workbook in a temporary file (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headings(flt))
    for row in rows(session, flt, xlsx_column_sql):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by file_chunks once sent)
    workbook.save(output)
    output.seek(0)
    return output


def _xlsx_cell(sheet: Any, value: str | datetime | None) -> Any:
    """A value as an XLSX cell: a date cell for a timestamp (naive UTC: Excel has no
    zones), text for the rest, and never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value.astimezone(UTC).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl would otherwise write a text starting with = as a formula
    return cell


def file_chunks(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """Read a file out in chunks and close it at the end."""
    with file:
        while chunk := file.read(size):
            yield chunk
