"""The embedded sign form, on a page of another origin, signs through the appeal's server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Appeal, Signature
from tests.browser.conftest import PHONE, screenshot
from tests.outbox.smtp import free_port

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Section site</title><link rel="icon" href="data:,"></head>
<body><h1>Our section's news</h1>
<div class="campaign-embed" data-appeal="kem-sokha" data-base="{base}">
  <a href="{base}/a/kem-sokha">Sign the appeal</a>
</div>
<script src="{base}/static/embed.js" async></script>
</body></html>"""


def serve_page(folder, html: str) -> tuple[str, http.server.ThreadingHTTPServer]:
    (folder / "index.html").write_text(html, encoding="utf-8")
    port = free_port()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


@pytest.fixture
def site(live_server, tmp_path) -> Iterator[str]:
    """Another origin serving PAGE, listed among the demo appeal's embedding sites."""
    url, server = serve_page(tmp_path, PAGE.format(base=live_server.url))
    try:
        with live_server.db():
            appeal = db.session.scalars(select(Appeal).where(Appeal.slug == "kem-sokha")).one()
            appeal.embed_origins = [url]
            db.session.commit()
        yield url
    finally:
        server.shutdown()
        server.server_close()


def test_the_widget_signs_from_another_origin(live_server, new_page, site) -> None:
    page = new_page()
    page.goto(site + "/")
    # The bar is named by the count and goal above it.
    page.get_by_role("progressbar", name="signed of 10,000").wait_for()
    page.get_by_label("Your name").fill("Mia Schmidt")
    page.get_by_label("Your e-mail address").fill("mia-embed@example.org")
    page.get_by_label("Your country").select_option("DE")
    page.get_by_role("button", name="Sign the appeal").click()
    page.get_by_text("Check your e-mail to confirm your signature").wait_for()
    # The focused button went with the form: focus is on the thanks, so it is read out.
    focused = page.evaluate("document.activeElement.textContent")
    assert "Check your e-mail to confirm your signature" in focused
    screenshot(page, "embed-1-signed")
    with live_server.db():
        signature = db.session.scalars(
            select(Signature).where(Signature.email == "mia-embed@example.org")
        ).one()
        assert signature.source == "embed:" + site.split("://")[1]


def test_the_widget_shows_its_mistakes_at_the_top_and_links_to_each_field(new_page, site) -> None:
    page = new_page(PHONE)
    page.goto(site + "/")
    page.get_by_role("button", name="Sign the appeal").click()
    summary = page.locator(".campaign-embed__errors")
    summary.get_by_role("link", name="Please enter your name.").wait_for()
    assert page.evaluate("document.activeElement.className") == "campaign-embed__errors"
    summary.get_by_role("link", name="Please enter your name.").click()
    name = page.get_by_label("Your name")
    assert page.evaluate("document.activeElement.name") == "name"
    assert name.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + name.get_attribute("aria-describedby"))
    assert error.inner_text().strip() == "Please enter your name."


def test_without_scripts_the_widget_is_a_link(live_server, new_page, site) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(site + "/")
    link = page.get_by_role("link", name="Sign the appeal")
    assert link.get_attribute("href") == f"{live_server.url}/a/kem-sokha"


def test_a_site_not_listed_is_told_why_and_nothing_is_stored(
    live_server, browser, tmp_path
) -> None:
    url, server = serve_page(tmp_path, PAGE.format(base=live_server.url))
    # Its own context: Chromium logs the refusal (403) as a console error, on purpose here.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "/")
        page.get_by_label("Your name").fill("Mia Schmidt")
        page.get_by_label("Your e-mail address").fill("mia-unlisted@example.org")
        page.get_by_label("Your country").select_option("DE")
        page.get_by_role("button", name="Sign the appeal").click()
        page.get_by_role("status").filter(
            has_text="This site is not allowed to collect signatures for this appeal."
        ).wait_for()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    with live_server.db():
        assert not db.session.scalars(
            select(Signature).where(Signature.email == "mia-unlisted@example.org")
        ).all()
