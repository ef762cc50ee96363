"""The two reference inputs every run needs, checked: the community plan(s) and the
partner registry.

Reading them (`oneplan.read.reference`) stops the run with `ReferenceInputError` when a
file cannot be used: the areas and agencies it would define cannot be known. Here their
cells are parsed and their rows checked; row problems are issues like any other, and the
rows with errors are left out of the `Plan` and the `Registry`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from oneplan.check.cells import key_validator
from oneplan.check.hierarchy import Hierarchy, check_hierarchy
from oneplan.check.schema import cell_location, schema_issues, to_frame
from oneplan.check.tables import counted_rows, first_row_keeps, parse_walked_tables
from oneplan.issues import Issue, Words, make_issue
from oneplan.read.reference import ReferenceInputError, read_plan_tables, read_registry_table
from oneplan.schemas import PLAN, REGISTRY


@dataclass
class Plan:
    items: pd.DataFrame  # one row per valid plan item, all fiscal years
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Each area's district and province (`oneplan.check.hierarchy`); none by default.
    hierarchy: Hierarchy = field(default_factory=lambda: Hierarchy({}))

    @functools.cached_property
    def area_codes(self) -> frozenset[str]:
        return frozenset(self.items["area_code"])

    def items_of(self, fiscal_year: int) -> pd.DataFrame:
        return self.items[self.items["fiscal_year"] == fiscal_year]

    @functools.cached_property
    def area_names(self) -> dict[str, str]:
        """Area code -> its name as the plan gives it (the first one given)."""
        names: dict[str, str] = {}
        for code, name in zip(self.items["area_code"], self.items["area_name"], strict=True):
            if isinstance(name, str) and name and code not in names:
                names[code] = name
        return names

    def area_words(self, code: str) -> Words:
        """An area as a message names it: `ตำบลแพรกหา` (Thai), `ตำบลแพรกหา (PLG-PKH)`."""
        name = self.area_names.get(code)
        return Words(name, f"{name} ({code})") if name else Words(f"พื้นที่ {code}", code)


def agency_names(agencies: pd.DataFrame) -> dict[str, str]:
    """Each agency code of the registry → the name partners call it by: its short name,
    else its Thai name, else its code."""
    shorts = agencies["short_name"] if "short_name" in agencies else [None] * len(agencies)
    return {
        code: (_text(short) or _text(name) or code).strip()
        for code, short, name in zip(
            agencies["agency_code"], shorts, agencies["name_th"], strict=True
        )
    }


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@dataclass
class Registry:
    agencies: pd.DataFrame  # one row per valid agency
    issues: list[Issue] = field(default_factory=list)
    file: str = ""

    @functools.cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(self.agencies["agency_code"])


def _no_rows(schema, one_row: str, one_row_th: str) -> tuple[str, str]:
    """Why a plan or registry with a header and nothing under it stops the run, in English
    and Thai: the areas or agencies it would define cannot be known (a blank starter
    copied in unfilled)."""
    sheet = schema.metadata["sheet_th"]
    return (
        f"the sheet {sheet} has no rows under its header; fill in one row per {one_row}",
        f"แผ่นงาน {sheet} มีแต่หัวตาราง ไม่มีข้อมูล กรุณากรอกหนึ่งแถวต่อ{one_row_th}",
    )


def _by_place(row: dict) -> tuple:
    return row["_file"], row["_row"]


def read_plan(plan_dir: Path, inputs_dir: Path) -> Plan:
    """Every plan workbook in `plan_dir`, read and checked; raises ReferenceInputError if
    unusable."""
    walked = read_plan_tables(plan_dir, inputs_dir, key_validator(PLAN))
    tables = parse_walked_tables(walked, PLAN)
    rows = [row for table in tables for row in table.rows]
    if not rows:
        where = walked[0].source_file if len(walked) == 1 else plan_dir.as_posix()
        raise ReferenceInputError(where, *_no_rows(PLAN, "plan item", "หนึ่งโครงการ"))
    issues = [issue for table in tables for issue in table.issues]
    issues += check_plan(rows, issues)
    counted = sorted(counted_rows(rows, issues), key=_by_place)
    valid = to_frame(counted, PLAN)
    plan = Plan(
        items=valid.reset_index(drop=True),
        issues=issues,
        files=[table.source_file for table in walked],
    )
    plan.hierarchy, found = check_hierarchy(counted, plan.area_words)
    issues += found
    return plan


def check_plan(rows: list[dict], known: list[Issue]) -> list[Issue]:
    """The issues of the plan's parsed rows besides the `known` ones (those of reading
    them): the schema's checks, then plan items repeated among the rows that count."""
    found = schema_issues(to_frame(rows, PLAN), PLAN, known)
    # Duplicates are judged among rows that are otherwise valid, by file path then row.
    counted = sorted(counted_rows(rows, [*known, *found]), key=_by_place)
    found += first_row_keeps(
        counted,
        ["area_code", "fiscal_year", "plan_item_id"],
        "plan_item_duplicate",
        "plan_item_id",
        PLAN,
    )
    return found


def read_registry(path: Path, inputs_dir: Path, plan: Plan) -> Registry:
    """The partner registry, read and checked; raises ReferenceInputError if unusable."""
    walked = read_registry_table(path, inputs_dir, key_validator(REGISTRY))
    (table,) = parse_walked_tables([walked], REGISTRY)
    if not table.rows:
        raise ReferenceInputError(
            walked.source_file, *_no_rows(REGISTRY, "partner agency", "หนึ่งหน่วยงาน")
        )
    issues = [*table.issues, *check_registry(table.rows, table.issues, plan)]
    valid = to_frame(counted_rows(table.rows, issues), REGISTRY)
    return Registry(agencies=valid.reset_index(drop=True), issues=issues, file=walked.source_file)


def check_registry(rows: list[dict], known: list[Issue], plan: Plan) -> list[Issue]:
    """The issues of the registry's parsed rows besides the `known` ones: the schema's
    checks, agencies repeated, and areas the plan does not have."""
    found = schema_issues(to_frame(rows, REGISTRY), REGISTRY, known)
    counted = counted_rows(rows, [*known, *found])
    found += first_row_keeps(counted, ["agency_code"], "agency_duplicate", "agency_code", REGISTRY)
    known_areas = plan.area_codes
    for row in counted_rows(counted, found):
        name = f"{row.get('short_name') or row['name_th']} ({row['agency_code']})"
        for area in row["areas"] or []:
            if area not in known_areas:
                found.append(
                    make_issue(
                        "registry_area_unknown",
                        cell_location(row, "areas"),
                        value=area,
                        agency=name,
                        agency_code=row["agency_code"],
                    )
                )
    return found
