"""Who is calling the API: a token from `Authorization: Bearer …` (or OSDI's header)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, request

from campaign.api.tokens import find_token
from campaign.audit import record
from campaign.extensions import db
from campaign.models import ApiToken, Scope, utcnow
from campaign.signatures.retry import commit_with_retry

F = TypeVar("F", bound=Callable[..., Any])


def presented_secret() -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("OSDI-API-Token", "").strip()


def current_token() -> ApiToken | None:
    return g.get("api_token")


def presented_token() -> ApiToken | None:
    """The active token whose secret was sent, looked up once per request."""
    if "api_token_found" not in g:
        g.api_token_found = find_token(db.session, presented_secret())
    return g.api_token_found


def token_required(scope: Scope) -> Callable[[F], F]:
    """The view needs a token with `scope`: 401 without a valid token, 403 without the scope.

    Each accepted call is written to the audit log (the endpoint, never the data).
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            token = presented_token()
            if token is None:
                abort(401, "Send a valid API token: Authorization: Bearer <token>.")
            if not token.allows(scope):
                abort(403, f"This token does not have the {scope.value} scope.")
            g.api_token = token

            def note_use() -> None:
                token.last_used_at = utcnow()
                record(
                    db.session,
                    f"api.{request.endpoint.rpartition('.')[2]}",
                    details={"token_id": token.id, "method": request.method, "path": request.path},
                )

            # As a writer from the start: on SQLite the token was read in a transaction that
            # cannot become a writer once another process has committed ("database is
            # locked" at once, whatever the busy timeout), which concurrent callers hit.
            commit_with_retry(db.session, note_use, keep_loaded=True)
            return view(*args, **kwargs)

        wrapped.api_scope = scope  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def rate_limit_key() -> str:
    """Limits count per valid token, per address otherwise: a caller making up a new
    secret for every call is still limited, and the store holds one key per real token."""
    token = presented_token()
    return f"token:{token.id}" if token is not None else f"ip:{request.remote_addr}"
