"""Quality control: flagged signatures, bulk invalidation with preview and restore, paper."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from campaign.counting import recount_appeal
from campaign.models import (
    Appeal,
    AuditEvent,
    Flag,
    Outbox,
    PaperCount,
    Role,
    Signature,
    utcnow,
)
from tests.conftest import csrf_token, log_in
from tests.factories import make_appeal, make_signature, make_user


def count_of(session, appeal) -> int:
    return session.scalar(sa.select(Appeal.signature_count).where(Appeal.id == appeal.id))


def audits(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def setup(session, client):
    now = utcnow()
    appeal = make_appeal(session)
    earlier = now - timedelta(hours=1)
    for n in range(3):
        make_signature(
            session,
            appeal,
            email=f"bot{n}@spam.test",
            confirmed_at=earlier,
            name=f"Bot {n}",
            ip_hash="abc",
        )
    make_signature(session, appeal, email="real@example.org", confirmed_at=earlier, name="Real")
    recount_appeal(session, appeal, now=now)
    staff = make_user(session, Role.STAFF)
    log_in(client, staff)
    return appeal, staff


def test_bulk_invalidation_previews_touches_as_many_and_restores(client, session) -> None:
    appeal, staff = setup(session, client)
    assert count_of(session, appeal) == 4
    preview = client.get(f"/staff/quality/appeals/{appeal.slug}/invalidate?email_domain=spam.test")
    assert preview.status_code == 200
    assert "<strong>3</strong> signatures match" in preview.get_data(as_text=True)
    token = csrf_token(
        client, f"/staff/quality/appeals/{appeal.slug}/invalidate?email_domain=spam.test"
    )
    response = client.post(
        f"/staff/quality/appeals/{appeal.slug}/invalidate",
        data={"csrf_token": token, "email_domain": "spam.test"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invalidated 3 signatures." in page
    invalid = session.scalars(
        sa.select(Signature.email).where(Signature.invalidated_at.is_not(None))
    ).all()
    assert sorted(invalid) == ["bot0@spam.test", "bot1@spam.test", "bot2@spam.test"]
    assert count_of(session, appeal) == 1
    (event,) = audits(session, "signatures.invalidate")
    assert event.details["rows"] == 3 and event.details["criteria"] == {"email_domain": "spam.test"}
    assert event.user_id == staff.id

    batch = event.details["batch"]
    response = client.post(
        f"/staff/quality/appeals/{appeal.slug}/restore",
        data={"csrf_token": token, "batch": batch},
    )
    assert response.status_code == 302
    assert "Restored 3 signatures." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert count_of(session, appeal) == 4
    assert (
        session.scalar(sa.select(sa.func.count()).where(Signature.invalidated_at.is_not(None))) == 0
    )
    assert audits(session, "signatures.restore")[0].details["rows"] == 3


def test_bulk_invalidation_is_linked_from_the_appeal_and_the_flagged_list(client, session):
    appeal, _ = setup(session, client)
    make_signature(session, appeal, flag=Flag.HONEYPOT, name="Spam Bot")
    link = f'href="/staff/quality/appeals/{appeal.slug}/invalidate"'
    assert link in client.get(f"/staff/appeals/{appeal.slug}").get_data(as_text=True)
    assert link in client.get(f"/staff/quality/flagged?appeal={appeal.slug}").get_data(as_text=True)
    assert link in client.get("/staff/quality/flagged").get_data(as_text=True)


def test_the_preview_shows_the_first_matching_signers(client, session) -> None:
    appeal, _ = setup(session, client)
    for n in range(3, 25):
        make_signature(session, appeal, email=f"bot{n}@spam.test", name=f"Bot {n}", country="FR")
    page = client.get(
        f"/staff/quality/appeals/{appeal.slug}/invalidate?email_domain=spam.test"
    ).get_data(as_text=True)
    assert "<strong>25</strong> signatures match" in page
    assert "The first 20, oldest first" in page
    assert "Bot 0" in page and "Bot 19" in page and "Bot 20" not in page
    assert "France" in page and "Real" not in page
    few = client.get(f"/staff/quality/appeals/{appeal.slug}/invalidate?name_pattern=real")
    assert "All of them, oldest first" in few.get_data(as_text=True)


def test_past_batches_show_the_criteria_they_were_made_with(client, session) -> None:
    from campaign.staff import quality

    appeal, staff = setup(session, client)
    flagged = make_signature(session, appeal, flag=Flag.HONEYPOT, name="Spam Bot")
    now = utcnow()
    quality.invalidate(
        session, appeal, quality.Criteria(email_domain="spam.test"), user=staff, now=now
    )
    quality.decide_flagged(
        session, [flagged.id], accept=False, user=staff, now=now + timedelta(seconds=1)
    )
    later = make_signature(session, appeal, name="Unknown", invalidated_at=now + timedelta(hours=1))
    [by_hand, by_flag, by_domain] = quality.batches(session, appeal)
    assert by_domain.criteria == {"email_domain": "spam.test"} and by_domain.rows == 3
    assert by_flag.flagged == (Flag.HONEYPOT,) and by_flag.criteria == {}
    assert by_hand.invalidated_at == later.invalidated_at and not by_hand.criteria
    page = client.get(f"/staff/quality/appeals/{appeal.slug}/invalidate").get_data(as_text=True)
    assert "E-mail domain: <code>spam.test</code>" in page
    assert "the flagged list (honeypot)" in page and "not recorded" in page


def test_bulk_criteria_by_name_pattern_ip_hash_and_time_window(client, session) -> None:
    from campaign.staff.quality import Criteria, preview

    appeal, _ = setup(session, client)
    now = utcnow()
    assert preview(session, appeal, Criteria(name_pattern="bot*")) == 3
    assert preview(session, appeal, Criteria(name_pattern="*e*")) == 1
    assert preview(session, appeal, Criteria(ip_hash="abc")) == 3
    assert preview(session, appeal, Criteria(since=now - timedelta(minutes=5))) == 4
    assert preview(session, appeal, Criteria(until=now - timedelta(days=1))) == 0
    assert preview(session, appeal, Criteria(name_pattern="100%")) == 0


def test_a_bulk_action_without_criteria_is_refused(client, session) -> None:
    appeal, _ = setup(session, client)
    token = csrf_token(client, f"/staff/quality/appeals/{appeal.slug}/invalidate")
    response = client.post(
        f"/staff/quality/appeals/{appeal.slug}/invalidate", data={"csrf_token": token}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Give at least one criterion" in page
    assert count_of(session, appeal) == 4
    assert audits(session, "signatures.invalidate") == []


def test_a_post_without_csrf_token_is_refused(client, session) -> None:
    appeal, _ = setup(session, client)
    response = client.post(
        f"/staff/quality/appeals/{appeal.slug}/invalidate", data={"email_domain": "spam.test"}
    )
    assert response.status_code == 400
    assert (
        session.scalar(sa.select(sa.func.count()).where(Signature.invalidated_at.is_not(None))) == 0
    )


def test_flagged_signatures_are_accepted_or_invalidated(client, session) -> None:
    appeal, _ = setup(session, client)
    good = make_signature(
        session,
        appeal,
        flag=Flag.RATE_LIMIT,
        name="Busy Person",
        confirmed_at=utcnow() - timedelta(minutes=10),
    )
    bad = make_signature(
        session,
        appeal,
        flag=Flag.HONEYPOT,
        name="Spam Bot",
        confirmed_at=utcnow() - timedelta(minutes=10),
    )
    page = client.get(f"/staff/quality/flagged?appeal={appeal.slug}").get_data(as_text=True)
    assert "Busy Person" in page and "Spam Bot" in page and "rate limit" in page
    assert '<th scope="col">Confirmed</th>' in page
    token = csrf_token(client, "/staff/quality/flagged")
    response = client.post(
        "/staff/quality/flagged", data={"csrf_token": token, "ids": [good.id], "decision": "accept"}
    )
    assert response.status_code == 302
    assert "Accepted 1 flagged signature." in client.get("/staff/quality/flagged").get_data(
        as_text=True
    )
    client.post(
        "/staff/quality/flagged",
        data={"csrf_token": token, "ids": [bad.id], "decision": "invalidate"},
    )
    session.refresh(good)
    session.refresh(bad)
    assert good.flag is None and good.invalidated_at is None
    assert bad.invalidated_at is not None
    assert count_of(session, appeal) == 5
    assert audits(session, "signatures.accept")[0].details == {
        "flagged": ["rate_limit"],
        "rows": 1,
        "batch": audits(session, "signatures.accept")[0].details["batch"],
    }
    assert "@" not in json.dumps([e.details for e in audits(session, "signatures.invalidate")])


def test_deciding_keeps_the_list_filtered_by_appeal(client, session) -> None:
    appeal, _ = setup(session, client)
    bad = make_signature(session, appeal, flag=Flag.HONEYPOT, name="Spam Bot")
    path = f"/staff/quality/flagged?appeal={appeal.slug}"
    page = client.get(path).get_data(as_text=True)
    assert f'action="{path}"' in page
    token = csrf_token(client, path)
    for data in ({"ids": [bad.id], "decision": "invalidate"}, {"decision": "accept"}):
        response = client.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 302 and response.headers["Location"] == path
    assert session.get(Signature, bad.id).invalidated_at is not None


def test_an_unknown_appeal_in_the_flagged_list_is_a_404(client, session) -> None:
    appeal, _ = setup(session, client)
    make_signature(session, appeal, flag=Flag.HONEYPOT, name="Spam Bot")
    response = client.get("/staff/quality/flagged?appeal=nope")
    assert response.status_code == 404
    assert "Spam Bot" not in response.get_data(as_text=True)


def test_the_flagged_list_gives_the_total_and_says_when_it_is_cut(
    client, session, monkeypatch
) -> None:
    from campaign.staff import quality

    appeal, _ = setup(session, client)
    for n in range(3):
        make_signature(session, appeal, flag=Flag.RATE_LIMIT, email=f"p{n}@mail.example")
    page = client.get("/staff/quality/flagged").get_data(as_text=True)
    assert "3 flagged signatures wait for a decision." in page
    assert "<td>mail.example</td>" in page and "p0@mail.example" not in page
    assert 'data-select-all="ids"' in page and "select-all.js" in page
    monkeypatch.setattr(quality, "FLAGGED_LIMIT", 2)
    cut = client.get("/staff/quality/flagged").get_data(as_text=True)
    assert "3 flagged signatures wait for a decision; only the newest 2 are listed." in cut
    assert cut.count('name="ids"') == 2


@pytest.mark.parametrize(
    ("confirm", "kind"),
    [(True, "confirm"), (False, "receipt")],
    ids=["its confirmation", "its receipt without confirmation"],
)
def test_an_accepted_signature_is_sent_the_e_mail_it_missed(client, session, confirm, kind) -> None:
    appeal, _ = setup(session, client)
    appeal.confirm_signatures = confirm
    waiting = make_signature(
        session, appeal, flag=Flag.RATE_LIMIT, email="crowd@example.org", confirmed=False
    )
    token = csrf_token(client, "/staff/quality/flagged")
    client.post(
        "/staff/quality/flagged",
        data={"csrf_token": token, "ids": [waiting.id], "decision": "accept"},
    )
    [message] = session.scalars(sa.select(Outbox).where(Outbox.kind == kind)).all()
    assert message.to_addr == "crowd@example.org" and message.signature_id == waiting.id
    assert "/delete-my-data/" in message.body_text
    if confirm:
        assert count_of(session, appeal) == 4  # it counts once confirmed, not before


def test_paper_signatures_are_added_counted_and_removed(client, session) -> None:
    appeal, staff = setup(session, client)
    path = f"/staff/quality/appeals/{appeal.slug}/paper"
    token = csrf_token(client, path)
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "country": "KH",
            "count": "120",
            "note": "Vigil",
            "collected_on": "2026-10-10",
        },
    )
    assert response.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Added 120 paper signatures." in page and "Vigil" in page and "Cambodia" in page
    paper = session.scalar(sa.select(PaperCount).where(PaperCount.appeal_id == appeal.id))
    assert (paper.count, paper.country, paper.created_by_id) == (120, "KH", staff.id)
    assert count_of(session, appeal) == 124
    response = client.post(f"{path}/{paper.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert count_of(session, appeal) == 4
    assert [e.details for e in audits(session, "paper.add")] == [{"country": "KH", "rows": 120}]
    assert audits(session, "paper.remove")[0].details == {"country": "KH", "rows": 120}


def test_a_wrong_paper_count_shows_the_error(client, session) -> None:
    appeal, _ = setup(session, client)
    path = f"/staff/quality/appeals/{appeal.slug}/paper"
    response = client.post(
        path, data={"csrf_token": csrf_token(client, path), "country": "KH", "count": "0"}
    )
    assert response.status_code == 200
    assert "Number must be at least 1." in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(PaperCount)) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"count": "99999999999999999999"}, "At most 1,000,000 signatures at a time"),
        ({"count": "2147483648"}, "At most 1,000,000 signatures at a time"),
        ({"count": "1" * 5000}, "Not a valid integer value."),
        ({"count": "12", "collected_on": "2099-01-01"}, "cannot be in the future"),
    ],
)
def test_paper_counts_out_of_bounds_are_refused_with_a_message(
    client, session, fields, message
) -> None:
    appeal, _ = setup(session, client)
    path = f"/staff/quality/appeals/{appeal.slug}/paper"
    data = {"csrf_token": csrf_token(client, path), "country": "KH"} | fields
    response = client.post(path, data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(PaperCount)) == 0
    assert count_of(session, appeal) == 4


def test_a_count_that_is_not_a_whole_number_gets_one_message(client, session) -> None:
    appeal, _ = setup(session, client)
    path = f"/staff/quality/appeals/{appeal.slug}/paper"
    data = {"csrf_token": csrf_token(client, path), "country": "KH", "count": "1.5"}
    page = client.post(path, data=data).get_data(as_text=True)
    assert "Not a valid integer value." in page
    assert "Number must be at least 1." not in page and "At most 1,000,000" not in page
