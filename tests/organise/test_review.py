"""The review form's saves: what counts as a change, and saves that cross."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from campaign.demo import seed_text
from campaign.models import AppealStatus, AuditEvent, utcnow
from campaign.organise.launch import LaunchSettings, launch_from_release
from campaign.organise.review import DemandRow, apply_review
from tests.factories import make_appeal
from tests.organise.test_routes import post, review_form
from tests.organise.test_services import review_of

SETTINGS = LaunchSettings(deadline_days=30)


def test_rewording_a_demand_alone_is_a_change(session) -> None:
    appeal = launch_from_release(session, seed_text(), user=None, now=utcnow(), settings=SETTINGS)
    first = appeal.demands[0]
    rows = [DemandRow(d.id, d.text, i) for i, d in enumerate(appeal.demands)]
    rows[0] = DemandRow(first.id, "Drop every charge against Kem Sokha", 0)
    later = utcnow() + timedelta(minutes=5)
    changed = apply_review(session, appeal, review_of(appeal, demands=rows), user=None, now=later)
    assert changed == ["demands"]
    assert appeal.demands[0].text == "Drop every charge against Kem Sokha"
    assert appeal.updated_at == later
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "appeal.update")).one()
    assert event.details == {"fields": ["demands"]}


def test_a_save_from_a_stale_form_does_not_undo_anothers(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=("Free Dara",))
    url = f"/organise/appeals/{appeal.id}"
    tab_a, tab_b = review_form(client, url), review_form(client, url)
    tab_b["demands-0-text"] = "Free Dara now and unconditionally"
    assert client.post(url, data=tab_b).status_code == 302

    tab_a["summary"] = "Dara was arrested in May."
    response = client.post(url, data=tab_a)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Someone else saved this appeal after you opened it." in page
    assert "Dara was arrested in May.</textarea>" in page  # what A typed, kept
    assert "<li>Free Dara now and unconditionally</li>" in page  # what B saved, shown
    session.refresh(appeal)
    assert [d.text for d in appeal.demands] == ["Free Dara now and unconditionally"]
    assert appeal.summary != "Dara was arrested in May."

    # Sent again from the page that showed both, the save goes through.
    again = dict(re.findall(r'name="(version)"[^>]*value="([^"]*)"', page))
    assert client.post(url, data=tab_a | again).status_code == 302
    session.refresh(appeal)
    assert appeal.summary == "Dara was arrested in May."


def test_every_error_of_the_review_form_shows_at_once(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url) | {
        "title": "",
        "signature_goal": "0",
        "slug": "Bad Slug!",
        "subjects": "x" * 400,
    }
    response = client.post(url, data=fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give the appeal a title." in page
    assert "The goal is a number from 1 upwards." in page
    assert "Use lower-case letters, digits and hyphens" in page
    assert "Write one name a line, each of at most 300 characters." in page
    assert session.get(type(appeal), appeal.id).slug == appeal.slug


def test_every_error_of_an_update_shows_at_once(client, session, organiser) -> None:
    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    later = (utcnow() + timedelta(days=2)).date().isoformat()
    response = post(client, f"{url}/updates", {"title": "", "happened_on": later}, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This field is required." in page
    assert "The date it happened cannot be in the future." in page
    assert session.get(type(appeal), appeal.id).updates == []


def test_a_live_appeals_unchanged_date_is_its_day_not_its_instant() -> None:
    """Just after midnight, a live appeal whose deadline passed an hour before (set other
    than at the end of its day) can still be corrected with its date as shown; a new date
    must still be in the future."""
    from datetime import UTC, date, datetime

    from campaign.models import Appeal
    from campaign.organise.review import _deadline_ends_live_appeal

    now = datetime(2026, 11, 29, 0, 30, tzinfo=UTC)
    appeal = Appeal(status=AppealStatus.LIVE, deadline=datetime(2026, 11, 28, 23, 30, tzinfo=UTC))
    assert not _deadline_ends_live_appeal(appeal, date(2026, 11, 28), now, UTC)
    assert _deadline_ends_live_appeal(appeal, date(2026, 11, 27), now, UTC)
    assert _deadline_ends_live_appeal(appeal, None, now, UTC)
    assert not _deadline_ends_live_appeal(appeal, date(2026, 11, 29), now, UTC)
    undated = Appeal(status=AppealStatus.LIVE, deadline=None)
    assert not _deadline_ends_live_appeal(undated, None, now, UTC)
    assert _deadline_ends_live_appeal(undated, date(2026, 11, 28), now, UTC)
    draft = Appeal(status=AppealStatus.DRAFT, deadline=None)
    assert not _deadline_ends_live_appeal(draft, date(2026, 11, 1), now, UTC)


def test_a_save_for_something_else_keeps_a_deadline_set_at_another_hour(session) -> None:
    """A deadline set other than at the end of its day (by the API) stays as it is when the
    form comes back with the same day; another day is that day's end."""
    from datetime import UTC, datetime

    from campaign.deadlines import end_of_day

    appeal = make_appeal(session, deadline=datetime(2099, 3, 10, 14, 0, tzinfo=UTC))
    later = utcnow() + timedelta(minutes=5)
    data = review_of(appeal, title="A new title", deadline=appeal.deadline.date())
    assert apply_review(session, appeal, data, user=None, now=later) == ["title"]
    assert appeal.deadline == datetime(2099, 3, 10, 14, 0, tzinfo=UTC)

    moved = review_of(appeal, deadline=appeal.deadline.date() + timedelta(days=1))
    assert apply_review(session, appeal, moved, user=None, now=later) == ["deadline"]
    assert appeal.deadline == end_of_day(appeal.deadline.date())
