"""Count exports (CSV, JSON) and the delivery pack (PDF), parsed back."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from campaign.counting import recount_appeal
from campaign.models import PaperCount, Signature, TargetRole, utcnow
from tests.exports.helpers import DAY2, last_audit, logged_in, parse_csv, populate
from tests.factories import add_target, make_signature, make_target


def counted(session, world) -> None:
    session.add(PaperCount(appeal=world.appeal, country="PT", count=40, note="Vigil"))
    session.flush()
    for appeal in (world.appeal, world.other):
        recount_appeal(session, appeal, now=utcnow())


def test_counts_per_country_as_csv(client, session):
    world = populate(session)
    counted(session, world)
    logged_in(client, world)
    response = client.get(f"/staff/exports/counts?appeal={world.appeal.slug}&by=country")
    assert response.status_code == 200
    assert "counts-by-country-" in response.headers["Content-Disposition"]
    rows = parse_csv(response.get_data())
    assert rows[0] == ["appeal", "country", "country_name", "online", "paper", "total"]
    assert rows[1:] == [
        [world.appeal.slug, "PT", "Portugal", "1", "40", "41"],
        [world.appeal.slug, "FR", "France", "1", "0", "1"],
        [world.appeal.slug, "UA", "Ukraine", "1", "0", "1"],
    ]
    event = last_audit(session, "export.counts")
    assert event.details["rows"] == 3 and event.details["by"] == "country"
    assert not response.get_data().startswith(b"\xef\xbb\xbf")
    for_excel = client.get(f"/staff/exports/counts?appeal={world.appeal.slug}&by=country&bom=y")
    assert (
        for_excel.get_data().startswith(b"\xef\xbb\xbf") and parse_csv(for_excel.get_data()) == rows
    )


def test_counts_per_appeal_and_day_as_json(client, session):
    world = populate(session)
    counted(session, world)
    logged_in(client, world)
    per_appeal = client.get("/staff/exports/counts?by=appeal&format=json").get_json()
    mine = next(r for r in per_appeal["rows"] if r["appeal"] == world.appeal.slug)
    assert mine == {
        "appeal": world.appeal.slug,
        "title": "Free the writer",
        "counted": 43,
        "online": 3,
        "paper": 40,
    }
    per_day = client.get(
        f"/staff/exports/counts?appeal={world.appeal.slug}&by=day&format=json"
    ).get_json()
    assert per_day == {
        "by": "day",
        "rows": [
            {"appeal": world.appeal.slug, "day": "2026-10-01", "online": 2},
            {"appeal": world.appeal.slug, "day": "2026-10-02", "online": 1},
        ],
    }


def pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def test_the_delivery_pack_lists_names_and_countries_and_its_digest(client, session):
    world = populate(session)
    for name, country in [
        ("កឹម សុខា", "KH"),
        ("محمد علي", "EG"),
        ("刘晓波", "CN"),
        ("अनुराधा शर्मा", "IN"),
        ("김민수", "KR"),
    ]:
        make_signature(
            session, world.appeal, name=name, country=country, created_at=DAY2, confirmed_at=DAY2
        )
    counted(session, world)
    minister = make_target(session, name="Sok Chea", salutation="Your Excellency")
    add_target(session, world.appeal, minister, TargetRole.PRIMARY)
    logged_in(client, world)
    response = client.get(f"/staff/exports/pack/{world.appeal.slug}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="delivery-pack-{world.appeal.slug}-'
    )
    pages = pdf_pages(response.get_data())
    text = "\n".join(pages)
    assert "Your Excellency," in pages[0] and "Sok Chea" in pages[0]
    assert "48 people in 8 countries" in pages[0]
    assert "Release the prisoner" in pages[0]
    assert "40 (paper)" in pages[1]
    for name, country in [
        ("Ana Silva", "Portugal"),
        ("Олег Петров", "Ukraine"),
        ("កឹម សុខា", "Cambodia"),  # from the fallback fonts
        ("刘晓波", "China"),
        ("김민수", "South Korea"),
    ]:
        assert name in text and country in text
    # Shaped, so its text reads back in another order; its font is there.
    assert "India" in text
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(response.get_data())).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"NotoSansKhmer", "DroidSansFallback", "NotoSansDevanagari", "NanumGothic"} <= fonts
    assert "Egypt" in text
    for absent in ("Not Confirmed", "Flagged Bot", "Invalid One", "Elsewhere"):
        assert absent not in text
    assert "@" not in text
    assert all(f"page {i} of {len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert all("Free the writer" in p for p in pages)
    # The digest on the last page matches one recomputed from the database.
    rows = session.execute(
        sa.select(Signature.name, Signature.country)
        .where(
            Signature.appeal_id == world.appeal.id,
            Signature.confirmed_at.is_not(None),
            Signature.flag.is_(None),
            Signature.invalidated_at.is_(None),
        )
        .order_by(Signature.created_at, Signature.id)
    ).all()
    lines = "".join(f"{n}\t{name}\t{c}\n" for n, (name, c) in enumerate(rows, start=1))
    expected = hashlib.sha256(lines.encode()).hexdigest()
    last = pages[-1].replace("\n", "")
    assert expected in last
    assert re.search(r"Online signatures listed\s*8", pages[-1])
    event = last_audit(session, "export.pack")
    assert event.details["rows"] == 8 and event.details["sha256"] == expected
    assert "@" not in json.dumps(event.details)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/staff/exports/signatures?appeal={slug}&format=csv", "text/csv; charset=utf-8"),
        ("/staff/exports/counts?appeal={slug}&by=country", "text/csv; charset=utf-8"),
        ("/staff/exports/counts?by=appeal&format=json", "application/json"),
    ],
)
def test_each_download_names_its_type_and_charset_once(client, session, path, content_type):
    world = populate(session)
    logged_in(client, world)
    response = client.get(path.format(slug=world.appeal.slug))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
