"""No main page is wider than the window, on a phone or a desktop: whatever is wider than
the screen (an embed code, a long web address in a title) wraps or scrolls in its own box
instead of pushing the page sideways, which cuts fields and text off."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.browser.test_accessibility import PAGES

LONG_URL = "https://www.example.org/news/2018/09/cambodia-opposition-leader-" + "x" * 60
WIDER_THAN_THE_WINDOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def long_url_appeal(live_server) -> str:
    """A live appeal whose title and demand carry a web address longer than a phone's width."""
    from campaign.extensions import db
    from tests.factories import make_appeal

    with live_server.db():
        appeal = make_appeal(
            db.session,
            slug="long-address",
            title=f"Read the ruling: {LONG_URL}",
            demands=(f"Publish the ruling at {LONG_URL}", "Release him"),
        )
        db.session.commit()
        return f"/a/{appeal.slug}"


@pytest.mark.parametrize(("viewport", "device"), [(PHONE, "phone"), (DESKTOP, "desktop")])
@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "public")
def test_no_page_is_wider_than_the_window(
    live_server, new_page, long_url_appeal, who, viewport, device
) -> None:
    page = new_page(viewport)
    if who:
        log_in(page, live_server.url, who)
    paths = PAGES[who] + ([long_url_appeal] if who is None else [])
    wide = {}
    for path in paths:
        page.goto(live_server.url + path)
        excess = page.evaluate(WIDER_THAN_THE_WINDOW)
        if excess > 0:
            wide[path] = excess
            screenshot(page, f"too-wide-{device}-{path.strip('/').replace('/', '-')}")
    assert wide == {}, f"pages wider than {viewport['width']}px by (px): {wide}"


@pytest.mark.parametrize(("viewport", "device"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_no_page_of_the_supporter_is_wider_than_the_window(
    live_server, new_page, viewport, device
) -> None:
    page = new_page(viewport)
    page.goto(f"{live_server.url}/a/kem-sokha")
    page.get_by_label("Your name").fill("Wide Check")
    page.get_by_label("Your e-mail address").fill(f"wide-{device}@example.org")
    page.get_by_label("Your country").select_option("FR")
    page.get_by_role("button", name="Sign the appeal").click()
    wide = {}

    def measure() -> None:
        excess = page.evaluate(WIDER_THAN_THE_WINDOW)
        if excess > 0:
            wide[page.url] = excess

    page.get_by_role("link", name="Write my letter").wait_for()
    measure()  # thanks
    page.get_by_role("link", name="Write my letter").click()
    measure()  # the officials
    page.get_by_role("link", name="Write to Hun Manet").click()
    page.get_by_label(re.compile("^Your own paragraph")).fill(f"See {LONG_URL}")
    page.get_by_role("button", name="With my own mail app").click()
    page.get_by_role("link", name="Open it in my mail app").wait_for()
    measure()  # the letter, with a long address in it
    assert wide == {}, f"pages wider than {viewport['width']}px by (px): {wide}"


@pytest.mark.parametrize(("viewport", "device"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_share_link_box_is_wide_enough_to_read(live_server, new_page, viewport, device):
    page = new_page(viewport)
    page.goto(f"{live_server.url}/a/kem-sokha")
    box = page.locator(".share input").bounding_box()
    row = page.locator(".share .copy-row").bounding_box()
    assert box is not None and row is not None
    # Most of its row (the Copy button takes the rest), not a label's narrow column.
    assert box["width"] >= 0.55 * row["width"], f"{device}: {box['width']} of {row['width']}"
