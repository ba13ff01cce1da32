"""`/healthz` (the process answers) and `/readyz` (it can do useful work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from campaign.extensions import db
from campaign.models import Outbox, OutboxStatus, utcnow

bp = Blueprint("ops", __name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Alive: answers without touching the database, so a slow database never kills it."""
    return jsonify(status="ok"), 200, {"Cache-Control": "no-store"}


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Ready: the database answers, its schema is at the latest migration, mail is moving."""
    checks = ready_checks(db.session, now=utcnow())
    ok = all(c.ok for c in checks)
    body = {"status": "ok" if ok else "unavailable",
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks}}  # fmt: skip
    return jsonify(body), 200 if ok else 503, {"Cache-Control": "no-store"}


def ready_checks(session: Session, *, now: datetime) -> list[Check]:
    try:
        session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        session.rollback()
        return [Check("database", False, type(error).__name__)]
    return [Check("database", True, "reachable"), _schema(session), _outbox(session, now)]


def _schema(session: Session) -> Check:
    # Alembic is imported here, on first use (campaign.extensions.init_migrations says why).
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    head = ScriptDirectory.from_config(
        migrate.migrate.get_config(migrate.directory)
    ).get_current_head()
    try:
        current = session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.SQLAlchemyError:
        session.rollback()
        current = None
    if current == head:
        return Check("migrations", True, f"at {head}")
    return Check(
        "migrations",
        False,
        f"database at {current or 'nothing'}, code expects {head}: run flask db upgrade",
    )


def _outbox(session: Session, now: datetime) -> Check:
    """Stuck: messages due for longer than OUTBOX_STUCK_MINUTES, i.e. no worker is sending."""
    limit = now - timedelta(minutes=current_app.config["OUTBOX_STUCK_MINUTES"])
    overdue = session.scalar(
        sa.select(sa.func.count())
        .select_from(Outbox)
        .where(Outbox.status == OutboxStatus.PENDING, Outbox.next_attempt_at < limit)
    )
    if overdue:
        return Check("outbox", False, f"{overdue} messages overdue: is a worker running?")
    return Check("outbox", True, "moving")
