"""Flask-Login wiring: loading the user from the session, and where anonymous users go."""

from __future__ import annotations

from flask import Flask, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from campaign.extensions import db, login_manager
from campaign.models import User


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def load_user(session_token: str) -> User | None:
    """Find the account by the token its session holds; a rotated token logs it out."""
    user = db.session.scalar(select(User).where(User.session_token == session_token))
    return user if user is not None and user.active else None


def current_account() -> User:
    """The logged-in account itself (not Flask-Login's proxy), for services and the audit log."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def wants_json() -> bool:
    """Whether the client asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json" or request.path.startswith("/api/")


def unauthorized() -> ResponseReturnValue:
    """Send an anonymous visitor to the login page, remembering where they were going."""
    if wants_json():
        return jsonify(error="unauthorized", message=_("Log in to continue.")), 401
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=target))
