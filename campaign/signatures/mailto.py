"""mailto: links (RFC 6068) that mail apps open with the letter filled in."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

ELLIPSIS = "\n\n[…]"


def encode(value: str) -> str:
    """Percent-encode UTF-8, every reserved character included; line breaks as CRLF."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return quote(text, safe="")


def _address_list(addresses: Sequence[str]) -> str:
    return ",".join(quote(a.strip(), safe="@") for a in addresses if a.strip())


def mailto_url(
    to: Sequence[str],
    subject: str,
    body: str,
    *,
    cc: Sequence[str] = (),
    max_length: int = 2000,
) -> tuple[str, bool]:
    """The link, and whether the body had to be cut to fit `max_length` characters.

    Mail apps (Outlook on Windows in particular) refuse links beyond about 2,000
    characters; a cut body ends with "[…]" and the page offers the full text.
    """

    def build(text: str) -> str:
        fields = [f"subject={encode(subject)}"]
        if cc:
            fields.append(f"cc={_address_list(cc)}")
        fields.append(f"body={encode(text)}")
        return f"mailto:{_address_list(to)}?{'&'.join(fields)}"

    url = build(body)
    if len(url) <= max_length:
        return url, False
    low, high = 0, len(body)  # the longest prefix that fits, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if len(build(_cut(body, middle) + ELLIPSIS)) <= max_length:
            low = middle
        else:
            high = middle - 1
    return build(_cut(body, low) + ELLIPSIS), True


def _cut(body: str, length: int) -> str:
    """The first `length` characters, ended at a word boundary when there is one."""
    prefix = body[:length]
    if length < len(body):
        boundary = max(prefix.rfind(" "), prefix.rfind("\n"))
        if boundary > length // 2:
            prefix = prefix[:boundary]
    return prefix.rstrip()
