"""`oneplan run`: the monthly reconciliation of one period, its inputs checked before
anything starts, and the account of what it did printed (`oneplan.cli.account`)."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.prefect_setup import local_api, use_api
from oneplan.cli.exits import stopped_cleanly
from oneplan.cli.shell import (
    Inputs,
    Lang,
    Outputs,
    Period,
    State,
    console,
    err_console,
    inputs_or_exit,
)
from oneplan.cli.words import say
from oneplan.settings import load_settings


def run(
    period: Period = None,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    lang: Lang = None,
    pdf: Annotated[
        bool | None,
        typer.Option("--pdf/--no-pdf", help="also write PDFs of the reports (LibreOffice)"),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="processes for reading and reports [default: CPUs]"),
    ] = None,
    dask: Annotated[
        bool | None,
        typer.Option("--dask/--no-dask", help="run batches on a local Dask cluster of --workers"),
    ] = None,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", help="run batches on this Dask cluster (tcp://host:8786)"),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="make every output anew, even those whose inputs are unchanged"
        ),
    ] = False,
) -> None:
    """The monthly reconciliation of one period (default: the previous month, in the
    configured time zone)."""
    from oneplan.month.today import month_just_ended

    settings = load_settings(
        inputs=inputs,
        outputs=outputs,
        state=state,
        lang=lang,
        pdf=pdf,
        workers=workers,
        dask=dask,
        dask_address=dask_address,
    )
    inputs_or_exit(settings)
    with stopped_cleanly(settings.lang):
        status = run_period(period or month_just_ended(settings), settings, full=full)
    raise typer.Exit(status)


def run_period(
    period: str,
    settings,
    full: bool = False,
    closing_by: str | None = None,
    closing_area: str | None = None,
) -> int:
    """Run the monthly flow and print what it did; the exit status. `full`: every output
    made anew (`oneplan run --full`); `closing_by`: the run that closes the period, or its
    area `closing_area` (`oneplan close`)."""
    from oneplan.cli.account import print_account

    lang = settings.lang
    console.print(
        say(
            lang,
            "reconciling",
            period=period,
            inputs=settings.inputs,
            outputs=settings.outputs,
            state=settings.state,
        ),
        markup=False,
        highlight=False,
    )
    # The server starts first and gets ready while the run's modules are imported and its
    # helper processes started, before Prefect (which starts threads) is imported.
    with local_api() as server:
        from oneplan.month.batches import helpers_started_ahead

        with helpers_started_ahead(settings):
            from flows.monthly import with_task_runner

            with use_api(server):
                state = with_task_runner(settings)(
                    period=period,
                    inputs=str(settings.inputs),
                    outputs=str(settings.outputs),
                    state=str(settings.state),
                    lang=settings.lang,
                    pdf=settings.pdf,
                    workers=settings.workers,
                    dask=settings.dask,
                    dask_address=settings.dask_address,
                    full=full,
                    closing_by=closing_by,
                    closing_area=closing_area,
                    return_state=True,
                )
    from oneplan.read.reference import ReferenceInputError
    from oneplan.receive.archive import ArchiveDamaged

    try:
        month = state.result()
    except ReferenceInputError as exc:
        lines = say(lang, "cannot_run", path=exc.path, problem=exc.problem_in(lang))
        err_console.print(lines, markup=False, highlight=False)
        err_console.print(say(lang, "nothing_written"), markup=False, highlight=False)
        return 1
    except ArchiveDamaged as exc:
        lines = say(lang, "state_damaged", path=exc.path, problem=exc.problem)
        err_console.print(lines, markup=False, highlight=False)
        err_console.print(say(lang, "restore_state"), markup=False, highlight=False)
        return 1
    print_account(month, settings)
    return 0
