"""`flask campaign send-reminders` and `flask campaign anonymise` (cron-ready)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from campaign.extensions import db
from campaign.models import utcnow


@click.command("send-reminders")
def send_reminders_command() -> None:
    """Queue the one reminder unconfirmed signatures get (REMINDER_DELAY_HOURS after signing)."""
    from campaign.signatures.services import send_reminders

    delay = timedelta(hours=int(current_app.config["REMINDER_DELAY_HOURS"]))
    count = send_reminders(db.session, now=utcnow(), delay=delay)
    db.session.commit()
    click.echo(f"Queued {count} reminder{'' if count == 1 else 's'}.")


@click.command("anonymise")
@click.option(
    "--months",
    type=int,
    default=None,
    help="Appeals closed more than this many months ago (default: RETENTION_MONTHS).",
)
def anonymise_command(months: int | None) -> None:
    """Anonymise the signatures of appeals closed more than N months ago."""
    from campaign.privacy.services import anonymise_closed_appeals

    months = int(current_app.config["RETENTION_MONTHS"]) if months is None else months
    count = anonymise_closed_appeals(db.session, now=utcnow(), months=months)
    db.session.commit()
    click.echo(f"Anonymised {count} signature{'' if count == 1 else 's'}.")
