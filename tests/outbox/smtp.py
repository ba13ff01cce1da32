"""A real SMTP server (aiosmtpd) on a free loopback port, recording what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    raw: bytes = b""


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)
    # Replies to give instead of accepting, one per message, e.g. "451 try later".
    replies: list[str] = field(default_factory=list)
    refuse_recipients: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse_recipients:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.replies:
            return self.replies.pop(0)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message, envelope.content)
        )
        return "250 Message accepted"


@dataclass
class SMTPServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_smtp_server(*, smtputf8: bool = True) -> Iterator[SMTPServer]:
    """An SMTP server recording what it receives, for as long as the block runs;
    smtputf8=False: a relay that takes ASCII addresses only, as many still do."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
    controller.start()
    try:
        yield SMTPServer("127.0.0.1", port, handler)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def ascii_smtp_server() -> Iterator[SMTPServer]:
    with running_smtp_server(smtputf8=False) as server:
        yield server


def plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "no text/plain part"
    return part.get_content().replace("\r\n", "\n")
