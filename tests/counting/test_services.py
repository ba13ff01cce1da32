"""The counter: incremental refresh, staff adjustments, paper counts and the full recount."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from campaign.counting import CountSettings, adjust, recount_appeal, refresh_count
from campaign.counting.queries import country_counts, daily_counts
from campaign.counting.services import adjust_paper
from campaign.models import Appeal, Flag, PaperCount, Signature, SignatureTally, utcnow
from tests.factories import make_appeal, make_signature

SETTINGS = CountSettings(refresh=timedelta(seconds=5), lag=timedelta(seconds=2))


def stored_count(session, appeal: Appeal) -> int:
    return session.scalar(sa.select(Appeal.signature_count).where(Appeal.id == appeal.id))


def tally_sum(session, appeal: Appeal) -> int:
    return session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(SignatureTally.count), 0)).where(
            SignatureTally.appeal_id == appeal.id
        )
    )


def test_the_first_refresh_counts_confirmed_unflagged_valid_signatures(session) -> None:
    now = utcnow()
    appeal = make_appeal(session)
    earlier = now - timedelta(minutes=5)
    make_signature(session, appeal, confirmed_at=earlier, country="FR")
    make_signature(session, appeal, confirmed_at=earlier, country="FR")
    make_signature(session, appeal, confirmed_at=earlier, country="KH")
    make_signature(session, appeal, confirmed=False)
    make_signature(session, appeal, flag=Flag.HONEYPOT, confirmed_at=earlier)
    make_signature(session, appeal, confirmed_at=earlier, invalidated_at=earlier)
    assert refresh_count(session, appeal, now=now, settings=SETTINGS) is True
    assert stored_count(session, appeal) == 3 == appeal.signature_count
    assert appeal.counted_at == now - SETTINGS.lag
    assert [(c.country, c.total) for c in country_counts(session, [appeal.id])] == [
        ("FR", 2),
        ("KH", 1),
    ]
    assert daily_counts(session, [appeal.id]) == [(earlier.date(), 3)]


def test_a_fresh_count_is_left_alone_and_a_stale_one_adds_only_new_rows(session) -> None:
    now = utcnow()
    appeal = make_appeal(session)
    make_signature(session, appeal, confirmed_at=now - timedelta(minutes=1))
    refresh_count(session, appeal, now=now, settings=SETTINGS)
    make_signature(session, appeal, confirmed_at=now + timedelta(seconds=1))
    # Within the refresh interval: nothing is counted (no query over the signatures).
    assert (
        refresh_count(session, appeal, now=now + timedelta(seconds=3), settings=SETTINGS) is False
    )
    assert stored_count(session, appeal) == 1
    later = now + timedelta(seconds=10)
    assert refresh_count(session, appeal, now=later, settings=SETTINGS) is True
    assert stored_count(session, appeal) == 2
    # A signature confirmed inside the lag is not counted yet, and is not lost.
    make_signature(session, appeal, confirmed_at=later - timedelta(seconds=1))
    assert stored_count(session, appeal) == 2
    refresh_count(session, appeal, now=later + timedelta(seconds=10), settings=SETTINGS)
    assert stored_count(session, appeal) == 3 == tally_sum(session, appeal)


def test_a_refresh_claimed_by_another_reader_is_not_repeated(session) -> None:
    now = utcnow()
    appeal = make_appeal(session)
    make_signature(session, appeal, confirmed_at=now - timedelta(minutes=1))
    refresh_count(session, appeal, now=now, settings=SETTINGS)
    make_signature(session, appeal, confirmed_at=now)
    stale_view = appeal.counted_at
    later = now + timedelta(seconds=30)
    assert refresh_count(session, appeal, now=later, settings=SETTINGS) is True
    # A reader that loaded the appeal before that refresh loses the compare-and-set.
    set_committed_value(appeal, "counted_at", stale_view)
    assert refresh_count(session, appeal, now=later, settings=SETTINGS) is False
    assert stored_count(session, appeal) == 2


def test_without_confirmation_signatures_count_from_signing(session) -> None:
    now = utcnow()
    appeal = make_appeal(session, confirm_signatures=False)
    make_signature(session, appeal, confirmed=False, created_at=now - timedelta(minutes=1))
    refresh_count(session, appeal, now=now, settings=SETTINGS)
    assert stored_count(session, appeal) == 1


def test_staff_adjustments_move_the_count_and_the_tallies(session) -> None:
    now = utcnow()
    appeal = make_appeal(session)
    keep = make_signature(session, appeal, confirmed_at=now - timedelta(minutes=1))
    drop = make_signature(session, appeal, confirmed_at=now - timedelta(minutes=1), country="DE")
    flagged = make_signature(
        session, appeal, confirmed_at=now - timedelta(minutes=1), flag=Flag.RATE_LIMIT
    )
    refresh_count(session, appeal, now=now, settings=SETTINGS)
    assert stored_count(session, appeal) == 2
    assert adjust(session, appeal, [Signature.id == drop.id], -1) == -1
    drop.invalidated_at = now
    flagged.flag = None
    session.flush()
    assert adjust(session, appeal, [Signature.id == flagged.id], +1) == 1
    assert stored_count(session, appeal) == 2 == tally_sum(session, appeal)
    assert {c.country for c in country_counts(session, [appeal.id])} == {keep.country}
    adjust_paper(session, appeal, 40)
    assert stored_count(session, appeal) == 42


def test_recount_repairs_a_broken_count_and_includes_paper(session) -> None:
    now = utcnow()
    appeal = make_appeal(session)
    make_signature(session, appeal, confirmed_at=now - timedelta(hours=1), country="KH")
    session.add(PaperCount(appeal=appeal, country="KH", count=25, note="Vigil"))
    session.flush()
    refresh_count(session, appeal, now=now, settings=SETTINGS)
    session.execute(sa.update(Appeal).where(Appeal.id == appeal.id).values(signature_count=999_999))
    session.execute(sa.delete(SignatureTally).where(SignatureTally.appeal_id == appeal.id))
    session.expire_all()
    before, after = recount_appeal(session, appeal, now=now, settings=SETTINGS)
    assert (before, after) == (999_999, 26)
    assert stored_count(session, appeal) == 26
    assert country_counts(session, [appeal.id])[0].online == 1
    assert country_counts(session, [appeal.id])[0].paper == 25
