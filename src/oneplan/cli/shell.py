"""What every command of the `oneplan` command line shares: the consoles it prints to, the
options several commands take (period, folders, language), the inputs checked and the plan
and registry read, or a message and exit 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from oneplan.cli.words import say
from oneplan.values.periods import PeriodError, parse_period

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


# The forms a period may be typed in, as a workbook's period cell accepts them.
PERIOD_FORMS = "2026-11, 2569-11, 11/2569, พฤศจิกายน 2569 or พ.ย. 69"


def usage_lang(ctx: typer.Context) -> str:
    """The language of a usage error: `--lang` when already read, else the setting."""
    from oneplan.settings import load_settings

    return ctx.params.get("lang") or load_settings().lang


def check_period(ctx: typer.Context, value: str | None) -> str | None:
    """The `--period` option read as a workbook's period cell is (`parse_period`): the
    period as YYYY-MM in C.E., or a usage error (exit 2) that shows the accepted forms."""
    if value is None:
        return None
    try:
        return parse_period(value)
    except PeriodError:
        raise typer.BadParameter(say(usage_lang(ctx), "not_a_period", value=value)) from None


Period = Annotated[
    str | None,
    typer.Option("--period", callback=check_period, help=f"the month: {PERIOD_FORMS}"),
]
# A period a command cannot do without (send, remind, close, reopen).
RequiredPeriod = Annotated[
    str, typer.Option("--period", callback=check_period, help=f"the month: {PERIOD_FORMS}")
]
Inputs = Annotated[Path | None, typer.Option("--inputs", help="inputs folder [default: inputs]")]
Outputs = Annotated[
    Path | None, typer.Option("--outputs", help="outputs folder [default: outputs]")
]
State = Annotated[Path | None, typer.Option("--state", help="state folder [default: state]")]


def check_lang(value: str | None) -> str | None:
    """The `--lang` option: th or en, else a usage error (exit 2)."""
    if value is not None and value not in ("th", "en"):
        raise typer.BadParameter(f"'{value}': write th or en")
    return value


Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=check_lang,
        help="th or en: the language of what is printed [default: th]",
    ),
]


def fail(*lines: str) -> NoReturn:
    """Print `lines` on stderr (the first in red) and end with exit status 1."""
    first, *rest = lines
    err_console.print(f"[red]{escape(first)}[/red]", highlight=False)
    for line in rest:
        err_console.print(line, markup=False, highlight=False)
    raise typer.Exit(1)


def inputs_or_exit(settings) -> None:
    """The inputs a run needs are there (the inputs folder, a plan workbook in its plan
    folder, the registry), or a message saying which is missing and exit 1: checked before
    anything starts (Prefect's server, helper processes)."""
    from oneplan.receive.drop_zone import is_ignored

    lang = settings.lang
    if not settings.inputs.is_dir():
        fail(say(lang, "no_inputs", path=settings.inputs), say(lang, "inputs_hint"))
    if not settings.plan_dir.is_dir():
        fail(say(lang, "no_plan_folder", path=settings.plan_dir), say(lang, "inputs_hint"))
    workbooks = (p for p in settings.plan_dir.rglob("*") if p.is_file() and not is_ignored(p))
    if next(workbooks, None) is None:
        fail(say(lang, "no_plan_file", path=settings.plan_dir), say(lang, "inputs_hint"))
    if not settings.registry_file.is_file():
        fail(say(lang, "no_registry", path=settings.registry_file), say(lang, "inputs_hint"))


def reference_or_exit(settings):
    """The plan and registry, or a one-line message and exit 1."""
    from oneplan.month.reference import check_reference
    from oneplan.read.reference import ReferenceInputError

    inputs_or_exit(settings)
    reference = check_reference(settings)
    if isinstance(reference, ReferenceInputError):
        problem = reference.problem_in(settings.lang)
        fail(say(settings.lang, "cannot_read", path=reference.path, problem=problem))
    return reference
