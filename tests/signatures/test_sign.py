"""Signing as a supporter would: the form, the thank-you page, duplicates, abuse flags."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from campaign.appeals import page_cache
from campaign.models import AppealStatus, Flag, utcnow
from campaign.outbox.supporters import as_sent
from campaign.signatures import services
from campaign.signatures.forms import CONSENT_TEXT
from tests.conftest import csrf_token
from tests.factories import make_appeal, make_signature
from tests.signatures.conftest import link, outbox, sent_text, sign, sign_data, signatures


def test_the_appeal_page_has_an_accessible_sign_form(client, scene) -> None:
    page = client.get(f"/a/{scene.appeal.slug}", headers={"Accept-Language": "en-CA,en;q=0.8"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in ("name", "email", "country", "postcode", "consent", "website"):
        assert f'name="{name}"' in html
    assert '<label class="field__label" for="name">Your name</label>' in html
    assert 'aria-describedby="email-hint"' in html
    assert '<option selected value="CA">Canada</option>' in html  # from Accept-Language
    assert 'name="consent" type="checkbox" value="y">' in html  # unticked
    assert 'class="hp-field" aria-hidden="true"' in html
    assert "<script>" not in html and "style=" not in html  # CSP: no inline code


def test_the_form_says_which_e_mail_follows_signing(client, session, scene) -> None:
    page = client.get(f"/a/{scene.appeal.slug}").get_data(as_text=True)
    assert "We send you a link to confirm your signature." in page
    scene.appeal.confirm_signatures = False
    session.commit()
    page_cache.clear()  # edits show within seconds; the test need not wait
    page = client.get(f"/a/{scene.appeal.slug}").get_data(as_text=True)
    assert "confirm your signature" not in page
    assert "We send you a receipt with a link to your letter." in page


def test_signing_keeps_a_pending_signature_and_queues_the_confirmation(
    client, session, scene
) -> None:
    response = sign(client, scene.appeal, email="Ana.Ruiz+appeal@GMail.com", consent="y")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}/thanks"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you, Ana Ruiz" in page
    assert "Please open the link in it to confirm your signature" in page
    assert f"/a/{scene.appeal.slug}/letter" in page

    [signature] = signatures(session, scene.appeal)
    assert signature.name == "Ana Ruiz" and signature.country == "CL"
    assert signature.city == "Valparaíso" and signature.postcode is None
    assert signature.email == "Ana.Ruiz+appeal@gmail.com"
    assert signature.email_canonical == "anaruiz@gmail.com"
    assert signature.consent is True and signature.consent_text == CONSENT_TEXT
    assert signature.confirmed_at is None and signature.flag is None
    assert signature.ip_hash and "127.0.0.1" not in signature.ip_hash
    [message] = outbox(session)
    assert message.kind == "confirm" and message.to_addr == signature.email
    assert message.signature_id == signature.id
    # Its links, signed for the new row, are made as the worker sends it.
    subject, body, headers = as_sent(message)
    assert "/unsubscribe/" in headers["List-Unsubscribe"]
    assert f"/a/{scene.appeal.slug}/confirm/" in body and "\x1a" not in subject + body
    assert "/confirm/" not in message.body_text and message.headers == {}


def test_consent_is_off_unless_ticked(client, session, scene) -> None:
    sign(client, scene.appeal)
    [signature] = signatures(session, scene.appeal)
    assert signature.consent is False
    assert signature.consent_text == CONSENT_TEXT  # the words shown are kept either way


def test_signing_again_makes_no_second_row_and_looks_the_same(app, client, session, scene) -> None:
    first = sign(client, scene.appeal, email="ana@example.org")
    elsewhere = app.test_client()  # another browser: someone typing Ana's address
    again = sign(elsewhere, scene.appeal, email="ANA@Example.org", name="Ana R.")
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    page = elsewhere.get(again.headers["Location"]).get_data(as_text=True)
    assert "Thank you, Ana R." in page  # the same page a first signature gets
    [signature] = signatures(session, scene.appeal)
    assert signature.name == "Ana Ruiz"  # the first signature is not overwritten
    kinds = [m.kind for m in outbox(session)]
    assert kinds == ["confirm", "already_signed"]
    # A third try the same day is not e-mailed again: nobody is mail-bombed.
    sign(app.test_client(), scene.appeal, email="ana@example.org")
    assert [m.kind for m in outbox(session)] == ["confirm", "already_signed"]


def test_a_double_click_keeps_the_signature_and_sends_nothing_more(client, session, scene) -> None:
    sign(client, scene.appeal, email="ana@example.org")
    with client.session_transaction() as cookie:
        remembered = dict(cookie["supporters"])
    again = sign(client, scene.appeal, email="ana@example.org")
    assert again.status_code == 303
    [signature] = signatures(session, scene.appeal)
    assert [m.kind for m in outbox(session)] == ["confirm"]  # no "already signed" to oneself
    with client.session_transaction() as cookie:
        assert cookie["supporters"] == remembered  # still linked to the signature
    assert remembered[str(scene.appeal.id)]["s"] == signature.id


def test_gmail_dots_and_tags_are_the_same_address(client, session, scene) -> None:
    sign(client, scene.appeal, email="ana.ruiz@gmail.com")
    sign(client, scene.appeal, email="anaruiz+x@googlemail.com")
    assert len(signatures(session, scene.appeal)) == 1


def test_a_closed_appeal_refuses_signatures_with_a_message(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.CLOSED)
    data = sign_data(client, appeal, token_path=f"/a/{make_appeal(session).slug}")
    response = client.post(f"/a/{appeal.slug}/sign", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{appeal.slug}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This appeal has closed: signatures are no longer collected." in page
    assert 'action="/a/' not in page  # no form on a closed appeal
    assert signatures(session, appeal) == [] and outbox(session) == []


def test_a_draft_appeal_is_not_found(client, session) -> None:
    appeal = make_appeal(session, AppealStatus.DRAFT)
    data = sign_data(client, appeal, token_path=f"/a/{make_appeal(session).slug}")
    assert client.get(f"/a/{appeal.slug}").status_code == 404
    assert client.post(f"/a/{appeal.slug}/sign", data=data).status_code == 404
    assert signatures(session, appeal) == []


def test_past_its_deadline_an_appeal_refuses_signatures(client, session) -> None:
    from datetime import timedelta

    from campaign.models import utcnow

    appeal = make_appeal(session, deadline=utcnow() - timedelta(minutes=1))
    response = client.post(f"/a/{appeal.slug}/sign", data=sign_data(client, make_appeal(session)))
    assert response.status_code == 303
    assert signatures(session, appeal) == []


KHMER = "ហ៊ុន សុខា"
ARABIC = "محمد الأحمد"


# ZWNJ and ZWJ are part of how Persian and Indic names are spelt: they are kept.
PERSIAN = "مهرداد می\u200cخواهد"
MALAYALAM = "അന്\u200dന"


@pytest.mark.parametrize(
    "name", [KHMER, ARABIC, "Zoë O’Brien-Łukasiewicz", "李小龍", PERSIAN, MALAYALAM]
)
def test_names_in_any_script_are_kept_exactly(client, session, scene, name) -> None:
    response = sign(client, scene.appeal, name=name)
    assert response.status_code == 303
    [signature] = signatures(session, scene.appeal)
    assert signature.name == name
    assert f"Thank you, {name}" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "stored"),
    [
        ("josé@example.com", "josé@example.com"),
        ("ana@bücher.example", "ana@bücher.example"),
        ("用户@例子.广告", "用户@例子.广告"),
    ],
)
def test_internationalised_addresses_are_accepted(client, session, scene, email, stored) -> None:
    assert sign(client, scene.appeal, email=email).status_code == 303
    [signature] = signatures(session, scene.appeal)
    assert signature.email == stored


SCRIPT = "<script>alert(1)</script>"
BAD_INPUTS = [
    ({"name": ""}, "Please enter your name."),
    ({"name": "   "}, "Please enter your name."),
    ({"email": ""}, "Please enter your e-mail address."),
    ({"country": ""}, "Please choose your country."),
    ({"name": "A" * 10_000}, "Please keep your name under 200 characters."),
    ({"name": SCRIPT}, "Please leave out the characters &lt; and &gt;."),
    ({"name": "Ana\x00Ruiz"}, "Please use letters, numbers and punctuation only."),
    # Invisible names, and bidi overrides that make a name read otherwise than it is stored.
    ({"name": "\u200b"}, "Please use letters, numbers and punctuation only."),
    ({"name": "\u202eevil\u202c"}, "Please use letters, numbers and punctuation only."),
    ({"name": "Ana\u2066Ruiz"}, "Please use letters, numbers and punctuation only."),
    ({"name": "\ufeffAna"}, "Please use letters, numbers and punctuation only."),
    ({"name": "\u200d"}, "Please use at least one letter or number."),
    ({"name": "-- . --"}, "Please use at least one letter or number."),
    ({"name": "12345"}, "Please write your name in letters."),
    ({"city": "\u202eParis"}, "Please use letters, numbers and punctuation only."),
    ({"city": "…"}, "Please use at least one letter or number."),
    ({"email": SCRIPT}, "Please check your e-mail address"),
    ({"city": SCRIPT}, "Please leave out the characters &lt; and &gt;."),
    ({"postcode": SCRIPT}, "A postcode has at most 16 characters."),
    ({"postcode": "<b>1</b>"}, "Please leave out the characters &lt; and &gt;."),
    ({"country": SCRIPT}, "Please choose your country from the list."),
    ({"consent": SCRIPT}, "Please tick the box, or leave it empty."),
    ({"country": "XX"}, "Please choose your country from the list."),
    ({"country": "gb"}, "Please choose your country from the list."),
    ({"email": "not-an-address"}, "Please check your e-mail address"),
    ({"email": "ana@"}, "Please check your e-mail address"),
    ({"email": "ana@example"}, "Please check your e-mail address"),
    ({"email": "ana..ruiz@example.org"}, "Please check your e-mail address"),
    ({"email": "ana ruiz@example.org"}, "Please check your e-mail address"),
    ({"email": "a" * 250 + "@example.org"}, "That e-mail address is too long."),
    ({"email": "ana@exa mple.org"}, "Please check your e-mail address"),
    ({"email": "ана@пример.рф\u202e"}, "Please check your e-mail address"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_INPUTS)
def test_bad_input_gives_the_form_back_with_a_message(
    client, session, scene, fields, message
) -> None:
    response = sign(client, scene.appeal, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'aria-invalid="true"' in html
    assert SCRIPT not in html  # whatever was typed comes back escaped
    assert signatures(session, scene.appeal) == [] and outbox(session) == []


def test_a_form_with_errors_opens_at_a_summary_that_links_to_each_field(
    client, session, scene
) -> None:
    response = sign(client, scene.appeal, name="", email="not-an-address", country="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: Free Sok Chea — " in html  # read first by screen readers
    # The browser lands on the summary, not at the top of the page; the action has no
    # fragment, which a browser would carry to the thanks page once the form succeeds.
    assert f'action="/a/{scene.appeal.slug}/sign"' in html
    assert "autofocus data-error-summary" in html
    summary = html[html.index('id="sign-errors"') : html.index("</div>", html.index("sign-errors"))]
    assert 'tabindex="-1"' in html[html.index('<div class="error-summary"') :][:200]
    assert "Please correct the fields marked below." in summary
    assert '<a href="#name">Please enter your name.</a>' in summary
    assert '<a href="#email">Please check your e-mail address' in summary
    assert '<a href="#country">Please choose your country.</a>' in summary
    assert 'href="#city"' not in summary and "csrf" not in summary
    # Each field's own message is tied to it.
    assert 'aria-describedby="name-error"' in html and 'id="name-error"' in html
    assert 'aria-describedby="email-hint email-error"' in html
    assert signatures(session, scene.appeal) == []


def test_the_page_without_errors_has_no_summary(client, scene) -> None:
    html = client.get(f"/a/{scene.appeal.slug}").get_data(as_text=True)
    assert "<title>Free Sok Chea — " in html
    assert "error-summary" not in html and "autofocus" not in html
    assert f'action="/a/{scene.appeal.slug}/sign"' in html


def test_a_post_without_a_csrf_token_gives_the_form_back(client, session, scene) -> None:
    data = sign_data(client, scene.appeal)
    del data["csrf_token"]
    response = client.post(f"/a/{scene.appeal.slug}/sign", data=data)
    assert response.status_code == 422
    assert "Your session expired before you sent the form" in response.get_data(as_text=True)
    assert 'value="Ana Ruiz"' in response.get_data(as_text=True)  # nothing typed is lost
    assert signatures(session, scene.appeal) == []


def test_opening_the_sign_address_leads_to_the_form(client, scene) -> None:
    # Reloading the page a failed sign left, or a bookmark of it: the form, not a 405.
    response = client.get(f"/a/{scene.appeal.slug}/sign")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}#sign"
    assert client.get("/a/no-such-appeal/sign", follow_redirects=True).status_code == 404


def test_the_language_switcher_on_a_failed_sign_leads_to_the_form_in_that_language(
    client, scene
) -> None:
    failed = sign(client, scene.appeal, name="")
    assert failed.status_code == 422
    switch = f"/language/fr?next=/a/{scene.appeal.slug}/sign"
    assert switch in failed.get_data(as_text=True).replace("&amp;", "&").replace("%2F", "/")
    page = client.get(switch, follow_redirects=True)
    assert page.status_code == 200
    assert page.request.path == f"/a/{scene.appeal.slug}"
    html = page.get_data(as_text=True)
    assert '<html lang="fr">' in html and "Signer l’appel" in html


def test_the_honeypot_is_accepted_silently_and_flagged(client, session, scene) -> None:
    response = sign(client, scene.appeal, website="http://spam.example")
    assert response.status_code == 303
    assert "Thank you" in client.get(response.headers["Location"]).get_data(as_text=True)
    [signature] = signatures(session, scene.appeal)
    assert signature.flag is Flag.HONEYPOT
    assert outbox(session) == []  # no e-mail to whoever a bot names


def test_beyond_the_rate_limit_signatures_are_flagged_and_count_once_confirmed(
    app, client, session, scene, monkeypatch
) -> None:
    # People behind one address (a mobile network, an office) go beyond the per-IP limit:
    # they are flagged but still asked to confirm, and confirming makes them count.
    monkeypatch.setitem(app.config, "SIGN_RATE_LIMIT", "2 per hour")
    monkeypatch.setitem(app.config, "FLAGGED_MAIL_LIMIT", "1 per hour")
    for n in range(4):
        assert sign(client, scene.appeal, email=f"person{n}@example.org").status_code == 303
    rows = sorted(signatures(session, scene.appeal), key=lambda s: s.id)
    assert [s.flag for s in rows] == [None, None, Flag.RATE_LIMIT, Flag.RATE_LIMIT]
    # The fourth is beyond the flagged signatures' e-mail limit: no e-mail at all.
    sent = [m.to_addr for m in outbox(session)]
    assert sent == ["person0@example.org", "person1@example.org", "person2@example.org"]

    def counted() -> int:
        query = select(func.count()).where(*services.counted_condition(scene.appeal))
        return session.scalar(query)

    assert counted() == 0
    path = link(sent_text(outbox(session)[2]), "/confirm/")
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    session.refresh(rows[2])
    assert rows[2].confirmed_at is not None and rows[2].flag is None
    assert counted() == 1  # the flagged one, confirmed; the others are not confirmed yet


def test_a_honeypot_signature_stays_flagged_and_unmailed(client, session, scene) -> None:
    sign(client, scene.appeal, website="http://spam.example")
    [signature] = signatures(session, scene.appeal)
    services.confirm(session, signature, now=signature.created_at)  # e.g. by staff, by hand
    assert signature.flag is Flag.HONEYPOT and outbox(session) == []


def test_an_earlier_signature_by_someone_else_is_not_revealed(client, session, scene) -> None:
    make_signature(session, scene.appeal, email="victim@example.org", name="Victim Name")
    response = sign(client, scene.appeal, email="victim@example.org", name="Stranger")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Victim Name" not in page and "Thank you, Stranger" in page


def test_share_links_are_plain_links_that_load_nothing(client, scene) -> None:
    import re

    html = client.get(f"/a/{scene.appeal.slug}").get_data(as_text=True)
    assert 'value="http://localhost/a/free-sok" readonly' in html  # the link to copy
    assert (
        "https://wa.me/?text=Free%20Sok%20Chea%0A%0Ahttp%3A%2F%2Flocalhost%2Fa%2Ffree-sok" in html
    )
    assert "mailto:?subject=Free%20Sok%20Chea&amp;body=Free%20Sok%20Chea%0D%0A%0D%0A" in html
    loaded = re.findall(r'<(?:script|img|iframe|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith("/") for url in loaded)  # nothing from elsewhere


def test_the_source_tag_of_the_link_is_kept(client, session, scene) -> None:
    page = client.get(f"/a/{scene.appeal.slug}?source=Newsletter-May<b>")
    assert 'name="source" type="hidden" value="newsletter-mayb"' in page.get_data(as_text=True)
    sign(client, scene.appeal, source="newsletter-may")
    sign(client, scene.appeal, email="ben@example.org", source="<script>")
    sources = sorted(s.source for s in signatures(session, scene.appeal))
    assert sources == ["newsletter-may", "script"]
    sign(client, scene.appeal, email="cy@example.org")  # no tag: "page"
    assert "page" in {s.source for s in signatures(session, scene.appeal)}


def test_a_clean_signature_takes_over_a_row_a_bot_flagged(client, session, scene) -> None:
    sign(client, scene.appeal, email="ana@example.org", name="Bot", website="http://x")
    [flagged] = signatures(session, scene.appeal)
    assert flagged.flag is Flag.HONEYPOT and outbox(session) == []
    response = sign(client, scene.appeal, email="ana@example.org", name="Ana Ruiz")
    assert response.status_code == 303
    [signature] = signatures(session, scene.appeal)
    assert signature.id == flagged.id and signature.flag is None and signature.name == "Ana Ruiz"
    [message] = outbox(session)
    assert message.kind == "confirm" and message.to_addr == "ana@example.org"


def test_markup_in_the_hidden_fields_is_accepted_silently(client, session, scene) -> None:
    response = sign(client, scene.appeal, website=SCRIPT, source=SCRIPT)
    assert response.status_code == 303
    [signature] = signatures(session, scene.appeal)
    assert signature.flag is Flag.HONEYPOT and signature.source == "scriptalert1script"


def test_a_used_confirmation_link_opened_elsewhere_leads_to_the_letters(
    app, client, session, scene
) -> None:
    sign(client, scene.appeal, email="ana@example.org")
    path = link(sent_text(outbox(session)[0]), "/confirm/")
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    phone = app.test_client()  # the same e-mail, opened later on another device
    assert "Your signature is confirmed" in phone.get(path).get_data(as_text=True)
    letters = phone.get(f"/a/{scene.appeal.slug}/letter")
    assert letters.status_code == 200  # not sent back to sign first


def test_without_its_cookie_the_thank_you_page_still_thanks(app, session, scene) -> None:
    blocked = app.test_client(use_cookies=False)  # a browser that keeps no cookie
    response = sign(blocked, scene.appeal, email="ana@example.org")
    assert response.status_code == 303
    page = blocked.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Thank you" in text  # not sent back to sign again
    assert "We have sent you an e-mail" in text and "The link in our e-mail can." in text
    assert len(signatures(session, scene.appeal)) == 1


def test_the_thank_you_page_follows_the_signature_and_the_appeal(client, session, scene) -> None:
    sign(client, scene.appeal, name="Ana Ruiz")
    thanks = f"/a/{scene.appeal.slug}/thanks"
    assert "Please open the link in it to confirm" in client.get(thanks).get_data(as_text=True)
    path = link(sent_text(outbox(session)[0]), "/confirm/")
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    text = client.get(thanks).get_data(as_text=True)  # back to the tab they signed in
    assert "Your signature is confirmed and counts." in text
    assert "to confirm" not in text and "Write my letter" in text

    scene.appeal.deadline = utcnow() - timedelta(minutes=1)  # closed by its deadline
    session.commit()
    text = client.get(thanks).get_data(as_text=True)
    assert "Your signature is confirmed and counts." in text
    assert "Write my letter" not in text  # the letter pages are closed


def test_the_thank_you_page_of_a_closed_appeal_asks_nothing_more(client, session, scene) -> None:
    sign(client, scene.appeal, name="Ana Ruiz")
    scene.appeal.status = AppealStatus.CLOSED
    session.commit()
    text = client.get(f"/a/{scene.appeal.slug}/thanks").get_data(as_text=True)
    assert "This appeal has closed" in text
    assert "to confirm" not in text and "Write my letter" not in text


def test_a_too_long_address_reaches_the_server_whole_and_is_called_too_long(
    client, session, scene
) -> None:
    address = "a" * 250 + "@example.org"  # over EMAIL_MAX (254)
    page = client.get(f"/a/{scene.appeal.slug}").get_data(as_text=True)
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    maxlength = re.search(r'maxlength="(\d+)"', email_input)
    # A browser cuts what is typed at maxlength, silently: the address must fit whole.
    assert maxlength is None or int(maxlength.group(1)) >= len(address)
    html = sign(client, scene.appeal, email=address).get_data(as_text=True)
    assert "That e-mail address is too long." in html
    assert "@-sign" not in html
