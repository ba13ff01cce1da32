"""Where messages go: an SMTP server named by MAIL_URL, or .eml files in a folder.

smtp://user:password@host:587?starttls=1   plain SMTP, upgraded with STARTTLS
smtps://user:password@host:465            SMTP over TLS from the start
…?cafile=/etc/ssl/private-ca.pem          trust a private CA (certificates are always checked)
(unset)                                   files in instance/outbox/ (MAIL_OUTBOX_DIR)
"""

from __future__ import annotations

import contextlib
import copy
import os
import smtplib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import idna

from config import ConfigError

# The headers that hold addresses, rewritten with the envelope for a relay without SMTPUTF8.
ADDRESS_HEADERS = ("From", "Sender", "To", "Cc", "Reply-To")


class NeedsSMTPUTF8(smtplib.SMTPNotSupportedError):
    """An address whose local part is not ASCII, and a relay that carries ASCII only:
    no retry will change that (the worker fails the message at once)."""


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
        if not self.client.has_extn("smtputf8"):
            # Addresses are stored as typed (ann@例え.jp); this relay takes only their
            # ASCII form, which every mail system reads as the same domain.
            sender, recipients = ascii_address(sender), [ascii_address(r) for r in recipients]
            message = with_ascii_domains(message)
        refused = self.client.send_message(message, from_addr=sender, to_addrs=recipients)
        if refused and len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)


def ascii_address(address: str) -> str:
    """`address` with its domain in ASCII (IDNA, as email-validator checked it); a
    NeedsSMTPUTF8 error when its local part is not ASCII."""
    if address.isascii():
        return address
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise NeedsSMTPUTF8(
            "the address's local part is not ASCII and the mail server does not offer SMTPUTF8"
        )
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError as error:
        raise NeedsSMTPUTF8(f"the address's domain has no ASCII form ({error})") from None


def with_ascii_domains(message: EmailMessage) -> EmailMessage:
    """A copy of `message` whose address headers have their domains in ASCII.

    A non-ASCII local part in a header (a Reply-To, say) is left as it was: the relay
    takes it as before, and only an envelope address must be ASCII.
    """
    if all(str(message.get(name, "")).isascii() for name in ADDRESS_HEADERS):
        return message
    rewritten = copy.deepcopy(message)  # the caller's message stays as it was built
    for name in ADDRESS_HEADERS:
        header = message.get(name)
        if header is None or str(header).isascii():
            continue
        del rewritten[name]
        rewritten[name] = [_ascii_domain(a) for a in header.addresses]
    return rewritten


def _ascii_domain(address: Address) -> Address:
    try:
        ascii_addr = ascii_address(address.addr_spec)
    except NeedsSMTPUTF8:
        return address
    return Address(address.display_name, addr_spec=ascii_addr)


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
