"""A supporter's whole journey against a real SMTP server: sign, confirm through the
POST page, then send the letter by each channel."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import select

from campaign.models import Channel, LetterSend, OutboxStatus
from tests.conftest import csrf_token
from tests.outbox.smtp import plain_text
from tests.signatures.conftest import deliver, link, outbox, sent_text, sign, signatures


def letter_sends(session, appeal) -> list[LetterSend]:
    return list(
        session.scalars(
            select(LetterSend).where(LetterSend.appeal_id == appeal.id).order_by(LetterSend.id)
        )
    )


def test_sign_confirm_and_send_by_every_channel(app, client, session, scene, smtp_server):
    appeal = scene.appeal
    appeal.send_letters = True
    session.flush()
    assert sign(client, appeal, name="Sophea Chan", email="sophea@example.org").status_code == 303

    # The confirmation arrives by SMTP, plain text, with a one-click unsubscribe.
    deliver(app, session, smtp_server)
    [received] = smtp_server.received
    assert received.recipients == ["sophea@example.org"]
    assert received.message["Subject"] == f"Please confirm your signature: {appeal.title}"
    assert received.message["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")
    # One line as sent, not an encoded word that mail apps would not read.
    assert b"\r\nList-Unsubscribe: <http://localhost/unsubscribe/" in received.raw
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = plain_text(received.message)
    assert "Dear Sophea Chan," in text
    [message] = outbox(session)
    assert message.status is OutboxStatus.SENT and message.sent_at is not None

    # Following the link (as a mail scanner would) does not confirm.
    confirm_path = link(text, "/confirm/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Confirm my signature" in page.get_data(as_text=True)
    [signature] = signatures(session, appeal)
    assert signature.confirmed_at is None

    # Pressing the button does.
    response = client.post(confirm_path, data={"csrf_token": csrf_token(client, confirm_path)})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{appeal.slug}/letter"
    letters_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you: your signature is confirmed." in letters_page
    assert "Sent for you" not in letters_page and "Write to Sok Minister again" not in letters_page
    session.refresh(signature)
    assert signature.confirmed_at is not None

    letter_path = f"/a/{appeal.slug}/letter/{scene.minister.id}"
    page = client.get(letter_path).get_data(as_text=True)
    assert "Your letter to Minister of Justice, Sok Minister" in page
    assert "personal letters carry more weight" in page.lower()
    # The copies' addresses can be copied like the official's own.
    assert 'id="letter-cc" value="embassy@example.org" readonly' in page
    assert 'data-copy="letter-cc"' in page and "Copy addresses" in page

    def act(action: str, personal: str = "I met Sok Chea's family in 2019."):
        return client.post(
            letter_path,
            data={
                "csrf_token": csrf_token(client, letter_path),
                "personal": personal,
                "action": action,
            },
        )

    # 1. My own mail app: a mailto link with the letter, recorded as a LetterSend.
    mailto = act("mailto")
    html = mailto.get_data(as_text=True)
    assert mailto.status_code == 200
    assert 'href="mailto:minister@example.org?subject=' in html
    assert "cc=embassy@example.org" in html
    assert "I%20met%20Sok%20Chea%27s%20family" in html
    assert "I met Sok Chea&#39;s family in 2019." in html  # shown escaped in the copy box
    listed = client.get(f"/a/{appeal.slug}/letter").get_data(as_text=True)
    assert "You have written from your own mail app" in listed
    assert "Write to Sok Minister again" in listed

    # 2. Send it for me: queued in the outbox, then sent with Reply-To the supporter.
    sent = act("email")
    assert sent.status_code == 303
    assert sent.headers["Location"] == f"/a/{appeal.slug}/letter"
    assert "is on its way" in client.get(sent.headers["Location"]).get_data(as_text=True)
    again = act("email")  # a second click does not send twice
    listed = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "was sent already" in listed and "Sent for you: thank you." in listed
    [queued] = outbox(session, "letter")
    assert queued.reply_to == "sophea@example.org" and queued.cc == ["embassy@example.org"]
    deliver(app, session, smtp_server)
    letter = smtp_server.received[-1]
    assert letter.recipients == ["minister@example.org", "embassy@example.org"]
    assert letter.message["Reply-To"] == "sophea@example.org"
    assert letter.message["Cc"] == "embassy@example.org"
    assert "List-Unsubscribe" not in letter.message  # to an official, not a supporter
    body = plain_text(letter.message)
    assert "I met Sok Chea's family in 2019." in body
    assert "Sophea Chan\nValparaíso, Chile" in body

    # 3. Print: a print-ready page, and a PDF for a windowed envelope.
    printed = act("print")
    assert printed.status_code == 200
    assert "printed-letter__address" in printed.get_data(as_text=True)
    # One page heading, among the controls that are not printed.
    controls = printed.get_data(as_text=True).split('<div class="print-controls">')[1]
    assert controls.split("</div>")[0].strip().startswith("<h1>Print your letter</h1>")
    assert printed.get_data(as_text=True).count("<h1") == 1
    pdf = act("pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Sok Minister" in text and "Phnom Penh" in text and "Sophea Chan" in text

    channels = [s.channel for s in letter_sends(session, appeal)]
    # Printing and then saving the PDF is one letter by post, not two.
    assert channels == [Channel.MAILTO, Channel.EMAIL, Channel.POST]
    act("mailto")  # opening the mail app again is the same letter too
    assert len(letter_sends(session, appeal)) == 3
    assert all(s.signature_id == signature.id for s in letter_sends(session, appeal))
    assert all(s.body is None for s in letter_sends(session, appeal))  # text not kept


def test_letter_text_is_kept_only_when_the_appeal_says_so(client, session, scene) -> None:
    scene.appeal.keep_letter_text = True
    session.flush()
    sign(client, scene.appeal)
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    client.post(
        path, data={"csrf_token": csrf_token(client, path), "personal": "", "action": "pdf"}
    )
    [send] = letter_sends(session, scene.appeal)
    assert send.channel is Channel.POST and "Yours sincerely" in send.body


def test_the_platform_sends_letters_only_for_confirmed_signatures(client, session, scene):
    scene.appeal.send_letters = True
    session.flush()
    sign(client, scene.appeal)
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "action": "email"})
    assert response.status_code == 409
    assert "first open the link in the e-mail we sent you" in response.get_data(as_text=True)
    assert outbox(session, "letter") == [] and letter_sends(session, scene.appeal) == []


def test_send_it_for_me_is_offered_only_when_enabled(client, session, scene) -> None:
    sign(client, scene.appeal)
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    assert 'value="email"' not in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "action": "email"})
    assert response.status_code == 409
    assert outbox(session, "letter") == []


def test_letters_need_a_signature_first(client, scene) -> None:
    response = client.get(f"/a/{scene.appeal.slug}/letter/{scene.minister.id}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}#sign"
    page = client.get(f"/a/{scene.appeal.slug}").get_data(as_text=True)
    assert "Please sign the appeal first" in page


def test_a_copy_target_or_unknown_target_has_no_letter_page(client, scene) -> None:
    sign(client, scene.appeal)
    assert client.get(f"/a/{scene.appeal.slug}/letter/{scene.embassy.id}").status_code == 404
    assert client.get(f"/a/{scene.appeal.slug}/letter/987654").status_code == 404


def test_a_too_long_personal_paragraph_gets_a_message(client, session, scene) -> None:
    sign(client, scene.appeal)
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    data = {"csrf_token": csrf_token(client, path), "personal": "x" * 1001, "action": "mailto"}
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert "Please keep your paragraph under 1,000 characters." in response.get_data(as_text=True)
    assert letter_sends(session, scene.appeal) == []


def test_markup_in_the_personal_paragraph_stays_text(client, scene) -> None:
    sign(client, scene.appeal)
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    data = {
        "csrf_token": csrf_token(client, path),
        "personal": "<script>alert(1)</script> {{ 7*7 }}",
        "action": "preview",
    }
    html = client.post(path, data=data).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html  # not run as a template


def test_invalid_or_misused_tokens_get_a_page_not_an_error(client, session, scene) -> None:
    from campaign.signatures.tokens import Purpose, signature_token

    sign(client, scene.appeal)
    [signature] = signatures(session, scene.appeal)
    unsubscribe = signature_token(Purpose.UNSUBSCRIBE, signature.id, signature.email_canonical)
    for path in (
        f"/a/{scene.appeal.slug}/confirm/not-a-token",
        f"/a/{scene.appeal.slug}/confirm/{unsubscribe}",  # a token for another purpose
        "/unsubscribe/garbage",
        "/delete-my-data/garbage",
        f"/a/{scene.appeal.slug}/letter/start/garbage",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "This link has expired or is not valid." in response.get_data(as_text=True)
    assert signature.confirmed_at is None


def test_letters_stop_when_the_appeal_closes(client, session, scene) -> None:
    from campaign.models import AppealStatus

    sign(client, scene.appeal)
    scene.appeal.status = AppealStatus.CLOSED
    session.flush()
    response = client.get(f"/a/{scene.appeal.slug}/letter/{scene.minister.id}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "letters are no longer needed" in page


def test_someone_who_had_signed_is_sent_to_their_e_mail_to_have_it_sent(
    client, session, scene
) -> None:
    scene.appeal.send_letters = True
    session.flush()
    sign(client, scene.appeal)
    sign(client, scene.appeal)  # again: this browser is not linked to the signature
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "action": "email"})
    assert response.status_code == 409
    assert "first open the link in the e-mail we sent you" in response.get_data(as_text=True)
    assert outbox(session, "letter") == []


def test_the_letter_link_in_the_e_mail_works_in_another_browser(app, session, scene) -> None:
    first = app.test_client()
    sign(first, scene.appeal, name="Dara Sok")
    [message] = outbox(session, "confirm")
    other = app.test_client()  # e.g. the phone the e-mail is read on
    assert other.get(f"/a/{scene.appeal.slug}/letter").status_code == 303  # not signed here
    response = other.get(link(sent_text(message), "/letter/start/"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/a/{scene.appeal.slug}/letter"
    page = other.get(f"/a/{scene.appeal.slug}/letter/{scene.minister.id}")
    assert page.status_code == 200 and "Dara Sok" in page.get_data(as_text=True)


def test_the_letter_as_typed_is_the_one_the_mail_app_link_sends(client, session, scene) -> None:
    # What the letter page fetches as the supporter types their own paragraph: the box
    # that Copy copies and the mail-app link both get the paragraph, before any button.
    sign(client, scene.appeal, name="Sophea Chan")
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    page = client.get(path).get_data(as_text=True)
    assert f'data-preview-url="{path}/preview"' in page
    data = {
        "csrf_token": csrf_token(client, path),
        "personal": "I met Sok Chea's family in 2019.",
        "action": "preview",
    }
    response = client.post(f"{path}/preview", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 200
    letter = response.get_json()
    assert "I met Sok Chea's family in 2019." in letter["body"]
    assert "Sophea Chan" in letter["body"]
    assert letter["mailto"].startswith("mailto:minister@example.org?subject=")
    assert "I%20met%20Sok%20Chea%27s%20family" in letter["mailto"]
    assert letter["mailto_cut"] is False
    # The same text as the page itself shows once the paragraph is added.
    shown = client.post(path, data=data).get_data(as_text=True)
    assert escape(letter["body"]) in shown
    assert letter_sends(session, scene.appeal) == []  # previewing sends nothing


def test_the_letter_preview_refuses_what_the_letter_page_refuses(client, scene) -> None:
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    assert client.post(f"{path}/preview", data={"action": "preview"}).status_code == 400
    sign(client, scene.appeal)
    too_long = {"csrf_token": csrf_token(client, path), "personal": "x" * 1001, "action": "preview"}
    response = client.post(f"{path}/preview", data=too_long)
    assert response.status_code == 422
    assert response.get_json() == {"errors": ["Please keep your paragraph under 1,000 characters."]}
    other = f"/a/{scene.appeal.slug}/letter/{scene.embassy.id}/preview"
    assert client.post(other, data=too_long | {"personal": ""}).status_code == 404


def test_the_letter_preview_needs_a_signature(client, scene) -> None:
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    sign(client, scene.appeal)
    token = csrf_token(client, path)
    with client.session_transaction() as flask_session:
        flask_session.pop("supporters")  # the same browser, no longer remembered as a signer
    data = {"csrf_token": token, "personal": "Hello", "action": "preview"}
    assert client.post(f"{path}/preview", data=data).status_code == 403


def test_a_mail_app_letter_shortened_for_length_keeps_its_closing_and_name(client, scene) -> None:
    sign(client, scene.appeal, name="Sophea Chan")
    path = f"/a/{scene.appeal.slug}/letter/{scene.minister.id}"
    own = ("J'ai été témoin de son arrestation à Phnom Penh et " * 20).strip()[:1000]
    data = {"csrf_token": csrf_token(client, path), "personal": own, "action": "preview"}
    letter = client.post(f"{path}/preview", data=data).get_json()
    assert letter["mailto_cut"] is True and own in letter["body"]  # the page has it all
    sent = parse_qs(urlsplit(letter["mailto"]).query)["body"][0].replace("\r\n", "\n")
    assert sent.endswith("Yours sincerely,\n\nSophea Chan\nValparaíso, Chile")
    assert "J'ai été témoin" in sent and " […]\n\nI thank you" in sent
    assert len(letter["mailto"]) <= 2000
