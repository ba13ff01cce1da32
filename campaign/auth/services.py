"""Account services: take a Session, never commit."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from campaign.audit import record
from campaign.models import Role, User
from campaign.models.user import new_session_token


@cache
def _dummy_hash() -> str:
    """Checked against when the account does not exist, so that a wrong address costs the
    same time as a wrong password and the two cannot be told apart. Made on first use, not
    at import: scrypt takes 32 MB and a tenth of a second, in every app process."""
    return generate_password_hash("not a password of anyone's")


MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request about an account that cannot be met; the message is for the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(session: Session, email: str, password: str, *, now: datetime) -> User | None:
    """Return the active account for these credentials, or None, in similar time either way."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        User(password_hash=_dummy_hash()).check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = now
    record(session, "user.login", user=user)
    return user


def end_sessions(session: Session, user: User) -> None:
    """Log the account out everywhere by rotating the token its sessions hold."""
    user.session_token = new_session_token()
    record(session, "user.logout", user=user)


def create_user(session: Session, email: str, password: str, role: Role, *, name: str = "") -> User:
    """Add a staff account, refusing a taken address or a short password."""
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"an account for {email} exists already")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    session.add(user)
    session.flush()
    record(session, "user.create", details={"user_id": user.id, "role": role.value})
    return user


def change_password(session: Session, email: str, password: str) -> User:
    """Set a new password, which also ends every session of the account."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise AccountError(f"there is no account for {email}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    user.set_password(password)
    record(session, "user.password_change", user=user)
    return user


def safe_next(target: str | None) -> str | None:
    """Accept a `next` URL only when it stays on this site (a relative path)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target
