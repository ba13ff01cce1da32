"""`flask campaign …`: the commands operators and cron run."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup

from campaign.api.commands import api_token_cli
from campaign.database import begin_write
from campaign.extensions import db
from campaign.models import Role, utcnow
from campaign.organise.commands import COMMANDS as ORGANISE_COMMANDS
from campaign.targets.commands import targets_cli

campaign_cli = AppGroup("campaign", help="Manage appeals, accounts and the demo.")
campaign_cli.add_command(targets_cli)
campaign_cli.add_command(api_token_cli)
for command in ORGANISE_COMMANDS:
    campaign_cli.add_command(command)

PASSWORD_VARIABLE = "CAMPAIGN_USER_PASSWORD"  # noqa: S105 (a variable name, not a secret)


@campaign_cli.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="organiser: appeals; staff: counts and exports; admin: everything.",
)
@click.option("--name", default="", help="The person's name, shown in the audit log.")
def create_user_command(email: str, role: str, name: str) -> None:
    """Create an account (organiser, staff or admin). The password is asked for, or read
    from $CAMPAIGN_USER_PASSWORD."""
    from campaign.auth.services import AccountError, create_user

    password = os.environ.get(PASSWORD_VARIABLE) or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_user(db.session, email, password, Role(role), name=name)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")


@campaign_cli.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Give an account a new password (asked for, or $CAMPAIGN_USER_PASSWORD) and end its
    sessions everywhere."""
    from campaign.auth.services import AccountError, change_password

    password = os.environ.get(PASSWORD_VARIABLE) or click.prompt(
        "New password", hide_input=True, confirmation_prompt=True
    )
    try:
        change_password(db.session, email, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Password changed for {email}; its sessions have ended.")


@campaign_cli.command("users")
def users_command() -> None:
    """List every account: e-mail, role, status, created, last login."""
    from campaign.auth.services import list_users

    users = list_users(db.session)
    if not users:
        click.echo("No accounts yet: add one with `flask campaign create-user`.")
        return
    width = max(len("E-MAIL"), *(len(u.email) for u in users))
    click.echo(f"{'E-MAIL':<{width}}  {'ROLE':<9}  {'STATUS':<11}  {'CREATED':<10}  LAST LOGIN")
    for user in users:
        status = "active" if user.active else "deactivated"
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
        click.echo(
            f"{user.email:<{width}}  {user.role.value:<9}  {status:<11}  "
            f"{user.created_at:%Y-%m-%d}  {last}"
        )


@campaign_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role_command(email: str, role: str) -> None:
    """Give an account another role; the last active admin keeps theirs."""
    from campaign.auth.services import AccountError, find_user, set_role

    begin_write(db.session)  # the last-admin check reads what the change will write over
    try:
        user = find_user(db.session, email)
        old = user.role
        changed = set_role(db.session, user, Role(role), by=None)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if changed:
        click.echo(f"{user.email} is now {role} (was {old.value}).")
    else:
        click.echo(f"{user.email} is {role} already; nothing changed.")


@campaign_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Switch an account off and end its sessions; the last active admin stays on."""
    _set_active(email, False)


@campaign_cli.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Let a deactivated account log in again."""
    _set_active(email, True)


def _set_active(email: str, active: bool) -> None:
    from campaign.auth.services import AccountError, find_user, set_active

    begin_write(db.session)
    try:
        user = find_user(db.session, email)
        changed = set_active(db.session, user, active, by=None)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if not changed:
        click.echo(f"{user.email} is {'active' if active else 'deactivated'} already.")
    elif active:
        click.echo(f"{user.email} is active again and can log in.")
    else:
        click.echo(f"{user.email} is deactivated; its sessions have ended.")


@campaign_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a database without appeals.")
def demo_command(if_empty: bool) -> None:
    """Load the demo: the seed release, its live appeal, example targets and demo accounts."""
    from flask import current_app

    from campaign.demo import DEMO_PASSWORD, database_is_empty, demo_logins, load_demo

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("the demo is not loaded in production (demo passwords)")
    if if_empty and not database_is_empty(db.session):
        click.echo("The database has appeals already: the demo was not loaded.")
    else:
        click.echo(load_demo(db.session, now=utcnow()).describe())
        db.session.commit()
    logins = demo_logins(db.session)
    if logins:
        click.echo(f"Demo logins (password {DEMO_PASSWORD!r} for each):")
        for email, role in logins:
            click.echo(f"  {email:<28} {role}")


# The supporter side: the outbox worker, reminders and retention.
from campaign.outbox.commands import bounce_command, worker_command  # noqa: E402
from campaign.signatures.commands import anonymise_command, send_reminders_command  # noqa: E402

campaign_cli.add_command(worker_command)
campaign_cli.add_command(bounce_command)
campaign_cli.add_command(send_reminders_command)
campaign_cli.add_command(anonymise_command)


# Staff: exports and the counter (campaign/exports, campaign/counting).
from campaign.exports.commands import export_cli, recount_command  # noqa: E402

campaign_cli.add_command(export_cli)
campaign_cli.add_command(recount_command)
