"""Staff figures from the counters and indexes agree with a pass over every row."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from campaign.counting import CountSettings, adjust, recount_appeal, refresh_count
from campaign.counting.queries import OnlineFigures, online_figures
from campaign.models import Appeal, Flag, Signature, utcnow
from tests.factories import make_appeal, make_signature

SETTINGS = CountSettings(refresh=timedelta(seconds=5), lag=timedelta(seconds=2))


def every_row(session, appeal: Appeal) -> OnlineFigures:
    """The figures as a pass over all of the appeal's rows gives them: what they stand for."""
    kept = Signature.invalidated_at.is_(None)
    valid = sa.and_(Signature.flag.is_(None), kept)
    confirmed = Signature.confirmed_at.is_not(None) if appeal.confirm_signatures else sa.true()
    signed, counted, flagged = session.execute(
        sa.select(
            sa.func.count().filter(valid),
            sa.func.count().filter(valid, confirmed),
            sa.func.count().filter(Signature.flag.is_not(None), kept),
        ).where(Signature.appeal_id == appeal.id)
    ).one()
    return OnlineFigures(signed, counted, flagged)


def assert_agree(session, *appeals: Appeal) -> None:
    figures = online_figures(session, [a.id for a in appeals])
    assert figures == {a.id: every_row(session, a) for a in appeals}


@pytest.mark.parametrize("confirm", [True, False])
def test_the_figures_follow_an_appeal_through_its_life(session, confirm: bool) -> None:
    now = utcnow()
    appeal = make_appeal(session, confirm_signatures=confirm)
    other = make_appeal(session)
    before = now - timedelta(minutes=10)

    def sign(**fields: object) -> Signature:
        return make_signature(session, appeal, **({"created_at": before} | fields))

    # Never counted: no tallies, no watermark.
    for _ in range(3):
        sign(confirmed_at=before)
    waiting = sign(confirmed=False)
    sign(confirmed=False, flag=Flag.RATE_LIMIT)
    sign(confirmed_at=before, flag=Flag.HONEYPOT)
    sign(confirmed=False, invalidated_at=before)
    make_signature(session, other, confirmed=False)
    assert_agree(session, appeal, other)
    assert online_figures(session, [appeal.id])[appeal.id] == (
        OnlineFigures(4, 3, 2) if confirm else OnlineFigures(4, 4, 2)
    )

    # Counted up to the watermark, then a confirmation and new signatures after it.
    recount_appeal(session, appeal, now=now, settings=SETTINGS)
    waiting.confirmed_at = now + timedelta(seconds=30)
    late = sign(confirmed_at=now + timedelta(seconds=31), created_at=now + timedelta(seconds=31))
    sign(confirmed=False, created_at=now + timedelta(seconds=32))
    session.flush()
    assert_agree(session, appeal, other)

    # Staff invalidate counted and flagged rows, then accept a flagged one.
    where = [Signature.appeal_id == appeal.id, Signature.flag.is_(None), Signature.id == late.id]
    adjust(session, appeal, where, -1)
    late.invalidated_at = now
    session.flush()
    flagged = session.scalars(
        sa.select(Signature).where(Signature.appeal_id == appeal.id, Signature.flag.is_not(None))
    ).all()
    flagged[0].invalidated_at = now
    flagged[1].flag = None
    session.flush()
    adjust(session, appeal, [Signature.id == flagged[1].id], +1)
    assert_agree(session, appeal, other)

    # The next refresh moves the watermark on; nothing is counted twice or lost.
    assert refresh_count(session, appeal, now=now + timedelta(minutes=2), settings=SETTINGS)
    assert_agree(session, appeal, other)


def test_no_appeals_no_query(session) -> None:
    assert online_figures(session, []) == {}
