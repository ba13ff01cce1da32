"""SMTP with TLS: STARTTLS with a login, and TLS from the first byte (smtps), against a
real aiosmtpd server with a certificate made for the test."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from campaign.models import OutboxStatus, utcnow
from campaign.outbox.services import queue_email
from campaign.outbox.transport import transport_from_settings
from campaign.outbox.worker import run_once
from tests.outbox.smtp import RecordingHandler, free_port

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


LOGINS: list[tuple[bytes, bytes]] = []


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    LOGINS.append((auth_data.login, auth_data.password))
    return AuthResult(success=auth_data.password == b"p@ss word")


@pytest.fixture
def starttls_server(certificate) -> Iterator[tuple[int, RecordingHandler]]:
    handler, port = RecordingHandler(), free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context(certificate),
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    )
    controller.start()
    yield port, handler
    controller.stop()


@pytest.fixture
def smtps_server(certificate) -> Iterator[tuple[int, RecordingHandler]]:
    handler, port = RecordingHandler(), free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, ssl_context=server_context(certificate)
    )
    controller.start()
    yield port, handler
    controller.stop()


def queue(session) -> None:
    queue_email(
        session, kind="t", to="ana@example.org", subject="S", body_text="Hello\n", now=utcnow()
    )
    session.commit()


def test_starttls_with_a_login(session, certificate, starttls_server) -> None:
    port, handler = starttls_server
    queue(session)
    url = f"smtp://ana%40example.org:p%40ss%20word@127.0.0.1:{port}?starttls=1&cafile={certificate[0]}"
    result = run_once(session, transport_from_settings(url, "", 5))
    assert result.sent == 1, session.scalar(
        __import__("sqlalchemy").text("select last_error from outbox")
    )
    assert LOGINS[-1] == (b"ana@example.org", b"p@ss word")
    assert [r.recipients for r in handler.received] == [["ana@example.org"]]


def test_smtps_from_the_first_byte(session, certificate, smtps_server) -> None:
    port, handler = smtps_server
    queue(session)
    url = f"smtps://127.0.0.1:{port}?cafile={certificate[0]}"
    assert run_once(session, transport_from_settings(url, "", 5)).sent == 1
    assert len(handler.received) == 1


def test_an_untrusted_certificate_is_refused_and_retried_later(session, smtps_server) -> None:
    from sqlalchemy import select

    from campaign.models import Outbox

    port, handler = smtps_server
    queue(session)
    result = run_once(session, transport_from_settings(f"smtps://127.0.0.1:{port}", "", 5))
    assert result.retried == 1 and handler.received == []
    message = session.scalars(select(Outbox)).one()
    assert (
        message.status is OutboxStatus.PENDING and "CERTIFICATE_VERIFY_FAILED" in message.last_error
    )
