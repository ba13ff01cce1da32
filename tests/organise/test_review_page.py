"""What the review page shows, whatever the appeal's state."""

from __future__ import annotations

import pytest
from markupsafe import escape

from campaign.demo import seed_text
from campaign.models import AppealStatus, Outcome, utcnow
from campaign.organise.highlight import without_stray_quotes
from tests.factories import make_appeal
from tests.organise.test_routes import post, review_form


def test_a_published_appeal_saves_changes_not_a_draft(client, session, organiser) -> None:
    draft = make_appeal(session, AppealStatus.DRAFT)
    assert "Save the draft</button>" in client.get(f"/organise/appeals/{draft.id}").text
    for status in (AppealStatus.LIVE, AppealStatus.CLOSED, AppealStatus.ARCHIVED):
        page = client.get(f"/organise/appeals/{make_appeal(session, status).id}").text
        assert "Save changes</button>" in page and "Save the draft" not in page


def test_an_archived_appeal_shows_its_outcome_and_how_to_change_it(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.ARCHIVED)
    appeal.outcome, appeal.closed_at = Outcome.RELEASED, utcnow()
    session.flush()
    page = client.get(f"/organise/appeals/{appeal.id}").text
    status = page[page.index('id="publish-heading"') : page.index('id="embed-heading"')]
    assert "Archived." in status and "outcome: released" in status
    assert f'href="/organise/appeals/{appeal.id}/close"' in status
    assert "Change the outcome or its note" in status
    assert f"/organise/appeals/{appeal.id}/archive" not in status


def test_demand_rows_are_numbered_from_one(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=("Free Dara", "Drop the charges"))
    fields = review_form(client, f"/organise/appeals/{appeal.id}")
    positions = [fields[f"demands-{i}-position"] for i in range(4)]
    assert positions == ["1", "2", "3", "4"]  # two demands and two blank rows


def test_a_quotation_ended_in_the_sentence_is_not_closed_twice(client, session, organiser):
    assert without_stray_quotes("we urge them to act.”") == "we urge them to act."
    assert without_stray_quotes("“We urge them") == "We urge them"
    assert without_stray_quotes("charged with “conspiracy”.") == "charged with “conspiracy”."
    response = post(client, "/organise/new", {"text": seed_text()})
    page = client.get(response.headers["Location"]).text
    assert "adequate medical attention.”</p>" in page
    assert escape("attention.””") not in page and "attention.””" not in page


def test_the_address_hint_does_not_show_a_refused_address(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, slug="free-dara")
    url = f"/organise/appeals/{appeal.id}"
    response = client.post(url, data=review_form(client, url) | {"slug": "Bad Slug!"})
    assert response.status_code == 400
    assert "The public address: /a/free-dara" in response.text
    assert "/a/Bad Slug!" not in response.text


def test_every_refused_site_is_named_and_the_list_typed_is_kept(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    typed = "https://one.example.org\nnot a url\nhttps://two.example.org\nftp://x"
    response = post(client, f"{url}/embed", {"origins": typed}, token_from=url)
    page = response.text
    assert response.status_code == 422
    assert escape("“not a url” is not a web address") in page
    assert escape("“ftp://x” is not a web address") in page
    assert "https://one.example.org\nnot a url\nhttps://two.example.org\nftp://x</textarea>" in page
    assert session.get(type(appeal), appeal.id).embed_origins == []


@pytest.mark.parametrize("form", ["targets/new", "updates", "embed"])
def test_a_forms_address_opened_again_leads_to_the_form(client, session, organiser, form):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    response = client.get(f"/organise/appeals/{appeal.id}/{form}")
    assert response.status_code == 302
    section = form.split("/")[0]
    assert response.headers["Location"] == f"/organise/appeals/{appeal.id}#{section}"
    assert client.get("/organise/appeals/999999/updates").status_code == 404


def test_the_extractors_doubts_go_once_the_organiser_has_settled_them(
    client, session, organiser
) -> None:
    from tests.factories import make_release

    appeal = make_appeal(session, AppealStatus.DRAFT, title="Untitled appeal", country=None)
    appeal.release = make_release(session)
    appeal.release.extracted = {
        "warnings": ["no title found", "no country found", "no date found", "no target found"]
    }
    session.flush()
    url = f"/organise/appeals/{appeal.id}"
    page = client.get(url).get_data(as_text=True)
    assert "No title was found: write one." in page
    assert "No country was found: choose it." in page

    fields = review_form(client, url) | {"title": "Free the three activists", "country": "KH"}
    assert client.post(url, data=fields).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "No title was found" not in page and "No country was found" not in page
    assert "No date was found in the release." in page  # the release still has none
    assert "No official to write to was found: add the targets." in page  # still true


def test_the_appeal_page_keeps_update_paragraphs_and_no_stray_separator(
    client, session, organiser
) -> None:
    from campaign.models import AppealUpdate, TargetRole
    from tests.factories import add_target, make_target

    appeal = make_appeal(session)
    appeal.updates.append(
        AppealUpdate(title="Moved", body="He was moved to Prey Sar.\n\nHis family saw him.")
    )
    official = make_target(session, organisation="", email="chief-minister@example.org")
    add_target(session, appeal, official, TargetRole.PRIMARY)
    session.flush()
    page = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    assert "<p>He was moved to Prey Sar.</p>\n<p>His family saw him.</p>" in page
    assert '<span class="meta">chief-minister@example.org</span>' in page
    assert "Paste this where the sign form should appear." in page  # live: offered


@pytest.mark.parametrize("status", [AppealStatus.CLOSED, AppealStatus.ARCHIVED])
def test_a_closed_appeal_offers_no_embed_code(client, session, organiser, status) -> None:
    appeal = make_appeal(session, status, outcome=Outcome.RELEASED)
    page = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    assert "Paste this where the sign form should appear." not in page
    assert 'class="campaign-embed"' not in page
    assert "The sign form takes signatures only while the appeal is live." in page
