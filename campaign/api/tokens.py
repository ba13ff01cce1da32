"""API tokens: created by admins, shown once, stored hashed, revocable. Services never commit."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.audit import record
from campaign.models import ApiToken, Scope, User

TOKEN_PREFIX = "cmp_"  # noqa: S105 (marks our tokens; not a secret)


class TokenRefused(ValueError):
    """A token request that cannot be met; the message is for the admin."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, name: str, scopes: Iterable[Scope], *, user: User | None, now: datetime
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown to the admin now and never again."""
    scopes = sorted({s.value for s in scopes})
    if not name.strip():
        raise TokenRefused("Give the token a name, e.g. the site or CRM that will use it.")
    if not scopes:
        raise TokenRefused("Choose at least one scope.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip()[:120],
        token_hash=digest(secret),
        prefix=secret[:10],
        scopes=scopes,
        created_by=user,
        created_at=now,
    )
    session.add(token)
    session.flush()
    record(session, "api.token_create", user=user, details={"token_id": token.id, "scopes": scopes})
    return token, secret


def revoke_token(session: Session, token: ApiToken, *, user: User | None, now: datetime) -> None:
    if token.revoked_at is None:
        token.revoked_at = now
        record(session, "api.token_revoke", user=user, details={"token_id": token.id})


def find_token(session: Session, secret: str) -> ApiToken | None:
    """The active token with this secret, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    return token if token is not None and token.active else None


def list_tokens(session: Session) -> Sequence[ApiToken]:
    return session.scalars(
        select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    ).all()
