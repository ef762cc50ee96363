"""The two reference inputs every run needs: the community plan(s) and the partner registry.

Unlike a submission, a plan or registry that cannot be used stops the run
(`ReferenceInputError`): the areas and agencies it would define cannot be known. Row
problems in them are issues like any other; the rows with errors are left out.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from oneplan.check.schema import cell_location, schema_issues, to_frame
from oneplan.check.tables import first_row_keeps, mark_errors, read_table
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.workbook import UnreadableWorkbook, open_workbook
from oneplan.receive.drop_zone import is_ignored
from oneplan.schemas import PLAN, REGISTRY


class ReferenceInputError(Exception):
    """A plan or registry file that cannot be used: the run stops and writes nothing."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class Plan:
    items: pd.DataFrame  # one row per valid plan item, all fiscal years
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @functools.cached_property
    def area_codes(self) -> frozenset[str]:
        return frozenset(self.items["area_code"])

    def items_of(self, fiscal_year: int) -> pd.DataFrame:
        return self.items[self.items["fiscal_year"] == fiscal_year]


@dataclass
class Registry:
    agencies: pd.DataFrame  # one row per valid agency
    issues: list[Issue] = field(default_factory=list)
    file: str = ""

    @functools.cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(self.agencies["agency_code"])


def _fatal_problem(issues: list[Issue]) -> str | None:
    fatal = [i for i in issues if i.rejects_file]
    return "; ".join(i.message_en for i in fatal) if fatal else None


def _read_reference(path: Path, source: str, schema):
    try:
        book = open_workbook(path)
    except UnreadableWorkbook as exc:
        issue = make_issue(exc.code, Location(source), **exc.details)
        raise ReferenceInputError(source, issue.message_en) from None
    table = read_table(book, schema, source)
    if problem := _fatal_problem(table.issues):
        raise ReferenceInputError(source, problem)
    return table


def read_plan(plan_dir: Path, inputs_dir: Path) -> Plan:
    """Every plan workbook in `plan_dir`, validated; raises ReferenceInputError if unusable."""
    if not plan_dir.is_dir():
        raise ReferenceInputError(str(plan_dir), "the plan folder does not exist")
    paths = sorted(p for p in plan_dir.rglob("*") if p.is_file() and not is_ignored(p))
    if not paths:
        raise ReferenceInputError(str(plan_dir), "no community plan workbook (.xlsx) in the folder")
    rows, issues, files = [], [], []
    for path in paths:
        source = path.relative_to(inputs_dir).as_posix()
        table = _read_reference(path, source, PLAN)
        rows.extend(table.rows)
        issues.extend(table.issues)
        files.append(source)
    frame = to_frame(rows, PLAN)
    issues.extend(schema_issues(frame, PLAN, issues))
    mark_errors(rows, issues)
    # Duplicates are judged among rows that are otherwise valid, by file path then row.
    rows.sort(key=lambda r: (r["_file"], r["_row"]))
    issues.extend(
        first_row_keeps(
            rows,
            ["area_code", "fiscal_year", "plan_item_id"],
            "plan_item_duplicate",
            "plan_item_id",
            PLAN,
        )
    )
    valid = to_frame([r for r in rows if not r["_error"]], PLAN)
    return Plan(items=valid.reset_index(drop=True), issues=issues, files=files)


def read_registry(path: Path, inputs_dir: Path, plan: Plan) -> Registry:
    """The partner registry, validated; raises ReferenceInputError if unusable."""
    source = (
        path.relative_to(inputs_dir).as_posix() if path.is_relative_to(inputs_dir) else str(path)
    )
    if not path.is_file():
        raise ReferenceInputError(source, "the partner registry file does not exist")
    table = _read_reference(path, source, REGISTRY)
    issues = list(table.issues)
    frame = to_frame(table.rows, REGISTRY)
    issues.extend(schema_issues(frame, REGISTRY, issues))
    mark_errors(table.rows, issues)
    issues.extend(
        first_row_keeps(table.rows, ["agency_code"], "agency_duplicate", "agency_code", REGISTRY)
    )
    known_areas = plan.area_codes
    for row in table.rows:
        if row["_error"]:
            continue
        for area in row["areas"] or []:
            if area not in known_areas:
                issues.append(
                    make_issue(
                        "registry_area_unknown",
                        cell_location(row, "areas"),
                        value=area,
                        agency_code=row["agency_code"],
                    )
                )
    valid = to_frame([r for r in table.rows if not r["_error"]], REGISTRY)
    return Registry(agencies=valid.reset_index(drop=True), issues=issues, file=source)
