"""`oneplan validate` and `oneplan template`: checking submission workbooks against the
plan and registry (nothing recorded), and writing a blank one for an agency and area."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from oneplan.cli.shell import (
    PERIOD_FORMS,
    Inputs,
    Lang,
    check_period,
    console,
    err_console,
    fail,
    reference_or_exit,
    usage_lang,
)
from oneplan.cli.words import counted, say, severity_word
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
            console.print(say(settings.lang, "feedback_written", path=path), markup=False)
    has_errors = any(i.severity == "error" for s in submissions for i in s.issues)
    raise typer.Exit(1 if has_errors else 0)


def _print_file_issues(submission, lang: str) -> None:
    identity = " ".join(
        x for x in (submission.agency_code, submission.area_code, submission.period) if x
    )
    verdict = say(lang, "invalid" if submission.rejected else "valid")
    line = say(
        lang,
        "validated",
        path=submission.rel_path,
        verdict=verdict,
        identity=identity,
        lines=counted(lang, "line", len(submission.counted_rows)),
        rows=counted(lang, "row", submission.rejected_rows),
    )
    colour = "red" if submission.rejected else "green"
    console.print(
        escape(line).replace(verdict, f"[{colour}]{verdict}[/{colour}]", 1), highlight=False
    )
    for issue in submission.issues:
        message = issue.message_th if lang == "th" else issue.message_en
        place = f"{issue.sheet}!{issue.cell}" if issue.cell else (issue.sheet or "-")
        severity = severity_word(lang, issue.severity)
        console.print(f"  {severity:<13} {place:<24} {issue.code:<22} {message}", markup=False)


def xlsx_name(ctx: typer.Context, path: Path) -> Path:
    """The `-o` option's check: the template is an .xlsx workbook, and its name says so
    (a clerk's Excel opens it by its extension)."""
    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter(say(usage_lang(ctx), "not_xlsx", path=path))
    return path


def template(
    agency: Annotated[str, typer.Option("--agency", help="agency code")],
    area: Annotated[str, typer.Option("--area", help="area code")],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", callback=xlsx_name, help="the .xlsx workbook to write"),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            callback=check_period,
            help=f"the month: {PERIOD_FORMS}; default: the month being reported now",
        ),
    ] = None,
    inputs: Inputs = None,
    lang: Lang = None,
) -> None:
    """Write a blank submission workbook for one agency and area, ready to fill in (by
    default for the month being reported now: last month until its deadline, then this one)."""
    from oneplan.cli.names import agency_names, in_name_order, named
    from oneplan.forms.submission_template import (
        TemplateUnavailable,
        areas_listed_without,
        template_for,
    )
    from oneplan.month.today import deadline_of, month_reported_now
    from oneplan.values.text import normalize_code
    from oneplan.values.times import local_time

    settings = load_settings(inputs=inputs, lang=lang)
    lang = settings.lang
    reference = reference_or_exit(settings)
    plan, registry = reference.plan, reference.registry
    areas, agencies = plan.area_names, agency_names(registry.agencies)
    agency_code, area_code = normalize_code(agency), normalize_code(area)
    chosen = period or month_reported_now(settings)
    try:
        book = template_for(plan, registry, agency_code, area_code, chosen)
    except TemplateUnavailable as problem:
        details = dict(problem.details)
        if problem.reason == "area_in_no_plan":
            codes = in_name_order(details["areas"], areas)
            details["areas"] = ", ".join(named(a, areas) for a in codes)
        if problem.reason == "area_not_in_year":
            details["years"] = ", ".join(str(y) for y in details["years"])
        fail(say(lang, TEMPLATE_REFUSALS[problem.reason], **details))
    output.parent.mkdir(parents=True, exist_ok=True)
    book.save(output)
    console.print(
        say(
            lang,
            "template_written",
            output=output,
            agency=named(agency_code, agencies) if lang == "th" else agency_code,
            area=named(area_code, areas) if lang == "th" else area_code,
            period=chosen,
        ),
        markup=False,
        highlight=False,
    )
    if period is None:
        own = deadline_of(chosen, settings, registry, agency_code)  # the agency's own days
        deadline = local_time(own, settings.timezone, lang)
        console.print(say(lang, "template_period", period=chosen, deadline=deadline), markup=False)
    if listed := areas_listed_without(registry, agency_code, area_code):
        warning = say(
            lang,
            "area_not_listed",
            area=named(area_code, areas),
            agency=named(agency_code, agencies),
            areas=", ".join(named(a, areas) for a in listed),
        )
        err_console.print(f"[yellow]{escape(warning)}[/yellow]", highlight=False)


# What a refused template says, by `TemplateUnavailable.reason` (`oneplan.cli.words`).
TEMPLATE_REFUSALS = {
    "agency_unknown": "agency_not_registered",
    "area_in_no_plan": "area_in_no_plan",
    "area_not_in_year": "area_not_in_year",
}
