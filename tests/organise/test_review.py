"""The review form's saves: what counts as a change, and saves that cross."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from campaign.demo import seed_text
from campaign.models import AuditEvent, utcnow
from campaign.organise.launch import LaunchSettings, launch_from_release
from campaign.organise.review import DemandRow, apply_review
from tests.organise.test_services import review_of

SETTINGS = LaunchSettings(deadline_days=30)


def test_rewording_a_demand_alone_is_a_change(session) -> None:
    appeal = launch_from_release(session, seed_text(), user=None, now=utcnow(), settings=SETTINGS)
    first = appeal.demands[0]
    rows = [DemandRow(d.id, d.text, i) for i, d in enumerate(appeal.demands)]
    rows[0] = DemandRow(first.id, "Drop every charge against Kem Sokha", 0)
    later = utcnow() + timedelta(minutes=5)
    changed = apply_review(session, appeal, review_of(appeal, demands=rows), user=None, now=later)
    assert changed == ["demands"]
    assert appeal.demands[0].text == "Drop every charge against Kem Sokha"
    assert appeal.updated_at == later
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "appeal.update")).one()
    assert event.details == {"fields": ["demands"]}
