"""Staff and admins in a real browser: the counts and the chart, a filtered CSV, the delivery
pack, a token and a webhook."""

from __future__ import annotations

import csv
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Appeal, Signature
from tests.browser.conftest import check_accessibility, log_in, screenshot


def test_staff_sees_the_counts_and_downloads_the_list_and_the_pack(live_server, new_page, browser):
    page = new_page()
    base = live_server.url
    log_in(page, base, "staff@example.org")
    page.goto(f"{base}/staff/")
    assert page.get_by_role("link", name=re.compile("Release of Kem Sokha")).first.is_visible()
    screenshot(page, "staff-1-overview")

    page.goto(f"{base}/staff/appeals/kem-sokha")
    page.get_by_role("heading", name="Signatures per day").wait_for()
    assert page.locator("svg").count() >= 1  # the chart, drawn on the server
    screenshot(page, "staff-2-appeal")
    check_accessibility(browser, page.url, cookies=page.context.cookies())

    # The list, filtered to one country.
    page.goto(f"{base}/staff/appeals/kem-sokha")
    page.get_by_role("link", name="Exports").nth(1).click()  # this appeal's, not the menu's
    page.get_by_label("Countries").fill("KH")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    with live_server.db():
        appeal = db.session.scalars(select(Appeal).where(Appeal.slug == "kem-sokha")).one()
        expected = db.session.scalars(
            select(Signature.email).where(
                Signature.appeal_id == appeal.id,
                Signature.country == "KH",
                Signature.confirmed_at.is_not(None),
                Signature.flag.is_(None),
                Signature.invalidated_at.is_(None),
            )
        ).all()
    assert expected, "the demo has Cambodian signers"
    emails = sorted(r.get("email") or r.get("E-mail") or "" for r in rows)
    assert emails == sorted(expected)

    # The delivery pack: names and countries, never e-mails, with the checksum page.
    with page.expect_download() as download:
        page.goto(f"{base}/staff/appeals/kem-sokha")
        page.get_by_role("link", name="Delivery pack (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Sophea Chan" in text
    assert "@example.org" not in text
    assert "SHA-256" in text


def test_staff_tick_every_flagged_signature_at_once(live_server, new_page):
    from campaign.models import Flag, utcnow

    with live_server.db():
        appeal = db.session.scalars(select(Appeal).where(Appeal.slug == "kem-sokha")).one()
        for n in range(3):
            db.session.add(
                Signature(
                    appeal=appeal, name=f"Flagged {n}", email=f"flagged{n}@mailinator.com",
                    email_canonical=f"flagged{n}@mailinator.com", country="FR",
                    flag=Flag.HONEYPOT, created_at=utcnow(),
                )
            )  # fmt: skip
        db.session.commit()
    page = new_page()
    base = live_server.url
    log_in(page, base, "staff@example.org")
    page.goto(f"{base}/staff/quality/flagged?appeal=kem-sokha")
    every = page.get_by_label("Select all")
    boxes = page.locator('input[name="ids"]')
    every.check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    boxes.first.uncheck()
    assert not every.is_checked()
    assert every.evaluate("box => box.indeterminate")
    every.check()
    page.get_by_role("button", name="Invalidate the ticked").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/staff/quality/flagged?appeal=kem-sokha"
    assert page.get_by_text("Invalidated 3 flagged signatures.").is_visible()


def test_an_admin_makes_a_token_with_one_scope_and_a_webhook_with_one_event(live_server, new_page):
    """Choose at least one, not every one: the browser does not ask for each box."""
    page = new_page()
    base = live_server.url
    log_in(page, base, "admin@example.org")
    page.goto(f"{base}/admin/tokens")
    page.get_by_label("Who will use it").fill("Section website")
    page.get_by_label("Read appeals and their counts").check()
    page.get_by_role("button", name="Create the token").click()
    assert page.get_by_label("Token").input_value().startswith("cmp_")
    page.goto(f"{base}/admin/webhooks/")
    page.get_by_label("Name", exact=True).fill("CRM")
    page.get_by_label("URL that receives the POSTs").fill("https://crm.example.org/hook")
    page.get_by_label("Each appeal published, closed or archived").check()
    page.get_by_role("button", name="Register the webhook").click()
    assert "is registered" in page.content()
