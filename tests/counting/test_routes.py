"""The public count.json and the public page keeping the count fresh."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from campaign.appeals import page_cache
from campaign.models import Appeal, AppealStatus, PaperCount, Role, Scope, utcnow
from tests.conftest import log_in
from tests.factories import make_appeal, make_signature, make_user


def test_count_json_gives_total_goal_and_top_countries(app, client, session, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_COUNTRY_MINIMUM", 2)
    appeal = make_appeal(session, signature_goal=500)
    earlier = utcnow() - timedelta(minutes=1)
    for country in ("FR", "FR", "KH"):
        make_signature(session, appeal, country=country, confirmed_at=earlier)
    session.add(PaperCount(appeal=appeal, country="KH", count=5))
    session.flush()
    response = client.get(f"/a/{appeal.slug}/count.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=10" in response.headers["Cache-Control"]
    data = response.get_json()
    assert data["total"] == 8 and data["goal"] == 500
    assert data["by_country"] == [
        {"country": "KH", "name": "Cambodia", "count": 6},
        {"country": "FR", "name": "France", "count": 2},
    ]
    assert session.scalar(sa.select(Appeal.signature_count).where(Appeal.id == appeal.id)) == 8


def test_count_json_leaves_out_countries_with_few_signatures(client, session) -> None:
    appeal = make_appeal(session)
    earlier = utcnow() - timedelta(minutes=1)
    for country in ["FR"] * 10 + ["KH"] * 2:
        make_signature(session, appeal, country=country, confirmed_at=earlier)
    data = client.get(f"/a/{appeal.slug}/count.json").get_json()
    assert data["total"] == 12  # every signature counts; only the small figure is not shown
    assert data["by_country"] == [{"country": "FR", "name": "France", "count": 10}]


def test_count_json_answers_304_to_a_matching_etag(client, session) -> None:
    appeal = make_appeal(session)
    first = client.get(f"/a/{appeal.slug}/count.json")
    etag = first.headers["ETag"]
    again = client.get(f"/a/{appeal.slug}/count.json", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_count_json_is_404_for_drafts(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    assert client.get(f"/a/{appeal.slug}/count.json").status_code == 404


def test_the_public_page_shows_a_refreshed_count(client, session) -> None:
    appeal = make_appeal(session)
    make_signature(session, appeal, confirmed_at=utcnow() - timedelta(minutes=1))
    make_signature(session, appeal, confirmed_at=utcnow() - timedelta(minutes=1))
    page = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "<strong>2</strong>" in page
    assert session.scalar(sa.select(Appeal.counted_at).where(Appeal.id == appeal.id))


def test_count_json_follows_paper_counts_and_invalidations(
    app, client, session, monkeypatch
) -> None:
    from campaign.staff import quality

    monkeypatch.setitem(app.config, "PUBLIC_COUNTRY_MINIMUM", 1)
    appeal = make_appeal(session)
    earlier = utcnow() - timedelta(hours=1)
    signer = make_signature(session, appeal, country="FR", confirmed_at=earlier)
    make_signature(session, appeal, country="FR", confirmed_at=earlier)
    first = client.get(f"/a/{appeal.slug}/count.json").get_json()
    assert first["total"] == 2 and first["by_country"][0]["count"] == 2
    quality.add_paper(session, appeal, country="KH", count=7, note="", collected_on=None, user=None)
    quality.invalidate(
        session,
        appeal,
        quality.Criteria(email_domain=signer.email.split("@")[1]),  # both signers' domain
        user=None,
        now=utcnow(),
    )
    session.commit()
    page_cache.clear()  # as each process does after PAGE_CACHE_SECONDS
    after = client.get(f"/a/{appeal.slug}/count.json").get_json()
    assert after["total"] == 7
    assert after["by_country"] == [{"country": "KH", "name": "Cambodia", "count": 7}]


def _pack_text(client, appeal) -> str:
    from pypdf import PdfReader

    body = client.get(f"/staff/exports/pack/{appeal.slug}").get_data()
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)


READERS = {
    "staff list": lambda client, appeal: client.get("/staff/").get_data(as_text=True),
    "counts export": lambda client, appeal: client.get(
        f"/staff/exports/counts?appeal={appeal.slug}&by=country&format=json"
    ).get_data(as_text=True),
    "delivery pack": _pack_text,
}


@pytest.mark.parametrize("reader", READERS)
def test_what_staff_hand_over_counts_signatures_made_since_the_last_public_view(
    client, session, reader
) -> None:
    from campaign.counting import recount_appeal

    appeal = make_appeal(session, title="Free the writer")
    long_ago = utcnow() - timedelta(hours=2)
    make_signature(session, appeal, country="FR", created_at=long_ago, confirmed_at=long_ago)
    recount_appeal(session, appeal, now=utcnow() - timedelta(hours=1))
    recent = utcnow() - timedelta(minutes=1)  # after the public page was last read
    for _ in range(3):
        make_signature(session, appeal, country="KH", created_at=recent, confirmed_at=recent)
    log_in(client, make_user(session, Role.STAFF))
    text = READERS[reader](client, appeal)
    assert session.scalar(sa.select(Appeal.signature_count).where(Appeal.id == appeal.id)) == 4
    if reader == "staff list":
        assert '<td class="num">4</td>' in text
    elif reader == "counts export":
        assert '"online": 3' in text.replace('"online":3', '"online": 3')
    else:
        assert "4 people in 2 countries" in text
        assert "Cambodia 3" in text and "All countries 4" in text


def test_the_api_gives_the_count_as_of_now(client, session) -> None:
    from campaign.api.tokens import create_token
    from campaign.counting import recount_appeal

    appeal = make_appeal(session)
    recount_appeal(session, appeal, now=utcnow() - timedelta(hours=1))
    recent = utcnow() - timedelta(minutes=1)
    make_signature(session, appeal, created_at=recent, confirmed_at=recent)
    _, secret = create_token(session, "Site", [Scope.READ_COUNTS], user=None, now=utcnow())
    session.flush()
    headers = {"Authorization": f"Bearer {secret}"}
    one = client.get(f"/api/v1/petitions/{appeal.slug}", headers=headers).get_json()
    assert one["total_signatures"] == 1
    listed = client.get("/api/v1/petitions", headers=headers).get_json()
    [item] = listed["_embedded"]["osdi:petitions"]
    assert item["total_signatures"] == 1


def test_count_json_says_closed_once_the_deadline_has_passed(client, session) -> None:
    appeal = make_appeal(session)
    first = client.get(f"/a/{appeal.slug}/count.json")
    assert first.get_json()["status"] == "live"
    appeal.deadline = utcnow() - timedelta(minutes=1)  # the cron job has not closed it yet
    session.commit()
    page_cache.clear()  # each process keeps its copy a few seconds
    response = client.get(
        f"/a/{appeal.slug}/count.json", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert response.status_code == 200  # not a 304 for the copy that said "live"
    assert response.get_json()["status"] == "closed"
    assert "This appeal has closed" in client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert session.get(Appeal, appeal.id).status is AppealStatus.LIVE  # only the reading changed
