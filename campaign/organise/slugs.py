"""Slugs: short, readable, unique addresses for appeals."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.models import Appeal

MAX_LENGTH = 60
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """'Cambodia: Release of Kem Sokha…' → 'cambodia-release-of-kem-sokha…', cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            break
        slug = candidate
    return slug or (words[0][:MAX_LENGTH] if words else "appeal")


def is_valid_slug(slug: str) -> bool:
    return len(slug) <= MAX_LENGTH + 4 and bool(SLUG_PATTERN.match(slug))


def slug_taken(session: Session, slug: str, *, except_id: int | None = None) -> bool:
    query = select(Appeal.id).where(Appeal.slug == slug)
    if except_id is not None:
        query = query.where(Appeal.id != except_id)
    return session.scalar(query) is not None


def unique_slug(session: Session, base: str, *, except_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free (for the appeal `except_id`)."""
    slug, n = base, 1
    while slug_taken(session, slug, except_id=except_id):
        n += 1
        slug = f"{base}-{n}"
    return slug


def made_from(slug: str, title: str) -> bool:
    """Whether `slug` is the one `title` gave (`unique_slug` may have numbered it)."""
    base = slugify(title)
    return slug == base or bool(re.fullmatch(re.escape(base) + r"-\d+", slug))
