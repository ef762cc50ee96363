"""The `oneplan` command line: a thin shell over the library.

Each command parses its options, calls one library function, and turns a known failure
into a one-line message and an exit code (0 done, 1 could not, 2 usage error).
"""

from __future__ import annotations

import atexit
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from flows.prefect_setup import apply_defaults, local_api, use_api
from oneplan.runtime.ending import end_without_teardown
from oneplan.settings import load_settings
from oneplan.values.periods import is_period, previous_month

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
    from oneplan.check.reference import ReferenceInputError
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
    areas = summary["areas"]
    for area in areas[:AREAS_LISTED]:
        coverage = "-" if area["coverage"] is None else f"{area['coverage'] * 100:.1f}%"
        share = "-" if area["aligned_share"] is None else f"{area['aligned_share'] * 100:.1f}%"
        statuses = ", ".join(f"{n} {s}" for s, n in area["agencies"].items() if n)
        console.print(
            f"  {area['area_code']}: coverage {coverage}, gap {area['gap']:,.2f} baht, "
            f"aligned share {share}; agencies: {statuses or 'none'}"
        )
    if len(areas) > AREAS_LISTED:
        console.print(
            f"  … and {len(areas) - AREAS_LISTED:,} more areas: every area's figures are in "
            f"summary.json and its network summary (reports/network_<area>.docx)."
        )
    from oneplan.month.period import files_of_period

    rejected = [s for s in files_of_period(month.intake, summary["period"]) if s.rejected]
    for submission in rejected:
        reason = next(i for i in submission.issues if i.rejects_file)
        console.print(f"  [yellow]rejected[/yellow] {submission.rel_path}: {reason.message_en}")
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
        f"Outputs: {settings.period_outputs(summary['period'])}/ (summary.json, reconciliation.xlsx, tables/, reports/)"
    )


@app.command()
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
    with _stopped_cleanly():
        status = _run(period or previous_month(), settings)
    raise typer.Exit(status)


@app.command()
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
    with _stopped_cleanly():
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


def _reference_or_exit(settings):
    """The plan and registry, or a one-line message and exit 1."""
    from oneplan.check.reference import ReferenceInputError
    from oneplan.month.reference import check_reference

    reference = check_reference(settings)
    if isinstance(reference, ReferenceInputError):
        err_console.print(f"[red]oneplan: cannot read {reference.path}:[/red] {reference.problem}")
        raise typer.Exit(1)
    return reference


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="submission workbooks to check", exists=True, dir_okay=False),
    ],
    inputs: Inputs = None,
    feedback: Annotated[
        Path | None, typer.Option("--feedback", help="write annotated copies here")
    ] = None,
    lang: Lang = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the issues as JSON")] = False,
) -> None:
    """Check workbooks against the plan and registry; records nothing. Exit 1 on any error."""
    import datetime as dt
    import json

    from oneplan.month.ingest import validate_files
    from oneplan.report.feedback import write_feedback_files

    settings = load_settings(inputs=inputs, lang=lang)
    reference = _reference_or_exit(settings)
    submissions = validate_files(reference, files, dt.datetime.now(dt.UTC))
    if as_json:
        rows = [i.as_row() for s in submissions for i in s.issues]
        console.print_json(json.dumps(rows, ensure_ascii=False))
    else:
        for submission in submissions:
            _print_file_issues(submission, settings.lang)
    if feedback is not None:
        for path in write_feedback_files(submissions, feedback):
            console.print(f"feedback: {path}")
    has_errors = any(i.severity == "error" for s in submissions for i in s.issues)
    raise typer.Exit(1 if has_errors else 0)


def _print_file_issues(submission, lang: str) -> None:
    verdict = "[red]rejected[/red]" if submission.rejected else "[green]accepted[/green]"
    identity = " ".join(
        x for x in (submission.agency_code, submission.area_code, submission.period) if x
    )
    counted = len(submission.counted_rows)
    console.print(
        f"{submission.rel_path}: {verdict} {identity} — {counted} lines count, "
        f"{submission.rejected_rows} rows excluded"
    )
    for issue in submission.issues:
        message = issue.message_th if lang == "th" else issue.message_en
        place = f"{issue.sheet}!{issue.cell}" if issue.cell else (issue.sheet or "-")
        console.print(f"  {issue.severity:<7} {place:<24} {issue.code:<22} {message}", markup=False)


@app.command()
def template(
    agency: Annotated[str, typer.Option("--agency", help="agency code")],
    area: Annotated[str, typer.Option("--area", help="area code")],
    output: Annotated[Path, typer.Option("-o", "--output", help="the workbook to write")],
    period: Period = None,
    inputs: Inputs = None,
) -> None:
    """Write a blank submission workbook for one agency and area, ready to fill in."""
    from oneplan.forms.submission_template import TemplateUnavailable, template_for
    from oneplan.values.periods import current_month
    from oneplan.values.text import normalize_code

    settings = load_settings(inputs=inputs)
    reference = _reference_or_exit(settings)
    period = period or current_month()
    agency_code, area_code = normalize_code(agency), normalize_code(area)
    try:
        book = template_for(reference.plan, reference.registry, agency_code, area_code, period)
    except TemplateUnavailable as problem:
        err_console.print(f"oneplan: {problem}")
        raise typer.Exit(1) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    book.save(output)
    console.print(
        f"Wrote {output}: submission template for {agency_code} in {area_code}, period {period}."
    )


@app.command()
def history(
    agency: Annotated[str | None, typer.Option("--agency", help="only this agency")] = None,
    state: State = None,
    as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
) -> None:
    """Runs, and what each agency sent: which file, when, and in which periods it counted."""
    import json

    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code

    settings = load_settings(state=state)
    record = open_ledger(settings).history(normalize_code(agency) if agency else None)
    if as_json:
        console.print_json(json.dumps(record, ensure_ascii=False))
        return
    console.print("Runs:")
    for run in record["runs"]:
        console.print(
            f"  {run['period']}  finished {run['finished_at'][:19].replace('T', ' ')} UTC"
        )
    console.print("Files received:")
    for item in record["files"]:
        verdict = "accepted" if item["accepted"] else "rejected"
        counted = ", ".join(item["counted_in"]) or "-"
        console.print(
            f"  {item['agency_code']:<12} {item['area_code'] or '-':<10} {item['period'] or '-':<8} "
            f"{verdict:<8} received {item['received_at'][:19].replace('T', ' ')}  counted in: {counted}  "
            f"{item['path']}",
            markup=False,
        )


@app.command()
def send(
    period: Annotated[str, typer.Option("--period", callback=_check_period, help="YYYY-MM (C.E.)")],
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    resend: Annotated[
        bool,
        typer.Option(
            "--resend", help="send again to every address: already sent, refused or unconfirmed"
        ),
    ] = False,
    agency: Annotated[
        str | None, typer.Option("--agency", help="only this agency's message")
    ] = None,
) -> None:
    """Send each agency its report and feedback workbooks (outbox .eml files unless SMTP is set).
    Exit 0 when every address is confirmed sent."""
    from oneplan.ledger import open_ledger
    from oneplan.month.send import send_period
    from oneplan.values.text import normalize_code

    settings = load_settings(inputs=inputs, outputs=outputs, state=state)
    if not (settings.period_outputs(period) / "tables" / "agencies.parquet").is_file():
        err_console.print(
            f"oneplan: no outputs for {period} in {settings.outputs}; run `oneplan run --period {period}` first"
        )
        raise typer.Exit(1)
    reference = _reference_or_exit(settings)
    code = normalize_code(agency) if agency else None
    with _stopped_cleanly():
        registry, ledger = reference.registry.agencies, open_ledger(settings)
        report = send_period(settings, period, registry, ledger, resend, agency=code)
    found = report.sent or report.already_sent or report.undelivered or report.without_address
    if code and not found:
        err_console.print(
            f"oneplan: no message for agency {code} in {period}: no such agency code in the"
            " registry, or the agency has no report this period; nothing sent"
        )
        raise typer.Exit(1)
    _print_sending(settings, period, report)
    raise typer.Exit(0 if report.all_sent else 1)


def _print_sending(settings, period: str, report) -> None:
    where = (
        f"SMTP {settings.smtp_host}"
        if settings.smtp_host
        else f"{settings.period_outputs(period) / 'outbox'}"
    )
    console.print(
        f"Sent {len(report.sent)} messages ({len(report.corrections)} corrections) to {where}; "
        f"{len(report.already_sent)} already sent before."
    )
    for agency in report.without_address:
        console.print(
            f"  [yellow]not sent[/yellow] {agency}: no usable e-mail address in the registry"
        )
    for agency, bad in report.invalid_addresses.items():
        console.print(
            f"  [yellow]ignored address[/yellow] {agency}: {', '.join(bad)}", markup=False
        )
    for item in report.refused:
        when = "refused by an earlier send" if item.earlier else "refused"
        then = (
            "tried again by the next send"
            if item.status == "refused_temporary"
            else "tried again when the address changes in the registry, or with --resend"
        )
        console.print(
            f"  refused {item.agency_code} <{item.recipient}>: {when}, "
            f"{item.status.removeprefix('refused_')}: {item.reply_text or '-'}; {then}",
            markup=False,
        )
    for item in report.unconfirmed:
        console.print(
            f"  unconfirmed {item.agency_code} <{item.recipient}>: the connection broke after the "
            "message was sent, before the server's reply: it may have arrived. Check with the "
            f"recipient; to send it again: oneplan send --period {period} --resend "
            f"--agency {item.agency_code}",
            markup=False,
        )


@app.command("serve")
def serve_command(
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    no_web: Annotated[
        bool, typer.Option("--no-web", help="serve the schedule and intake without the web pages")
    ] = False,
) -> None:
    """Run until stopped: the monthly run on its schedule (then send), intake of new files, and
    the web pages (agency upload, the coordinator's month) unless --no-web."""
    from flows.serve import serve_all

    settings = load_settings(inputs=inputs, outputs=outputs, state=state)
    _reference_or_exit(settings)
    # Ctrl-C or SIGTERM (once running, Prefect's serve ends quietly; while it starts, an
    # interruption comes out here): shut down as the blocks unwind, exit 0.
    with suppress(KeyboardInterrupt):
        serve_all(settings, say=console.print, web=not no_web)
    console.print("oneplan serve: stopped.")


@app.command()
def backup(
    destination: Annotated[
        Path, typer.Argument(help="folder to copy the state into (a state folder itself)")
    ],
    state: State = None,
) -> None:
    """Copy the state folder (ledger and archive) into DEST, consistently, even while
    `serve` runs; `oneplan run --state DEST` then works from any folder."""
    from oneplan.backup import BackupRefused, back_up
    from oneplan.ledger import open_ledger
    from oneplan.receive.archive import ArchiveDamaged

    settings = load_settings(state=state)
    try:
        report = back_up(settings, open_ledger(settings), destination)
    except BackupRefused as refused:
        err_console.print(f"oneplan: cannot back up into {destination}: {refused}", markup=False)
        raise typer.Exit(1) from None
    except ArchiveDamaged as exc:
        err_console.print(
            f"oneplan: cannot back up: the state folder is damaged: the archived copy "
            f"{exc.path}: {exc.problem}",
            markup=False,
        )
        raise typer.Exit(1) from None
    if report.ledger_copied:
        console.print(f"Ledger copied to {report.destination / 'ledger.sqlite'}.", markup=False)
    else:
        console.print(
            "The ledger is in a database server (ONEPLAN_LEDGER_URL): it was not copied. "
            "Dump it with pg_dump before this command (README, 'The state folder').",
            markup=False,
        )
    console.print(
        f"Archive: {report.files_copied} files copied, {report.files_kept} already there; "
        f"other files of the state folder: {len(report.other_files)}.",
        markup=False,
    )
    console.print(
        f"Use it with: oneplan run --state {report.destination} (from any folder)", markup=False
    )


token_app = typer.Typer(help="Agencies' private links to their web page.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    agency: Annotated[str, typer.Option("--agency", help="agency code of the registry")],
    inputs: Inputs = None,
    state: State = None,
) -> None:
    """Make an agency's private link and print it (its earlier link stops working)."""
    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code
    from oneplan.web.access import UnknownAgency, create_link

    settings = load_settings(inputs=inputs, state=state)
    reference = _reference_or_exit(settings)
    code = normalize_code(agency)
    try:
        url = create_link(open_ledger(settings), settings, code, reference.registry.codes)
    except UnknownAgency:
        err_console.print(
            f"oneplan: agency {code} is not in the registry ({reference.registry.file})"
        )
        raise typer.Exit(1) from None
    console.print(url, markup=False, highlight=False)


@token_app.command("revoke")
def token_revoke(
    agency: Annotated[str, typer.Option("--agency", help="agency code")],
    state: State = None,
) -> None:
    """End an agency's link: it opens nothing any more."""
    import datetime as dt

    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code

    settings = load_settings(state=state)
    code = normalize_code(agency)
    ended = open_ledger(settings).revoke_links(code, dt.datetime.now(dt.UTC))
    if ended:
        console.print(f"The link of {code} no longer opens anything.")
    else:
        console.print(f"{code} had no link in use; nothing to end.")


def main() -> None:  # pragma: no cover - console entry point
    # Registered first, so run last: once every other exit handler has, the process ends
    # without Python's teardown (`oneplan.runtime.ending.end_without_teardown`), with its status.
    atexit.register(lambda: end_without_teardown(_exit_status))
    logging.basicConfig(level=logging.WARNING, format="oneplan: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except SystemExit as done:
        _set_exit_status(done.code if isinstance(done.code, int) else int(done.code is not None))
        raise
    except BaseException:  # a traceback: the status Python would give
        _set_exit_status(1)
        raise


_terminated = False


@contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """A command stopped by Ctrl-C or SIGTERM ends with a one-line message and the status a
    shell gives a command stopped by that signal (130, 143). Its clean-up has run on the way
    out (the run lock released, a staging folder removed, helpers ended), and the exit
    handlers close the ledger (checkpointed): nothing half-done counts."""
    try:
        yield
    except KeyboardInterrupt:
        stopped_by = signal.SIGTERM if _terminated else signal.SIGINT
        how = "SIGTERM" if _terminated else "Ctrl-C"
        err_console.print(
            f"oneplan: stopped by {how}; nothing half-done counts: run the command again.",
            markup=False,
        )
        raise typer.Exit(128 + stopped_by) from None


def _interrupt(signum: int, frame) -> None:
    """SIGTERM (systemd, `kill`, `docker stop`) stops a command as Ctrl-C does, so that it
    ends through its clean-up and exit handlers (the ledger checkpointed), not at once."""
    global _terminated
    _terminated = True
    ctrl_c = signal.getsignal(signal.SIGINT)  # Python's, or asyncio's while a loop runs
    if callable(ctrl_c):
        ctrl_c(signal.SIGINT, frame)
    else:  # Ctrl-C ignored (a background job): SIGTERM still stops
        raise KeyboardInterrupt


_exit_status = 0


def _set_exit_status(status: int) -> None:
    global _exit_status
    _exit_status = status
