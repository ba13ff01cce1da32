"""The worker against a real SMTP server: sends, retries with backoff, gives up, bounces."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from campaign.models import Outbox, OutboxStatus, utcnow
from campaign.outbox.services import queue_email
from campaign.outbox.transport import (
    FileTransport,
    SMTPTransport,
    transport_from_settings,
)
from campaign.outbox.worker import backoff, build_message, claim_due, drain, run_once
from config import ConfigError
from tests.outbox.smtp import plain_text


def queue(session, **fields) -> Outbox:
    values = {
        "kind": "confirm",
        "to": "ana@example.org",
        "subject": "Please confirm",
        "body_text": "Hello Ana,\n\nplease confirm.\n",
        "now": utcnow() - timedelta(seconds=1),
    }
    message = queue_email(session, **(values | fields))
    session.commit()  # queued before the worker runs (the test's transaction still ends)
    return message


def smtp(server) -> SMTPTransport:
    return transport_from_settings(server.url, "unused", timeout=5)


def test_a_message_is_sent_with_its_headers_and_a_plain_text_part(app, session, smtp_server):
    message = queue(
        session,
        reply_to="sophea@example.org",
        cc=["embassy@example.org"],
        headers={"List-Unsubscribe": "<http://localhost/unsubscribe/x>"},
        body_html="<p>Hello</p>",
    )
    result = run_once(session, smtp(smtp_server))
    assert result.sent == 1
    [received] = smtp_server.received
    assert received.sender == "appeals@example.org"
    assert received.recipients == ["ana@example.org", "embassy@example.org"]
    email = received.message
    assert email["From"] == "Campaign <appeals@example.org>"
    assert email["Reply-To"] == "sophea@example.org"
    assert email["List-Unsubscribe"] == "<http://localhost/unsubscribe/x>"
    assert email["Message-ID"].startswith(f"<outbox-{message.id}-")
    assert plain_text(email) == "Hello Ana,\n\nplease confirm.\n"
    assert email.get_body(preferencelist=("html",)).get_content().strip() == "<p>Hello</p>"
    session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.attempts == 1
    assert message.sent_at is not None and message.last_error is None


def test_non_ascii_names_and_addresses_go_through(app, session, smtp_server) -> None:
    queue(session, to="用户@例子.广告", subject="សូមបញ្ជាក់ — تأكيد", body_text="ហ៊ុន សុខា\n")
    assert run_once(session, smtp(smtp_server)).sent == 1
    [received] = smtp_server.received
    assert received.recipients == ["用户@例子.广告"]
    assert received.message["Subject"] == "សូមបញ្ជាក់ — تأكيد"
    assert plain_text(received.message) == "ហ៊ុន សុខា\n"


def test_an_international_domain_goes_as_punycode_through_a_relay_without_smtputf8(
    app, session, ascii_smtp_server
) -> None:
    message = queue(session, to="ann@例え.jp", cc=["embassy@bücher.example"])
    assert run_once(session, smtp(ascii_smtp_server)).sent == 1
    [received] = ascii_smtp_server.received
    assert received.recipients == ["ann@xn--r8jz45g.jp", "embassy@xn--bcher-kva.example"]
    assert received.message["To"] == "ann@xn--r8jz45g.jp"
    assert received.message["Cc"] == "embassy@xn--bcher-kva.example"
    assert received.raw.isascii()
    session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.to_addr == "ann@例え.jp"


def test_an_ascii_address_through_a_relay_without_smtputf8_is_unchanged(
    app, session, ascii_smtp_server
) -> None:
    queue(session, to="Ana.Ruiz@Example.org", reply_to="sophea@example.org")
    assert run_once(session, smtp(ascii_smtp_server)).sent == 1
    [received] = ascii_smtp_server.received
    assert received.recipients == ["Ana.Ruiz@Example.org"]
    assert received.message["To"] == "Ana.Ruiz@Example.org"


def test_a_non_ascii_local_part_without_smtputf8_fails_that_message_only(
    app, session, ascii_smtp_server, caplog
) -> None:
    # Only an SMTPUTF8 relay can carry 用户@…: retrying will not help, and the rest of
    # the batch still goes.
    doomed = queue(session, to="用户@例子.广告")
    fine = queue(session, to="ana@例子.广告")
    result = run_once(session, smtp(ascii_smtp_server))
    assert result.failed == 1 and result.sent == 1 and result.retried == 0
    assert [r.recipients for r in ascii_smtp_server.received] == [["ana@xn--fsqu00a.xn--4rr70v"]]
    session.refresh(doomed)
    session.refresh(fine)
    assert doomed.status is OutboxStatus.FAILED and doomed.attempts == 1
    assert "SMTPUTF8" in doomed.last_error
    assert fine.status is OutboxStatus.SENT
    assert any(
        r.levelname == "ERROR" and f"outbox {doomed.id}" in r.getMessage() for r in caplog.records
    )


def test_a_temporary_failure_is_retried_with_growing_delays(app, session, smtp_server) -> None:
    message = queue(session)
    smtp_server.handler.replies = ["451 4.3.0 Try again later"]
    before = utcnow()
    result = run_once(session, smtp(smtp_server))
    assert result.retried == 1 and smtp_server.received == []
    session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at >= before + timedelta(seconds=60)
    # Due again later: sent.
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert run_once(session, smtp(smtp_server)).sent == 1
    session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.attempts == 2


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30, 60) == timedelta(hours=6)


def test_the_worker_gives_up_after_the_last_attempt(app, session, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    message = queue(session)
    smtp_server.handler.replies = ["451 busy", "451 still busy"]
    for _ in range(2):
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        session.commit()
        run_once(session, smtp(smtp_server))
    session.refresh(message)
    assert message.status is OutboxStatus.FAILED and message.attempts == 2
    assert "still busy" in message.last_error


def test_a_refused_recipient_is_a_bounce(app, session, smtp_server) -> None:
    message = queue(session, to="nobody@example.org")
    smtp_server.handler.refuse_recipients.add("nobody@example.org")
    result = run_once(session, smtp(smtp_server))
    assert result.bounced == 1
    session.refresh(message)
    assert message.status is OutboxStatus.BOUNCED and "No such user" in message.last_error


def test_a_server_that_is_down_leaves_messages_for_later(app, session) -> None:
    from tests.outbox.smtp import free_port

    message = queue(session)
    result = run_once(session, transport_from_settings(f"smtp://127.0.0.1:{free_port()}", "", 2))
    assert result.retried == 1
    session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.last_error


def test_messages_not_yet_due_or_not_pending_are_left_alone(app, session, smtp_server) -> None:
    queue(session, now=utcnow() + timedelta(hours=1))
    done = queue(session)
    done.status = OutboxStatus.CANCELLED
    session.commit()
    assert run_once(session, smtp(smtp_server)).total == 0
    assert smtp_server.received == []


def test_a_claimed_message_is_not_claimed_again_during_its_lease(session) -> None:
    queue(session)
    now = utcnow()
    assert len(claim_due(session, now=now)) == 1
    assert claim_due(session, now=now + timedelta(minutes=1)) == []


def test_without_mail_url_messages_become_eml_files(app, session, tmp_path) -> None:
    message = queue(session, subject="Grüße", body_text="Dara Sok — ដារ៉ា\n")
    result = drain(session, FileTransport(tmp_path))
    assert result.sent == 1
    [path] = tmp_path.glob("*.eml")
    email = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert email["Subject"] == "Grüße" and email["To"] == message.to_addr
    assert plain_text(email) == "Dara Sok — ដារ៉ា\n"


def test_the_worker_command_drains_the_outbox(app, runner, session, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path))
    queue(session)
    queue(session, to="ben@example.org")
    result = runner.invoke(args=["campaign", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Sent 2, retrying 0, failed 0, bounced 0." in result.output
    assert len(list(tmp_path.glob("*.eml"))) == 2
    statuses = session.scalars(select(Outbox.status)).all()
    assert statuses == [OutboxStatus.SENT, OutboxStatus.SENT]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", SMTPTransport("mail.example.org", 25)),
        (
            "smtp://ana:p%40ss@mail.example.org:587?starttls=1",
            SMTPTransport("mail.example.org", 587, "ana", "p@ss", starttls=True),
        ),
        (
            "smtps://ana:secret@mail.example.org",
            SMTPTransport("mail.example.org", 465, "ana", "secret", tls=True),
        ),
        (
            "smtp://mail.internal:2525?starttls=yes&cafile=/etc/ca.pem&timeout=5",
            SMTPTransport("mail.internal", 2525, starttls=True, timeout=5, cafile="/etc/ca.pem"),
        ),
    ],
)
def test_mail_urls(url, expected) -> None:
    assert transport_from_settings(url, "", 30) == expected


def test_a_bad_mail_url_stops_with_a_message_without_the_password() -> None:
    with pytest.raises(ConfigError, match="MAIL_URL") as raised:
        transport_from_settings("http://ana:hunter2@mail.example.org", "", 30)
    assert "hunter2" not in str(raised.value)


def test_without_mail_url_the_transport_is_the_folder(tmp_path) -> None:
    assert transport_from_settings(None, str(tmp_path), 30) == FileTransport(tmp_path)


def test_the_message_id_stays_the_same_across_retries(session) -> None:
    message = queue(session)
    first = build_message(message, "Campaign <appeals@example.org>")
    second = build_message(message, "Campaign <appeals@example.org>")
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].endswith("@example.org>")


def test_the_bounce_command_marks_messages_and_stops_mail(runner, session) -> None:
    from tests.factories import make_appeal, make_signature

    signature = make_signature(session, make_appeal(session), email="Gone@example.org")
    pending = queue(session, to="gone@example.org")
    other = queue(session, to="here@example.org")
    result = runner.invoke(args=["campaign", "bounce", "gone@example.org", "--reason", "550"])
    assert result.exit_code == 0, result.output
    assert "Marked 1 message as bounced." in result.output
    for row in (pending, other, signature):
        session.refresh(row)
    assert pending.status is OutboxStatus.BOUNCED and pending.last_error == "550"
    assert other.status is OutboxStatus.PENDING
    assert signature.unsubscribed_at is not None


def test_every_message_to_a_signer_gets_a_way_out(session, smtp_server) -> None:
    from tests.factories import make_appeal, make_signature

    signature = make_signature(session, make_appeal(session), email="ana@example.org")
    queue(session, kind="update", signature=signature, body_text="News.\n")
    queue(session, kind="letter", signature=signature, to="minister@example.org")
    run_once(session, smtp(smtp_server))
    update, letter = smtp_server.received
    assert update.message["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")
    assert update.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = plain_text(update.message)
    assert text.startswith("News.\n\n--\nStop all e-mail from us: http://localhost/unsubscribe/")
    assert "Delete your details: http://localhost/delete-my-data/" in text
    assert "List-Unsubscribe" not in letter.message


def test_messages_to_signers_who_unsubscribed_since_are_dropped(session, smtp_server) -> None:
    from tests.factories import make_appeal, make_signature

    signature = make_signature(session, make_appeal(session))
    message = queue(session, kind="update", signature=signature)
    signature.unsubscribed_at = utcnow()
    session.commit()
    run_once(session, smtp(smtp_server))
    assert smtp_server.received == []
    session.refresh(message)
    assert message.status is OutboxStatus.CANCELLED


def test_links_left_as_markers_are_the_recipients_own_made_as_it_is_sent(
    session, smtp_server
) -> None:
    from campaign.signatures.mail import LINK_MARKERS
    from campaign.signatures.tokens import Purpose, fingerprint_matches, read_signature_token
    from tests.factories import make_appeal, make_signature

    appeal = make_appeal(session)
    ana = make_signature(session, appeal, email="ana@example.org")
    ben = make_signature(session, appeal, email="ben@example.org")
    body = "Confirm: {confirm_url}\nStop: {unsubscribe_url}\n".format(**LINK_MARKERS)
    for signature in (ana, ben):
        queue(session, signature=signature, to=signature.email, body_text=body)
    run_once(session, smtp(smtp_server))
    for signature, received in zip((ana, ben), smtp_server.received, strict=True):
        text = plain_text(received.message)
        assert "\x1a" not in text and "Stop all e-mail" not in text  # its own link is there
        confirm = text.split("/confirm/")[1].split()[0]
        stop = received.message["List-Unsubscribe"].removeprefix("<").removesuffix(">")
        assert f"Stop: {stop}\n" in text
        signature_id, fingerprint = read_signature_token(Purpose.CONFIRM, confirm)
        assert signature_id == signature.id
        assert fingerprint_matches(fingerprint, signature.email_canonical)
        assert read_signature_token(Purpose.UNSUBSCRIBE, stop.rsplit("/", 1)[1])


def test_a_message_whose_links_name_a_deleted_signature_is_not_sent(session, smtp_server) -> None:
    from campaign.signatures.mail import LINK_MARKERS
    from tests.factories import make_appeal, make_signature

    signature = make_signature(session, make_appeal(session))
    message = queue(session, signature=signature, body_text=LINK_MARKERS["confirm_url"])
    session.delete(signature)
    session.commit()
    run_once(session, smtp(smtp_server))
    assert smtp_server.received == []
    session.refresh(message)
    assert message.signature_id is None and message.status is OutboxStatus.CANCELLED
