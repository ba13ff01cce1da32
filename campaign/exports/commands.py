"""`flask campaign export …` and `flask campaign recount`: the command-line twins.

Exports name the staff account they are made for (`--as`), which must have the staff or
admin role, and are audited like the downloads.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

import click
import sqlalchemy as sa
from flask import current_app

from campaign.database import begin_write
from campaign.extensions import db
from campaign.i18n.english import in_english
from campaign.models import Appeal, Role, User, utcnow

FORMATS = {"signatures": ("csv", "xlsx"), "counts": ("csv", "json")}


def staff_account(email: str) -> User:
    """The active staff or admin account `email`, or a ClickException."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not user.has_role(Role.STAFF):
        raise click.ClickException(f"{email} is not an active staff account")
    return user


def resolve_appeals(slugs: tuple[str, ...]) -> list[Appeal]:
    from campaign.exports.services import ExportError, appeals_by_slugs

    try:
        return appeals_by_slugs(db.session, list(slugs))
    except ExportError as error:
        raise click.ClickException(str(error)) from None


def as_option(f: Any) -> Any:
    return click.option(
        "--as", "as_email", required=True, help="The staff account the export is made for."
    )(f)


def bom_option(f: Any) -> Any:
    return click.option("--bom", is_flag=True, help="Start with a byte-order mark (for Excel).")(f)


def output_option(f: Any) -> Any:
    return click.option("-o", "--output", type=click.File("wb"), required=True, help="File.")(f)


@click.group("export")
def export_cli() -> None:
    """Export signature lists, counts and delivery packs (audited)."""


@export_cli.command("signatures")
@click.option("--appeal", "slugs", multiple=True, required=True, help="Slug; repeat for more.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Signed on or after (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Signed on or before (UTC).")
@click.option("--country", "countries", multiple=True, help="ISO code; repeat for more.")
@click.option("--include-unconfirmed", is_flag=True)
@click.option("--consented-only", is_flag=True)
@click.option("--include-flagged", is_flag=True)
@click.option("--columns", default="", help="Comma-separated, e.g. name,country,signed_at.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS["signatures"]), default="csv", show_default=True
)
@bom_option
@as_option
@output_option
@in_english
def export_signatures(
    slugs: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    countries: tuple[str, ...],
    include_unconfirmed: bool,
    consented_only: bool,
    include_flagged: bool,
    columns: str,
    fmt: str,
    bom: bool,
    as_email: str,
    output: Any,
) -> None:
    """A signature list, streamed to a file."""
    from campaign.countries import is_country
    from campaign.exports import filters, services, signatures
    from campaign.exports.filters import COLUMNS, DEFAULT_COLUMNS, SignatureFilter

    for hint, day in (("--since", _day(since)), ("--until", _day(until))):
        if not filters.day_in_range(day):  # as the export form says too
            raise click.BadParameter(
                f"must be a day from {filters.FIRST_DAY} to {filters.LAST_DAY}", param_hint=hint
            )
    if since and until and until < since:  # as the export form says too
        raise click.BadParameter("must not be before --since", param_hint="--until")
    codes = tuple(dict.fromkeys(c.strip().upper() for c in countries))
    wrong = [c for c in codes if not is_country(c)]
    if wrong:  # as the export form says too, rather than an empty file
        raise click.BadParameter(f"unknown country code {', '.join(wrong)}", param_hint="--country")
    user = staff_account(as_email)
    appeals = resolve_appeals(slugs)
    chosen = tuple(c.strip() for c in columns.split(",") if c.strip()) or DEFAULT_COLUMNS
    unknown = [c for c in chosen if c not in COLUMNS]
    if unknown:
        raise click.ClickException(
            f"unknown column {', '.join(unknown)}; one of {', '.join(COLUMNS)}"
        )
    flt = SignatureFilter(
        appeal_ids=tuple(a.id for a in appeals),
        since=_day(since),
        until=_day(until),
        countries=codes,
        confirmed_only=not include_unconfirmed,
        consented_only=consented_only,
        include_flagged=include_flagged,
        columns=chosen,
    )
    begin_write(db.session)
    export = services.start_export(
        db.session, "signatures", fmt, flt, appeals, user=user, extra={"via": "cli"}
    )
    db.session.commit()
    # The bar is for a terminal: in cron or a pipe click would still print its label.
    quiet = not sys.stderr.isatty()
    with click.progressbar(length=export.rows, label="Rows", file=sys.stderr, hidden=quiet) as bar:
        if fmt == "xlsx":
            output.write(signatures.write_xlsx(db.session, flt).read())
            bar.update(export.rows)
        else:
            for chunk in signatures.csv_chunks(db.session, flt, bom=bom):
                output.write(chunk)
                bar.update(signatures.BATCH)
    click.echo(f"Exported {export.rows} signatures.", err=True)


@export_cli.command("counts")
@click.option("--appeal", "slugs", multiple=True, help="Slug; repeat for more. None: all.")
@click.option(
    "--by",
    "group",
    type=click.Choice(["appeal", "country", "day"]),
    default="appeal",
    show_default=True,
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS["counts"]), default="csv", show_default=True
)
@bom_option
@as_option
@output_option
@in_english
def export_counts(
    slugs: tuple[str, ...], group: str, fmt: str, bom: bool, as_email: str, output: Any
) -> None:
    """Counted signatures per appeal, country or day."""
    from campaign.counting.routes import keep_counts_fresh
    from campaign.exports import counts, services
    from campaign.exports.filters import SignatureFilter

    user = staff_account(as_email)
    keep_counts_fresh(slugs or None)
    appeals = (
        resolve_appeals(slugs)
        if slugs
        else list(db.session.scalars(sa.select(Appeal).order_by(Appeal.title)).all())
    )
    keys, rows = counts.count_table(db.session, appeals, group)
    flt = SignatureFilter(appeal_ids=tuple(a.id for a in appeals), columns=())
    begin_write(db.session)
    services.start_export(
        db.session,
        "counts",
        fmt,
        flt,
        appeals,
        user=user,
        rows=len(rows),
        extra={"by": group, "via": "cli"},
    )
    db.session.commit()
    if fmt == "json":
        output.write(counts.as_json(group, keys, rows))
    else:
        output.write(counts.as_csv(keys, rows, bom=bom))
    click.echo(f"Exported {len(rows)} rows of counts per {group}.", err=True)


@export_cli.command("pack")
@click.option("--appeal", "slug", required=True, help="The appeal's slug.")
@as_option
@output_option
@in_english
def export_pack(slug: str, as_email: str, output: Any) -> None:
    """The delivery pack (PDF)."""
    from campaign.counting.routes import keep_count_fresh
    from campaign.exports import pack, services

    user = staff_account(as_email)
    keep_count_fresh(slug)
    (appeal,) = resolve_appeals((slug,))
    if not appeal.signature_count:
        raise click.ClickException("the appeal has no counted signatures: nothing to hand over")
    organisation = current_app.config["ORGANISATION_NAME"]
    built = pack.build_pack(db.session, appeal, now=utcnow(), organisation=organisation)
    begin_write(db.session)
    services.record_pack(db.session, appeal, built, user=user, via="cli")
    db.session.commit()
    output.write(built.pdf)
    click.echo(
        f"Delivery pack: {built.names} names, {built.pages} pages, SHA-256 {built.sha256}.",
        err=True,
    )


@click.command("recount")
@click.option("--appeal", "slugs", multiple=True, help="Slug; repeat for more. None: all.")
@in_english
def recount_command(slugs: tuple[str, ...]) -> None:
    """Count every appeal again from its rows and repair drift (safe to run from cron)."""
    from campaign.counting import CountSettings, recount_appeal

    settings = CountSettings.from_config(current_app.config)
    appeals = (
        resolve_appeals(slugs)
        if slugs
        else list(db.session.scalars(sa.select(Appeal).order_by(Appeal.id)).all())
    )
    repaired = []
    # A bar on a terminal only: from cron its label alone would be mailed every night.
    quiet = not sys.stderr.isatty()
    with click.progressbar(appeals, label="Appeals", file=sys.stderr, hidden=quiet) as bar:
        for appeal in bar:
            begin_write(db.session)
            before, after = recount_appeal(db.session, appeal, now=utcnow(), settings=settings)
            db.session.commit()  # one appeal per transaction: short locks
            if before != after:
                repaired.append(f"{appeal.slug}: {before} → {after}")
    for line in repaired:
        click.echo(f"Repaired {line}")
    click.echo(f"Recounted {len(appeals)} appeals; {len(repaired)} had drifted.")


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None
