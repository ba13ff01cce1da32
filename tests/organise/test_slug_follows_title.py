"""A draft's address follows its title until the organiser writes one; no placeholder
address is published."""

from __future__ import annotations

from campaign.models import Appeal, AppealStatus, LetterTemplate, TargetRole, utcnow
from campaign.organise.review import apply_review
from tests.factories import add_target, make_appeal, make_target
from tests.organise.test_routes import post, review_form
from tests.organise.test_services import review_of


def untitled_draft(session, **fields) -> Appeal:
    values = {"title": "Untitled appeal", "slug": "untitled-appeal"} | fields
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=("Free Dara",), **values)
    add_target(session, appeal, make_target(session), TargetRole.PRIMARY)
    appeal.letters = [LetterTemplate(subject="Act", body="{{ target.salutation }}, act.")]
    session.flush()
    return appeal


def test_titling_a_draft_gives_it_the_address_of_its_title(client, session, organiser) -> None:
    make_appeal(session, slug="free-khu-kyi-reh")  # the address the title gives is taken
    appeal = untitled_draft(session)
    url = f"/organise/appeals/{appeal.id}"
    response = client.post(url, data=review_form(client, url) | {"title": "Free Khu Kyi Reh"})
    assert response.status_code == 302
    session.refresh(appeal)
    assert appeal.slug == "free-khu-kyi-reh-2"

    # Titled again, it follows again; the numbered address was still the title's.
    apply_review(session, appeal, review_of(appeal, title="Release Khu Kyi Reh"), user=None,
                 now=utcnow())  # fmt: skip
    assert appeal.slug == "release-khu-kyi-reh"


def test_a_dateline_address_follows_the_corrected_title(session) -> None:
    title = (
        "(Bangkok) – The Myanmar authorities should immediately investigate the alleged "
        "excessive use of force by police against protesters in Karenni State."
    )  # the first sentence of a release without a title
    appeal = untitled_draft(
        session, title=title, slug="bangkok-the-myanmar-authorities-should-immediately"
    )
    apply_review(session, appeal, review_of(appeal, title="Myanmar: Free Khu Kyi Reh"),
                 user=None, now=utcnow())  # fmt: skip
    assert appeal.slug == "myanmar-free-khu-kyi-reh"


def test_an_address_written_by_hand_stays(session) -> None:
    appeal = untitled_draft(session)
    data = review_of(appeal, title="Free Khu Kyi Reh", slug="khu-kyi-reh")
    apply_review(session, appeal, data, user=None, now=utcnow())
    assert appeal.slug == "khu-kyi-reh"
    apply_review(session, appeal, review_of(appeal, title="Release him"), user=None, now=utcnow())
    assert appeal.slug == "khu-kyi-reh"


def test_a_live_appeal_keeps_its_address_when_retitled(session) -> None:
    appeal = make_appeal(session, title="Free Dara", slug="free-dara")
    apply_review(session, appeal, review_of(appeal, title="Free Dara now"), user=None,
                 now=utcnow())  # fmt: skip
    assert (appeal.title, appeal.slug) == ("Free Dara now", "free-dara")


def test_publishing_refuses_the_placeholder_address(client, session, organiser) -> None:
    appeal = untitled_draft(session, title="Free Khu Kyi Reh", slug="untitled-appeal-3")
    url = f"/organise/appeals/{appeal.id}"
    response = post(client, f"{url}/publish", token_from=url)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Give the appeal an address of its own: /a/untitled-appeal-3 was made for a draft "
        "without a title." in page
    )
    assert session.get(Appeal, appeal.id).status is AppealStatus.DRAFT
    assert "It follows the title until you change it, and is fixed once the appeal is " in page
