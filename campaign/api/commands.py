"""`flask campaign api-token create|list|revoke`: tokens from the shell, for scripted set-ups."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from campaign.api import tokens
from campaign.extensions import db
from campaign.models import ApiToken, Scope, utcnow

api_token_cli = AppGroup("api-token", help="Create, list and revoke API tokens.")


@api_token_cli.command("create")
@click.argument("name")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice([s.value for s in Scope]),
    help="Repeat for several scopes.",
)
def create_command(name: str, scopes: tuple[str, ...]) -> None:
    """Create a token and print its secret (shown this once)."""
    try:
        token, secret = tokens.create_token(
            db.session, name, [Scope(s) for s in scopes], user=None, now=utcnow()
        )
    except tokens.TokenRefused as refused:
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    click.echo(f"Token {token.id} “{token.name}” ({', '.join(token.scopes)}):")
    click.echo(secret)


@api_token_cli.command("list")
def list_command() -> None:
    """The tokens, without their secrets."""
    for token in tokens.list_tokens(db.session):
        state = "revoked" if token.revoked_at else "active"
        click.echo(
            f"{token.id:>4}  {token.prefix}…  {state:<8} {token.name}  [{', '.join(token.scopes)}]"
        )


@api_token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Refuse every later call made with the token."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"there is no token {token_id}")
    tokens.revoke_token(db.session, token, user=None, now=utcnow())
    db.session.commit()
    click.echo(f"Token {token_id} revoked.")
