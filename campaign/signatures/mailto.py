"""mailto: links (RFC 6068) that mail apps open with the letter filled in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    own: str = "",
) -> tuple[str, bool]:
    """The link, and whether the body had to be shortened to fit `max_length` characters.

    Mail apps (Outlook on Windows in particular) refuse links beyond about 2,000
    characters. A letter too long is shortened where it matters least: first the
    supporter's `own` paragraph, then the text before the closing; the closing and the
    name are always kept, and "[…]" marks the cut. The page offers the full text.
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
    head, closing = _split_closing(body)
    start = head.rfind(own) if own else -1
    if start >= 0:
        before, after = head[:start], head[start + len(own) :]
        url = _longest(
            build, lambda n: _own(before, _cut(own, n), after) + closing, len(own), max_length
        )
        if url is not None:
            return url, True
        head = before + MARK + after  # even without it the letter is too long
    url = _longest(build, lambda n: _cut(head, n) + ELLIPSIS + closing, len(head), max_length)
    if url is None:  # a closing longer than the link itself: the letter's beginning, then
        url = _longest(build, lambda n: _cut(body, n) + ELLIPSIS, len(body), max_length)
    return url or build(MARK), True


MARK = "[…]"
# The closing kept whole when a letter is shortened: up to this many short paragraphs at
# its end (the model letter's "Yours sincerely," then the name and place).
CLOSING_PARAGRAPHS = 2
CLOSING_MAX_CHARS = 200


def _own(before: str, kept: str, after: str) -> str:
    """The letter with the supporter's paragraph cut to `kept`, "[…]" where it was cut."""
    return before + (f"{kept} {MARK}" if kept else MARK) + after


def _split_closing(body: str) -> tuple[str, str]:
    """The body before its closing, and the closing with the blank line before it."""
    paragraphs = body.rstrip().split("\n\n")
    count = 0
    while (
        count < min(CLOSING_PARAGRAPHS, len(paragraphs) - 1)
        and len(paragraphs[-1 - count]) <= CLOSING_MAX_CHARS
    ):
        count += 1
    if count == 0:
        return body, ""
    return "\n\n".join(paragraphs[:-count]), "\n\n" + "\n\n".join(paragraphs[-count:])


def _longest(
    build: Callable[[str], str], text: Callable[[int], str], length: int, max_length: int
) -> str | None:
    """The link for text(n) with the largest n ≤ length that fits in `max_length`, found by
    bisection; None when not even text(0) fits."""
    if len(build(text(0))) > max_length:
        return None
    low, high = 0, length
    while low < high:
        middle = (low + high + 1) // 2
        if len(build(text(middle))) <= max_length:
            low = middle
        else:
            high = middle - 1
    return build(text(low))


def _cut(body: str, length: int) -> str:
    """The first `length` characters, ended at a word boundary when there is one."""
    prefix = body[:length]
    if length < len(body):
        boundary = max(prefix.rfind(" "), prefix.rfind("\n"))
        if boundary > length // 2:
            prefix = prefix[:boundary]
    return prefix.rstrip()
