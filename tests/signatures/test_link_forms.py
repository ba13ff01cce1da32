"""The buttons behind e-mailed links (confirm, delete my data) work in a browser that
keeps no cookie, and still refuse a POST that did not come from that link's page."""

from __future__ import annotations

from campaign.signatures.tokens import Purpose, signature_token
from tests.conftest import CSRF_INPUT
from tests.factories import make_appeal, make_signature


def _token(purpose: Purpose, signature) -> str:
    return signature_token(purpose, signature.id, signature.email_canonical)


def _form_token(client, path: str) -> str:
    match = CSRF_INPUT.search(client.get(path).get_data(as_text=True))
    assert match, f"no form token at {path}"
    return match.group(1)


def test_confirming_works_in_a_browser_without_cookies(app, session) -> None:
    appeal = make_appeal(session, confirm_signatures=True)
    signature = make_signature(session, appeal, confirmed=False)
    session.commit()
    browser = app.test_client(use_cookies=False)  # a webview or privacy settings
    path = f"/a/{appeal.slug}/confirm/{_token(Purpose.CONFIRM, signature)}"
    response = browser.post(path, data={"csrf_token": _form_token(browser, path)})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{appeal.slug}/letter"
    session.refresh(signature)
    assert signature.confirmed_at is not None


def test_deleting_works_in_a_browser_without_cookies(app, session) -> None:
    signature = make_signature(session, make_appeal(session))
    session.commit()
    browser = app.test_client(use_cookies=False)
    path = f"/delete-my-data/{_token(Purpose.DELETE_DATA, signature)}"
    response = browser.post(path, data={"csrf_token": _form_token(browser, path)})
    assert response.status_code == 200
    assert "Your details are deleted" in response.get_data(as_text=True)
    session.refresh(signature)
    assert signature.anonymised_at is not None and signature.email is None


def test_a_form_token_of_another_link_or_from_another_site_is_refused(app, session) -> None:
    appeal = make_appeal(session, confirm_signatures=True)
    mine = make_signature(session, appeal, email="ana@example.org", confirmed=False)
    theirs = make_signature(session, appeal, email="ben@example.org", confirmed=False)
    session.commit()
    browser = app.test_client(use_cookies=False)
    my_delete = f"/delete-my-data/{_token(Purpose.DELETE_DATA, mine)}"
    my_confirm = f"/a/{appeal.slug}/confirm/{_token(Purpose.CONFIRM, mine)}"
    their_confirm = f"/a/{appeal.slug}/confirm/{_token(Purpose.CONFIRM, theirs)}"
    their_delete = f"/delete-my-data/{_token(Purpose.DELETE_DATA, theirs)}"
    # Another link's token, of the same purpose or another, does nothing here.
    for path, token in (
        (their_confirm, _form_token(browser, my_confirm)),
        (their_delete, _form_token(browser, my_delete)),
        (their_delete, _form_token(browser, their_confirm)),
        (their_confirm, ""),
    ):
        response = browser.post(path, data={"csrf_token": token})
        assert response.status_code == 400, path
    # The right token, posted by a page of another site, does nothing either.
    response = browser.post(
        their_delete,
        data={"csrf_token": _form_token(browser, their_delete)},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert response.status_code == 400
    session.refresh(theirs)
    assert theirs.confirmed_at is None and theirs.anonymised_at is None
    assert "Delete my data" in response.get_data(as_text=True)  # the button, to press again
