"""The organiser's journey in a real browser: from the seed release to a live appeal."""

from __future__ import annotations

import re

from sqlalchemy import select

from campaign.demo import seed_text
from campaign.extensions import db
from campaign.models import Appeal, AppealStatus
from tests.browser.conftest import check_accessibility, log_in, screenshot


def test_organiser_turns_the_seed_release_into_a_live_appeal(live_server, new_page, browser):
    page = new_page()
    base = live_server.url
    log_in(page, base, "organiser@example.org")
    page.get_by_role("link", name="New appeal from a release").click()
    screenshot(page, "organiser-1-new")
    page.get_by_label("Paste the release").fill(seed_text())
    page.get_by_role("button", name="Draft the appeal").click()

    # The review screen: the release with its highlighted sources beside the draft.
    page.wait_for_selector("mark.src--demand")
    assert page.locator("mark.src--demand").first.is_visible()
    demands = page.locator(".demand-row textarea").all()
    texts = [d.input_value() for d in demands if d.input_value()]
    assert len(texts) == 3 and all("Kem Sokha" in t for t in texts)
    screenshot(page, "organiser-2-review")
    review_url = page.url
    check_accessibility(browser, review_url, cookies=page.context.cookies())

    # The suggested officials: the prime minister as primary, the embassy in copy.
    page.get_by_role("button", name=re.compile("Add as primary.*Hun Manet")).click()
    page.get_by_text("Hun Manet added as primary target.").wait_for()
    page.get_by_role("button", name=re.compile("Add as copy.*Ambassador of the Kingdom")).click()
    page.get_by_text("added as copy.").wait_for()

    # The letter: edited, with the live preview following the edit.
    page.get_by_role("link", name="Edit and preview the letter").click()
    body = page.get_by_label("Letter", exact=True)
    body.fill(
        body.input_value().replace("I thank you", "I ask for your urgent attention. I thank you")
    )
    page.locator(".letter-preview").first.get_by_text("I ask for your urgent attention.").wait_for()
    screenshot(page, "organiser-3-letter")
    page.get_by_role("button", name="Save the letter").click()
    page.get_by_text("Letter saved.").wait_for()

    page.goto(review_url)
    page.get_by_role("button", name="Publish the appeal").click()
    page.get_by_text("Published: the appeal is live").wait_for()

    with live_server.db():
        appeal = db.session.scalars(
            select(Appeal).where(Appeal.status == AppealStatus.LIVE).order_by(Appeal.id.desc())
        ).first()
        assert appeal.slug.startswith("cambodia-release-of-kem-sokha")
        demand_texts = [d.text for d in appeal.demands]
        assert "I ask for your urgent attention." in appeal.letters[0].body
    page.goto(f"{base}/a/{appeal.slug}")
    shown = page.locator("ol.demands li").all_inner_texts()
    assert shown == demand_texts
    screenshot(page, "organiser-4-public")
