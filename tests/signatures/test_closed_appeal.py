"""After an appeal closes, a signature not confirmed by then no longer comes to count,
and the supporter's pages say so rather than offer what no longer works."""

from __future__ import annotations

from datetime import timedelta

import pytest

from campaign.counting import recount_appeal
from campaign.models import AppealStatus, utcnow
from campaign.signatures.tokens import Purpose, signature_token
from tests.conftest import CSRF_INPUT
from tests.factories import make_appeal, make_signature


def _close(appeal, how: str) -> None:
    now = utcnow()
    if how == "closed":
        appeal.status, appeal.closed_at = AppealStatus.CLOSED, now
    else:  # the deadline passed; the cron job has not closed it yet
        appeal.deadline = now - timedelta(minutes=1)


@pytest.mark.parametrize("how", ["closed", "deadline passed"])
def test_a_confirmation_after_the_close_does_not_count(client, session, how) -> None:
    appeal = make_appeal(session, confirm_signatures=True)
    make_signature(session, appeal, email="early@example.org")
    late = make_signature(session, appeal, email="late@example.org", confirmed=False)
    recount_appeal(session, appeal, now=utcnow() + timedelta(seconds=5))
    assert appeal.signature_count == 1
    token = signature_token(Purpose.CONFIRM, late.id, late.email_canonical)
    path = f"/a/{appeal.slug}/confirm/{token}"
    form_token = CSRF_INPUT.search(client.get(path).get_data(as_text=True)).group(1)
    _close(appeal, how)
    session.commit()

    page = client.get(path).get_data(as_text=True)
    assert "It closed before your signature was confirmed" in page
    assert "Confirm my signature</button>" not in page  # nothing left to press
    response = client.post(path, data={"csrf_token": form_token})  # the page open before
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "It closed before your signature was confirmed" in text
    assert "is confirmed" not in text
    session.refresh(late)
    assert late.confirmed_at is None
    # The figures stay as they were at closing, however they are counted again.
    assert recount_appeal(session, appeal, now=utcnow() + timedelta(minutes=1)) == (1, 1)


def test_a_signature_confirmed_before_the_close_offers_no_letter_after_it(client, session):
    appeal = make_appeal(session, confirm_signatures=True)
    signature = make_signature(session, appeal)
    _close(appeal, "closed")
    session.commit()
    token = signature_token(Purpose.CONFIRM, signature.id, signature.email_canonical)
    page = client.get(f"/a/{appeal.slug}/confirm/{token}").get_data(as_text=True)
    assert "Your signature is confirmed" in page
    assert "Send your letter" not in page  # letters are closed too
