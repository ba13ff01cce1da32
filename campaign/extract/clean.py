"""Clean-up: HTML, Markdown, shortcodes and site boilerplate to plain paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "pre",
    "dd",
    "dt",
    "dl",
    "main",
    "aside",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "nav", "button", "form"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

LOOKS_HTML = re.compile(
    r"</?(?:p|div|br|a|span|h[1-6]|li|ul|ol|strong|em|b|i|img|figure|"
    r"script|style|blockquote|table|section|article)\b[^>]*>",
    re.I,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
CAPTION = re.compile(r"\[caption[^\]]*\].*?\[/caption\]", re.S | re.I)
WP_TAG = re.compile(r"\[/?[a-z_]+(?:\s+[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+))*\s*/?\](?!\()")
MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
MD_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$")
URL = re.compile(r"<?\bhttps?://\S+>?|\bwww\.\S+\.\S+")
EMPHASIS = re.compile(r"(\*\*|__|\*|~~|`)(?=\S)(.+?)(?<=\S)\1")
UNDERSCORE_EM = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
BULLET = re.compile(r"^\s*(?:[-*+•▪●◦·]|\d{1,3}[.)]|\(?[a-z]\)|\([ivx]+\))\s+(?=\S)")
QUOTE = re.compile(r"^\s*(?:>\s?)+")
RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")

BOILERPLATE = re.compile(
    r"^(?:donate\b.{0,60}|share(?: this| on)?\b.{0,40}|follow us\b.{0,40}|subscribe\b.{0,60}|"
    r"sign up\b.{0,60}|tweet\b.{0,20}|print\b.{0,10}|e-?mail\b.{0,10}|read more\b.{0,60}|"
    r"related\b.{0,40}|tags?:.*|posted (?:in|by|on)\b.{0,80}|filed under\b.*|skip to\b.*|"
    r"menu|home|search|close|back to top|click here\b.{0,40}|(?:©|copyright)\b.*|"
    r"(?:press|news|media) release|for immediate release|(?:•\s*)?press release|"
    r"statement|news|video|report|photo\b.{0,60}|image\b.{0,60}|"
    r"(?:\w+\s*\|\s*){2,}\w+.*)$",
    re.I,
)


@dataclass(frozen=True)
class Block:
    """A paragraph of the cleaned text: [start, end) and its kind (heading, item, text)."""

    start: int
    end: int
    kind: str


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML fragment, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in HEADING_TAGS:
            self.parts.append("\n\n## ")
        elif tag == "li":
            self.parts.append("\n* ")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Drop tags, scripts and styles; turn entities into characters."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except Exception:
        return re.sub(r"<[^>]+>", " ", text)
    return "".join(parser.parts)


def strip_inline(line: str) -> str:
    """Remove inline Markdown: images, links, emphasis, bare URLs."""
    if "&" in line:
        line = unescape(line)
    if "[" in line:  # most lines have no Markdown: skip the patterns they cannot match
        line = MD_IMAGE.sub("", line)
        for _ in range(2):  # nested links such as [[link](url)]
            line = MD_LINK.sub(r"\1", line)
        line = MD_REF_LINK.sub(r"\1", line)
    if "http" in line or "www." in line:
        line = URL.sub("", line)
    if "*" in line or "_" in line or "~" in line or "`" in line:
        for _ in range(2):
            line = EMPHASIS.sub(r"\2", line)
        line = UNDERSCORE_EM.sub(r"\1", line)
    line = line.replace("\\", "")
    if "[" in line:
        line = re.sub(r"\[\s*(?:link|here|pdf|source)?\s*\]", "", line, flags=re.I)
    return SPACES.sub(" ", line).strip()


def classify_line(raw: str) -> tuple[str, str]:
    """Return (kind, text) for one source line: heading, item, text or skip."""
    if RULE.match(raw) or MD_REF_DEF.match(raw) or raw.strip().startswith("|-"):
        return "skip", ""
    kind = "text"
    line = QUOTE.sub("", raw)
    heading = HEADING.match(line)
    if heading:
        kind, line = "heading", heading.group(1)
    elif BULLET.match(line):
        kind, line = "item", BULLET.sub("", line, count=1)
    if is_boilerplate(strip_inline(line)):
        return "skip", ""
    line = strip_inline(line.replace("|", " ") if line.count("|") > 1 else line)
    if not re.search(r"\w", line) or is_boilerplate(line):
        return "skip", ""
    return kind, line


def is_boilerplate(line: str) -> bool:
    """Site furniture: donate buttons, share links, menus, kickers."""
    bare = line.strip(" •*-–—:|>").strip()
    return len(bare) < 90 and bool(BOILERPLATE.match(bare))


def clean(text: str) -> tuple[str, list[Block]]:
    """Turn a pasted release into plain paragraphs; return the text and its blocks."""
    text = CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CAPTION.sub("\n", SHORTCODE.sub("\n", text))
    if LOOKS_HTML.search(text):
        text = html_to_text(text)
    text = WP_TAG.sub(" ", text)
    return assemble(drop_captions([classify_line(raw) for raw in text.split("\n")]))


# A photo's credit line ("© 2019 Private", "Photo: AFP"), which follows its caption.
CREDIT = re.compile(r"^(?:©|\(c\)\s|(?:photo(?:graph)?|image)\s*(?:credit)?\s*:|credit\s*:)", re.I)


def drop_captions(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Without a photo's credit line and the caption just before it: a page copied from
    a news site has them above the text, where they would be read as its title."""
    kept: list[tuple[str, str]] = []
    for kind, line in lines:
        if kind != "skip" and len(line) < 120 and CREDIT.match(line):
            before = next((i for i in range(len(kept) - 1, -1, -1) if kept[i][0] != "skip"), None)
            if before is not None and kept[before][0] == "text" and len(kept[before][1]) < 300:
                kept[before] = ("skip", "")
            kind, line = "skip", ""
        kept.append((kind, line))
    return kept


def assemble(lines) -> tuple[str, list[Block]]:
    """Join classified lines into blocks; soft-wrapped text lines join their paragraph."""
    paragraphs: list[list[str]] = []  # [kind, text]
    open_para = False
    for kind, line in lines:
        if kind == "skip":
            open_para = False
            continue
        joins = (
            open_para
            and kind == "text"
            and paragraphs[-1][0] in ("text", "item")
            and not re.search(r"[.!?:;\"”’)]$", paragraphs[-1][1])
            and line[:1].islower()
        )
        if joins:
            paragraphs[-1][1] += " " + line
        else:
            paragraphs.append([kind, line])
        open_para = True
    out: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, line in paragraphs:
        if out:
            pos += 2
        blocks.append(Block(pos, pos + len(line), kind))
        out.append(line)
        pos += len(line)
    return "\n\n".join(out), blocks
