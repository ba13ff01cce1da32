"""A supporter as an HTTP client: its own loopback source address and session cookie.

Shared by the topology driver and the server tests (tests/reliability), so that both
sign exactly as a browser does: open the appeal, read the form's CSRF token, post.
"""

from __future__ import annotations

import http.client
import re
import threading
import urllib.parse
from dataclasses import dataclass, field

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ACKNOWLEDGED = (200, 302, 303)


@dataclass
class Supporter:
    port: int
    ip: str = "127.0.0.1"
    slug: str = "kem-sokha"
    cookie: str = ""
    token: str = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.ip, 0)
        )
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            cookie = response.getheader("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()

    def sign(self, email: str, name: str = "Test Supporter") -> int | None:
        """Open the appeal (once) and sign it; the status, or None when the server was away."""
        try:
            if not self.token:
                status, page = self.request("GET", f"/a/{self.slug}")
                match = TOKEN.search(page)
                if status != 200 or not match:
                    return status
                self.token = match.group(1)
            form = {"csrf_token": self.token, "name": name, "email": email, "country": "GB"}
            status, _ = self.request("POST", f"/a/{self.slug}/sign", urllib.parse.urlencode(form))
        except (OSError, http.client.HTTPException):
            # The server went away, possibly halfway through a response (IncompleteRead):
            # the supporter saw an error page, so the request was not acknowledged.
            self.token = ""  # a new server process: start again from the page
            return None
        return status


@dataclass
class Tally:
    """What the clients were told, e-mail by e-mail."""

    acknowledged: list[str] = field(default_factory=list)
    statuses: list[int | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, email: str, status: int | None) -> None:
        with self.lock:
            self.statuses.append(status)
            if status in ACKNOWLEDGED:
                self.acknowledged.append(email)

    @property
    def failed(self) -> int:
        return sum(1 for s in self.statuses if s not in ACKNOWLEDGED)


def client_address(i: int) -> str:
    """A distinct loopback address per client, so per-IP limits see separate people."""
    return f"127.0.{1 + i // 200}.{10 + i % 200}"


def sign_in_threads(
    port: int,
    emails_per_client: list[list[str]],
    tally: Tally,
    stop: threading.Event | None = None,
) -> None:
    """One thread per client, each signing its e-mails in order, until `stop` is set."""

    def run(i: int, emails: list[str]) -> None:
        supporter = Supporter(port=port, ip=client_address(i))
        for email in emails:
            if stop is not None and stop.is_set():
                return
            tally.add(email, supporter.sign(email))

    threads = [
        threading.Thread(target=run, args=(i, emails)) for i, emails in enumerate(emails_per_client)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
