"""Reading the two reference inputs every run needs: the community plan(s) and the
partner registry.

Unlike a submission, a plan or registry that cannot be read stops the run
(`ReferenceInputError`): the areas and agencies it would define cannot be known. What
comes out is each file's table walked (`oneplan.read.table`); parsing and checking its
rows is `oneplan.check.reference`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandera.pandas as pa

from oneplan.issues import Issue, Location, make_issue
from oneplan.read.table import WalkedTable, walk_table
from oneplan.read.workbook import UnreadableWorkbook, open_workbook
from oneplan.receive.drop_zone import is_ignored
from oneplan.schemas import PLAN, REGISTRY


class ReferenceInputError(Exception):
    """A plan or registry file that cannot be used: the run stops and writes nothing.
    `problem` says why in English, `problem_th` in Thai."""

    def __init__(self, path: str, problem: str, problem_th: str = ""):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.problem_th = problem_th or problem

    def problem_in(self, lang: str) -> str:
        return self.problem_th if lang == "th" else self.problem


def _fatal_problem(issues: list[Issue]) -> tuple[str, str] | None:
    """Why the file cannot be used, in English and Thai; None when it can."""
    fatal = [i for i in issues if i.rejects_file]
    if not fatal:
        return None
    return "; ".join(i.message_en for i in fatal), " ".join(i.message_th for i in fatal)


def read_reference_table(
    path: Path, source: str, schema: pa.DataFrameSchema, key_is_valid: Callable[[object], bool]
) -> WalkedTable:
    """The table of `schema` in the workbook at `path`, walked; raises ReferenceInputError
    if the workbook cannot be opened or its table cannot be read."""
    try:
        book = open_workbook(path)
    except UnreadableWorkbook as exc:
        issue = make_issue(exc.code, Location(source), **exc.details)
        raise ReferenceInputError(source, issue.message_en, issue.message_th) from None
    table = walk_table(book, schema, source, key_is_valid)
    if problem := _fatal_problem(table.issues):
        raise ReferenceInputError(source, *problem)
    return table


def read_plan_tables(
    plan_dir: Path, inputs_dir: Path, key_is_valid: Callable[[object], bool]
) -> list[WalkedTable]:
    """The table of every plan workbook in `plan_dir`, in order of their paths; raises
    ReferenceInputError if the folder holds none, or one cannot be read."""
    if not plan_dir.is_dir():
        raise ReferenceInputError(
            str(plan_dir), "the plan folder does not exist", "ไม่พบโฟลเดอร์แผนชุมชน"
        )
    paths = plan_paths(plan_dir)
    if not paths:
        raise ReferenceInputError(
            str(plan_dir),
            "no community plan workbook (.xlsx, .xls or .ods) in the folder",
            "ไม่มีไฟล์แผนชุมชน (.xlsx, .xls หรือ .ods) ในโฟลเดอร์นี้",
        )
    return [
        read_reference_table(path, path.relative_to(inputs_dir).as_posix(), PLAN, key_is_valid)
        for path in paths
    ]


def plan_paths(plan_dir: Path) -> list[Path]:
    """The plan workbooks of `plan_dir` (sub-folders included, lock and hidden files
    apart), in order of their paths; none when the folder does not exist."""
    if not plan_dir.is_dir():
        return []
    return sorted(p for p in plan_dir.rglob("*") if p.is_file() and not is_ignored(p))


def read_registry_table(
    path: Path, inputs_dir: Path, key_is_valid: Callable[[object], bool]
) -> WalkedTable:
    """The partner registry's table; raises ReferenceInputError if it cannot be read."""
    source = (
        path.relative_to(inputs_dir).as_posix() if path.is_relative_to(inputs_dir) else str(path)
    )
    if not path.is_file():
        raise ReferenceInputError(
            source, "the partner registry file does not exist", "ไม่พบไฟล์ทะเบียนภาคี"
        )
    return read_reference_table(path, source, REGISTRY, key_is_valid)
