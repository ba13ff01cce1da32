"""The API's list of signatures: its total from the counters, and `next` links that read
on from the last id rather than counting pages off from the start."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from campaign.counting import recount_appeal
from campaign.models import Flag, utcnow
from tests.api.test_api import auth, conforms, token
from tests.factories import make_appeal, make_signature


def listed(client, secret: str, path: str) -> dict:
    response = client.get(path.replace("http://localhost", ""), headers=auth(secret))
    assert response.status_code == 200
    return response.get_json()


def emails(body: dict) -> list[str]:
    items = body["_embedded"]["osdi:signatures"]
    return [s["person"]["email_addresses"][0]["address"] for s in items]


@pytest.mark.parametrize("counted_first", [True, False])
def test_next_links_walk_the_whole_list_once_and_the_total_agrees(
    app, client, session, counted_first: bool
) -> None:
    now = utcnow()
    appeal = make_appeal(session)
    earlier = now - timedelta(hours=1)
    for n in range(7):
        make_signature(session, appeal, email=f"s{n}@example.org", confirmed_at=earlier)
    make_signature(session, appeal, confirmed=False, email="waiting@example.org")
    make_signature(session, appeal, flag=Flag.RATE_LIMIT, email="flagged@example.org")
    make_signature(session, appeal, invalidated_at=now, email="invalid@example.org")
    make_signature(
        session, appeal, anonymised_at=now, email_canonical=None, email=None, confirmed_at=earlier
    )
    if counted_first:  # the tallies hold them; otherwise there is no watermark yet
        recount_appeal(session, appeal, now=now)
    make_signature(session, appeal, email="late@example.org")
    secret = token(session)

    first = client.get(
        f"/api/v1/petitions/{appeal.slug}/signatures?per_page=3", headers=auth(secret)
    )
    conforms(app, first, "/petitions/{slug}/signatures")
    body = first.get_json()
    assert (body["total_records"], body["total_pages"]) == (8, 3)
    seen, pages = emails(body), [body]
    while "next" in body["_links"]:
        body = listed(client, secret, body["_links"]["next"]["href"])
        seen += emails(body)
        pages.append(body)
    expected = [f"s{n}@example.org" for n in range(7)] + ["late@example.org"]
    assert seen == expected  # each once, in order, nothing left out
    assert [p["page"] for p in pages] == [1, 2, 3]
    query = parse_qs(urlsplit(pages[0]["_links"]["next"]["href"]).query)
    assert query["page"] == ["2"] and "after" in query
    # A page asked for by number holds the same rows as the one reached by its link.
    second = listed(client, secret, f"/api/v1/petitions/{appeal.slug}/signatures?per_page=3&page=2")
    assert emails(second) == emails(pages[1])


@pytest.mark.parametrize("after", ["-1", "x", "9223372036854775808"])
def test_an_after_that_is_not_an_id_is_a_400(app, client, session, after: str) -> None:
    appeal = make_appeal(session)
    path = f"/api/v1/petitions/{appeal.slug}/signatures?after={after}"
    response = client.get(path, headers=auth(token(session)))
    assert response.status_code == 400
    assert "after must be a whole number" in response.get_json()["message"]
