"""axe-core on every main page, as each role sees it: no serious or critical violations."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_accessibility, log_in

PAGES = {
    None: ["/", "/a/kem-sokha", "/a/kem-sokha/release", "/auth/login"],
    "organiser@example.org": [
        "/organise/",
        "/organise/new",
        "/organise/appeals/1",
        "/organise/appeals/1/letter",
        "/organise/appeals/1/translations/new",
        "/organise/appeals/1/translations/fr",
        "/organise/appeals/1/close",
        "/organise/targets/",
        "/organise/targets/new",
        "/organise/targets/import",
    ],
    "staff@example.org": [
        "/staff/",
        "/staff/appeals/kem-sokha",
        "/staff/exports/",
        "/staff/quality/flagged",
        "/staff/quality/appeals/kem-sokha/paper",
    ],
    "admin@example.org": ["/admin/tokens", "/admin/webhooks/", "/admin/users/"],
}


@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "public")
def test_main_pages_have_no_serious_violations(live_server, new_page, browser, who) -> None:
    if who == "admin@example.org":
        _admin_rows(live_server)
    page = new_page()
    if who:
        log_in(page, live_server.url, who)
    for path in PAGES[who]:
        check_accessibility(browser, live_server.url + path, cookies=page.context.cookies())


def _admin_rows(live_server) -> None:
    """A token and a webhook, so that their pages show the rows and the buttons on them
    (Revoke, Switch off): their contrast is checked with the rest."""
    from campaign.api.tokens import create_token
    from campaign.extensions import db
    from campaign.models import Scope, Webhook, utcnow

    with live_server.db():
        create_token(db.session, "Contrast check", [Scope.READ_COUNTS], user=None, now=utcnow())
        db.session.add(
            Webhook(name="Contrast check", url="https://crm.example.org/hook", secret="s" * 32)
        )
        db.session.commit()
