"""Checking the month's lines at once: the schema's checks, repeated line numbers, lines
that differ from the plan item they name, and their results (`oneplan.check.results`).

The schema checks run over one frame for the whole month (fast). Each check returns its
issues and says which lines they exclude (`LineFindings`); nothing here changes a
submission: `oneplan.check.submission.with_findings` gives a submission as they leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

import pandas as pd

from oneplan.check.columns import ParsedTable
from oneplan.check.reference import Plan
from oneplan.check.results import ItemMeasure, result_warnings
from oneplan.check.schema import schema_failures, typed_frame
from oneplan.check.tables import first_row_keeps
from oneplan.issues import Issue, Location, Words, make_issue
from oneplan.schemas import SUBMISSION_LINES, checked_columns
from oneplan.values.periods import BE_OFFSET, fiscal_year


@dataclass(frozen=True)
class LinesToCheck:
    """One submission's lines, and what checking them needs to know of the submission."""

    lines: ParsedTable
    reported: frozenset[tuple]  # (row, column) of every place that has an issue already
    plan_area: tuple[str, str] | None  # (area code, period) when both are known


@dataclass
class LineFindings:
    """What checking one submission's lines found: the issues, and whether each line is
    in error once they apply (a row-level error excludes its line)."""

    issues: list[Issue]
    errors: list[bool]


def check_lines(tables: list[LinesToCheck], plan: Plan) -> list[LineFindings]:
    """The findings of each table's lines, in order: all tables' schema checks at once."""
    frame, owners, positions = _batch_frame([table.lines for table in tables])

    def locate(index: int, column: str) -> Location:
        return tables[owners[index]].lines.location(positions[index], column)

    found: dict[int, list[Issue]] = {}
    for index, issue in schema_failures(frame, SUBMISSION_LINES, locate):
        found.setdefault(owners[index], []).append(issue)
    items: dict[tuple, dict[str, tuple]] = {}  # (area, year) -> item id -> (category, village)
    measures: dict[tuple, dict[str, ItemMeasure]] = {}  # (area, year) -> item id -> measure
    for i in plan.items.itertuples():
        place = (i.area_code, i.fiscal_year)
        items.setdefault(place, {})[i.plan_item_id] = (i.category, i.village)
        measures.setdefault(place, {})[i.plan_item_id] = ItemMeasure.of(i.indicator, i.unit)
    return [
        _findings(table, found.get(owner, []), items, measures, plan)
        for owner, table in enumerate(tables)
    ]


def _findings(
    table: LinesToCheck, schema_found: list[Issue], items: dict, measures: dict, plan: Plan
) -> LineFindings:
    """One table's findings: its schema issues (one per cell), then its repeated line
    numbers among the lines still counted, then its plan and results warnings on those."""
    lines = table.lines
    issues = [i for i in schema_found if (i.row, i.column) not in table.reported]
    errors = lines.errors_after(issues)
    repeated = _repeated_line_numbers(lines, errors)
    errors = lines.errors_after(repeated, errors)
    issues += repeated
    if table.plan_area:
        issues += _plan_warnings(lines, errors, *table.plan_area, items, plan)
        area, period = table.plan_area
        issues += result_warnings(lines, errors, measures.get((area, fiscal_year(period)), {}))
    return LineFindings(issues, errors)


def _batch_frame(tables: list[ParsedTable]) -> tuple[pd.DataFrame, list[int], list[int]]:
    """One frame of every table's lines (the columns validation reads); for each of its
    rows, the owner (the table's position) and the position in the owner's table."""
    checked = checked_columns(SUBMISSION_LINES)
    columns: dict[str, list] = {name: [] for name in checked}
    owners: list[int] = []
    positions: list[int] = []
    for owner, lines in enumerate(tables):
        for name in checked:
            columns[name].extend(lines.columns[name])
        owners.extend(repeat(owner, len(lines)))
        positions.extend(range(len(lines)))
    return typed_frame(columns, SUBMISSION_LINES), owners, positions


def _repeated_line_numbers(lines: ParsedTable, errors: list[bool]) -> list[Issue]:
    """An error on every line repeating an earlier line's number (the first one counts),
    among the lines not in error by `errors`."""
    numbers = [
        n
        for n, error in zip(lines.columns["line_no"], errors, strict=True)
        if not error and n is not None
    ]
    if len(set(numbers)) == len(numbers):
        return []  # no number repeats: the common case, decided without a record per row
    records = lines.records(errors)
    return first_row_keeps(records, ["line_no"], "line_no_duplicate", "line_no", SUBMISSION_LINES)


def _plan_warnings(
    lines: ParsedTable, errors: list[bool], area_code: str, period: str, items: dict, plan: Plan
) -> list[Issue]:
    """Lines naming a plan item that is not in the plan, or differing from it."""
    year = fiscal_year(period)
    area_items = items.get((area_code, year), {})
    columns = lines.columns
    described = list(
        zip(columns["plan_item_id"], columns["category"], columns["village"], strict=True)
    )
    # Lines repeat a few (item, category, village): each is judged once.
    differing = {
        line: found
        for line in set(described)
        if (found := _plan_differences(line, area_items, area_code, year, plan))
    }
    warnings = []
    for index in [i for i, line in enumerate(described) if line in differing]:
        if errors[index]:
            continue
        for code, column, details in differing[described[index]]:
            warnings.append(make_issue(code, lines.location(index, column), **details))
    return warnings


def _plan_differences(
    line: tuple, area_items: dict, area_code: str, year: int, plan: Plan
) -> list[tuple[str, str, dict]]:
    """(code, column, details) of each warning a line naming `line`'s plan item gets."""
    item_id, category, village = line
    if not item_id:
        return []
    item = area_items.get(item_id)
    if item is None:
        details = {
            "value": item_id,
            "area": plan.area_words(area_code),
            "fiscal_year": Words(str(year), f"FY {year - BE_OFFSET} (B.E. {year})"),
        }
        return [("plan_item_unknown", "plan_item_id", details)]
    # A line may describe the plan item differently from the plan: tell, but keep it.
    # (Two plain tests: most lines agree with the plan, and are decided by them alone.)
    expected_category, expected_village = item
    differences = []
    if category and expected_category and category != expected_category:
        differences.append(_mismatch("category", category, item_id, expected_category))
    if village and expected_village and village != expected_village:
        differences.append(_mismatch("village", village, item_id, expected_village))
    return differences


def _mismatch(column: str, value: str, item_id: str, expected: str) -> tuple[str, str, dict]:
    details = {"value": value, "plan_item_id": item_id, "expected": expected}
    return f"{column}_mismatch", column, details
