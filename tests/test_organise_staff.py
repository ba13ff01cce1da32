"""The organisers' list and the staff counts."""

from __future__ import annotations

from campaign.models import AppealStatus, Flag, Role
from campaign.staff.services import appeal_counts
from tests.conftest import log_in
from tests.factories import make_appeal, make_signature, make_user


def test_organisers_see_appeals_filtered_by_status(client, session) -> None:
    make_appeal(session, AppealStatus.LIVE, title="A live one")
    make_appeal(session, AppealStatus.DRAFT, title="A draft one")
    log_in(client, make_user(session, Role.ORGANISER))
    everything = client.get("/organise/").get_data(as_text=True)
    assert "A live one" in everything and "A draft one" in everything
    drafts = client.get("/organise/?status=draft").get_data(as_text=True)
    assert "A draft one" in drafts and "A live one" not in drafts
    unknown = client.get("/organise/?status=bogus")
    assert unknown.status_code == 200 and "A live one" in unknown.get_data(as_text=True)


def test_staff_counts_leave_out_flagged_and_invalidated_signatures(client, session) -> None:
    from campaign.models import utcnow

    appeal = make_appeal(session)
    make_signature(session, appeal)
    make_signature(session, appeal)
    make_signature(session, appeal, confirmed=False)
    make_signature(session, appeal, flag=Flag.HONEYPOT)
    make_signature(session, appeal, invalidated_at=utcnow())
    row = next(r for r in appeal_counts(session) if r.appeal.id == appeal.id)
    assert (row.total, row.confirmed, row.flagged) == (3, 2, 1)
    log_in(client, make_user(session, Role.STAFF))
    assert appeal.title in client.get("/staff/").get_data(as_text=True)
