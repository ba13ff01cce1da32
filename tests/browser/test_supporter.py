"""The supporter's journey in a real browser, on a phone and on a desktop: read, sign,
confirm from the e-mail, send the letter from their own mail app, download the PDF."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, screenshot
from tests.outbox.smtp import plain_text


@pytest.mark.parametrize(("viewport", "device"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_supporter_signs_confirms_and_writes(
    live_server, mail_server, new_page, browser, viewport, device
):
    page = new_page(viewport)
    base, email = live_server.url, f"ana-{device}@example.org"
    page.goto(f"{base}/a/kem-sokha")
    # The case and the call to act, with the count.
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Cambodia: Release of Kem Sokha")
    )
    assert page.locator("ol.demands li").count() == 3
    assert page.get_by_role("button", name="Sign the appeal").is_visible()
    screenshot(page, f"supporter-1-appeal-{device}")

    page.get_by_label("Your name").fill("Ana Ruiz")
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("Your country").select_option("CL")
    page.get_by_label("Your town or city (optional)").fill("Valparaíso")
    page.get_by_role("button", name="Sign the appeal").click()
    page.get_by_role("link", name="Write my letter").wait_for()
    assert urlsplit(page.url).path == "/a/kem-sokha/thanks"
    assert urlsplit(page.url).fragment == ""  # no error anchor once signed
    screenshot(page, f"supporter-2-thanks-{device}")

    # The confirmation e-mail, from the test's SMTP server; its link opens a page whose
    # button confirms (a link alone never does).
    live_server.send_mail()
    received = [r for r in mail_server.received if r.recipients == [email]]
    assert len(received) == 1
    confirm_url = re.search(r"http://\S+/confirm/\S+", plain_text(received[0].message)).group(0)
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_text("your signature is confirmed").wait_for()

    page.get_by_role("link", name="Write to Hun Manet").click()
    page.get_by_label(re.compile("^Your own paragraph")).fill(
        "I have followed this case since 2017."
    )
    page.get_by_role("button", name="With my own mail app").click()
    mail_app = page.get_by_role("link", name="Open it in my mail app")
    href = mail_app.get_attribute("href")
    screenshot(page, f"supporter-3-letter-{device}")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == "prime-minister@example.org"
    query = parse_qs(parts.query)
    assert "Kem Sokha" in query["subject"][0]
    body = query["body"][0]
    assert body.startswith("Your Excellency,")
    assert "I have followed this case since 2017." in body
    assert "Ana Ruiz" in body and "Valparaíso" in body

    with page.expect_download() as download:
        page.get_by_role("button", name="Download a PDF").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Hun Manet" in text and "Ana Ruiz" in text
    assert "I have followed this case since 2017." in text

    if device == "desktop":
        for path in ["/a/kem-sokha", "/a/kem-sokha/letter"]:
            check_accessibility(browser, base + path, cookies=page.context.cookies())


def test_supporter_signs_with_the_keyboard_alone(live_server, new_page) -> None:
    page = new_page(PHONE)
    page.goto(f"{live_server.url}/a/kem-sokha")
    seen = []
    for _ in range(60):  # Tab through the page until the name field has the focus
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        seen.append(focused)
        if focused == "name":
            break
    assert seen[-1] == "name", f"the sign form is not reachable by Tab: {seen}"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused field shows no focus ring"
    page.keyboard.type("Kofi Mensah")
    page.keyboard.press("Tab")
    page.keyboard.type("kofi-keyboard@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Ghana")  # a select picks the option typed
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Write my letter").wait_for()
    with live_server.db():
        from sqlalchemy import select

        from campaign.extensions import db
        from campaign.models import Signature

        signature = db.session.scalars(
            select(Signature).where(Signature.email == "kofi-keyboard@example.org")
        ).one()
        assert signature.country == "GH" and signature.name == "Kofi Mensah"


def test_reading_and_signing_work_without_javascript(live_server, new_page) -> None:
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(f"{live_server.url}/a/kem-sokha")
    assert page.locator("ol.demands li").count() == 3
    # A form sent with a mistake opens at its error summary (its autofocus).
    page.get_by_role("button", name="Sign the appeal").click()
    assert page.title().startswith("Error: ")
    expect(page.locator("#sign-errors")).to_be_focused()
    page.get_by_label("Your name").fill("Noah Tremblay")
    page.get_by_label("Your e-mail address").fill("noah-nojs@example.org")
    page.get_by_label("Your country").select_option("CA")
    page.get_by_role("button", name="Sign the appeal").click()
    page.get_by_role("link", name="Write my letter").wait_for()
    assert urlsplit(page.url).fragment == ""  # the form sent back left no anchor either
    page.get_by_role("link", name="Write my letter").click()
    page.get_by_role("link", name="Write to Hun Manet").click()
    # Buttons that only a script can work stay out of sight (the text is selectable).
    copy_buttons = page.locator(".copy-button")
    assert copy_buttons.count() > 0
    assert not any(button.is_visible() for button in copy_buttons.all())
    page.get_by_role("button", name="Print it").click()
    assert "Your Excellency" in page.content()
    assert page.locator(".print-button").count() == 1
    assert not page.locator(".print-button").is_visible()


def test_a_form_sent_with_errors_opens_at_its_summary_on_a_phone(live_server, new_page) -> None:
    page = new_page(PHONE)
    page.goto(f"{live_server.url}/a/kem-sokha")
    page.get_by_label("Your country").select_option("")
    page.get_by_role("button", name="Sign the appeal").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert urlsplit(page.url).fragment == ""
    # The summary has the focus, and is on screen: not ~1000px above the problems.
    summary = page.locator("#sign-errors")
    assert page.evaluate("document.activeElement.id") == "sign-errors"
    box = summary.bounding_box()
    assert box is not None and -1 < box["y"] < PHONE["height"] / 2
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Please enter your name.",
        "Please enter your e-mail address.",
        "Please choose your country.",
    ]
    screenshot(page, "supporter-sign-errors-phone")
    # Each link puts the cursor in its field, which says what is wrong with it.
    for field in ("name", "email", "country"):
        summary.locator(f"a[href='#{field}']").click()
        assert page.evaluate("document.activeElement.id") == field
        described = page.locator(f"#{field}").get_attribute("aria-describedby").split()
        assert f"{field}-error" in described
        assert page.locator(f"#{field}").get_attribute("aria-invalid") == "true"
    # Its address, bookmarked or opened again, leads to the form, not to an error.
    page.goto(f"{live_server.url}/a/kem-sokha/sign")
    assert urlsplit(page.url).path == "/a/kem-sokha"
    assert page.get_by_role("button", name="Sign the appeal").is_visible()


def _sign_from_lebanon(page, base: str, name: str, email: str) -> None:
    """Sign the seed appeal and open the list of letters to write."""
    page.goto(f"{base}/a/kem-sokha")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("Your country").select_option("LB")
    page.get_by_role("button", name="Sign the appeal").click()
    page.get_by_role("link", name="Write my letter").click()


def test_a_paragraph_typed_before_the_letter_script_runs_reaches_the_letter(
    live_server, new_page
) -> None:
    """On a slow connection the page can be typed in before its script has arrived: the
    paragraph typed then still reaches the letter that Copy and the mail app send."""
    page = new_page(DESKTOP)
    _sign_from_lebanon(page, live_server.url, "Omar Said", "omar-slow@example.org")
    held: list = []
    page.route("**/letter-preview.js", lambda route: held.append(route))  # held back
    page.get_by_role("link", name="Write to Hun Manet").click()
    personal = page.get_by_label(re.compile("^Your own paragraph"))
    personal.fill("I read about this case in Tripoli.")
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("#letter-body")).to_have_value(re.compile("Tripoli"))
    page.get_by_role("button", name="With my own mail app").click()
    link = page.get_by_role("link", name="Open it in my mail app")
    expect(link).to_have_attribute("href", re.compile("Tripoli"))


def test_copy_letter_and_the_mail_app_give_the_same_letter(live_server, new_page) -> None:
    # Pressing Copy right after typing the own paragraph, before "Add it to my letter".
    page = new_page(DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    _sign_from_lebanon(page, live_server.url, "Lina Haddad", "lina-copy@example.org")
    page.get_by_role("link", name="Write to Hun Manet").click()
    personal = page.get_by_label(re.compile("^Your own paragraph"))
    personal.fill("I read about this case in Beirut.")
    expect(page.locator("#letter-body")).to_have_value(re.compile("Beirut"))
    page.get_by_role("button", name="Copy letter").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "I read about this case in Beirut." in copied and "Lina Haddad" in copied
    page.get_by_role("button", name="Copy addresses").click()
    assert page.evaluate("navigator.clipboard.readText()") == "embassy-london@example.org"

    page.get_by_role("button", name="With my own mail app").click()
    link = page.get_by_role("link", name="Open it in my mail app")
    sent = parse_qs(urlsplit(link.get_attribute("href")).query)["body"][0]
    assert sent.replace("\r\n", "\n") == copied.replace("\r\n", "\n")
    # Changed after the link was made: the link follows, as the box does.
    personal.fill("I read about this case in Tripoli.")
    expect(link).to_have_attribute("href", re.compile("Tripoli"))
    sent = parse_qs(urlsplit(link.get_attribute("href")).query)["body"][0]
    assert sent.replace("\r\n", "\n") == page.locator("#letter-body").input_value()
    assert "Beirut" not in sent
    # A change of language reloads the page: the paragraph typed is still there.
    page.get_by_role("link", name="Español").click()
    personal = page.locator("textarea[name=personal]")
    expect(personal).to_have_value("I read about this case in Tripoli.")
    expect(page.locator("#letter-body")).to_have_value(re.compile("Tripoli"))
