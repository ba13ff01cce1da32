"""The signature list's cells are written by the database; they must be what the Python
cell functions write (formulas neutralised, timestamps to the second, yes/no)."""

from __future__ import annotations

from datetime import UTC, datetime

from campaign.exports.cells import FORMULA_STARTS, cell
from campaign.exports.filters import COLUMNS, SignatureFilter
from campaign.exports.signatures import rows
from campaign.models import Flag
from tests.factories import make_appeal, make_signature


def test_every_column_reads_as_the_python_cells_write_it(session) -> None:
    appeal = make_appeal(session, slug="-dash-first")
    signed = datetime(2026, 10, 3, 4, 5, 6, 789000, tzinfo=UTC)
    names = [f"{start}SUM(A1)" for start in FORMULA_STARTS] + ["Ana", "Олег", "'quoted", ""]
    made = []
    for i, name in enumerate(names):
        made.append(
            make_signature(
                session,
                appeal,
                name=name,
                city=None if i % 2 else "=cmd",
                postcode="" if i % 3 else "+44",
                comment=None,
                consent=bool(i % 2),
                language="fr",
                source="@newsletter",
                created_at=signed.replace(second=i),
                confirmed_at=None if i == 0 else signed,
                flag=Flag.HONEYPOT if i == 1 else None,
            )
        )
    columns = tuple(COLUMNS)
    flt = SignatureFilter(
        appeal_ids=(appeal.id,), columns=columns, confirmed_only=False, include_flagged=True
    )
    # A NULL comes as None, which the csv module writes as an empty field, as cell() does.
    got = [["" if value is None else value for value in row] for row in rows(session, flt)]
    expected = [
        [
            cell(appeal.slug),
            cell(s.name),
            cell(s.email),
            s.country,
            cell(s.postcode),
            cell(s.city),
            cell(s.comment),
            cell(s.consent),
            cell(s.language),
            cell(s.source),
            cell(s.created_at),
            cell(s.confirmed_at),
            cell(s.flag.value if s.flag else None),
        ]
        for s in made
    ]
    assert got == expected
    assert got[0][1] == "'=SUM(A1)" and got[0][-3] == "2026-10-03 04:05:00"
    assert got[0][0] == "'-dash-first" and got[0][-2] == ""
