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
    page = new_page()
    if who:
        log_in(page, live_server.url, who)
    for path in PAGES[who]:
        check_accessibility(browser, live_server.url + path, cookies=page.context.cookies())
