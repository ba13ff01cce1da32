"""Browser journeys: Playwright driving Debian's Chromium against the app served by a real
server on a loopback port, with its own migrated database and the demo loaded.

Without Chromium the tests are skipped with a message saying how to install it; CI sets
REQUIRE_BROWSER=1 so that a missing browser fails instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from campaign.demo import DEMO_PASSWORD, load_demo
from campaign.extensions import db
from campaign.models import utcnow
from tests.conftest import make_app
from tests.outbox.smtp import SMTPServer, free_port, running_smtp_server

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).parent / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "Chromium is not installed: apt-get install chromium (CI installs it)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass
class LiveServer:
    app: Flask
    url: str

    def db(self):
        return self.app.app_context()

    def send_mail(self) -> None:
        """What the outbox worker does: send every queued message now."""
        from campaign.outbox.worker import app_transport, drain

        with self.app.app_context():
            drain(db.session, app_transport(self.app))


@pytest.fixture(scope="session")
def mail_server() -> Iterator[SMTPServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, mail_server: SMTPServer
) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("browser")
    app = make_app(
        "sqlite:///" + str(folder / "browser.sqlite"),
        MAIL_URL=mail_server.url,
        BASE_URL="http://127.0.0.1",  # replaced below once the port is known
    )
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
        load_demo(db.session, now=utcnow())
        db.session.commit()
    port = free_port()
    app.config["BASE_URL"] = f"http://127.0.0.1:{port}"
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, app.config["BASE_URL"])
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# Chromium logs every page answered 4xx as an error; a form sent back with its mistakes is
# answered 422 on purpose (the page itself is fine).
FORM_SENT_BACK = "the server responded with a status of 422"


def is_console_error(message) -> bool:
    return message.type == "error" and FORM_SENT_BACK not in message.text


@pytest.fixture
def new_page(browser):
    """Pages in fresh contexts (no shared cookies); console errors fail the test."""
    contexts, errors = [], []

    def make(viewport: dict[str, int] = DESKTOP, **options: object):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if is_console_error(m) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], f"console errors: {errors}"


def screenshot(page, name: str) -> None:
    """A full-page picture for people to look at (tests/browser/screenshots/, git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_accessibility(browser, url: str, *, cookies: list | None = None) -> None:
    """axe-core on the page: no serious or critical violations.

    It runs in a context that bypasses the page's CSP, which (rightly) refuses the
    injected script; the page itself is the same.
    """
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    try:
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        unreadable = _unreadable(page, result["incomplete"])
    finally:
        context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{url}: {serious}"
    assert unreadable == [], f"{url}: text below 4.5:1 contrast: {unreadable}"


# The contrast of an element's text with the first opaque background behind it (WCAG's
# formula). axe leaves text it cannot be sure of "incomplete" (white text on a white table
# was), so those are measured here.
CONTRAST = """(selector) => {
  const element = document.querySelector(selector);
  if (!element || !element.offsetParent) return null;
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  let back = [255, 255, 255];
  for (let node = element; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] === 1) { back = colour; break; }
  }
  const [a, b] = [luminance(rgba(getComputedStyle(element).color)), luminance(back)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def _unreadable(page, incomplete: list[dict]) -> list[str]:
    found = []
    for check in incomplete:
        if check["id"] != "color-contrast":
            continue
        for node in check["nodes"]:
            if len(node["target"]) != 1:
                continue  # inside a frame or shadow root
            ratio = page.evaluate(CONTRAST, node["target"][0])
            if ratio is not None and ratio < 4.5:
                found.append(f"{node['target'][0]} ({ratio:.1f}:1)")
    return found


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
