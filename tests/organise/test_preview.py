"""The public page of an appeal as its organisers preview it, draft or not."""

from __future__ import annotations

from campaign.models import AppealStatus, Role
from tests.conftest import log_in
from tests.factories import make_appeal, make_user


def test_a_draft_is_previewed_as_supporters_will_see_it_with_signing_off(
    client, session, organiser
) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, title="Free Dara")
    assert client.get(f"/a/{appeal.slug}").status_code == 404  # not public yet
    response = client.get(f"/organise/appeals/{appeal.id}/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert "Free Dara" in page and "Preview: this is the page supporters will see" in page
    assert "Sign the appeal" in page
    assert '<button type="submit" class="button button--wide" disabled>' in page


def test_the_public_page_keeps_its_sign_button(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.LIVE)
    page = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "Preview:" not in page
    assert '<button type="submit" class="button button--wide">' in page


def test_staff_may_not_preview(client, session) -> None:
    log_in(client, make_user(session, Role.STAFF))
    appeal = make_appeal(session, AppealStatus.DRAFT)
    assert client.get(f"/organise/appeals/{appeal.id}/preview").status_code == 403


def test_the_appeal_page_links_to_its_preview(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    page = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    assert f'href="/organise/appeals/{appeal.id}/preview">Preview the public page</a>' in page
