"""Which web origins may embed an appeal's form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DEFAULT_PORTS = {"https": 443, "http": 80}
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")


class OriginRefused(ValueError):
    """A listed origin that is not one. The message is English (this module knows no
    catalogue); `line` is what the organiser typed, for the page to word it in theirs."""

    def __init__(self, line: str) -> None:
        super().__init__(f"“{line}” is not a web address such as https://example.org.")
        self.line = line


def parse_origins(text: str) -> list[str]:
    """Origins, one a line ("https://example.org", a path or trailing slash is dropped)."""
    origins: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        parts = urlsplit(line if "://" in line else "https://" + line)
        origin = normalise(f"{parts.scheme}://{parts.netloc}")
        if not ORIGIN.match(origin):
            raise OriginRefused(line)
        if origin not in origins:
            origins.append(origin)
    return origins


def normalise(origin: str) -> str:
    """An origin as a browser sends it in `Origin`: lower case, without the default port
    of its scheme (browsers never send https://example.org:443)."""
    origin = origin.strip().lower()
    scheme = origin.partition("://")[0]
    rest, colon, port = origin.rpartition(":")
    if colon and "://" in rest and port.isdigit() and int(port) == DEFAULT_PORTS.get(scheme):
        return rest
    return origin


def allowed(origin: str | None, listed: list[str]) -> bool:
    """Whether `origin` is one of the listed sites (lists saved before they were
    normalised may still hold an upper-case host or a default port)."""
    return bool(origin) and normalise(origin) in {normalise(item) for item in listed}
