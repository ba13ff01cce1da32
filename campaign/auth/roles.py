"""Role checks for whole blueprints and single views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from campaign.extensions import login_manager
from campaign.models import Role

F = TypeVar("F", bound=Callable[..., Any])

# blueprint name -> roles allowed in it (admins always are); read by the tests
# that walk every route, so a blueprint without an entry is noticed.
BLUEPRINT_ROLES: dict[str, tuple[Role, ...]] = {}


def check_roles(roles: tuple[Role, ...]) -> ResponseReturnValue | None:
    """None when the current user may pass; otherwise the response that stops them."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(*roles):
        abort(403)
    return None


def require_roles(bp: Blueprint, *roles: Role) -> None:
    """Guard every route of `bp`: anonymous users log in first, other roles get 403."""
    BLUEPRINT_ROLES[bp.name] = roles

    @bp.before_request
    def guard() -> ResponseReturnValue | None:
        return check_roles(roles)

    @bp.after_request
    def not_kept(response: Response) -> Response:
        # Signers' names and addresses, drafts, secrets: not for the browser's cache or
        # its Back button on a shared computer. A view that means otherwise sets its own.
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def role_required(*roles: Role) -> Callable[[F], F]:
    """Guard one view in a blueprint that is otherwise open."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            stop = check_roles(roles)
            return stop if stop is not None else view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
