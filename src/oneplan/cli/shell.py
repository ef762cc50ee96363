"""What every command of the `oneplan` command line shares: the consoles it prints to, the
options several commands take (period, folders, language), and the plan and registry read
or a one-line message and exit 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from oneplan.values.periods import is_period

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def check_period(value: str | None) -> str | None:
    """The `--period` option's check: YYYY-MM in C.E., or a usage error (exit 2)."""
    if value is not None and not is_period(value):
        raise typer.BadParameter(f"'{value}' is not a period; write YYYY-MM in C.E., e.g. 2026-11")
    return value


Period = Annotated[
    str | None, typer.Option("--period", callback=check_period, help="YYYY-MM (C.E.)")
]
Inputs = Annotated[Path | None, typer.Option("--inputs", help="inputs folder [default: inputs]")]
Outputs = Annotated[
    Path | None, typer.Option("--outputs", help="outputs folder [default: outputs]")
]
State = Annotated[Path | None, typer.Option("--state", help="state folder [default: state]")]
Lang = Annotated[str | None, typer.Option("--lang", help="th or en [default: th]")]


def reference_or_exit(settings):
    """The plan and registry, or a one-line message and exit 1."""
    from oneplan.month.reference import check_reference
    from oneplan.read.reference import ReferenceInputError

    reference = check_reference(settings)
    if isinstance(reference, ReferenceInputError):
        err_console.print(f"[red]oneplan: cannot read {reference.path}:[/red] {reference.problem}")
        raise typer.Exit(1)
    return reference
