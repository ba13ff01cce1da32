"""Shared set-up for the export tests: an appeal with signatures of every kind."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from campaign.models import Appeal, AuditEvent, Flag, Role, Signature, User
from tests.conftest import log_in
from tests.factories import make_appeal, make_signature, make_user

DAY1 = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
DAY2 = datetime(2026, 10, 2, 15, 0, tzinfo=UTC)


@dataclass
class World:
    appeal: Appeal
    other: Appeal
    staff: User


def populate(session) -> World:
    appeal = make_appeal(session, title="Free the writer")
    other = make_appeal(session, title="Another case")
    make_signature(
        session,
        appeal,
        name="Ana Silva",
        country="PT",
        created_at=DAY1,
        confirmed_at=DAY1,
        consent=True,
        email="ana@example.org",
    )
    make_signature(
        session,
        appeal,
        name='=HYPERLINK("http://x")',
        country="FR",
        created_at=DAY1,
        confirmed_at=DAY1,
        postcode="+33 1",
    )
    make_signature(
        session, appeal, name="Олег Петров", country="UA", created_at=DAY2, confirmed_at=DAY2
    )
    make_signature(
        session, appeal, name="Not Confirmed", country="PT", created_at=DAY2, confirmed=False
    )
    make_signature(
        session,
        appeal,
        name="Flagged Bot",
        country="PT",
        created_at=DAY2,
        confirmed_at=DAY2,
        flag=Flag.HONEYPOT,
    )
    make_signature(
        session,
        appeal,
        name="Invalid One",
        country="PT",
        created_at=DAY2,
        confirmed_at=DAY2,
        invalidated_at=DAY2 + timedelta(hours=1),
    )
    make_signature(
        session, other, name="Elsewhere", country="GB", created_at=DAY1, confirmed_at=DAY1
    )
    return World(appeal, other, make_user(session, Role.STAFF))


def logged_in(client, world: World) -> None:
    log_in(client, world.staff)


def parse_csv(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def last_audit(session, action: str) -> AuditEvent:
    return session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
    ).first()


def db_names(session, appeal: Appeal, *where) -> list[str]:
    return list(
        session.scalars(
            sa.select(Signature.name)
            .where(Signature.appeal_id == appeal.id, Signature.invalidated_at.is_(None), *where)
            .order_by(Signature.created_at, Signature.id)
        )
    )
