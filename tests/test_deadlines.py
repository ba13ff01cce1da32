"""A deadline's day ends in the site's time zone (DEADLINE_TIMEZONE), and reads as that day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from campaign import create_app
from campaign.deadlines import UnknownTimeZone, deadline_day, end_of_day, zone_named
from campaign.models import Appeal, AppealStatus
from config import ConfigError
from tests.factories import make_appeal
from tests.organise.test_routes import live_ready_appeal, review_form

NEW_YORK = "America/New_York"


def test_a_day_ends_at_its_last_second_in_the_zone() -> None:
    assert end_of_day(date(2026, 11, 30)) == datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)
    new_york = zone_named(NEW_YORK)
    assert end_of_day(date(2026, 11, 30), new_york) == datetime(2026, 12, 1, 4, 59, 59, tzinfo=UTC)
    # Summer time is the zone's own: London ends a July day at 22:59:59 UTC.
    london = zone_named("Europe/London")
    assert end_of_day(date(2026, 7, 1), london) == datetime(2026, 7, 1, 22, 59, 59, tzinfo=UTC)
    assert end_of_day(date(2026, 12, 1), zone_named("Asia/Phnom_Penh")).hour == 16
    for zone in (UTC, new_york, london):
        assert deadline_day(end_of_day(date(2026, 11, 30), zone), zone) == date(2026, 11, 30)
    assert deadline_day(None, UTC) is None


def test_an_unknown_zone_stops_the_app_at_start() -> None:
    with pytest.raises(UnknownTimeZone):
        zone_named("Mars/Olympus_Mons")
    with pytest.raises(ConfigError, match="DEADLINE_TIMEZONE"):
        create_app({"ENV_NAME": "testing", "DEADLINE_TIMEZONE": "Mars/Olympus_Mons"})


@pytest.fixture
def new_york(app, monkeypatch):
    monkeypatch.setitem(app.config, "DEADLINE_TIMEZONE", NEW_YORK)


def test_the_review_form_sets_the_end_of_the_day_in_the_sites_zone(
    client, session, organiser, new_york
) -> None:
    appeal = live_ready_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    day = (datetime.now(UTC) + timedelta(days=20)).date()
    response = client.post(url, data=review_form(client, url) | {"deadline": day.isoformat()})
    assert response.status_code == 302
    session.expire_all()
    saved = session.get(Appeal, appeal.id).deadline
    # 23:59:59 in New York is 03:59:59 or 04:59:59 the next day in UTC.
    assert saved.date() == day + timedelta(days=1) and saved.hour in (3, 4)
    assert saved.minute == 59 and saved.second == 59
    # Read back, the form and the pages show the day the organiser chose, and the form
    # says in which zone it ends.
    assert review_form(client, url)["deadline"] == day.isoformat()
    assert "until the end of this day (America/New_York)" in client.get(url).get_data(as_text=True)
    page = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert f"{day.day} {day:%B} {day.year}" in page
    # Signing is open until the end of that day in New York, not 7 pm there.
    assert appeal.is_open(saved - timedelta(hours=2))
    assert not appeal.is_open(saved + timedelta(seconds=1))


def test_a_new_appeal_proposes_its_deadline_in_the_sites_zone(
    client, session, organiser, new_york
) -> None:
    from campaign.demo import seed_text
    from tests.organise.test_routes import post

    post(client, "/organise/new", {"text": seed_text()})
    appeal = session.query(Appeal).one()
    zone = zone_named(NEW_YORK)
    day = deadline_day(appeal.deadline, zone)
    assert appeal.deadline == end_of_day(day, zone)
    assert (day - datetime.now(zone).date()).days == 30


def test_the_list_of_appeals_names_the_day_in_the_sites_zone(client, session, new_york) -> None:
    day = (datetime.now(UTC) + timedelta(days=10)).date()
    make_appeal(session, AppealStatus.LIVE, deadline=end_of_day(day, zone_named(NEW_YORK)))
    home = client.get("/").get_data(as_text=True)
    after = day + timedelta(days=1)
    assert f"{day.day} {day:%B} {day.year}" in home
    assert f"{after.day} {after:%B} {after.year}" not in home
