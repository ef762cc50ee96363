"""Validating agency submission workbooks.

`read_submission` reads one file (its info sheet and its lines sheet) and never raises
for a bad file; `check_submissions` then checks all the month's lines at once against the
schema, the plan and the registry. What counts is derived from the issues: a file-level
error rejects the submission, a row-level error excludes the row.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from itertools import repeat

import pandas as pd

from oneplan.check.cells import ParsedTable
from oneplan.check.reference import Plan, Registry
from oneplan.check.schema import schema_failures, typed_frame
from oneplan.check.tables import (
    WalkedTable,
    first_row_keeps,
    parse_walked_tables,
    walk_table,
)
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.guard import WorkbookFacts, inspect_workbook
from oneplan.read.info import read_label_values
from oneplan.read.workbook import UnreadableWorkbook, open_workbook
from oneplan.receive.archive import check_archived_bytes, check_archived_file
from oneplan.receive.files import ReceivedFile
from oneplan.schemas import (
    SUBMISSION_INFO,
    SUBMISSION_INFO_SHEET,
    SUBMISSION_LINES,
    checked_columns,
)
from oneplan.values.periods import PeriodError, fiscal_year, parse_period
from oneplan.values.text import normalize_code, normalize_header

log = logging.getLogger(__name__)

INFO_LABELS = {normalize_header(label): f.name for f in SUBMISSION_INFO for label in (f.th, f.name)}


@dataclass
class Submission:
    file: ReceivedFile
    agency_code: str = ""  # as read and normalised; known only if `agency_known`
    area_code: str = ""
    period: str | None = None
    agency_known: bool = False
    area_known: bool = False
    info: dict[str, str] = field(default_factory=dict)
    lines: ParsedTable | None = None  # the lines sheet, column by column
    issues: list[Issue] = field(default_factory=list)
    opened: bool = False  # the workbook passed the safety checks and could be opened

    @property
    def rel_path(self) -> str:
        return self.file.rel_path

    @property
    def rejected(self) -> bool:
        return any(i.rejects_file for i in self.issues)

    @property
    def identified(self) -> bool:
        """Agency, area and period established: the file can give an agency a status."""
        return self.agency_known and self.area_known and self.period is not None

    @property
    def counted_rows(self) -> list[dict]:
        """The lines that count, as dicts with their location columns."""
        if self.rejected or self.lines is None:
            return []
        return [r for r in self.lines.records() if not r["_error"]]

    def counted_columns(self) -> dict[str, list]:
        """The lines that count, column by column, with where each was read (`sheet`,
        `row`); an empty amount disbursed is 0. For a month's lines: no dict per line."""
        if self.rejected or self.lines is None:
            return {}
        kept = [index for index, error in enumerate(self.lines.errors) if not error]
        columns = {name: [values[i] for i in kept] for name, values in self.lines.columns.items()}
        columns["disbursed"] = [amount or 0 for amount in columns["disbursed"]]
        columns["sheet"] = [self.lines.sheet] * len(kept)
        columns["row"] = [self.lines.numbers[i] for i in kept]
        return columns

    @property
    def rejected_rows(self) -> int:
        return 0 if self.rejected or self.lines is None else sum(self.lines.errors)


# Files are inspected a few at a time before they are parsed: the inspection's and the
# parser's code and memory each stay warm (about 0.15 ms a file less than one file after
# the other). What is held meanwhile is the files' bytes, at most INSPECTED_BYTES.
INSPECTED_FILES = 32
INSPECTED_BYTES = 64 * 2**20


def read_batch(files: list[ReceivedFile], plan: Plan, registry: Registry) -> list[Submission]:
    submissions = []
    for chunk in _chunks(files):
        inspections = [_inspect(file) for file in chunk]
        submissions += _with_lines(
            [
                _walk_submission(file, plan, registry, inspection)
                for file, inspection in zip(chunk, inspections, strict=True)
            ]
        )
    return submissions


def _chunks(files: list[ReceivedFile]):
    chunk, size = [], 0
    for file in files:
        if chunk and (len(chunk) == INSPECTED_FILES or size + file.size > INSPECTED_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(file)
        size += file.size
    if chunk:
        yield chunk


def _inspect(file: ReceivedFile) -> WorkbookFacts | Exception | None:
    """The safety inspection of a settled file; what it raised is kept for `read_submission`.

    An archived copy must still be the bytes of its hash, or the state folder is damaged
    (`ArchiveDamaged` is raised: never a verdict on the file). The bytes the inspection
    read, which the parser reads too, are hashed in memory; a copy the inspection refused
    or could not read is read again to tell a damaged archive from a bad file.
    """
    if not file.settled:
        return None
    try:
        facts = inspect_workbook(file.path)
    except Exception as exc:  # reported for this file by read_submission
        if file.archived:
            check_archived_file(file.path, file.sha256)
        return exc
    if file.archived:
        check_archived_bytes(file.path, file.sha256, facts.content)
    return facts


def read_submission(
    file: ReceivedFile,
    plan: Plan,
    registry: Registry,
    inspection: WorkbookFacts | Exception | None = None,
) -> Submission:
    """One submission workbook, read; a failure of oneplan itself is an `internal_error`.

    `inspection` is the file's safety inspection when it was done beforehand (`read_batch`).
    """
    if inspection is None:
        inspection = _inspect(file)
    return _with_lines([_walk_submission(file, plan, registry, inspection)])[0]


_Walked = tuple[Submission, WalkedTable | None]


def _walk_submission(
    file: ReceivedFile, plan: Plan, registry: Registry, inspection: WorkbookFacts | Exception | None
) -> _Walked:
    """The submission with its info read, and its lines sheet walked but not yet parsed."""
    try:
        return _read_submission(file, plan, registry, inspection)
    except Exception:
        log.exception("internal error while reading %s", file.rel_path)
        return _internal_error(file), None


def _internal_error(file: ReceivedFile) -> Submission:
    submission = Submission(file=file)
    submission.issues = [make_issue("internal_error", Location(file.rel_path), step="read")]
    return submission


def _with_lines(walked: list[_Walked]) -> list[Submission]:
    """The submissions, each with its lines: the cells of all of them parsed at once.

    Should that fail unexpectedly, each file's cells are parsed on their own, and a file
    that still fails is rejected as `internal_error`: one file never stops the others.
    """
    with_table = [(submission, table) for submission, table in walked if table is not None]
    try:
        _add_lines(with_table)
    except Exception:
        log.exception("parsing the lines of a batch of files at once failed; file by file")
        failed = set()
        for submission, table in with_table:
            try:
                _add_lines([(submission, table)])
            except Exception:
                log.exception("internal error while reading %s", submission.rel_path)
                failed.add(id(submission))
        return [
            _internal_error(submission.file) if id(submission) in failed else submission
            for submission, _ in walked
        ]
    return [submission for submission, _ in walked]


def _add_lines(walked: list[tuple[Submission, WalkedTable]]) -> None:
    tables = parse_walked_tables([table for _, table in walked], SUBMISSION_LINES)
    for (submission, _), table in zip(walked, tables, strict=True):
        submission.lines = table.table
        submission.issues.extend(table.issues)


def _read_submission(
    file: ReceivedFile, plan: Plan, registry: Registry, inspection: WorkbookFacts | Exception | None
) -> _Walked:
    submission = Submission(file=file)
    source = file.rel_path
    if not file.settled:
        submission.issues.append(make_issue("file_changing", Location(source)))
        return submission, None
    try:
        if isinstance(inspection, Exception):
            raise inspection
        book = open_workbook(file.path, inspected=inspection)
    except UnreadableWorkbook as exc:
        submission.issues.append(make_issue(exc.code, Location(source), **exc.details))
        return submission, None
    submission.opened = True
    info_sheet = book.find_sheet(SUBMISSION_INFO_SHEET, allow_single=False)
    if info_sheet is None:
        submission.issues.append(
            make_issue(
                "sheet_missing",
                Location(source),
                sheet_th=SUBMISSION_INFO_SHEET[0],
                sheet_en=SUBMISSION_INFO_SHEET[1],
                found=", ".join(book.sheet_names),
            )
        )
    else:
        _read_info(submission, book.sheet(info_sheet), plan, registry)
    if (
        book.find_sheet(
            [SUBMISSION_LINES.metadata["sheet_th"], SUBMISSION_LINES.metadata["sheet_en"]],
            allow_single=False,
        )
        is None
    ):
        submission.issues.append(
            make_issue(
                "sheet_missing",
                Location(source),
                sheet_th=SUBMISSION_LINES.metadata["sheet_th"],
                sheet_en=SUBMISSION_LINES.metadata["sheet_en"],
                found=", ".join(book.sheet_names),
            )
        )
        return submission, None
    return submission, walk_table(book, SUBMISSION_LINES, source)


def _read_info(submission: Submission, sheet, plan: Plan, registry: Registry) -> None:
    source = submission.rel_path
    values = read_label_values(sheet, INFO_LABELS)
    for info_field in SUBMISSION_INFO:
        found = values.get(info_field.name)
        raw = found.value if found else None
        where = Location(
            source,
            sheet.name,
            found.row if found else None,
            info_field.name,
            found.cell if found else "",
        )
        if raw is None or str(raw).strip() == "":
            if info_field.required:
                # A missing identity rejects the file: it is a file-level problem.
                submission.issues.append(
                    make_issue(
                        "info_missing",
                        Location(source, sheet.name, None, info_field.name, where.cell),
                        sheet=sheet.name,
                        label_th=info_field.th,
                        label_en=info_field.name,
                    )
                )
            continue
        if info_field.name == "agency_code":
            submission.agency_code = normalize_code(raw)
            submission.agency_known = submission.agency_code in registry.codes
            if not submission.agency_known:
                submission.issues.append(_file_level("agency_unknown", where, raw))
        elif info_field.name == "area_code":
            submission.area_code = normalize_code(raw)
            submission.area_known = submission.area_code in plan.area_codes
            if not submission.area_known:
                submission.issues.append(_file_level("area_unknown", where, raw))
        elif info_field.name == "period":
            try:
                submission.period = parse_period(raw)
            except PeriodError:
                submission.issues.append(_file_level("period_invalid", where, raw))
        else:
            submission.info[info_field.name] = str(raw).strip()


def _file_level(code: str, where: Location, value: object) -> Issue:
    """An issue on an info cell that rejects the whole file."""
    return make_issue(code, where, whole_file=True, value=value)


def check_submissions(submissions: list[Submission], plan: Plan) -> None:
    """Check the lines of every readable submission at once; add issues in place.

    The schema checks run over one frame for the whole batch (fast). Should that fail
    unexpectedly, each file is checked on its own, and a file that still fails is rejected
    as `internal_error`: one file never stops the others.
    """
    readable = [s for s in submissions if not s.rejected]
    try:
        _check_batch(readable, plan)
    except Exception:
        log.exception("checking the month's lines in one batch failed; checking file by file")
        for submission in readable:
            try:
                _check_batch([submission], plan)
            except Exception:
                log.exception("internal error while checking %s", submission.rel_path)
                submission.issues = [
                    make_issue("internal_error", Location(submission.rel_path), step="check")
                ]
    for submission in submissions:
        submission.issues = sorted(
            (
                dataclasses.replace(
                    i, agency_code=submission.agency_code, area_code=submission.area_code
                )
                for i in submission.issues
            ),
            key=reading_order,
        )


def _check_batch(readable: list[Submission], plan: Plan) -> None:
    tables = [(owner, s.lines) for owner, s in enumerate(readable) if s.lines]
    frame, owners, positions = _batch_frame(tables)
    by_owner = dict(tables)

    def locate(index: int, column: str) -> Location:
        return by_owner[owners[index]].location(positions[index], column)

    found: dict[int, list[Issue]] = {}
    for index, issue in schema_failures(frame, SUBMISSION_LINES, locate):
        found.setdefault(owners[index], []).append(issue)
    items: dict[tuple, dict[str, tuple]] = {}  # (area, year) -> item id -> (category, village)
    for i in plan.items.itertuples():
        items.setdefault((i.area_code, i.fiscal_year), {})[i.plan_item_id] = (i.category, i.village)
    new_issues = {}
    for owner, lines in tables:
        submission = readable[owner]
        reported = {(i.row, i.column) for i in submission.issues}
        issues = [i for i in found.get(owner, []) if (i.row, i.column) not in reported]
        lines.mark_errors(issues)
        issues += _repeated_line_numbers(lines)
        if submission.period and submission.area_known:
            issues += _plan_warnings(submission, lines, items)
        new_issues[owner] = issues
    for owner, issues in new_issues.items():  # only once every file was checked
        readable[owner].issues.extend(issues)


def _batch_frame(
    tables: list[tuple[int, ParsedTable]],
) -> tuple[pd.DataFrame, list[int], list[int]]:
    """One frame of every table's lines (the columns validation reads); for each of its
    rows, the owner and the position in the owner's table."""
    checked = checked_columns(SUBMISSION_LINES)
    columns: dict[str, list] = {name: [] for name in checked}
    owners: list[int] = []
    positions: list[int] = []
    for owner, lines in tables:
        for name in checked:
            columns[name].extend(lines.columns[name])
        owners.extend(repeat(owner, len(lines)))
        positions.extend(range(len(lines)))
    return typed_frame(columns, SUBMISSION_LINES), owners, positions


def _repeated_line_numbers(lines: ParsedTable) -> list[Issue]:
    """An error on every line repeating an earlier line's number (the first one counts)."""
    numbers = [
        n
        for n, error in zip(lines.columns["line_no"], lines.errors, strict=True)
        if not error and n is not None
    ]
    if len(set(numbers)) == len(numbers):
        return []  # no number repeats: the common case, decided without a record per row
    records = lines.records()
    issues = first_row_keeps(records, ["line_no"], "line_no_duplicate", "line_no", SUBMISSION_LINES)
    lines.errors = [r["_error"] for r in records]
    return issues


def reading_order(issue: Issue) -> tuple:
    """Whole-file problems first, then by sheet, row and column, as a clerk reads them."""
    return (not issue.whole_file, issue.sheet, issue.row or 0, len(issue.cell), issue.cell)


def _plan_warnings(submission: Submission, lines: ParsedTable, items) -> list[Issue]:
    """Lines naming a plan item that is not in the plan, or differing from it."""
    year = fiscal_year(submission.period)
    area_items = items.get((submission.area_code, year), {})
    columns = lines.columns
    described = list(
        zip(columns["plan_item_id"], columns["category"], columns["village"], strict=True)
    )
    # Lines repeat a few (item, category, village): each is judged once.
    differing = {
        line: found
        for line in set(described)
        if (found := _plan_differences(line, area_items, submission.area_code, year))
    }
    warnings = []
    for index in [i for i, line in enumerate(described) if line in differing]:
        if lines.errors[index]:
            continue
        for code, column, details in differing[described[index]]:
            warnings.append(make_issue(code, lines.location(index, column), **details))
    return warnings


def _plan_differences(
    line: tuple, area_items: dict, area_code: str, year: int
) -> list[tuple[str, str, dict]]:
    """(code, column, details) of each warning a line naming `line`'s plan item gets."""
    item_id, category, village = line
    if not item_id:
        return []
    item = area_items.get(item_id)
    if item is None:
        details = {"value": item_id, "area_code": area_code, "fiscal_year": year}
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
