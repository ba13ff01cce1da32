"""Organiser services: launching from a release, reviewing, addressing, publishing, closing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from campaign.deadlines import end_of_day
from campaign.demo import seed_text
from campaign.models import (
    AppealStatus,
    AuditEvent,
    Outbox,
    Outcome,
    Subject,
    TargetRole,
    utcnow,
)
from campaign.organise import appeal_targets, letters, lifecycle, updates
from campaign.organise.launch import (
    LaunchSettings,
    ReleaseRefused,
    launch_from_release,
    read_upload,
)
from campaign.organise.review import (
    DemandRow,
    ReviewData,
    ReviewRefused,
    apply_review,
)
from campaign.organise.slugs import slugify, unique_slug
from tests.factories import add_target, make_appeal, make_signature, make_target, make_user

SETTINGS = LaunchSettings(deadline_days=30)


def launch_seed(session):
    return launch_from_release(session, seed_text(), user=None, now=utcnow(), settings=SETTINGS)


def test_the_seed_release_becomes_a_draft_with_its_three_demands(session) -> None:
    now = utcnow()
    appeal = launch_from_release(session, seed_text(), user=None, now=now, settings=SETTINGS)
    assert appeal.status is AppealStatus.DRAFT
    assert appeal.title == "Cambodia: Release of Kem Sokha must be made permanent"
    assert appeal.slug == "cambodia-release-of-kem-sokha-must-be-made-permanent"
    assert appeal.country == "KH"
    assert [s.name for s in appeal.subjects] == ["Kem Sokha"]
    texts = [d.text.lower() for d in appeal.demands]
    assert len(texts) == 3
    assert "drop all charges against kem sokha" in texts[0]
    assert "permanent" in texts[1] and "kem sokha" in texts[1]
    assert "medical" in texts[2] and "kem sokha" in texts[2]
    assert appeal.deadline == end_of_day((now + timedelta(days=30)).date())
    assert appeal.release.text == seed_text()  # stored unaltered
    assert appeal.release.published_on == date(2018, 9, 10)
    cleaned = appeal.release.extracted["cleaned_text"]
    for demand in appeal.demands:  # each demand keeps the sentence it came from
        assert cleaned[demand.span_start : demand.span_end] in demand.source
    (letter,) = appeal.letters
    (preview,) = letters.previews(appeal, letter.subject, letter.body, [make_target(session)])
    assert preview.letter.subject == appeal.title
    assert "- Drop all charges against Kem Sokha\n" in preview.letter.body
    assert "I am writing to you about Kem Sokha. Kem Sokha was arrested" in preview.letter.body


def test_launching_twice_gives_two_addresses(session) -> None:
    first, second = launch_seed(session), launch_seed(session)
    assert second.slug == first.slug + "-2"


def test_an_empty_release_is_refused(session) -> None:
    with pytest.raises(ReleaseRefused, match="empty"):
        launch_from_release(session, "  \n ", user=None, now=utcnow(), settings=SETTINGS)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("release.txt", b"Free him now", "Free him now"),
        ("release.md", "\ufeff# Title".encode(), "# Title"),
        ("release.html", "<p>Caf\xe9</p>".encode("cp1252"), "<p>Café</p>"),
        # Windows Notepad's "Unicode" (UTF-16 LE with a BOM), and the other marked ones.
        ("release.txt", b"\xff\xfe" + "Libérez\r\n".encode("utf-16-le"), "Libérez\r\n"),
        ("release.txt", b"\xfe\xff" + "Café".encode("utf-16-be"), "Café"),
        ("release.txt", "Café ☕".encode("utf-32"), "Café ☕"),
        ("release.txt", b"Free\x00 him", "Free him"),  # NUL: refused by PostgreSQL
    ],
)
def test_uploads_of_text_files_are_read(name, data, expected) -> None:
    assert read_upload(name, data) == expected


def test_a_utf16_file_cut_short_is_refused_not_misread() -> None:
    with pytest.raises(ReleaseRefused, match="known encoding"):
        read_upload("release.txt", b"\xff\xfeF\x00r")  # an odd number of bytes


def test_a_release_with_nul_characters_is_launched_without_them(session) -> None:
    text = "Cambodia: Free Kem Sokha\x00\n\nThe authorities must release Kem Sokha.\x00"
    appeal = launch_from_release(
        session, text, user=None, now=utcnow(), settings=LaunchSettings(30)
    )
    session.expire_all()
    assert "\x00" not in appeal.release.text and "\x00" not in appeal.title
    assert appeal.release.text == text.replace("\x00", "")


@pytest.mark.parametrize("name", ["release.pdf", "release.docx", "release", "x.exe"])
def test_other_file_types_are_refused(name) -> None:
    with pytest.raises(ReleaseRefused, match=r"\.txt, \.md or \.html"):
        read_upload(name, b"data")


def test_slugs_are_readable_and_unique(session) -> None:
    assert slugify("Égypte : libérez Alaa Abd El-Fattah !") == "egypte-liberez-alaa-abd-el-fattah"
    assert slugify("ស្វាគមន៍") == "appeal"
    assert len(slugify("word " * 40)) <= 60
    make_appeal(session, slug="free-dara")
    assert unique_slug(session, "free-dara") == "free-dara-2"


def review_of(appeal, **changes) -> ReviewData:
    values = {
        "title": appeal.title,
        "slug": appeal.slug,
        "summary": appeal.summary,
        "country": appeal.country,
        "language": appeal.language,
        "deadline": appeal.deadline.date(),
        "signature_goal": appeal.signature_goal,
        "confirm_signatures": appeal.confirm_signatures,
        "send_letters": appeal.send_letters,
        "keep_letter_text": appeal.keep_letter_text,
        "subjects": [s.name for s in appeal.subjects],
        "demands": [DemandRow(d.id, d.text, i) for i, d in enumerate(appeal.demands)],
    }
    return ReviewData(**(values | changes))


def test_review_edits_reorders_deletes_and_adds_demands_keeping_sources(session) -> None:
    appeal = launch_seed(session)
    first, second, third = appeal.demands
    source_of_third = third.source
    rows = [
        DemandRow(third.id, "Give Kem Sokha medical care now", 0),
        DemandRow(first.id, first.text, 1),
        DemandRow(None, "Allow independent observers at the trial", 2),
    ]
    changed = apply_review(
        session, appeal, review_of(appeal, demands=rows), user=None, now=utcnow()
    )
    assert changed == ["demands"]
    texts = [d.text for d in appeal.demands]
    assert texts == [
        "Give Kem Sokha medical care now",
        first.text,
        "Allow independent observers at the trial",
    ]
    assert appeal.demands[0].id == third.id and appeal.demands[0].source == source_of_third
    assert appeal.demands[2].source is None
    assert second not in appeal.demands
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "appeal.update")).one()
    assert event.details == {"fields": ["demands"]}


def test_editing_the_people_concerned_keeps_the_descriptions_of_those_who_stay(session):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    appeal.subjects = [Subject(name="Kem Sokha", description="opposition leader", position=0),
                       Subject(name="Sam Rainsy", description="in exile", position=1)]  # fmt: skip
    session.flush()
    kem_sokha = appeal.subjects[0]
    names = ["Mu Sochua", "kem sokha"]  # one added first, one re-cased, one removed
    changed = apply_review(
        session, appeal, review_of(appeal, subjects=names), user=None, now=utcnow()
    )
    assert "subjects" in changed
    assert [(s.name, s.description, s.position) for s in appeal.subjects] == [
        ("Mu Sochua", "", 0),
        ("kem sokha", "opposition leader", 1),
    ]
    assert appeal.subjects[1] is kem_sokha  # the same row, not a copy


def test_review_refuses_a_taken_or_malformed_slug(session) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    other = make_appeal(session)
    with pytest.raises(ReviewRefused) as taken:
        apply_review(session, appeal, review_of(appeal, slug=other.slug), user=None, now=utcnow())
    assert "Another appeal uses" in taken.value.errors["slug"]
    with pytest.raises(ReviewRefused) as bad:
        apply_review(session, appeal, review_of(appeal, slug="Not OK!"), user=None, now=utcnow())
    assert "lower-case letters" in bad.value.errors["slug"]


def ready_draft(session):
    appeal = make_appeal(session, AppealStatus.DRAFT)
    appeal_targets.add_target(session, appeal, make_target(session), TargetRole.PRIMARY, user=None)
    letters.save_letter(
        session, appeal, target=None, subject="Free them",
        body="{{ target.salutation }}, please act. {{ supporter.name }}", user=None, now=utcnow(),
    )  # fmt: skip
    return appeal


def test_publishing_a_ready_draft_makes_it_live(session) -> None:
    appeal = ready_draft(session)
    now = utcnow()
    lifecycle.publish(session, appeal, user=None, now=now)
    assert appeal.status is AppealStatus.LIVE
    assert appeal.published_at == now


@pytest.mark.parametrize(
    ("breakage", "field", "message"),
    [
        ("no_demands", "demands", "Add at least one demand."),
        ("no_target", "targets", "Add a primary target who can be reached"),
        ("unreachable", "targets", "Add a primary target who can be reached"),
        ("bad_letter", "letter", "Unknown variable “oops”"),
        ("past_deadline", "deadline", "in the future"),
    ],
)
def test_publishing_lists_each_problem(session, breakage, field, message) -> None:
    appeal = ready_draft(session)
    if breakage == "no_demands":
        appeal.demands = []
    elif breakage == "no_target":
        appeal.appeal_targets = []
    elif breakage == "unreachable":
        target = appeal.primary_targets[0]
        target.email, target.postal_address = None, ""
    elif breakage == "bad_letter":
        appeal.letters[0].body = "{{ oops }}"
    elif breakage == "past_deadline":
        appeal.deadline = utcnow() - timedelta(days=1)
    with pytest.raises(lifecycle.PublishRefused) as refused:
        lifecycle.publish(session, appeal, user=None, now=utcnow())
    assert any(p.field == field and message in p.message for p in refused.value.problems)
    assert appeal.status is AppealStatus.DRAFT


def test_a_letter_with_mistakes_is_not_saved(session) -> None:
    appeal = ready_draft(session)
    with pytest.raises(letters.LetterRefused) as refused:
        letters.save_letter(
            session, appeal, target=None, subject="ok", body="Hi\n{{ supporter.nmae }}",
            user=None, now=utcnow(),
        )  # fmt: skip
    assert str(refused.value.errors["body"][0]) == "Line 2: Unknown field “nmae”."
    assert "nmae" not in appeal.letters[0].body


def test_a_target_can_have_a_letter_of_its_own(session) -> None:
    appeal = ready_draft(session)
    embassy = make_target(session, name="Embassy", salutation="Dear Ambassador")
    add_target(session, appeal, embassy, TargetRole.COPY)
    letters.save_letter(
        session, appeal, target=embassy, subject="Copy", body="{{ target.salutation }}",
        user=None, now=utcnow(),
    )  # fmt: skip
    assert lifecycle.letter_for(appeal, embassy).subject == "Copy"
    assert lifecycle.letter_for(appeal, appeal.primary_targets[0]).subject == "Free them"


def test_close_records_the_outcome_and_close_expired_closes_late_appeals(session) -> None:
    live = make_appeal(session)
    lifecycle.close(session, live, Outcome.RELEASED, "Freed.", user=None, now=utcnow())
    assert (live.status, live.outcome, live.outcome_note) == (
        AppealStatus.CLOSED,
        Outcome.RELEASED,
        "Freed.",
    )
    late = make_appeal(session, deadline=utcnow() - timedelta(minutes=5))
    on_time = make_appeal(session)
    closed = lifecycle.close_expired(session, now=utcnow())
    assert late in closed and on_time not in closed
    assert late.status is AppealStatus.CLOSED and late.outcome is Outcome.UNKNOWN
    with pytest.raises(lifecycle.StatusRefused):
        lifecycle.publish(session, late, user=None, now=utcnow())


def test_clone_keeps_targets_letters_and_links_back(session) -> None:
    appeal = ready_draft(session)
    copy = lifecycle.clone(session, appeal, user=None, now=utcnow())
    assert copy.status is AppealStatus.DRAFT and copy.parent is appeal
    assert copy.slug == appeal.slug + "-2"
    assert [t.id for t in copy.primary_targets] == [t.id for t in appeal.primary_targets]
    assert [lt.body for lt in copy.letters] == [lt.body for lt in appeal.letters]
    assert [d.text for d in copy.demands] == [d.text for d in appeal.demands]


def test_a_follow_up_keeps_the_organisers_settings_but_not_the_first_appeals_life(session):
    appeal = make_appeal(
        session, AppealStatus.CLOSED, language="fr", confirm_signatures=False, send_letters=True,
        keep_letter_text=True, embed_origins=["https://www.example.org"], signature_goal=500,
        outcome=Outcome.PARTIAL, outcome_note="One released", signature_count=321,
    )  # fmt: skip
    copy = lifecycle.clone(session, appeal, user=None, now=utcnow())
    settings = ("language", "country", "signature_goal", "confirm_signatures", "send_letters",
                "keep_letter_text", "embed_origins")  # fmt: skip
    assert {n: getattr(copy, n) for n in settings} == {n: getattr(appeal, n) for n in settings}
    copy.embed_origins.append("https://other.example.org")  # its own list, not the first's
    assert appeal.embed_origins == ["https://www.example.org"]
    assert (copy.deadline, copy.outcome, copy.outcome_note, copy.signature_count) == (
        None,
        None,
        "",
        0,
    )
    assert (copy.published_at, copy.closed_at) == (None, None)


def test_an_update_is_emailed_once_to_consenting_counted_signers(session) -> None:
    appeal = make_appeal(session)
    yes = make_signature(session, appeal, consent=True)
    make_signature(session, appeal, consent=False)
    make_signature(session, appeal, consent=True, confirmed=False)
    make_signature(session, appeal, consent=True, invalidated_at=utcnow())
    user = make_user(session)
    update = updates.post_update(
        session, appeal, title="Released on bail", body="Now under house arrest.",
        happened_on=date(2018, 9, 10), user=user, now=utcnow(),
    )  # fmt: skip
    assert (
        updates.email_update(session, update, appeal_url="https://x/a/y", user=user, now=utcnow())
        == 1
    )
    (message,) = session.scalars(select(Outbox)).all()
    assert message.to_addr == yes.email and message.kind == "update"
    assert "Released on bail" in message.body_text and yes.name in message.body_text
    with pytest.raises(updates.UpdateRefused):
        updates.email_update(session, update, appeal_url="https://x/a/y", user=user, now=utcnow())


def test_switching_confirmation_counts_the_appeal_again(session) -> None:
    appeal = make_appeal(session)
    make_signature(session, appeal, confirmed=True)
    make_signature(session, appeal, confirmed=False)
    later = utcnow() + timedelta(minutes=1)  # past the counter's lag behind the clock
    off, on = (
        review_of(appeal, confirm_signatures=False),
        review_of(appeal, confirm_signatures=True),
    )
    apply_review(session, appeal, off, user=None, now=later)
    assert appeal.signature_count == 2  # unconfirmed signatures count once no one confirms
    apply_review(session, appeal, on, user=None, now=later)
    assert appeal.signature_count == 1


def test_a_name_too_long_for_the_people_concerned_is_refused(session) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    with pytest.raises(ReviewRefused) as refused:
        apply_review(session, appeal, review_of(appeal, subjects=["x" * 301]), user=None,
                     now=utcnow())  # fmt: skip
    assert "at most 300 characters" in refused.value.errors["subjects"]
    assert appeal.subjects == []


def test_only_a_closed_appeal_has_its_outcome_changed(session) -> None:
    draft = make_appeal(session, AppealStatus.DRAFT)
    with pytest.raises(lifecycle.StatusRefused):
        lifecycle.change_outcome(session, draft, Outcome.RELEASED, "", user=None, now=utcnow())
    closed = make_appeal(session, AppealStatus.CLOSED, outcome=Outcome.PARTIAL)
    same = lifecycle.change_outcome(session, closed, Outcome.PARTIAL, "", user=None, now=utcnow())
    assert same is False and closed.outcome is Outcome.PARTIAL


def test_updates_refuse_a_date_to_come_and_e_mail_to_a_draft(session) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    make_signature(session, appeal, consent=True)
    now = utcnow()
    with pytest.raises(updates.UpdateRefused) as future:
        updates.post_update(session, appeal, title="Verdict", body="", user=None, now=now,
                            happened_on=(now + timedelta(days=2)).date())  # fmt: skip
    assert future.value.field == "happened_on"
    update = updates.post_update(
        session, appeal, title="Verdict", body="", happened_on=None, user=None, now=now
    )
    with pytest.raises(updates.UpdateRefused):
        updates.email_update(session, update, appeal_url="https://x/a/y", user=None, now=now)
    assert update.emailed_at is None


def test_overlapping_marks_keep_every_anchor() -> None:
    from campaign.organise.highlight import Mark, highlight

    text = "Drop the charges and free him."
    html = highlight(text, [Mark(0, 30, "demand", "source-1"), Mark(0, 16, "demand", "source-2"),
                            Mark(21, 29, "demand", "source-3"), Mark(5, 8, "title")])  # fmt: skip
    assert html == (
        '<mark class="src src--demand" id="source-1"><span class="src-anchor" id="source-2">'
        '</span>Drop the charges and <span class="src-anchor" id="source-3"></span>free him.'
        "</mark>"
    )
