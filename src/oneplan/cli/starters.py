"""`oneplan starters`: the blank plan and registry workbooks a coordinator fills in, written
into a folder laid out as the inputs folder (`plan/plan.xlsx`, `agencies.xlsx`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import console, err_console


def starters(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="folder to write them into (laid out as inputs/)"),
    ] = Path("starters"),
) -> None:
    """Write blank starter workbooks of the community plan and the partner registry."""
    from oneplan.forms.starters import EXAMPLE_SHEET, HELP_SHEET, StarterExists, write_starters

    try:
        written = write_starters(out)
    except StarterExists as existing:
        err_console.print(
            f"oneplan: already there, left as it is: {existing} (starters never overwrite a file)"
        )
        raise typer.Exit(1) from None
    for path in written:
        console.print(f"Wrote {path}")
    console.print(
        f"Fill in the first sheet of each (the sheet {HELP_SHEET} explains every column, "
        f"{EXAMPLE_SHEET} shows example rows), then copy plan/ and agencies.xlsx into your "
        "inputs folder."
    )
