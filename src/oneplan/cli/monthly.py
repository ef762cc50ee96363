"""`oneplan run` and `oneplan demo`: the monthly reconciliation of one period, and the
account of what it did printed on the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from flows.prefect_setup import local_api, use_api
from oneplan.cli.exits import stopped_cleanly
from oneplan.cli.shell import Inputs, Lang, Outputs, Period, State, console, err_console
from oneplan.settings import load_settings
from oneplan.values.periods import previous_month


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
) -> None:
    """The monthly reconciliation of one period (default: the previous month, Asia/Bangkok)."""
    if lang is not None and lang not in ("th", "en"):
        raise typer.BadParameter("--lang must be th or en")
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
    with stopped_cleanly():
        status = _run(period or previous_month(), settings)
    raise typer.Exit(status)


def demo(
    directory: Annotated[Path, typer.Argument(help="where to write the demo")] = Path("demo"),
) -> None:
    """Write a realistic demo (plan, registry, a dozen submissions) into DIR and run on it."""
    from oneplan.demo import DEMO_PERIOD, write_demo_inputs

    inputs = directory / "inputs"
    write_demo_inputs(inputs)
    console.print(
        f"Demo inputs written to {inputs}/ (a Thai community plan, a partner registry, submissions)."
    )
    settings = load_settings(
        inputs=inputs, outputs=directory / "outputs", state=directory / "state"
    )
    with stopped_cleanly():
        status = _run(DEMO_PERIOD, settings)
    if status == 0:
        console.print("\nLook further:")
        console.print(
            f"  open {directory}/outputs/{DEMO_PERIOD}/reconciliation.xlsx and the reports in {directory}/outputs/{DEMO_PERIOD}/reports/"
        )
        folders = f"--inputs {inputs} --outputs {directory}/outputs --state {directory}/state"
        console.print(f"  .venv/bin/oneplan run --period {DEMO_PERIOD} {folders}")
        console.print(
            f"  ONEPLAN_COORDINATOR_PASSWORD=demo .venv/bin/oneplan serve {folders}\n"
            f"      then open the pages below, or drop a workbook into {inputs}/submissions/"
        )
        _print_demo_links(settings)
        console.print(
            f"  .venv/bin/oneplan send --period {DEMO_PERIOD} {folders}   (.eml files in the outbox)"
        )
        console.print(f"  .venv/bin/oneplan history --state {directory}/state")
    raise typer.Exit(status)


def _run(period: str, settings) -> int:
    """Run the monthly flow and print what it did; the exit status."""
    console.print(
        f"oneplan: reconciling [bold]{period}[/bold] — inputs {settings.inputs}, "
        f"outputs {settings.outputs}, state {settings.state}"
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
                    return_state=True,
                )
    from oneplan.read.reference import ReferenceInputError
    from oneplan.receive.archive import ArchiveDamaged

    try:
        month = state.result()
    except ReferenceInputError as exc:
        err_console.print(f"[red]oneplan: cannot run:[/red] {exc.path}: {exc.problem}")
        err_console.print("Nothing was written. Fix the file and run again.")
        return 1
    except ArchiveDamaged as exc:
        err_console.print(
            "[red]oneplan: cannot run: the state folder is damaged:[/red] "
            + escape(f"the archived copy {exc.path}: {exc.problem}"),
            highlight=False,
        )
        err_console.print(
            "Nothing was written or recorded. Restore the state folder from a backup "
            "(README, 'The state folder') and run again."
        )
        return 1
    _print_account(month, settings)
    return 0


# A national run has thousands of areas: the terminal lists the first few.
AREAS_LISTED = 20


def _print_account(month, settings) -> None:
    """The run's account (`oneplan.month.account`), then the files it did not count."""
    from oneplan.month.account import account_of
    from oneplan.month.period import files_of_period

    account = account_of(month.summary)
    files = account.files
    console.print(
        f"Files of {account.period}: {files.received} received, {files.accepted} accepted, "
        f"{files.rejected} rejected, {files.ignored} ignored (lock or hidden files)."
    )
    counts = account.issues
    console.print(f"Issues: {counts.error} errors, {counts.warning} warnings, {counts.info} info.")
    areas = account.areas
    for area in areas[:AREAS_LISTED]:
        statuses = ", ".join(f"{n} {s}" for s, n in area.agencies.items() if n)
        console.print(
            f"  {area.area_code}: coverage {area.coverage}, gap {area.gap} baht, "
            f"aligned share {area.aligned_share}; agencies: {statuses or 'none'}"
        )
    if len(areas) > AREAS_LISTED:
        console.print(
            f"  … and {len(areas) - AREAS_LISTED:,} more areas: every area's figures are in "
            f"summary.json and its network summary (reports/network_<area>.docx)."
        )
    rejected = [s for s in files_of_period(month.intake, account.period) if s.rejected]
    for submission in rejected:
        reason = next(i for i in submission.issues if i.rejects_file)
        console.print(f"  [yellow]rejected[/yellow] {submission.rel_path}: {reason.message_en}")
    for case in account.zero_line_replacements:
        console.print(
            f"  [yellow]no lines[/yellow] {escape(case.file_name)} replaced "
            f"{escape(case.replaced_file_name)}, which had lines: {case.agency_code} reports "
            f"nothing in {case.area_code} this month (a blank form sent by mistake?)"
        )
    for entry in month.intake.set_aside:
        console.print(
            f"  [yellow]ignored[/yellow] {escape(entry.rel_path)}: {escape(entry.reason)}"
        )
    for rel_path in month.intake.arriving:
        console.print(
            f"  [yellow]still arriving[/yellow] {escape(rel_path)}: left for the next run "
            "(not received yet, not counted)"
        )
    for note in month.notes:
        console.print(note)
    console.print(
        f"Outputs: {settings.period_outputs(account.period)}/ (summary.json, reconciliation.xlsx, tables/, reports/)"
    )


def _print_demo_links(settings) -> None:
    """Each demo agency's private page (new links: earlier ones end) and the coordinator's."""
    from oneplan.ledger import open_ledger
    from oneplan.month.reference import load_reference
    from oneplan.web.access import create_link

    registry = load_reference(settings).registry
    ledger = open_ledger(settings)
    console.print(f"  web pages (while serve runs): coordinator {settings.web_url}/coordinator")
    for code in sorted(registry.codes):
        url = create_link(ledger, settings, code, registry.codes)
        console.print(f"    {code:<12} {url}", markup=False, highlight=False)
