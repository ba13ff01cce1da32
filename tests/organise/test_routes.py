"""The organiser's journey through the pages, checked in the responses and the database."""

from __future__ import annotations

import io
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from campaign.demo import seed_text
from campaign.models import Appeal, AppealStatus, AuditEvent, Outcome, Target, TargetRole
from tests.conftest import csrf_token
from tests.factories import add_target, make_appeal, make_target


@pytest.fixture
def directory(session):
    """Cambodia's prime minister and embassy, and an official elsewhere who must not fit."""
    return {
        "pm": make_target(session, name="Hun Manet", title="Prime Minister",
                          organisation="Office of the Council of Ministers", country="KH"),
        "embassy": make_target(session, name="Ambassador of Cambodia", title="Ambassador",
                               organisation="Embassy of the Kingdom of Cambodia", country="KH"),
        "elsewhere": make_target(session, name="Other Premier", title="Prime Minister",
                                 organisation="Government of Thailand", country="TH"),
    }  # fmt: skip


PAGE = "/organise/new"  # the page a CSRF token is read from, unless told otherwise


def post(client, url: str, data: dict | None = None, token_from: str = PAGE, **kw):
    return client.post(
        url, data={"csrf_token": csrf_token(client, token_from), **(data or {})}, **kw
    )


def test_the_seed_release_is_published_in_four_submissions(client, session, organiser, directory):
    # 1. paste the release
    response = post(client, "/organise/new", {"text": seed_text()})
    assert response.status_code == 302
    appeal = session.scalars(select(Appeal)).one()
    review_url = f"/organise/appeals/{appeal.id}"
    assert response.headers["Location"] == review_url

    page = client.get(review_url).get_data(as_text=True)
    assert '<mark class="src src--demand" id="source-' in page  # the sources are highlighted
    assert "Hun Manet" in page and "Ambassador of Cambodia" in page  # suggested
    assert "Other Premier" not in page
    pm, embassy = directory["pm"], directory["embassy"]
    # 2. and 3. one click each from the suggestions
    assert post(client, f"{review_url}/targets", {"target_id": pm.id, "role": "primary"},
                token_from=review_url).status_code == 302  # fmt: skip
    post(client, f"{review_url}/targets", {"target_id": embassy.id, "role": "copy"},
         token_from=review_url)  # fmt: skip
    # 4. publish
    response = post(client, f"{review_url}/publish", token_from=review_url)
    assert response.status_code == 302
    assert "Published" in client.get(review_url).get_data(as_text=True)

    session.refresh(appeal)
    assert appeal.status is AppealStatus.LIVE
    assert len(appeal.demands) == 3
    assert appeal.primary_targets == [pm] and appeal.copy_targets == [embassy]
    assert appeal.letters and "{% for demand in appeal.demands %}" in appeal.letters[0].body
    public = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    for demand in appeal.demands:
        assert f"<li>{escape(demand.text)}</li>" in public
    assert "Hun Manet" in public
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.appeal_id == appeal.id)
    ).all()
    assert {"appeal.create", "appeal.target_add", "appeal.publish"} <= set(actions)


def test_a_release_can_be_uploaded_as_a_file(client, session, organiser) -> None:
    data = {"file": (io.BytesIO(seed_text().encode()), "kem-sokha.txt"), "text": ""}
    response = post(client, "/organise/new", data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert session.scalars(select(Appeal)).one().release.text == seed_text()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Paste the release or choose a file."),
        (
            {"text": "", "file": (io.BytesIO(b"%PDF-1.4"), "release.pdf")},
            "Upload a .txt, .md or .html",
        ),
    ],
)
def test_a_bad_release_is_refused_with_a_message(client, session, organiser, data, message):
    response = post(client, "/organise/new", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert session.scalars(select(Appeal)).all() == []


def test_pasted_text_and_a_file_together_are_refused_keeping_the_text(client, session, organiser):
    data = {"text": "Free Dara now.", "file": (io.BytesIO(seed_text().encode()), "kem-sokha.txt")}
    response = post(client, "/organise/new", data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Paste the release or choose a file, not both" in page
    assert "Free Dara now.</textarea>" in page
    assert session.scalars(select(Appeal)).all() == []


def review_form(client, url: str) -> dict[str, str]:
    """The review form's fields as the browser would submit them."""
    html = client.get(url).get_data(as_text=True)
    form = html[html.index('id="draft"') :]
    form = form[: form.index("</form>")]
    # A browser sends a checkbox only when it is ticked.
    inputs = [
        i for i in re.findall(r"<input[^>]*>", form) if 'type="checkbox"' not in i or "checked" in i
    ]
    fields = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', " ".join(inputs)))
    fields |= dict(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', form))
    fields |= dict(
        re.findall(r'<select[^>]*name="([^"]+)".*?<option selected value="([^"]*)"', form, re.S)
    )
    return fields


def test_review_saves_corrections_and_shows_domain_errors(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=("Free Dara",))
    taken = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url)
    fields |= {
        "title": "Free Dara now",
        "demands-0-text": "Release Dara",
        "demands-1-text": "Drop the charges",
    }
    assert client.post(url, data=fields).status_code == 302
    session.refresh(appeal)
    assert appeal.title == "Free Dara now"
    assert [d.text for d in appeal.demands] == ["Release Dara", "Drop the charges"]
    assert appeal.confirm_signatures  # a ticked box stays ticked

    fields = review_form(client, url) | {"slug": taken.slug}
    response = client.post(url, data=fields)
    assert response.status_code == 400
    assert f"Another appeal uses /a/{taken.slug}" in response.get_data(as_text=True)


def test_publishing_an_incomplete_draft_lists_what_is_missing(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=())
    url = f"/organise/appeals/{appeal.id}"
    response = post(client, f"{url}/publish", token_from=url)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Add at least one demand." in page
    assert "Add a primary target who can be reached by e-mail or by post." in page
    assert session.get(Appeal, appeal.id).status is AppealStatus.DRAFT


def test_the_letter_editor_saves_shows_errors_with_lines_and_previews(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    add_target(
        session,
        appeal,
        make_target(session, name="Sok Chea", salutation="Excellency"),
        TargetRole.PRIMARY,
    )
    url = f"/organise/appeals/{appeal.id}/letter"
    bad = post(
        client, url, {"subject": "Act", "body": "Dear\n{{ supporter.nmae }}"}, token_from=url
    )
    assert bad.status_code == 400
    assert "Line 2: Unknown field “nmae”." in bad.get_data(as_text=True)
    good = post(
        client,
        url,
        {"subject": "Act", "body": "{{ target.salutation }}, free Dara."},
        token_from=url,
    )
    assert good.status_code == 302
    assert session.get(Appeal, appeal.id).letters[0].body == "{{ target.salutation }}, free Dara."
    preview = post(
        client,
        f"{url}/preview",
        {"subject": "S", "body": "{{ target.salutation }}!"},
        token_from=url,
    )
    assert preview.get_json()["previews"] == [
        {
            "target": "Sok Chea",
            "heading": "To Minister of Justice, Sok Chea",
            "subject": "S",
            "subject_line": "Subject: S",
            "body": "Excellency!\n",
            "errors": [],
        }
    ]


def test_an_official_can_be_created_from_the_review_screen(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, country="IN")
    url = f"/organise/appeals/{appeal.id}"
    data = {"name": "Attorney General of India", "email": "ag@example.org", "role": "primary"}
    assert post(client, f"{url}/targets/new", data, token_from=url).status_code == 302
    target = session.scalars(select(Target).where(Target.email == "ag@example.org")).one()
    assert target.country == "IN"
    assert session.get(Appeal, appeal.id).primary_targets == [target]


def test_close_with_an_outcome_then_clone(client, session, organiser) -> None:
    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    post(client, f"{url}/close", {"outcome": "released", "note": "Freed on bail."}, token_from=url)
    session.refresh(appeal)
    assert appeal.status is AppealStatus.CLOSED and appeal.outcome is Outcome.RELEASED
    assert "Freed on bail." in client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    response = post(client, f"{url}/clone", token_from=url)
    copy = session.scalars(select(Appeal).where(Appeal.parent_id == appeal.id)).one()
    assert response.headers["Location"] == f"/organise/appeals/{copy.id}"


def test_an_update_appears_on_the_public_page_newest_first(client, session, organiser) -> None:
    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    post(
        client,
        f"{url}/updates",
        {"title": "Trial postponed", "happened_on": "2026-01-05"},
        token_from=url,
    )
    post(
        client,
        f"{url}/updates",
        {"title": "Released on bail", "happened_on": "2026-02-01"},
        token_from=url,
    )
    public = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert public.index("Released on bail") < public.index("Trial postponed")


def test_an_update_posted_by_mistake_is_taken_off_the_page(client, session, organiser) -> None:
    from campaign.models import AuditEvent

    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    post(client, f"{url}/updates", {"title": "Trail postponed"}, token_from=url)
    post(client, f"{url}/updates", {"title": "Trial postponed"}, token_from=url)
    [wrong] = [u for u in appeal.updates if u.title == "Trail postponed"]
    page = client.get(url).get_data(as_text=True)
    assert f'action="{url}/updates/{wrong.id}/delete"' in page
    assert client.post(f"{url}/updates/{wrong.id}/delete").status_code == 400  # no token
    answer = post(client, f"{url}/updates/{wrong.id}/delete", {}, token_from=url)
    assert answer.status_code == 302
    said = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "is no longer on the appeal" in said
    public = client.get(f"/a/{appeal.slug}").get_data(as_text=True)
    assert "Trail postponed" not in public and "Trial postponed" in public
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "appeal.update_delete")
    ).one()
    assert audit.details["title"] == "Trail postponed" and audit.appeal_id == appeal.id
    other = make_appeal(session)
    [kept] = appeal.updates
    gone = post(
        client, f"/organise/appeals/{other.id}/updates/{kept.id}/delete", {}, token_from=url
    )
    assert gone.status_code == 404 and appeal.updates == [kept]


def test_the_list_links_every_appeal_to_its_review_page(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, title="Draft about Dara")
    html = client.get("/organise/").get_data(as_text=True)
    assert f'href="/organise/appeals/{appeal.id}"' in html


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("no_demands", "Add at least one demand."),
        ("no_target", "Add a primary target who can be reached by e-mail or by post."),
        ("bad_letter", "Unknown variable “oops”."),
        ("past_deadline", "Set a take-action-before date in the future."),
    ],
)
def test_each_publishing_problem_is_shown_on_the_review_page(
    client, session, organiser, breakage, message
):
    from datetime import timedelta

    from campaign.models import LetterTemplate, utcnow

    appeal = make_appeal(session, AppealStatus.DRAFT)
    add_target(session, appeal, make_target(session), TargetRole.PRIMARY)
    appeal.letters = [LetterTemplate(subject="Act", body="{{ target.salutation }}, act.")]
    if breakage == "no_demands":
        appeal.demands = []
    elif breakage == "no_target":
        appeal.appeal_targets = []
    elif breakage == "bad_letter":
        appeal.letters[0].body = "{{ oops }}"
    else:
        appeal.deadline = utcnow() - timedelta(days=1)
    session.flush()
    url = f"/organise/appeals/{appeal.id}"
    response = post(client, f"{url}/publish", token_from=url)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert escape(message) in page
    assert session.get(Appeal, appeal.id).status is AppealStatus.DRAFT


def test_review_form_errors_are_shown_on_their_fields(client, session, organiser) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url) | {"title": "", "signature_goal": "-5"}
    response = client.post(url, data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give the appeal a title." in html
    assert "The goal is a number from 1 upwards." in html
    assert session.get(Appeal, appeal.id).title == appeal.title


def test_organisers_switch_confirmation_and_letters_sent_for_supporters(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    assert appeal.confirm_signatures and not appeal.send_letters
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url)
    fields.pop("confirm_signatures", None)  # unticked: not sent by the browser
    fields |= {"send_letters": "y", "keep_letter_text": "y"}
    assert client.post(url, data=fields).status_code == 302
    session.refresh(appeal)
    assert (appeal.confirm_signatures, appeal.send_letters, appeal.keep_letter_text) == (
        False,
        True,
        True,
    )


def test_an_official_from_the_review_screen_may_not_take_a_directory_address(
    client, session, organiser
) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT, country="KH")
    make_target(session, name="Hun Manet", email="pm@example.org")
    url = f"/organise/appeals/{appeal.id}"
    data = {"name": "X", "title": "Deputy", "email": "PM@example.org", "role": "primary"}
    response = post(client, f"{url}/targets/new", data, token_from=url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hun Manet has this e-mail address already: add them from the directory above." in page
    assert 'value="Deputy"' in page and 'value="PM@example.org"' in page  # nothing retyped
    assert [t.name for t in session.scalars(select(Target))] == ["Hun Manet"]
    assert session.get(Appeal, appeal.id).primary_targets == []


@pytest.mark.parametrize("count", [59, 60, 75])
def test_the_review_page_shows_every_stored_demand(client, session, organiser, count) -> None:
    appeal = make_appeal(
        session, AppealStatus.DRAFT, demands=tuple(f"Ask {n}" for n in range(count))
    )
    response = client.get(f"/organise/appeals/{appeal.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'name="demands-{count - 1}-text"' in html and f"Ask {count - 1}" in html
    assert f'name="demands-{count}-text"' not in html  # no blank rows beyond the cap


def test_more_demands_than_the_cap_are_refused_and_none_is_lost(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=tuple(f"Ask {n}" for n in range(49)))
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url) | {
        "title": "Changed",
        "demands-49-text": "One more",
        "demands-50-text": "One too many",
    }
    response = client.post(url, data=fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "An appeal can have at most 50 demands; remove 1." in html
    assert "One too many" in html  # what the organiser typed is still in the form
    session.refresh(appeal)
    assert appeal.title != "Changed" and len(appeal.demands) == 49

    fields |= {"demands-50-text": ""}
    assert client.post(url, data=fields).status_code == 302
    session.refresh(appeal)
    assert len(appeal.demands) == 50 and appeal.demands[-1].text == "One more"


def test_an_appeal_with_many_demands_can_still_be_saved_and_translated(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=tuple(f"Ask {n}" for n in range(70)))
    url = f"/organise/appeals/{appeal.id}"
    # Stored before the cap: every row comes back; removing 20 is accepted.
    fields = review_form(client, url) | {f"demands-{n}-delete": "y" for n in range(50, 70)}
    assert client.post(url, data=fields).status_code == 302
    session.refresh(appeal)
    assert [d.text for d in appeal.demands] == [f"Ask {n}" for n in range(50)]
    assert client.get(f"{url}/translations/new").status_code == 200


def test_nul_characters_typed_or_pasted_into_a_form_are_dropped(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=("Free Dara",))
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url) | {
        "title": "Free\x00 Dara",
        "summary": "Dara\x00 is held.",
        "subjects": "Dara\x00",
        "demands-0-text": "Release\x00 Dara",
    }
    assert client.post(url, data=fields).status_code == 302
    session.refresh(appeal)
    assert (appeal.title, appeal.summary, appeal.subjects[0].name, appeal.demands[0].text) == (
        "Free Dara", "Dara is held.", "Dara", "Release Dara"
    )  # fmt: skip
    translation = {"language": "fr", "title": "Libérez\x00 Dara", "demands-0": "Libérez\x00"}
    post(client, f"{url}/translations/new", translation, token_from=url)
    session.refresh(appeal)
    assert (appeal.translations[0].title, appeal.translations[0].demands) == (
        "Libérez Dara", ["Libérez"]
    )  # fmt: skip


@pytest.mark.parametrize(
    "body", ["{{ appeal|dictsort }}", "{{ appeal|xmlattr }}", "{{ appeal.title|truncate(-5) }}"]
)
def test_a_letter_that_fails_while_filling_in_is_reported_not_a_500(
    client, session, organiser, body
) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    add_target(session, appeal, make_target(session, name="Sok Chea"), TargetRole.PRIMARY)
    url = f"/organise/appeals/{appeal.id}/letter"
    saved = post(client, url, {"subject": "Act", "body": body}, token_from=url)
    assert saved.status_code == 400
    assert "Line 1: The letter could not be filled in" in saved.get_data(as_text=True)
    assert session.get(Appeal, appeal.id).letters == []
    preview = post(client, f"{url}/preview", {"subject": "S", "body": body}, token_from=url)
    assert preview.status_code == 200
    [shown] = preview.get_json()["previews"]
    assert shown["errors"][0].startswith("Line 1: The letter could not be filled in")


def test_a_letter_that_would_run_too_long_is_refused_with_a_clear_message(
    client, session, organiser
) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}/letter"
    body = "{% set a = [1] * 4000 %}{% for x in a %}{% for y in a %}{% endfor %}{% endfor %}"
    saved = post(client, url, {"subject": "Act", "body": body}, token_from=url)
    assert saved.status_code == 400
    assert "The letter takes too long to fill in" in saved.get_data(as_text=True)


def live_ready_appeal(session):
    """A live appeal with everything publishing checks: a demand, a target, a letter."""
    from campaign.models import LetterTemplate

    appeal = make_appeal(session, demands=("Free Dara",))
    add_target(session, appeal, make_target(session), TargetRole.PRIMARY)
    appeal.letters = [LetterTemplate(subject="Act", body="{{ target.salutation }}, act.")]
    session.flush()
    return appeal


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"deadline": ""},
            "deadline",
            "A live appeal needs a take-action-before date in the future.",
        ),
        ({"deadline": "2020-01-01"}, "deadline", "close the appeal instead"),
        ({"demands-0-delete": "y"}, "demands", "Add at least one demand."),
        ({"slug": "a-new-address"}, "slug", "The address of a published appeal cannot change"),
    ],
)
def test_a_live_appeal_cannot_be_broken_from_the_review_form(
    client, session, organiser, changes, field, message
):
    appeal = live_ready_appeal(session)
    title, slug, deadline = appeal.title, appeal.slug, appeal.deadline
    url = f"/organise/appeals/{appeal.id}"
    fields = review_form(client, url) | {"title": "Typed and kept"} | changes
    response = client.post(url, data=fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert escape(message) in html
    assert 'value="Typed and kept"' in html  # what the organiser typed is still there
    session.expire_all()
    appeal = session.get(Appeal, appeal.id)
    assert (appeal.title, appeal.slug, appeal.deadline) == (title, slug, deadline)
    assert [d.text for d in appeal.demands] == ["Free Dara"]
    assert client.get(f"/a/{slug}").status_code == 200


def test_a_live_appeal_shows_its_address_read_only_and_saves_other_changes(
    client, session, organiser
):
    appeal = live_ready_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    html = client.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="slug"[^>]*readonly', html)
    assert "It cannot change once the appeal is published" in html
    response = client.post(url, data=review_form(client, url) | {"title": "Free Dara now"})
    assert response.status_code == 302
    assert session.get(Appeal, appeal.id).title == "Free Dara now"


def test_a_live_appeal_already_past_its_date_can_still_be_corrected(client, session, organiser):
    from datetime import timedelta

    from campaign.models import utcnow

    appeal = live_ready_appeal(session)
    appeal.deadline = utcnow() - timedelta(hours=1)  # close-expired has not run yet
    session.flush()
    url = f"/organise/appeals/{appeal.id}"
    response = client.post(url, data=review_form(client, url) | {"title": "Typo fixed"})
    assert response.status_code == 302
    assert session.get(Appeal, appeal.id).title == "Typo fixed"


def test_the_last_target_of_a_live_appeal_cannot_be_removed(client, session, organiser):
    appeal = live_ready_appeal(session)
    link = appeal.appeal_targets[0]
    url = f"/organise/appeals/{appeal.id}"
    response = post(client, f"{url}/targets/{link.id}/remove", token_from=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "A live appeal needs a primary target who can be reached" in page
    session.expire_all()
    assert len(session.get(Appeal, appeal.id).appeal_targets) == 1


def test_a_live_appeal_without_a_date_says_so_rather_than_a_blank(client, session, organiser):
    appeal = make_appeal(session, deadline=None)
    html = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    assert "take action before ." not in html
    assert "with no take-action-before date: set one above." in html


def test_the_close_form_has_no_outcome_chosen_and_requires_one(client, session, organiser):
    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}/close"
    html = client.get(url).get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="outcome".*?</select>', html, re.S).group(0)
    assert "selected" not in select_html  # the browser shows the "Choose…" option first
    assert '<option value="">Choose what happened…</option>' in select_html
    response = post(client, url, {"outcome": "", "note": "Freed on bail."}, token_from=url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose what happened." in html and "Freed on bail." in html
    assert session.get(Appeal, appeal.id).status is AppealStatus.LIVE


def test_the_outcome_of_an_expired_appeal_can_be_corrected_and_is_audited(
    client, session, organiser, runner
):
    from datetime import timedelta

    from campaign.models import utcnow

    appeal = make_appeal(session, deadline=utcnow() - timedelta(hours=1))
    runner.invoke(args=["campaign", "close-expired"])
    session.refresh(appeal)
    assert appeal.outcome is Outcome.UNKNOWN
    review = f"/organise/appeals/{appeal.id}"
    assert f'href="{review}/close"' in client.get(review).get_data(as_text=True)
    url = f"{review}/close"
    assert '<option selected value="unknown">' in client.get(url).get_data(as_text=True)
    response = post(client, url, {"outcome": "released", "note": "Freed today."}, token_from=url)
    assert response.status_code == 302
    assert "Outcome changed" in client.get(response.headers["Location"]).get_data(as_text=True)
    session.refresh(appeal)
    assert (appeal.status, appeal.outcome, appeal.outcome_note) == (
        AppealStatus.CLOSED, Outcome.RELEASED, "Freed today."
    )  # fmt: skip
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "appeal.outcome_change")
    ).one()
    assert event.details == {"outcome": ["unknown", "released"], "note": ["", "Freed today."]}
    assert "Freed today." in client.get(f"/a/{appeal.slug}").get_data(as_text=True)


def test_an_update_without_a_headline_comes_back_with_what_was_typed(client, session, organiser):
    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    data = {"title": "", "body": "Dara was moved to another prison.", "happened_on": "2026-01-05"}
    response = post(client, f"{url}/updates", data, token_from=url)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Dara was moved to another prison.</textarea>" in html
    assert 'value="2026-01-05"' in html
    assert re.search(r'id="update-title-error">[^<]*This field is required', html)
    assert session.get(Appeal, appeal.id).updates == []


def test_an_official_with_a_malformed_address_comes_back_with_what_was_typed(
    client, session, organiser
):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    data = {"name": "Attorney General", "email": "not-an-address", "role": "primary"}
    response = post(client, f"{url}/targets/new", data, token_from=url)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Attorney General"' in html and 'value="not-an-address"' in html
    assert '<details class="inline-target" open>' in html
    assert session.scalars(select(Target)).all() == []


def test_a_draft_offers_no_e_mail_to_signers_and_refuses_one(client, session, organiser):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    url = f"/organise/appeals/{appeal.id}"
    assert 'name="email_signers"' not in client.get(url).get_data(as_text=True)
    data = {"title": "Trial set", "email_signers": "y"}
    response = post(client, f"{url}/updates", data, token_from=url)
    assert response.status_code == 422
    assert "Only the signers of a live or closed appeal can be e-mailed." in response.get_data(
        as_text=True
    )
    assert session.get(Appeal, appeal.id).updates == []


def test_the_outcome_can_be_e_mailed_to_the_signers_of_a_closed_appeal(client, session, organiser):
    from campaign.models import Outbox
    from tests.factories import make_signature

    appeal = make_appeal(session, AppealStatus.CLOSED)
    make_signature(session, appeal, consent=True)
    url = f"/organise/appeals/{appeal.id}"
    assert 'name="email_signers"' in client.get(url).get_data(as_text=True)
    data = {"title": "Dara is free", "email_signers": "y"}
    response = post(client, f"{url}/updates", data, token_from=url)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "It will be e-mailed to 1 signer." in page
    assert len(session.scalars(select(Outbox)).all()) == 1


def test_an_update_with_no_one_to_e_mail_is_not_marked_e_mailed(client, session, organiser):
    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    data = {"title": "Trial set", "email_signers": "y"}
    response = post(client, f"{url}/updates", data, token_from=url)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "No signer has asked to hear more yet, so it was not e-mailed." in page
    (update,) = session.get(Appeal, appeal.id).updates
    assert update.emailed_at is None


def test_an_update_dated_in_the_future_is_refused_and_today_is_fine(client, session, organiser):
    from datetime import timedelta

    from campaign.models import utcnow

    appeal = make_appeal(session)
    url = f"/organise/appeals/{appeal.id}"
    later = (utcnow() + timedelta(days=2)).date().isoformat()
    response = post(client, f"{url}/updates", {"title": "Verdict", "happened_on": later},
                    token_from=url)  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The date it happened cannot be in the future." in html and 'value="Verdict"' in html
    assert session.get(Appeal, appeal.id).updates == []
    today = utcnow().date().isoformat()
    response = post(client, f"{url}/updates", {"title": "Verdict", "happened_on": today},
                    token_from=url)  # fmt: skip
    assert response.status_code == 302
    assert [u.title for u in session.get(Appeal, appeal.id).updates] == ["Verdict"]


def test_every_from_the_release_link_has_its_target(client, session, organiser) -> None:
    from campaign.models import Demand
    from tests.factories import make_release

    text = "Cambodia: We urge the authorities to drop the charges and make his release permanent."
    sentence = (text.index("We"), len(text))
    appeal = make_appeal(session, AppealStatus.DRAFT, demands=())
    appeal.release = make_release(session, text)
    appeal.demands = [
        Demand(position=0, text="Drop the charges", source=text[sentence[0]:],
               span_start=sentence[0], span_end=sentence[1]),
        Demand(position=1, text="Make his release permanent", source=text[sentence[0]:],
               span_start=sentence[0] + 30, span_end=sentence[1]),
        Demand(position=2, text="Free him", source="A sentence since edited away",
               span_start=500, span_end=530),
    ]  # fmt: skip
    session.flush()
    html = client.get(f"/organise/appeals/{appeal.id}").get_data(as_text=True)
    links = re.findall(r'href="#(source-\d+)"', html)
    assert len(links) == 2
    for anchor in links:
        assert f'id="{anchor}"' in html
    assert "From the release: “A sentence since edited away”" in html  # shown, not linked


def test_a_release_with_more_demands_than_an_appeal_holds_keeps_the_first_and_says_so(
    client, session, organiser, monkeypatch
) -> None:
    from dataclasses import replace

    from campaign.organise import launch

    extract = launch.extract_release

    def sixty_demands(text):
        draft = extract(text)
        draft.demands = [replace(draft.demands[0], text=f"Release prisoner {n}") for n in range(60)]
        return draft

    monkeypatch.setattr(launch, "extract_release", sixty_demands)
    post(client, "/organise/new", {"text": seed_text()})
    appeal = session.scalars(select(Appeal)).one()
    assert [d.text for d in appeal.demands] == [f"Release prisoner {n}" for n in range(50)]
    assert "Release prisoner 50" not in appeal.letters[0].body
    url = f"/organise/appeals/{appeal.id}"
    assert "The release has 60 demands: the draft keeps the first 50." in client.get(url).get_data(
        as_text=True
    )
    # The draft can be saved as it is (a form of more than 50 demands is refused).
    assert client.post(url, data=review_form(client, url)).status_code == 302
