"""Derived properties that models hold."""

from __future__ import annotations

from datetime import timedelta

import pytest

from campaign.models import Appeal, AppealStatus, Target, utcnow


@pytest.mark.parametrize(
    ("name", "title", "shown"),
    [
        ("Hun Manet", "Prime Minister", "Prime Minister, Hun Manet"),
        (
            "Ambassador of the Kingdom of Cambodia",
            "Ambassador",
            "Ambassador of the Kingdom of Cambodia",
        ),
        ("Facebook", "", "Facebook"),
    ],
)
def test_a_target_is_named_with_its_title_once(name, title, shown) -> None:
    assert Target(name=name, title=title).display_name == shown


def test_a_target_is_reachable_by_email_or_post() -> None:
    assert Target(name="A", email="a@example.org", postal_address="").reachable
    assert Target(name="A", email=None, postal_address="1 Street").reachable
    assert not Target(name="A", email=None, postal_address="  ").reachable


def test_an_appeal_is_open_only_while_live_and_before_its_deadline() -> None:
    now = utcnow()
    live = Appeal(status=AppealStatus.LIVE, deadline=now + timedelta(seconds=1))
    assert live.is_open(now)
    assert not live.is_open(now + timedelta(seconds=1))
    assert not Appeal(status=AppealStatus.CLOSED, deadline=None).is_open(now)
    assert Appeal(status=AppealStatus.LIVE, deadline=None).is_open(now)


def test_progress_toward_the_goal_is_capped_at_one() -> None:
    assert Appeal(signature_goal=200, signature_count=50).progress == 0.25
    assert Appeal(signature_goal=200, signature_count=500).progress == 1.0
    assert Appeal(signature_goal=None, signature_count=5).progress is None
