"""`flask campaign extract|launch|close-expired`: the organiser's work from the shell and cron."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app, url_for

from campaign.deadlines import site_zone
from campaign.extensions import db
from campaign.i18n.english import in_english
from campaign.models import utcnow


def _read_release(path: Path) -> str:
    from campaign.organise.launch import ReleaseRefused, read_upload

    try:
        return read_upload(path.name, path.read_bytes())
    except (OSError, ReleaseRefused) as error:
        raise click.ClickException(f"{path}: {error}") from None


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the draft as JSON.")
@in_english
def extract_command(file: Path, as_json: bool) -> None:
    """Print what the extractor finds in a release (nothing is stored)."""
    from campaign.extract import extract_release
    from campaign.extract.cli import format_text

    draft = extract_release(_read_release(file))
    click.echo(
        json.dumps(draft.to_dict(), ensure_ascii=False, indent=2) if as_json else format_text(draft)
    )


@click.command("launch")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@in_english
def launch_command(file: Path) -> None:
    """Create a draft appeal from a release file and print its review address."""
    from campaign.organise.launch import LaunchSettings, ReleaseRefused, launch_from_release

    config = current_app.config
    settings = LaunchSettings(
        config["DEFAULT_DEADLINE_DAYS"], config["DEFAULT_LANGUAGE"], site_zone(config)
    )
    try:
        appeal = launch_from_release(
            db.session, _read_release(file), user=None, now=utcnow(), settings=settings
        )
    except ReleaseRefused as refused:
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    click.echo(f"Draft “{appeal.title}” with {len(appeal.demands)} demands.")
    with current_app.test_request_context(base_url=config["BASE_URL"]):
        click.echo(
            f"Review it at {url_for('organise.appeal', appeal_id=appeal.id, _external=True)}"
        )


@click.command("close-expired")
@in_english
def close_expired_command() -> None:
    """Close live appeals whose take-action-before date has passed (run it from cron)."""
    from campaign.organise.lifecycle import close_expired

    closed = close_expired(db.session, now=utcnow())
    db.session.commit()
    for appeal in closed:
        click.echo(f"Closed /a/{appeal.slug}")
    click.echo(f"{len(closed)} appeal{'s' if len(closed) != 1 else ''} closed.")


COMMANDS = (extract_command, launch_command, close_expired_command)
