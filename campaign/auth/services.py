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
from campaign.signatures.addresses import InvalidEmail
from campaign.signatures.addresses import normalise_email as checked_email


@cache
def _dummy_hash() -> str:
    """Checked against when the account does not exist, so that a wrong address costs the
    same time as a wrong password and the two cannot be told apart. Made on first use, not
    at import: scrypt takes 32 MB and a tenth of a second, in every app process."""
    return generate_password_hash("not a password of anyone's")


MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request about an account that cannot be met; the message is for the user."""


class OwnAccount(AccountError):
    """An admin tried to demote or deactivate their own account."""


class LastAdmin(AccountError):
    """The change would leave no active admin, and so no one to manage the accounts."""


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


def check_new_password(password: str, email: str) -> None:
    """AccountError unless `password` may be set for the account `email`.

    Blank passwords are refused as well as short ones: the login form drops an entry of
    only spaces, so such an account could never log in. So is one that is, or holds, the
    address, which anyone who knows the address would try first.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise AccountError("the password must not be only spaces")
    folded, address = password.strip().casefold(), email.casefold()
    if address in folded or folded in address:
        raise AccountError("the password must not be the e-mail address or part of it")


def create_user(session: Session, email: str, password: str, role: Role, *, name: str = "") -> User:
    """Add a staff account, refusing a taken or malformed address, or a weak password."""
    try:  # checked as the sign form checks it, short of asking DNS
        email = normalise_email(checked_email(email))
    except InvalidEmail as error:
        raise AccountError(f"{email.strip()!r} is not an e-mail address: {error}") from None
    check_new_password(password, email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"an account for {email} exists already")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    session.add(user)
    session.flush()
    record(session, "user.create", details={"user_id": user.id, "role": role.value})
    return user


def find_user(session: Session, email: str) -> User:
    """The account with this address, or AccountError."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise AccountError(f"there is no account for {email}")
    return user


def change_password(session: Session, email: str, password: str) -> User:
    """Set a new password, which also ends every session of the account."""
    user = find_user(session, email)
    check_new_password(password, user.email)
    user.set_password(password)
    record(session, "user.password_change", user=user)
    return user


def list_users(session: Session) -> list[User]:
    """Every account, by address: the order an admin looks a person up in."""
    return list(session.scalars(select(User).order_by(User.email)))


def set_role(session: Session, user: User, role: Role, *, by: User | None) -> bool:
    """Give `user` the role; False when it had it already. `by` is the admin doing it
    (None from the command line), who may not demote their own account."""
    if role is user.role:
        return False
    if user.role is Role.ADMIN:
        _check_admin_may_go(session, user, by)
    record(
        session,
        "user.role_change",
        user=by,
        details={"user_id": user.id, "old_role": user.role.value, "new_role": role.value},
    )
    user.role = role
    return True


def set_active(session: Session, user: User, active: bool, *, by: User | None) -> bool:
    """Switch the account on or off; False when it was so already. Switching it off also
    ends its sessions, so that a person who has left is out at their next request."""
    if active is user.active:
        return False
    if not active:
        _check_admin_may_go(session, user, by)
        user.session_token = new_session_token()
    user.active = active
    action = "user.activate" if active else "user.deactivate"
    record(session, action, user=by, details={"user_id": user.id})
    return True


def _check_admin_may_go(session: Session, user: User, by: User | None) -> None:
    """Refuse to take an active admin away when it is the actor's own account or the last one."""
    if by is not None and by.id == user.id:
        raise OwnAccount("an admin cannot demote or deactivate their own account")
    if not user.active or user.role is not Role.ADMIN:
        return
    # Locking the admins' rows (PostgreSQL) makes two admins demoting each other at the
    # same moment take turns, so the second sees the first's change and is refused.
    # SQLite: the routes and commands begin as writers, which serialises them already.
    admins = session.scalars(
        select(User.id).where(User.role == Role.ADMIN, User.active.is_(True)).with_for_update()
    ).all()
    if len(admins) <= 1:
        raise LastAdmin(f"{user.email} is the last active admin; make another account admin first")


def safe_next(target: str | None) -> str | None:
    """Accept a `next` URL only when it stays on this site (a relative path)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target
