"""The staff pages: the appeals list and one appeal's figures and charts."""

from __future__ import annotations

from datetime import date, timedelta

from campaign.counting import recount_appeal
from campaign.models import Channel, Flag, LetterSend, PaperCount, Role, TargetRole, utcnow
from campaign.staff.services import appeal_counts, appeal_stats, forecast
from tests.conftest import log_in
from tests.factories import add_target, make_appeal, make_signature, make_target, make_user


def test_the_list_shows_counts_letters_and_a_trend(client, session) -> None:
    now = utcnow()
    appeal = make_appeal(session, title="A case to count")
    for days_ago in (0, 0, 1, 3):
        make_signature(session, appeal, confirmed_at=now - timedelta(days=days_ago, minutes=1))
    target = make_target(session)
    session.add(LetterSend(appeal=appeal, target=target, channel=Channel.EMAIL))
    recount_appeal(session, appeal, now=now)
    log_in(client, make_user(session, Role.STAFF))
    response = client.get("/staff/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "A case to count" in page
    assert f'href="/staff/appeals/{appeal.slug}"' in page
    assert "Counted signatures, last 7 days: 0, 0, 0, 1, 0, 1, 2" in page
    assert 'style="' not in page
    # "Total" beside "Counted" read as the larger figure: the column says what it holds.
    assert ">Signed online</th>" in page and ">Total</th>" not in page


def test_the_appeal_page_has_charts_tables_and_a_forecast(client, session) -> None:
    now = utcnow()
    appeal = make_appeal(session, title="Charted", signature_goal=100)
    for i, country in enumerate(["KH", "KH", "FR", "US", "AU"]):
        make_signature(session, appeal, country=country, confirmed_at=now - timedelta(days=i % 3))
    make_signature(session, appeal, confirmed=False)
    session.add(PaperCount(appeal=appeal, country="KH", count=10))
    target = make_target(session, name="Minister Sok")
    add_target(session, appeal, target, TargetRole.PRIMARY)
    session.add(LetterSend(appeal=appeal, target=target, channel=Channel.MAILTO))
    session.flush()
    recount_appeal(session, appeal, now=now)
    log_in(client, make_user(session, Role.STAFF))
    response = client.get(f"/staff/appeals/{appeal.slug}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('<svg class="chart"') == 2  # per day, per region
    assert "<title>Counted signatures per day for Charted</title>" in page
    assert "Cambodia" in page and "12" in page  # 2 online + 10 on paper
    assert "Signatures per world region" in page and "Oceania" in page
    assert "Minister of Justice, Minister Sok" in page and "mailto" in page
    assert "83.3%" in page  # 5 of 6 confirmed
    assert "reached about" in page
    assert 'style="' not in page


def test_an_unknown_appeal_is_404(client, session) -> None:
    log_in(client, make_user(session, Role.STAFF))
    assert client.get("/staff/appeals/nope").status_code == 404


def test_stats_and_forecast(session) -> None:
    now = utcnow()
    appeal = make_appeal(session, signature_goal=10)
    for _ in range(7):
        make_signature(session, appeal, confirmed_at=now - timedelta(hours=1))
    recount_appeal(session, appeal, now=now)
    stats = appeal_stats(session, appeal, now=now)
    assert (stats.counted, stats.signed, stats.confirmed, stats.flagged) == (7, 7, 7, 0)
    assert stats.per_day_recently == 1.0
    assert stats.goal_date == now.date() + timedelta(days=3)
    assert forecast(10, 10, 1.0, date(2026, 1, 1)) is None
    assert forecast(None, 1, 1.0, date(2026, 1, 1)) is None
    assert forecast(10, 1, 0, date(2026, 1, 1)) is None
    assert forecast(10, 1, 2.0, date(2026, 1, 1)) == date(2026, 1, 6)


def test_the_appeal_page_and_the_list_agree_and_leave_out_invalidated_rows(client, session) -> None:
    now = utcnow()
    appeal = make_appeal(session, title="Agreed")
    make_signature(session, appeal)
    make_signature(session, appeal, confirmed=False)
    make_signature(session, appeal, flag=Flag.RATE_LIMIT)
    make_signature(session, appeal, invalidated_at=now)
    make_signature(session, appeal, confirmed=False, invalidated_at=now)
    make_signature(session, appeal, flag=Flag.HONEYPOT, invalidated_at=now)
    stats = appeal_stats(session, appeal, now=now)
    assert (stats.signed, stats.confirmed, stats.flagged) == (2, 1, 1)
    assert stats.confirmation_rate == 0.5
    [row] = [r for r in appeal_counts(session) if r.appeal.id == appeal.id]
    assert (row.total, row.confirmed, row.flagged) == (2, 1, 1)
    log_in(client, make_user(session, Role.STAFF))
    page = client.get(f"/staff/appeals/{appeal.slug}").get_data(as_text=True)
    assert "Signed online: valid signatures" in page


def test_on_an_appeal_without_confirmation_every_valid_signature_is_confirmed(
    session,
) -> None:
    now = utcnow()
    appeal = make_appeal(session, confirm_signatures=False)
    for _ in range(3):
        make_signature(session, appeal, confirmed=False)
    make_signature(session, appeal, confirmed=False, flag=Flag.RATE_LIMIT)
    stats = appeal_stats(session, appeal, now=now)
    assert (stats.signed, stats.confirmed, stats.confirmation_rate) == (3, 3, 1.0)
    [row] = [r for r in appeal_counts(session) if r.appeal.id == appeal.id]
    assert (row.total, row.confirmed) == (3, 3)
