"""The `oneplan` command line: a thin shell over the library.

Each command parses its options, calls one library function, and turns a known failure
into a one-line message and an exit code (0 done, 1 could not, 2 usage error).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from oneplan.periods import is_period, previous_month
from oneplan.prefect_env import apply_defaults
from oneplan.settings import load_settings

apply_defaults()

app = typer.Typer(
    help="oneplan: reconcile partner agencies' budgets against one shared community plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def _check_period(value: str | None) -> str | None:
    if value is not None and not is_period(value):
        raise typer.BadParameter(f"'{value}' is not a period; write YYYY-MM in C.E., e.g. 2026-11")
    return value


Period = Annotated[
    str | None, typer.Option("--period", callback=_check_period, help="YYYY-MM (C.E.)")
]
Inputs = Annotated[Path | None, typer.Option("--inputs", help="inputs folder [default: inputs]")]
Outputs = Annotated[
    Path | None, typer.Option("--outputs", help="outputs folder [default: outputs]")
]
State = Annotated[Path | None, typer.Option("--state", help="state folder [default: state]")]
Lang = Annotated[str | None, typer.Option("--lang", help="th or en [default: th]")]


def _run(period: str, settings) -> int:
    """Run the monthly flow and print what it did; the exit status."""
    from flows.monthly import monthly_reconciliation
    from oneplan.validate.reference import ReferenceInputError

    console.print(
        f"oneplan: reconciling [bold]{period}[/bold] — inputs {settings.inputs}, "
        f"outputs {settings.outputs}, state {settings.state}"
    )
    state = monthly_reconciliation(
        period=period,
        inputs=str(settings.inputs),
        outputs=str(settings.outputs),
        state=str(settings.state),
        lang=settings.lang,
        return_state=True,
    )
    try:
        month = state.result()
    except ReferenceInputError as exc:
        err_console.print(f"[red]oneplan: cannot run:[/red] {exc.path}: {exc.problem}")
        err_console.print("Nothing was written. Fix the file and run again.")
        return 1
    _print_account(month, settings)
    return 0


def _print_account(month, settings) -> None:
    summary = month.summary
    files = summary["files"]
    console.print(
        f"Files of {summary['period']}: {files['received']} received, {files['accepted']} accepted, "
        f"{files['rejected']} rejected, {files['ignored']} ignored (lock or hidden files)."
    )
    counts = summary["issues"]
    console.print(
        f"Issues: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info."
    )
    for area in summary["areas"]:
        coverage = "-" if area["coverage"] is None else f"{area['coverage'] * 100:.1f}%"
        share = "-" if area["aligned_share"] is None else f"{area['aligned_share'] * 100:.1f}%"
        statuses = ", ".join(f"{n} {s}" for s, n in area["agencies"].items() if n)
        console.print(
            f"  {area['area_code']}: coverage {coverage}, gap {area['gap']:,.2f} baht, "
            f"aligned share {share}; agencies: {statuses or 'none'}"
        )
    rejected = [
        s for s in month.intake.submissions if s.rejected and s.period in (summary["period"], None)
    ]
    for submission in rejected:
        reason = next(i for i in submission.issues if i.rejects_file)
        console.print(f"  [yellow]rejected[/yellow] {submission.rel_path}: {reason.message_en}")
    console.print(
        f"Outputs: {settings.period_outputs(summary['period'])}/ (summary.json, reconciliation.xlsx, tables/, reports/)"
    )


@app.command()
def run(
    period: Period = None,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """The monthly reconciliation of one period (default: the previous month, Asia/Bangkok)."""
    if lang is not None and lang not in ("th", "en"):
        raise typer.BadParameter("--lang must be th or en")
    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    raise typer.Exit(_run(period or previous_month(), settings))


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="where to write the demo")] = Path("demo"),
) -> None:
    """Write a realistic demo (plan, registry, a dozen submissions) into DIR and run on it."""
    from oneplan.demo_data import DEMO_PERIOD, write_demo_inputs

    inputs = directory / "inputs"
    write_demo_inputs(inputs)
    console.print(
        f"Demo inputs written to {inputs}/ (a Thai community plan, a partner registry, submissions)."
    )
    settings = load_settings(
        inputs=inputs, outputs=directory / "outputs", state=directory / "state"
    )
    status = _run(DEMO_PERIOD, settings)
    if status == 0:
        console.print("\nLook further:")
        console.print(
            f"  open {directory}/outputs/{DEMO_PERIOD}/reconciliation.xlsx and the reports in {directory}/outputs/{DEMO_PERIOD}/reports/"
        )
        console.print(
            f"  oneplan run --period {DEMO_PERIOD} --inputs {inputs} --outputs {directory}/outputs --state {directory}/state"
        )
    raise typer.Exit(status)


def main() -> None:  # pragma: no cover - console entry point
    logging.basicConfig(level=logging.WARNING)
    app()
