"""`oneplan validate` and `oneplan template`: checking submission workbooks against the
plan and registry (nothing recorded), and writing a blank one for an agency and area."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import Inputs, Lang, Period, console, err_console, reference_or_exit
from oneplan.settings import load_settings


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
    reference = reference_or_exit(settings)
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


def xlsx_name(path: Path) -> Path:
    """The `-o` option's check: the template is an .xlsx workbook, and its name says so
    (a clerk's Excel opens it by its extension)."""
    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter(
            f"'{path}' does not end in .xlsx; the template is an .xlsx workbook"
        )
    return path


def template(
    agency: Annotated[str, typer.Option("--agency", help="agency code")],
    area: Annotated[str, typer.Option("--area", help="area code")],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", callback=xlsx_name, help="the .xlsx workbook to write"),
    ],
    period: Period = None,
    inputs: Inputs = None,
) -> None:
    """Write a blank submission workbook for one agency and area, ready to fill in."""
    from oneplan.forms.submission_template import TemplateUnavailable, template_for
    from oneplan.values.periods import current_month
    from oneplan.values.text import normalize_code

    settings = load_settings(inputs=inputs)
    reference = reference_or_exit(settings)
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
