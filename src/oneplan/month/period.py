"""What belongs to a period's outputs: its files, its issues, and its summary."""

from __future__ import annotations

import dataclasses

import pandas as pd

from oneplan.check.reference import agency_names
from oneplan.check.submission import Submission
from oneplan.issues import Issue, Location, Words, make_issue
from oneplan.month.ingest import Intake
from oneplan.month.reference import Reference
from oneplan.reconcile import Reconciliation
from oneplan.reconcile.selection import in_fiscal_year_up_to
from oneplan.report.summary import summary_document
from oneplan.values.periods import english_period, thai_period
from oneplan.values.quantities import quantity_text


def files_of_period(intake: Intake, period: str) -> list[Submission]:
    """Files whose period is P, and files rejected before a period could be read that the
    run of P received first (files still arriving were not received: they are not here)."""
    return [
        s
        for s in intake.submissions
        if s.period == period
        or (s.period is None and intake.first_run_periods.get(s.file.sha256) == period)
    ]


def period_issues(reference: Reference, intake: Intake, result: Reconciliation) -> list[Issue]:
    """The issues of period P: plan, registry, the files of P, and earlier rejected files
    that give an agency its `rejected` status in P."""
    period = result.period
    issues = list(reference.plan.issues) + list(reference.registry.issues)
    files = files_of_period(intake, period)
    chosen = {s.file.sha256 for s in files}
    rejected_keys = set(
        zip(
            *(
                result.agencies.loc[result.agencies["status"] == "rejected", c]
                for c in ("agency_code", "area_code")
            ),
            strict=True,
        )
    )
    in_scope = in_fiscal_year_up_to(
        pd.Series([s.period for s in intake.submissions], dtype=object), period
    )
    for submission, in_year in zip(intake.submissions, in_scope, strict=True):
        if submission.file.sha256 in chosen:
            continue
        if (
            submission.rejected
            and in_year
            and (submission.agency_code, submission.area_code) in rejected_keys
        ):
            files.append(submission)
    for submission in files:
        issues.extend(submission.issues)
    for copy, original in intake.duplicates:
        if original.file.sha256 in chosen:
            issues.append(
                make_issue(
                    "duplicate_file",
                    Location(copy.rel_path),
                    original=original.rel_path,
                    agency_code=original.agency_code,
                    area_code=original.area_code,
                )
            )
    return issues


def summarize(result: Reconciliation, intake: Intake, issues: list[Issue]) -> dict:
    """summary.json's content (amounts in baht)."""
    files = files_of_period(intake, result.period)
    return summary_document(result, files, intake.ignored, issues)


def with_run_warnings(intake: Intake, result: Reconciliation, reference: Reference) -> Intake:
    """The intake with the warnings only the run can give, each on the counted file it is
    about: a file with no lines that replaced a file of the period with lines
    (`Reconciliation.zero_line_replacements`; the rule stands: it reports nothing), and
    results that compare parts (`oneplan.reconcile.result_checks`). The agency's feedback,
    report and message say so."""
    found: dict[str, list[Issue]] = {}
    for case in result.zero_line_replacements:
        found.setdefault(case["submission_id"], []).append(
            _zero_line_warning(case, result, reference)
        )
    by_hash = {s.file.sha256: s for s in intake.submissions}
    findings = result.results.findings if result.results is not None else []
    names = agency_names(reference.registry.agencies) if findings else {}
    for finding in findings:
        submission = by_hash.get(finding.part.submission_id)
        if submission is not None:
            found.setdefault(submission.file.sha256, []).append(
                _result_warning(finding, submission, names)
            )
    if not found:
        return intake
    submissions = [
        dataclasses.replace(s, issues=[*found[s.file.sha256], *s.issues])
        if s.file.sha256 in found
        else s
        for s in intake.submissions
    ]
    return dataclasses.replace(intake, submissions=submissions)


def _zero_line_warning(case: dict, result: Reconciliation, reference: Reference) -> Issue:
    return make_issue(
        "zero_line_replacement",
        Location(case["file_name"]),
        period=Words(thai_period(result.period), english_period(result.period)),
        replaced=case["replaced_file_name"],
        replaced_lines=case["replaced_lines"],
        area=reference.plan.area_words(case["area_code"]),
        agency_code=case["agency_code"],
        area_code=case["area_code"],
    )


def _with_unit(quantity, unit: str) -> str:
    """`55 คน`; the number alone for an item without a unit."""
    return f"{quantity_text(quantity)} {unit}".strip()


def _result_warning(finding, submission: Submission, names: dict[str, str]) -> Issue:
    part = finding.part
    letter = submission.lines.letters.get("quantity", "") if submission.lines else ""
    where = Location(
        submission.rel_path,
        part.sheet,
        part.row,
        "quantity",
        f"{letter}{part.row}" if letter else "",
    )
    values: dict[str, object] = {
        "value": _with_unit(part.quantity, part.unit),
        "plan_item_id": part.plan_item_id,
        "agency_code": part.agency_code,
        "area_code": part.area_code,
    }
    if finding.code == "quantity_decreased":
        period = finding.values["period"]
        values["previous"] = _with_unit(finding.values["previous"], part.unit)
        values["previous_period"] = Words(thai_period(period), english_period(period))
    else:
        values["partner"] = ", ".join(names.get(a, a) for a in finding.values["partners"])
    return make_issue(finding.code, where, **values)
