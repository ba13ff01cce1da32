"""`flask translate …`: keep the catalogues in step with the code.

The usual round: `flask translate extract` after changing text, `flask translate update`
to merge the new messages into every catalogue, translate the `.po` files, then
`flask translate compile`. `flask translate init de` starts a new language.
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask.cli import AppGroup

from campaign.i18n import TRANSLATIONS

ROOT = TRANSLATIONS.parent.parent
CONFIG = ROOT / "babel.cfg"
TEMPLATE = TRANSLATIONS / "messages.pot"

translate_cli = AppGroup("translate", help="Extract, update and compile the interface catalogues.")


# The catalogues' lines wrap at 100 characters, as the code's do: long messages stay
# readable, and an update rewrites only the entries that changed.
CATALOGUE_WIDTH = ("-w", "100")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


@translate_cli.command("extract")
def extract_command() -> None:
    """Collect the translatable text of the code and templates into messages.pot."""
    pybabel(
        "extract",
        "-F",
        str(CONFIG),
        "-k",
        "_l",
        "-k",
        "_lp:1c,2",
        "--no-location",
        "--sort-output",
        "--project",
        "campaign",
        "-o",
        str(TEMPLATE),
        str(ROOT),
    )
    click.echo(f"Wrote {TEMPLATE.relative_to(ROOT)}.")


@translate_cli.command("update")
def update_command() -> None:
    """Merge messages.pot into every language's catalogue (run `extract` first)."""
    pybabel(
        "update",
        "-i",
        str(TEMPLATE),
        "-d",
        str(TRANSLATIONS),
        "--no-fuzzy-matching",
        *CATALOGUE_WIDTH,
    )
    click.echo("Updated the catalogues; translate the new entries, then `flask translate compile`.")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile every .po into the .mo the app reads."""
    pybabel("compile", "-d", str(TRANSLATIONS))
    click.echo("Compiled the catalogues.")


@translate_cli.command("init")
@click.argument("language")
def init_command(language: str) -> None:
    """Start a catalogue for LANGUAGE (a code such as de or pt_BR) from messages.pot."""
    if (TRANSLATIONS / language).exists():
        raise click.ClickException(f"{language} already has a catalogue; use `update`.")
    pybabel("init", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "-l", language, *CATALOGUE_WIDTH)
    click.echo(f"Created {Path('campaign/translations') / language}; translate it, then compile.")
