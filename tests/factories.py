"""Test data: small functions that add a valid row (with state variants) and flush it."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from campaign.models import (
    Appeal,
    AppealStatus,
    AppealTarget,
    Demand,
    Flag,
    Release,
    Role,
    Signature,
    Target,
    TargetRole,
    User,
    utcnow,
)

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def make_user(session: Session, role: Role = Role.ORGANISER, **fields: object) -> User:
    n = next(_numbers)
    user = User(email=f"user{n}@example.org", name=f"User {n}", role=role)
    user.set_password(str(fields.pop("password", PASSWORD)))
    for key, value in fields.items():
        setattr(user, key, value)
    session.add(user)
    session.flush()
    return user


def make_target(session: Session, **fields: object) -> Target:
    n = next(_numbers)
    values: dict[str, object] = {
        "name": f"Official {n}",
        "title": "Minister of Justice",
        "organisation": "Ministry of Justice",
        "country": "KH",
        "email": f"official{n}@example.org",
        "postal_address": "1 Example Street\nPhnom Penh",
        "salutation": "Your Excellency",
        "languages": ["en"],
    }
    target = Target(**(values | fields))
    session.add(target)
    session.flush()
    return target


def make_appeal(
    session: Session,
    status: AppealStatus = AppealStatus.LIVE,
    *,
    now: datetime | None = None,
    demands: tuple[str, ...] = ("Release the prisoner", "Drop all charges"),
    **fields: object,
) -> Appeal:
    """An appeal; live ones are published with a deadline in the future, closed ones past it."""
    now = now or utcnow()
    n = next(_numbers)
    values: dict[str, object] = {
        "slug": f"appeal-{n}",
        "title": f"Appeal number {n}",
        "summary": "Someone is detained for speaking out.",
        "country": "KH",
        "status": status,
        "deadline": now + timedelta(days=30),
        "signature_goal": 1000,
    }
    if status is not AppealStatus.DRAFT:
        values["published_at"] = now - timedelta(days=1)
    if status in (AppealStatus.CLOSED, AppealStatus.ARCHIVED):
        values["closed_at"] = now
        values["deadline"] = now - timedelta(hours=1)
    appeal = Appeal(**(values | fields))
    appeal.demands = [Demand(position=i, text=text) for i, text in enumerate(demands)]
    session.add(appeal)
    session.flush()
    return appeal


def add_target(session: Session, appeal: Appeal, target: Target, role: TargetRole) -> None:
    session.add(AppealTarget(appeal=appeal, target=target, role=role))
    session.flush()


def make_release(session: Session, text: str = "Country: Free the prisoner now.") -> Release:
    release = Release(text=text, title=text.splitlines()[0])
    session.add(release)
    session.flush()
    return release


def make_signature(
    session: Session,
    appeal: Appeal,
    *,
    confirmed: bool = True,
    flag: Flag | None = None,
    **fields: object,
) -> Signature:
    n = next(_numbers)
    email = str(fields.pop("email", f"signer{n}@example.org"))
    values: dict[str, object] = {
        "name": f"Signer {n}",
        "email": email,
        "email_canonical": email.lower(),
        "country": "GB",
        "flag": flag,
        "confirmed_at": utcnow() if confirmed else None,
    }
    signature = Signature(appeal=appeal, **(values | fields))
    session.add(signature)
    session.flush()
    return signature
