"""The public appeal pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from campaign.models import Appeal, AppealStatus, AppealUpdate, Outcome, TargetRole, utcnow
from campaign.organise.review import end_of_day
from campaign.templating import paragraphs
from tests.factories import add_target, make_appeal, make_release, make_target


def test_the_index_lists_live_appeals_only(client, session) -> None:
    live = make_appeal(session, AppealStatus.LIVE, title="Free the poet")
    make_appeal(session, AppealStatus.DRAFT, title="Secret draft")
    html = client.get("/").get_data(as_text=True)
    assert "Free the poet" in html
    assert f'href="/a/{live.slug}"' in html
    assert "Secret draft" not in html


def test_the_index_leaves_out_appeals_past_their_deadline(client, session) -> None:
    # Still "live" until the cron job closes them, but no longer taking signatures.
    now = utcnow()
    open_ = make_appeal(session, title="Free the poet", deadline=now + timedelta(minutes=5))
    make_appeal(session, title="Too late", deadline=now - timedelta(seconds=1))
    make_appeal(session, title="No end", deadline=None)
    html = client.get("/").get_data(as_text=True)
    assert "Free the poet" in html and "No end" in html
    assert "Too late" not in html
    assert session.get(Appeal, open_.id).is_open(now)


def test_the_deadline_is_the_last_day_to_act(client, session) -> None:
    # An organiser's date means until the end of that day (UTC): signing is taken on it.
    deadline = end_of_day(date(2099, 12, 28))
    appeal = make_appeal(session, title="Free the poet", deadline=deadline)
    assert appeal.is_open(datetime(2099, 12, 28, 23, 59, 58, tzinfo=UTC))
    page = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "Take action by <strong>28 December 2099</strong>." in page
    assert "before" not in page
    home = client.get("/").get_data(as_text=True)
    assert "take action by 28 December 2099" in home


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
    assert "Take action by" in html
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
    assert "Take action by" not in html


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


def test_the_case_updates_and_outcome_keep_their_paragraphs_and_line_breaks(
    client, session
) -> None:
    # As a browser sends a textarea: CRLF line breaks, a blank line between paragraphs.
    appeal = make_appeal(
        session,
        AppealStatus.CLOSED,
        summary="Ana was arrested.\r\n\r\nShe is held <b>alone</b>.",
        outcome_note="Freed on 1 May.\r\nThank you all.",
    )
    session.add(AppealUpdate(appeal=appeal, title="Trial set", body="Day one.\n \nDay two."))
    session.flush()
    html = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert '<p lang="en">Ana was arrested.</p>' in html
    assert '<p lang="en">She is held &lt;b&gt;alone&lt;/b&gt;.</p>' in html
    assert "<p>Day one.</p>\n<p>Day two.</p>" in html
    assert "<p>Freed on 1 May.<br>\nThank you all.</p>" in html


def test_empty_text_makes_no_paragraph() -> None:
    assert paragraphs("") == "" and paragraphs(None) == "" and paragraphs("\n\n  \n") == ""
    assert paragraphs("a & b", "km") == '<p lang="km">a &amp; b</p>'


def test_the_progress_bar_is_named_by_the_count_and_goal(client, session) -> None:
    appeal = make_appeal(session, title="Free the poet", signature_goal=1000)
    page = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    bar = re.search(r"<progress [^>]*>", page).group(0)
    label_id = re.search(r'aria-labelledby="([^"]+)"', bar).group(1)
    label = re.search(rf'<p [^>]*id="{label_id}"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "<strong>0</strong> people have signed of a goal of 1,000" in label
    assert page.count(f'id="{label_id}"') == 1
