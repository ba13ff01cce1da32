"""The public appeal pages."""

from __future__ import annotations

from campaign.models import AppealStatus, Outcome, TargetRole
from tests.factories import add_target, make_appeal, make_release, make_target


def test_the_index_lists_live_appeals_only(client, session) -> None:
    live = make_appeal(session, AppealStatus.LIVE, title="Free the poet")
    make_appeal(session, AppealStatus.DRAFT, title="Secret draft")
    html = client.get("/").get_data(as_text=True)
    assert "Free the poet" in html
    assert f'href="/a/{live.slug}"' in html
    assert "Secret draft" not in html


def test_a_live_appeal_shows_the_case_demands_and_targets(client, session) -> None:
    appeal = make_appeal(session, demands=("Release Ana now", "Drop all charges against Ana"))
    add_target(session, appeal, make_target(session, name="Sok Chea"), TargetRole.PRIMARY)
    add_target(session, appeal, make_target(session, name="The Embassy"), TargetRole.COPY)
    response = client.get(f"/a/{appeal.slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<li>Release Ana now</li>" in html
    assert "<li>Drop all charges against Ana</li>" in html
    assert "Sok Chea" in html and "with copies to" in html
    assert "Take action before" in html
    assert 'property="og:title"' in html


def test_a_draft_is_not_found_by_the_public(client, session) -> None:
    draft = make_appeal(session, AppealStatus.DRAFT)
    assert client.get(f"/a/{draft.slug}").status_code == 404


def test_a_closed_appeal_shows_its_outcome_and_refuses_to_act(client, session) -> None:
    appeal = make_appeal(
        session, AppealStatus.CLOSED, outcome=Outcome.RELEASED, outcome_note="Freed on 1 May."
    )
    html = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "This appeal has closed" in html
    assert "Released" in html and "Freed on 1 May." in html
    assert "Take action before" not in html


def test_a_live_appeal_past_its_deadline_reads_as_closed(client, session) -> None:
    from datetime import timedelta

    from campaign.models import utcnow

    appeal = make_appeal(session, deadline=utcnow() - timedelta(minutes=1))
    assert "This appeal has closed" in client.get(f"/a/{appeal.slug}").get_data(as_text=True)


def test_the_original_release_is_shown_unaltered_and_escaped(client, session) -> None:
    text = "Cambodia: Free him\n\n<script>alert('x')</script> & more"
    appeal = make_appeal(session, release=make_release(session, text))
    html = client.get(f"/a/{appeal.slug}/release").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "<script>alert" not in html


def test_an_appeal_without_a_release_has_no_release_page(client, session) -> None:
    appeal = make_appeal(session)
    assert client.get(f"/a/{appeal.slug}/release").status_code == 404
