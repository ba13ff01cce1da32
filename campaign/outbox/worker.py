"""Sending the outbox: claim due messages, send each, record the outcome.

Several workers may run at once on PostgreSQL: claiming locks rows with
SKIP LOCKED and pushes them a lease ahead, so no message goes twice. On SQLite
run one worker. A worker killed mid-send leaves its messages to be tried again
when the lease ends (at-least-once, with the same Message-ID).
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.database import begin_write
from campaign.models import Outbox, OutboxStatus, utcnow
from campaign.outbox.supporters import as_sent, stopped
from campaign.outbox.transport import NeedsSMTPUTF8, Transport, transport_from_settings
from campaign.webhooks import delivery as webhook_delivery

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)
BATCH = 50
# Long header lines are allowed (up to 998 characters): folding a long URL would turn
# List-Unsubscribe into an encoded word that mail apps do not read.
MESSAGE_POLICY = policy.SMTP.clone(max_line_length=998)


@dataclass
class RunResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    bounced: int = 0
    ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed + self.bounced


def claim_due(session: Session, *, now: datetime, limit: int = BATCH) -> Sequence[Outbox]:
    """Take up to `limit` due messages for this worker (rows locked on PostgreSQL)."""
    query = (
        select(Outbox)
        .where(Outbox.status == OutboxStatus.PENDING, Outbox.next_attempt_at <= now)
        .order_by(Outbox.next_attempt_at, Outbox.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    messages = session.scalars(query).all()
    for message in messages:
        message.attempts += 1
        message.next_attempt_at = now + LEASE
    return messages


def build_message(message: Outbox, sender: str) -> EmailMessage:
    """The RFC 5322 message for an outbox row: plain text first, HTML as an alternative."""
    email = EmailMessage(policy=MESSAGE_POLICY)
    email["From"] = sender
    email["To"] = message.to_addr
    if message.cc:
        email["Cc"] = ", ".join(message.cc)
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    subject, body, headers = as_sent(message)
    email["Subject"] = subject
    email["Date"] = format_datetime(message.created_at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # Stable across retries, so a receiver can drop a copy that went twice.
    email["Message-ID"] = f"<outbox-{message.id}-{int(message.created_at.timestamp())}@{domain}>"
    for name, value in headers.items():
        email[name] = value
    email.set_content(body)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def backoff(attempts: int, base_seconds: int) -> timedelta:
    """base, 2×base, 4×base … after each failed attempt, at most 6 hours."""
    return min(MAX_BACKOFF, timedelta(seconds=base_seconds * 2 ** max(0, attempts - 1)))


def record_failure(
    message: Outbox,
    error: Exception,
    *,
    now: datetime,
    max_attempts: int,
    base_seconds: int,
) -> OutboxStatus:
    """Schedule a retry, or give up; a refused recipient is a bounce at once."""
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    permanent = _is_permanent(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused) and permanent:
        message.status = OutboxStatus.BOUNCED
    elif permanent or message.attempts >= max_attempts:
        message.status = OutboxStatus.FAILED
    else:
        message.next_attempt_at = now + backoff(message.attempts, base_seconds)
    return message.status


def _is_permanent(error: Exception) -> bool:
    """5xx replies will not change on retry; 4xx and network errors may. Nor will a
    relay without SMTPUTF8 learn it: an address it cannot carry fails at once."""
    if isinstance(error, NeedsSMTPUTF8):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def run_once(session: Session, transport: Transport, *, now: datetime | None = None) -> RunResult:
    """Send what is due now; commits after the claim and after each message."""
    config = current_app.config
    now = now or utcnow()
    begin_write(session)  # SQLite: the claim is one short write transaction
    messages = claim_due(session, now=now)
    session.commit()  # the claim is visible to other workers before anything is sent
    result = RunResult()
    if not messages:
        return result
    sender = config["MAIL_FROM"]
    envelope_from = parseaddr(sender)[1]
    try:
        with transport.open() as connection:
            for message in messages:
                _send_one(session, connection, message, sender, envelope_from, result)
    except (smtplib.SMTPException, OSError) as error:  # could not connect at all
        begin_write(session)
        for message in messages:
            if message.status is OutboxStatus.PENDING and message.id not in result.ids:
                _count(result, _fail(message, error, now=utcnow()))
                result.ids.append(message.id)
        session.commit()
    return result


def _send_one(session, connection, message, sender, envelope_from, result) -> None:
    """Send one claimed message, then record the outcome in a short write transaction.

    Nothing is locked while the SMTP server is talking: on SQLite the write lock
    (which signing needs too) is taken only to record what happened.
    """
    error: Exception | None = None
    if stopped(message):  # unsubscribed or deleted since it was queued
        status = OutboxStatus.CANCELLED
    else:
        status = OutboxStatus.SENT
        email, recipients = build_message(message, sender), [message.to_addr, *message.cc]
        try:
            connection.send(email, envelope_from, recipients)
        except (smtplib.SMTPException, OSError, ValueError) as failure:
            if isinstance(failure, smtplib.SMTPServerDisconnected | ConnectionError):
                raise  # the connection is gone: the rest of the batch fails the same way
            error = failure
    begin_write(session)
    if error is not None:
        _count(result, _fail(message, error, now=utcnow()))
    elif status is OutboxStatus.CANCELLED:
        message.status = status
        message.last_error = "the supporter unsubscribed or had their data deleted"
    else:
        message.status = status
        message.sent_at = utcnow()
        message.last_error = None
        result.sent += 1
        log.info(
            "outbox %s: %s sent",
            message.id,
            message.kind,
            extra={"fields": {"outbox": message.id, "kind": message.kind}},
        )
    result.ids.append(message.id)
    session.commit()


def _fail(message: Outbox, error: Exception, *, now: datetime) -> OutboxStatus:
    config = current_app.config
    log.warning("outbox %s: attempt %s failed: %s", message.id, message.attempts, error)
    status = record_failure(
        message,
        error,
        now=now,
        max_attempts=int(config["MAIL_MAX_ATTEMPTS"]),
        base_seconds=int(config["MAIL_RETRY_SECONDS"]),
    )
    if status is OutboxStatus.FAILED:
        # Given up: someone should look (outbox.last_error keeps the reason).
        log.error("outbox %s: %s not sent, given up: %s", message.id, message.kind, error)
    return status


def _count(result: RunResult, status: OutboxStatus) -> None:
    if status is OutboxStatus.BOUNCED:
        result.bounced += 1
    elif status is OutboxStatus.FAILED:
        result.failed += 1
    else:
        result.retried += 1


def app_transport(app: Flask | None = None) -> Transport:
    """The transport the app's settings name."""
    app = app or current_app
    config = app.config
    outbox_dir = config.get("MAIL_OUTBOX_DIR") or str(Path(app.instance_path) / "outbox")
    return transport_from_settings(
        config.get("MAIL_URL"), outbox_dir, float(config["MAIL_TIMEOUT_SECONDS"])
    )


def one_round(session: Session, transport: Transport) -> RunResult:
    """What a worker does each time it looks: the mail that is due, then the webhook
    deliveries (the dev server's thread and `flask campaign worker` alike)."""
    result = run_once(session, transport)
    webhook_delivery.run_once(session)
    return result


def drain(session: Session, transport: Transport) -> RunResult:
    """Run until nothing is due (for `--once` and tests)."""
    total = RunResult()
    while True:
        result = run_once(session, transport)
        if not result.total:
            return total
        total.sent += result.sent
        total.retried += result.retried
        total.failed += result.failed
        total.bounced += result.bounced
        total.ids += result.ids
        if result.sent == 0 and result.failed == 0 and result.bounced == 0:
            return total  # only retries, scheduled later: nothing more is due now


_thread_lock = threading.Lock()
_threads: dict[int, tuple[threading.Thread, threading.Event]] = {}


def start_background_worker(app: Flask) -> None:
    """Run the worker in a daemon thread of this process (the dev server's embedded mode)."""
    with _thread_lock:
        if id(app) in _threads:
            return
        stop = threading.Event()
        thread = threading.Thread(
            target=_loop, args=(app, stop), name="campaign-outbox-worker", daemon=True
        )
        _threads[id(app)] = (thread, stop)
        thread.start()


def stop_background_worker(app: Flask, timeout: float = 10) -> None:
    """Stop the thread started for `app`, after the round it is in."""
    with _thread_lock:
        entry = _threads.pop(id(app), None)
    if entry is not None:
        thread, stop = entry
        stop.set()
        thread.join(timeout)


def _loop(app: Flask, stop: threading.Event) -> None:
    from campaign.extensions import db

    interval = float(app.config["MAIL_WORKER_INTERVAL_SECONDS"])
    while not stop.is_set():
        with app.app_context():
            try:
                one_round(db.session, app_transport(app))
            except Exception:  # keep the thread alive; the error is in the log
                log.exception("outbox worker thread")
                db.session.rollback()
            finally:
                db.session.remove()
        stop.wait(interval)
