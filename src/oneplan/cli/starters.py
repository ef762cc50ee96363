"""`oneplan starters`: the blank plan and registry workbooks a coordinator fills in, written
into a folder laid out as the inputs folder (`plan/plan.xlsx`, `agencies.xlsx`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import Lang, console, err_console
from oneplan.cli.words import say
from oneplan.settings import load_settings


def starters(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="folder to write them into (laid out as inputs/)"),
    ] = Path("starters"),
    lang: Lang = None,
) -> None:
    """Write blank starter workbooks of the community plan and the partner registry."""
    from oneplan.forms.starters import EXAMPLE_SHEET, HELP_SHEET, StarterExists, write_starters

    lang = load_settings(lang=lang).lang
    try:
        written = write_starters(out)
    except StarterExists as existing:
        err_console.print(say(lang, "starter_exists", path=existing), markup=False)
        raise typer.Exit(1) from None
    for path in written:
        console.print(say(lang, "starter_written", path=path), markup=False)
    console.print(say(lang, "starters_next", help=HELP_SHEET, example=EXAMPLE_SHEET), markup=False)
