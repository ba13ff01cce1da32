"""The directory as CSV: export, and an import that is all or nothing.

An import reads the whole file first and reports every bad row by its line number;
only a file without errors changes the directory. A row that matches an entry (same
e-mail, or same name and country when the row has no e-mail) updates it.

The column names are a data format and stay English; the messages about a file are in
the interface language (English from the command line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.fields import without_nul
from campaign.models import Target, User
from campaign.targets.fields import FIELDS, TargetValues, format_languages, parse_field
from campaign.targets.services import (
    TargetFilter,
    apply_values,
    audit_change,
    filtered,
    find_by_email,
    find_by_name,
)

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("Line %(line)s: %(message)s", line=self.line, message=self.message)


class ImportRejected(Exception):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(_("nothing was imported: %(problems)s", problems=problems(len(errors))))
        self.errors = list(errors)


@dataclass(frozen=True)
class ParsedRow:
    line: int
    values: TargetValues


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)

    def describe(self) -> str:
        """ "3 added, 2 updated, 1 unchanged." """
        parts = [
            ngettext("%(num)s added", "%(num)s added", self.added),
            ngettext("%(num)s updated", "%(num)s updated", self.updated),
        ]
        if self.unchanged:
            parts.append(ngettext("%(num)s unchanged", "%(num)s unchanged", self.unchanged))
        return ", ".join(parts) + "."


def problems(count: int) -> str:
    return ngettext("%(num)s problem", "%(num)s problems", count)


def rejected_message(count: int) -> str:
    """What the import page says when a file was refused."""
    return ngettext(
        "Nothing was imported: %(num)s problem to fix first.",
        "Nothing was imported: %(num)s problems to fix first.",
        count,
    )


# Export


def neutralise(cell: str) -> str:
    """ "=HYPERLINK(…)" → "'=HYPERLINK(…)": shown as text, never run by a spreadsheet."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """The inverse of `neutralise`, so that an exported file imports unchanged."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def cells(target: Target) -> list[str]:
    values = {
        "name": target.name,
        "title": target.title,
        "organisation": target.organisation,
        "country": target.country or "",
        "postal_address": target.postal_address,
        "email": target.email or "",
        "salutation": target.salutation,
        "languages": format_languages(target.languages),
        "notes": target.notes,
        "last_verified_on": target.last_verified_on.isoformat() if target.last_verified_on else "",
        "active": "true" if target.active else "false",
    }
    return [neutralise(values[name] or "") for name in FIELDS]


def write_csv(targets: Iterable[Target]) -> str:
    """A header row, then one row per target; CRLF line ends as RFC 4180 has them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    writer.writerows(cells(t) for t in targets)
    return out.getvalue()


def export_targets(
    session: Session, flt: TargetFilter, *, user: User | None, via: str = "web"
) -> tuple[str, int]:
    """The CSV of the targets a filter shows, and their number (audited with the filter)."""
    targets = session.scalars(filtered(flt)).all()
    details = {
        "rows": len(targets),
        "query": flt.query,
        "country": flt.country,
        "inactive": flt.show_inactive,
        "via": via,
    }
    if "@" in flt.query:  # the audit log keeps no e-mail addresses, not even in a search
        details["query"] = "(an e-mail address)"
    record(session, "target.export", user=user, details=details)
    return write_csv(targets), len(targets)


# Import


def decode(data: bytes) -> str:
    """UTF-8 text with or without a byte order mark; ImportRejected otherwise."""
    if data.startswith(b"PK\x03\x04"):  # a zip: what Excel and LibreOffice save by default
        raise ImportRejected(
            [
                RowError(
                    0, _("This is a spreadsheet, not CSV. Save it as “CSV UTF-8” and try again.")
                )
            ]
        )
    try:
        return without_nul(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowError(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
        ) from None


def read_header(row: list[str]) -> tuple[list[str], list[RowError]]:
    header = [cell.strip().lower() for cell in row]
    errors = []
    unknown = [h for h in header if h not in FIELDS]
    if unknown:
        names = ", ".join(f"“{h[:40]}”" for h in unknown)
        errors.append(
            RowError(
                1,
                _(
                    "unknown column(s) %(names)s; the columns are %(columns)s.",
                    names=names,
                    columns=", ".join(FIELDS),
                ),
            )
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        errors.append(
            RowError(1, _("column(s) given twice: %(names)s.", names=", ".join(repeated)))
        )
    if "name" not in header:
        errors.append(RowError(1, _("the header needs a “name” column.")))
    return header, errors


def parse_row(header: list[str], row: list[str], line: int) -> tuple[TargetValues, list[RowError]]:
    if len(row) != len(header):
        message = _(
            "%(cells)s cells where the header has %(columns)s.",
            cells=len(row),
            columns=len(header),
        )
        return {}, [RowError(line, message)]
    values: dict[str, object] = {}
    errors = []
    for name, cell in zip(header, row, strict=True):
        try:
            values[name] = parse_field(name, restore(cell))
        except ValueError as error:
            errors.append(RowError(line, _("%(column)s: %(error)s", column=name, error=error)))
    return values, errors  # type: ignore[return-value]


def parse_csv(data: bytes) -> list[ParsedRow]:
    """Every row of the file, or ImportRejected listing each bad row by its line number."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    errors: list[RowError] = []
    rows: list[ParsedRow] = []
    header: list[str] | None = None
    line = 1  # the line the next record starts on
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header, errors = read_header(row)
                if errors:
                    break
                continue
            if len(rows) >= MAX_ROWS:
                message = _("more than %(rows)s rows; split the file.", rows=MAX_ROWS)
                errors.append(RowError(start, message))
                break
            values, row_errors = parse_row(header, row, start)
            errors.extend(row_errors)
            rows.append(ParsedRow(start, values))
    except csv.Error as error:
        errors.append(RowError(line, _("not CSV: %(error)s.", error=error)))
    if header is None and not errors:
        errors.append(RowError(0, _("The file is empty: it needs a header row, then the targets.")))
    errors.extend(_repeats(rows))
    if errors:
        raise ImportRejected(errors)
    return rows


def _repeats(rows: list[ParsedRow]) -> list[RowError]:
    """Two rows for the same target would each update it: refuse the second."""
    seen: dict[tuple[str, ...], int] = {}
    errors = []
    for row in rows:
        email = row.values.get("email")
        name = row.values.get("name", "")
        key = (
            ("email", email.lower())
            if email
            else ("name", name.lower(), row.values.get("country") or "")
        )
        if key in seen:
            if email:
                message = _("same e-mail as line %(line)s.", line=seen[key])
            else:
                message = _("same name and country as line %(line)s.", line=seen[key])
            errors.append(RowError(row.line, message))
        else:
            seen[key] = row.line
    return errors


def match_row(session: Session, values: TargetValues) -> Target | None:
    """The entry a row updates; ValueError when its name and country match several."""
    email = values.get("email")
    if email and (target := find_by_email(session, email)) is not None:
        return target
    matches = [
        t for t in find_by_name(session, values["name"], values.get("country")) if not t.email
    ]
    if len(matches) > 1:
        raise ValueError(_("its name and country match several targets; give an e-mail."))
    return matches[0] if matches else None


def _plan(session: Session, rows: list[ParsedRow]) -> list[tuple[ParsedRow, Target | None]]:
    """Each row with the entry it updates (None: a new one); ImportRejected on conflicts."""
    plan: list[tuple[ParsedRow, Target | None]] = []
    errors = []
    claimed: dict[int, int] = {}  # target id -> the line that updates it
    with session.no_autoflush:
        for row in rows:
            try:
                target = match_row(session, row.values)
            except ValueError as error:
                errors.append(RowError(row.line, str(error)))
                continue
            if target is not None and target.id in claimed:
                errors.append(
                    RowError(
                        row.line,
                        _("updates the same target as line %(line)s.", line=claimed[target.id]),
                    )
                )
                continue
            if target is not None:
                claimed[target.id] = row.line
            plan.append((row, target))
    if errors:
        raise ImportRejected(errors)
    return plan


def _keeping_email_case(target: Target, values: TargetValues) -> TargetValues:
    """The row's values, less an e-mail that differs from the entry's only in case."""
    email = values.get("email")
    if email and target.email and email.lower() == target.email.lower():
        return TargetValues(**{k: v for k, v in values.items() if k != "email"})  # type: ignore[typeddict-item]
    return values


def import_targets(
    session: Session, data: bytes, *, user: User | None, via: str = "web"
) -> ImportSummary:
    """Add or update a target per row; ImportRejected (and no change at all) on any error."""
    rows = parse_csv(data)
    plan = _plan(session, rows)
    summary = ImportSummary()
    row = None
    try:
        # In a savepoint: an address taken meanwhile undoes the whole file, nothing else.
        with session.begin_nested():
            for row, target in plan:
                _apply_row(session, row, target, summary, user=user, via=via)
    except IntegrityError:
        # The database's unique index: an entry saved with one of the file's addresses
        # since the file was matched against the directory.
        line = row.line if row is not None else 0
        message = _("another entry took this e-mail address meanwhile; import the file again.")
        raise ImportRejected([RowError(line, message)]) from None
    details = {
        "rows": len(rows),
        "added": summary.added,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "target_ids": summary.changed_ids[:1000],
        "via": via,
    }
    record(session, "target.import", user=user, details=details)
    return summary


def _apply_row(
    session: Session,
    row: ParsedRow,
    target: Target | None,
    summary: ImportSummary,
    *,
    user: User | None,
    via: str,
) -> None:
    """Add or update the row's entry, counted in `summary` and audited when it changed."""
    if target is None:
        target = Target(name=row.values["name"])
        action, changed = "target.create", apply_values(target, row.values)
        session.add(target)
        summary.added += 1
    elif changed := apply_values(target, _keeping_email_case(target, row.values)):
        action = "target.update"
        summary.updated += 1
    else:
        summary.unchanged += 1
        return
    session.flush()
    summary.changed_ids.append(target.id)
    audit_change(session, action, target, user, fields=changed, via=via)
