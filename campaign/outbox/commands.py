"""`flask campaign worker`: send the outbox."""

from __future__ import annotations

import logging
import time

import click

from campaign.extensions import db
from campaign.outbox.worker import app_transport, drain, one_round
from campaign.webhooks import delivery as webhook_delivery

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due, then exit (cron, tests).")
@click.option(
    "--interval", default=5.0, show_default=True, help="Seconds between looks at the outbox."
)
def worker_command(once: bool, interval: float) -> None:
    """Send queued e-mail through MAIL_URL (or write .eml files), and webhook deliveries,
    retrying failures."""
    transport = app_transport()
    if once:
        result = drain(db.session, transport)
        hooks = webhook_delivery.run_once(db.session)
        click.echo(
            f"Sent {result.sent}, retrying {result.retried}, failed {result.failed}, "
            f"bounced {result.bounced}."
        )
        click.echo(f"Webhooks: sent {hooks.sent}, retrying {hooks.retried}, failed {hooks.failed}.")
        return
    click.echo("Outbox worker running (stop with Ctrl-C).")
    while True:  # pragma: no cover - a loop for operators; --once is what tests run
        try:
            result = one_round(db.session, transport)
        except Exception:  # a database hiccup must not stop the mail; try again shortly
            log.exception("outbox worker: this round failed")
            db.session.rollback()
        else:
            if result.total:
                click.echo(
                    f"Sent {result.sent}, retrying {result.retried}, failed {result.failed}."
                )
        finally:
            db.session.remove()
        time.sleep(interval)


@click.command("bounce")
@click.argument("addresses", nargs=-1, required=True)
@click.option("--reason", default="bounce reported", help="Kept as the messages' last error.")
def bounce_command(addresses: tuple[str, ...], reason: str) -> None:
    """Mark mail to ADDRESSES as bounced and stop e-mailing those supporters.

    For bounce reports from the mail provider (a webhook or a mailbox read by a script).
    """
    from sqlalchemy import func, update

    from campaign.models import Signature, utcnow
    from campaign.outbox.services import mark_bounced

    now = utcnow()
    marked = 0
    for address in addresses:
        marked += mark_bounced(db.session, address, now=now, reason=reason)
        db.session.execute(
            update(Signature)
            .where(
                func.lower(Signature.email) == address.strip().lower(),
                Signature.unsubscribed_at.is_(None),
            )
            .values(unsubscribed_at=now)
        )
    db.session.commit()
    click.echo(f"Marked {marked} message{'' if marked == 1 else 's'} as bounced.")
