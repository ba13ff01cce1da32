"""Where messages go: an SMTP server named by MAIL_URL, or .eml files in a folder.

smtp://user:password@host:587?starttls=1   plain SMTP, upgraded with STARTTLS
smtps://user:password@host:465            SMTP over TLS from the start
…?cafile=/etc/ssl/private-ca.pem          trust a private CA (certificates are always checked)
(unset)                                   files in instance/outbox/ (MAIL_OUTBOX_DIR)
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from config import ConfigError


class Connection(Protocol):
    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None: ...


class Transport(Protocol):
    def open(self) -> contextlib.AbstractContextManager[Connection]: ...


@dataclass(frozen=True)
class FileTransport:
    """The embedded default: each message as an .eml file, for a person to open."""

    directory: Path

    @contextlib.contextmanager
    def open(self) -> Iterator[FileTransport]:
        self.directory.mkdir(parents=True, exist_ok=True)
        yield self

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None:
        name = (message["Message-ID"] or "message").strip("<>").replace("/", "_")
        path = self.directory / f"{name}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(message.as_bytes())
        os.replace(temporary, path)  # never a half-written file


@dataclass(frozen=True)
class SMTPTransport:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: bool = False  # smtps: TLS from the first byte
    starttls: bool = False
    timeout: float = 30
    cafile: str | None = None  # a private CA to trust instead of the system's

    @contextlib.contextmanager
    def open(self) -> Iterator[SMTPConnection]:
        context = ssl.create_default_context(cafile=self.cafile)
        client: smtplib.SMTP
        if self.tls:
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            client.ehlo()
            if self.starttls:
                client.starttls(context=context)
                client.ehlo()
            if self.username:
                client.login(self.username, self.password or "")
            yield SMTPConnection(client)
        finally:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                client.quit()


@dataclass(frozen=True)
class SMTPConnection:
    client: smtplib.SMTP

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None:
        refused = self.client.send_message(message, from_addr=sender, to_addrs=recipients)
        if refused and len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)


def transport_from_settings(mail_url: str | None, outbox_dir: str, timeout: float) -> Transport:
    """The transport MAIL_URL names; a ConfigError for a URL that cannot be used."""
    if not mail_url:
        return FileTransport(Path(outbox_dir))
    parts = urlsplit(mail_url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(
            f"MAIL_URL={_without_password(mail_url)!r} is not smtp://host:port or smtps://host:port"
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    secure = parts.scheme == "smtps"
    return SMTPTransport(
        host=parts.hostname,
        port=parts.port or (465 if secure else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=secure,
        starttls=query.get("starttls", "0").lower() in ("1", "true", "yes"),
        timeout=float(query.get("timeout", timeout)),
        cafile=query.get("cafile") or None,
    )


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
