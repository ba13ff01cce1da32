"""`flask campaign targets import FILE` and `flask campaign targets export -o FILE`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from campaign.extensions import db
from campaign.i18n.english import in_english
from campaign.targets import csv_io
from campaign.targets.services import TargetFilter

targets_cli = AppGroup("targets", help="The directory of officials: CSV import and export.")


@targets_cli.command("import")
@click.argument("file", type=click.File("rb"))
@in_english
def import_command(file: click.utils.LazyFile) -> None:
    """Add or update officials from a CSV file; nothing is imported if any row is bad."""
    try:
        summary = csv_io.import_targets(db.session, file.read(), user=None, via="cli")
    except csv_io.ImportRejected as rejected:  # nothing was changed
        for error in rejected.errors:
            click.echo(str(error), err=True)
        count = csv_io.problems(len(rejected.errors))
        raise click.ClickException(f"nothing was imported: {count} to fix first") from None
    db.session.commit()
    click.echo(f"Imported {file.name}: {summary.describe()}")


@targets_cli.command("export")
@click.option(
    "-o",
    "--output",
    type=click.File("wb"),
    default="-",
    show_default=True,
    help="The CSV file to write; - for standard output.",
)
@click.option("--country", default=None, help="Only this country's officials (e.g. KH).")
@click.option("--inactive/--no-inactive", default=True, help="Include deactivated officials.")
@in_english
def export_command(output: click.utils.LazyFile, country: str | None, inactive: bool) -> None:
    """Write the directory as CSV (UTF-8, with a header row)."""
    flt = TargetFilter.parse(None, country, "1" if inactive else None)
    if country and flt.country is None:
        raise click.BadParameter(f"{country!r} is not a country code", param_hint="--country")
    text, rows = csv_io.export_targets(db.session, flt, user=None, via="cli")
    db.session.commit()
    output.write(text.encode("utf-8"))  # bytes: the CRLF line ends stay as written
    name = getattr(output, "name", "-")
    if name not in ("-", "<stdout>"):
        click.echo(f"Wrote {rows} official(s) to {name}.")
