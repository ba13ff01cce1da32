"""A form sent twice (a double click, a reload) does its work once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from campaign.demo import seed_text
from campaign.models import Appeal, AppealStatus, AppealUpdate, Outbox, utcnow
from campaign.organise import updates
from campaign.organise.launch import LaunchSettings, launch_from_release
from tests.factories import make_appeal, make_signature, make_user
from tests.organise.test_routes import post


def test_drafting_the_same_release_twice_at_once_makes_one_draft(client, session, organiser):
    first = post(client, "/organise/new", {"text": seed_text()})
    second = post(client, "/organise/new", {"text": seed_text()})
    (appeal,) = session.scalars(select(Appeal)).all()
    review_url = f"/organise/appeals/{appeal.id}"
    assert first.headers["Location"] == second.headers["Location"] == review_url
    assert "Draft created." in client.get(second.headers["Location"]).get_data(as_text=True)


def test_the_same_release_drafted_later_or_by_another_is_a_new_draft(session) -> None:
    settings, now = LaunchSettings(30), utcnow()
    ana, ben = make_user(session), make_user(session)
    first = launch_from_release(session, seed_text(), user=ana, now=now, settings=settings)
    by_ben = launch_from_release(session, seed_text(), user=ben, now=now, settings=settings)
    later = now + timedelta(minutes=10)
    again = launch_from_release(session, seed_text(), user=ana, now=later, settings=settings)
    assert len({first.id, by_ben.id, again.id}) == 3


def test_an_update_sent_twice_is_posted_and_e_mailed_once(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.LIVE)
    make_signature(session, appeal, consent=True)
    url = f"/organise/appeals/{appeal.id}"
    data = {"title": "Dara is free", "body": "Released today.", "email_signers": "y"}
    post(client, f"{url}/updates", data, token_from=url)
    response = post(client, f"{url}/updates", data, token_from=url)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Update posted. It is being e-mailed" in page
    assert len(session.scalars(select(AppealUpdate)).all()) == 1
    assert len(session.scalars(select(Outbox)).all()) == 1


def test_a_different_or_later_update_is_posted(session) -> None:
    appeal, user, now = make_appeal(session, AppealStatus.LIVE), make_user(session), utcnow()
    fields = {"title": "Trial set", "body": "", "happened_on": None, "user": user}
    first = updates.post_update(session, appeal, **fields, now=now)
    assert updates.post_update(session, appeal, **fields, now=now) is first
    other = updates.post_update(session, appeal, **fields | {"title": "Trial moved"}, now=now)
    later = updates.post_update(session, appeal, **fields, now=now + timedelta(minutes=5))
    assert len({first.id, other.id, later.id}) == 3


def test_the_organisers_forms_are_sent_once_in_the_browser(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    script = '<script src="/static/submit-once.js" defer></script>'
    for url in ("/organise/new", f"/organise/appeals/{appeal.id}"):
        assert script in client.get(url).get_data(as_text=True)
    response = client.get("/static/submit-once.js")
    assert response.status_code == 200
    response.close()
