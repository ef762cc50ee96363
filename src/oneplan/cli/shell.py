"""What every command of the `oneplan` command line shares: the consoles it prints to, the
options several commands take (period, folders, language), and the plan and registry read
or a one-line message and exit 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from oneplan.values.periods import PeriodError, parse_period

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


# The forms a period may be typed in, as a workbook's period cell accepts them.
PERIOD_FORMS = "2026-11, 2569-11, 11/2569, พฤศจิกายน 2569 or พ.ย. 69"


def check_period(value: str | None) -> str | None:
    """The `--period` option read as a workbook's period cell is (`parse_period`): the
    period as YYYY-MM in C.E., or a usage error (exit 2) that shows the accepted forms."""
    if value is None:
        return None
    try:
        return parse_period(value)
    except PeriodError:
        raise typer.BadParameter(
            f"'{value}' is not a period; write the month as {PERIOD_FORMS}"
        ) from None


Period = Annotated[
    str | None,
    typer.Option("--period", callback=check_period, help=f"the month: {PERIOD_FORMS}"),
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
