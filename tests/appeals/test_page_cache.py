"""The public appeal page is shared between anonymous visitors (in each process and by
proxies), and never shared with, or from, anyone who has a session."""

from __future__ import annotations

import re

from campaign.models import Role
from tests.conftest import log_in
from tests.factories import make_appeal, make_user

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def html_lang(response) -> str:
    return HTML_LANG.search(response.get_data(as_text=True)).group(1)


def test_the_anonymous_page_carries_an_etag_and_may_be_cached(app, client, session) -> None:
    appeal = make_appeal(session)
    response = client.get(f"/a/{appeal.slug}")
    assert response.status_code == 200
    assert response.headers.get("ETag")
    cache = response.cache_control
    assert cache.public and cache.max_age == app.config["PAGE_CACHE_SECONDS"] > 0
    assert cache.stale_while_revalidate == app.config["PAGE_STALE_SECONDS"]
    vary = {v.strip() for v in response.headers["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    assert "Set-Cookie" not in response.headers  # nothing ties the page to a visitor


def test_a_matching_if_none_match_gets_304_and_another_gets_the_page(client, session) -> None:
    appeal = make_appeal(session)
    etag = client.get(f"/a/{appeal.slug}").headers["ETag"]
    again = client.get(f"/a/{appeal.slug}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get(f"/a/{appeal.slug}", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and appeal.title in other.get_data(as_text=True)


def test_anonymous_visitors_share_one_rendering_while_it_is_fresh(app, session) -> None:
    appeal = make_appeal(session)
    first = app.test_client().get(f"/a/{appeal.slug}")
    appeal.title = "A title changed a moment ago"
    session.flush()
    second = app.test_client().get(f"/a/{appeal.slug}")
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]


def test_the_shared_page_never_shows_a_logged_in_menu(app, client, session) -> None:
    appeal = make_appeal(session)
    staff = make_user(session, Role.STAFF, email="staff-nav@example.org")
    log_in(client, staff)
    mine = client.get(f"/a/{appeal.slug}")
    assert "staff-nav@example.org" in mine.get_data(as_text=True)  # the log-out button
    assert mine.cache_control.private and not mine.cache_control.public
    assert "Cookie" in mine.headers["Vary"]
    anonymous = app.test_client().get(f"/a/{appeal.slug}")
    assert "staff-nav@example.org" not in anonymous.get_data(as_text=True)
    assert ">Log out" not in anonymous.get_data(as_text=True)
    # And the other way round: the page shared a moment ago is not given to the account.
    again = client.get(f"/a/{appeal.slug}")
    assert "staff-nav@example.org" in again.get_data(as_text=True)


def test_a_page_in_french_is_never_served_to_an_english_visitor(app, session) -> None:
    appeal = make_appeal(session)
    french = app.test_client().get(f"/a/{appeal.slug}", headers={"Accept-Language": "fr-FR"})
    assert html_lang(french) == "fr"
    english = app.test_client().get(f"/a/{appeal.slug}", headers={"Accept-Language": "en-GB"})
    assert html_lang(english) == "en"
    assert english.headers["ETag"] != french.headers["ETag"]
    chooser = app.test_client()
    chooser.get("/language/es")  # the switcher's cookie wins over Accept-Language
    spanish = chooser.get(f"/a/{appeal.slug}", headers={"Accept-Language": "en-GB"})
    assert html_lang(spanish) == "es"
    # Without a header, the default language, not the last one rendered.
    assert html_lang(app.test_client().get(f"/a/{appeal.slug}")) == "en"


def test_the_country_guess_and_the_source_are_not_shared_between_visitors(app, session) -> None:
    appeal = make_appeal(session)
    canada = app.test_client().get(
        f"/a/{appeal.slug}?source=newsletter", headers={"Accept-Language": "en-CA"}
    )
    html = canada.get_data(as_text=True)
    assert '<option selected value="CA">' in html and 'value="newsletter"' in html
    plain = app.test_client().get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert '<option selected value="CA">' not in plain and 'value="newsletter"' not in plain


def test_a_missing_appeal_is_not_found_every_time(client) -> None:
    assert client.get("/a/no-such-appeal").status_code == 404
    assert client.get("/a/no-such-appeal").status_code == 404


def test_count_json_is_built_once_while_fresh_and_answers_304(app, session) -> None:
    from tests.factories import make_signature

    appeal = make_appeal(session)
    first = app.test_client().get(f"/a/{appeal.slug}/count.json")
    assert first.get_json()["total"] == 0
    make_signature(session, appeal, country="FR")
    appeal.signature_count = 1  # as a refresh would
    session.flush()
    second = app.test_client().get(f"/a/{appeal.slug}/count.json")
    assert second.get_data() == first.get_data()  # the process's copy, for a few seconds
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    assert second.cache_control.public and second.cache_control.max_age > 0
    conditional = app.test_client().get(
        f"/a/{appeal.slug}/count.json", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert conditional.status_code == 304
    assert app.test_client().get("/a/no-such-appeal/count.json").status_code == 404


def test_the_kept_copy_answers_conditional_and_head_requests(app, session) -> None:
    appeal = make_appeal(session)
    first = app.test_client().get(f"/a/{appeal.slug}")  # rendered, and kept
    etag = first.headers["ETag"]
    listed = app.test_client().get(
        f"/a/{appeal.slug}", headers={"If-None-Match": f'"other", W/{etag}'}
    )
    assert listed.status_code == 304 and listed.get_data() == b""
    assert listed.headers["ETag"] == etag and listed.cache_control.public
    assert "Content-Type" not in listed.headers
    head = app.test_client().head(f"/a/{appeal.slug}")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == etag
    # The security headers the app adds are kept with the copy.
    again = app.test_client().get(f"/a/{appeal.slug}")
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert again.headers["X-Frame-Options"] == "DENY"


def test_with_the_cache_off_every_view_is_rendered(app, session) -> None:
    appeal = make_appeal(session)
    app.config["PAGE_CACHE_SECONDS"] = 0
    try:
        app.test_client().get(f"/a/{appeal.slug}")
        appeal.title = "Renamed at once"
        session.flush()
        page = app.test_client().get(f"/a/{appeal.slug}")
        assert "Renamed at once" in page.get_data(as_text=True)
        assert page.cache_control.private
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 5
