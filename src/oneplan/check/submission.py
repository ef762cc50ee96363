"""A submission workbook checked: its identity and its cells as each batch of files is
read, then all the month's lines together; what comes out is a `Submission`.

`read_batch` is the work of one batch, which helper processes run for a large month: the
files are read (`oneplan.read.submission`), each one's identity checked
(`oneplan.check.identity`) and the cells of all their lines parsed at once
(`oneplan.check.columns`); it never raises for a bad file. `check_submissions` then checks
all the month's lines at once against the schema and the plan (`oneplan.check.lines`) and
returns each submission as its findings leave it (`with_findings`): new `Submission`
objects that share the unchanged parts, the ones given being left as they are. What counts
is derived from the issues: a file-level error rejects the submission, a row-level error
excludes the row.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

from oneplan.check.cells import key_validator
from oneplan.check.columns import ParsedTable
from oneplan.check.identity import Identity, identify
from oneplan.check.lines import LineFindings, LinesToCheck, check_lines
from oneplan.check.reference import Plan, Registry
from oneplan.check.tables import parse_walked_tables
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.submission import SubmissionRead, internal_error, read_in_chunks
from oneplan.read.table import WalkedTable
from oneplan.receive.files import ReceivedFile
from oneplan.schemas import SUBMISSION_LINES
from oneplan.values.quantities import line_unit

log = logging.getLogger(__name__)


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
        `row`); an empty amount disbursed is 0, a blank unit the one typed after the
        quantity. For a month's lines: no dict per line."""
        if self.rejected or self.lines is None:
            return {}
        kept = [index for index, error in enumerate(self.lines.errors) if not error]
        columns = {name: [values[i] for i in kept] for name, values in self.lines.columns.items()}
        columns["disbursed"] = [amount or 0 for amount in columns["disbursed"]]
        # A quantity's unit: its cell, or the words typed after the number (`120 ครัวเรือน`).
        columns["unit"] = list(map(line_unit, columns["quantity"], columns["unit"]))
        columns["sheet"] = [self.lines.sheet] * len(kept)
        columns["row"] = [self.lines.numbers[i] for i in kept]
        return columns

    @property
    def rejected_rows(self) -> int:
        return 0 if self.rejected or self.lines is None else sum(self.lines.errors)


def read_batch(files: list[ReceivedFile], plan: Plan, registry: Registry) -> list[Submission]:
    """A batch of submission workbooks read, identified and their cells parsed, in the
    files' order (the function helper processes run); their lines are checked later,
    with the whole month's (`check_submissions`)."""
    submissions = []
    for chunk in read_in_chunks(files, key_validator(SUBMISSION_LINES)):
        submissions += _with_lines([_identified(read, plan, registry) for read in chunk])
    return submissions


_Identified = tuple[Submission, WalkedTable | None]


def _identified(read: SubmissionRead, plan: Plan, registry: Registry) -> _Identified:
    """The submission with its identity checked, and its lines sheet walked but not yet
    parsed; a failure of oneplan itself is the file's `internal_error`."""
    try:
        identity = (
            identify(read.file.rel_path, read.info_sheet, read.info, plan, registry)
            if read.info_sheet is not None
            else Identity()
        )
    except Exception:
        log.exception("internal error while reading %s", read.file.rel_path)
        return _internal_error(read.file), None
    submission = Submission(
        file=read.file,
        agency_code=identity.agency_code,
        area_code=identity.area_code,
        period=identity.period,
        agency_known=identity.agency_known,
        area_known=identity.area_known,
        info=identity.info,
        issues=[*identity.issues, *read.issues],  # the info sheet's, then the lines sheet's
        opened=read.opened,
    )
    return submission, read.lines


def _internal_error(file: ReceivedFile) -> Submission:
    return Submission(file=file, issues=[internal_error(file)])


def _with_lines(walked: list[_Identified]) -> list[Submission]:
    """The submissions, each with its lines: the cells of all of them parsed at once.

    Should that fail unexpectedly, each file's cells are parsed on their own, and a file
    that still fails is rejected as `internal_error`: one file never stops the others.
    """
    with_table = [(submission, table) for submission, table in walked if table is not None]
    try:
        parsed = _parsed_lines(with_table)
    except Exception:
        log.exception("parsing the lines of a batch of files at once failed; file by file")
        parsed = {}
        for submission, table in with_table:
            try:
                parsed.update(_parsed_lines([(submission, table)]))
            except Exception:
                log.exception("internal error while reading %s", submission.rel_path)
                parsed[id(submission)] = _internal_error(submission.file)
    return [parsed.get(id(submission), submission) for submission, _ in walked]


def _parsed_lines(walked: list[tuple[Submission, WalkedTable]]) -> dict[int, Submission]:
    """Each submission (by its `id`) with its walked lines parsed: their typed table, and
    the issues of parsing them after its own."""
    tables = parse_walked_tables([table for _, table in walked], SUBMISSION_LINES)
    return {
        id(submission): dataclasses.replace(
            submission, lines=table.table, issues=[*submission.issues, *table.issues]
        )
        for (submission, _), table in zip(walked, tables, strict=True)
    }


def check_submissions(submissions: list[Submission], plan: Plan) -> list[Submission]:
    """The submissions checked: the lines of every readable one checked at once, and each
    submission as the findings leave it (`with_findings`); the ones given are unchanged.

    Should checking them all at once fail unexpectedly, each file is checked on its own,
    and a file that still fails is rejected as `internal_error`: one file never stops the
    others. Every submission's issues then name its agency and area, in reading order.
    """
    readable = [s for s in submissions if not s.rejected and s.lines]
    try:
        findings = check_lines([_to_check(s) for s in readable], plan)
    except Exception:
        log.exception("checking the month's lines in one batch failed; checking file by file")
        findings = [_checked_alone(submission, plan) for submission in readable]
    found = {id(s): f for s, f in zip(readable, findings, strict=True)}
    return [with_findings(s, found.get(id(s), NOT_CHECKED)) for s in submissions]


def _to_check(submission: Submission) -> LinesToCheck:
    known = submission.period and submission.area_known
    return LinesToCheck(
        submission.lines,
        frozenset((i.row, i.column) for i in submission.issues),
        (submission.area_code, submission.period) if known else None,
    )


def _checked_alone(submission: Submission, plan: Plan) -> LineFindings | None:
    """The findings of one submission's lines checked on their own; None if that fails."""
    try:
        (found,) = check_lines([_to_check(submission)], plan)
    except Exception:
        log.exception("internal error while checking %s", submission.rel_path)
        return None
    return found


# What `with_findings` is given for a submission whose lines were not checked (rejected
# already, or without lines): none of its findings apply.
NOT_CHECKED = LineFindings([], [])


def with_findings(submission: Submission, found: LineFindings | None) -> Submission:
    """The submission as checking its lines leaves it, a new one sharing what did not
    change: the issues found added and the lines they exclude marked (`NOT_CHECKED`: none);
    None (the check failed) rejects it as `internal_error`. Its issues name its agency and
    area, in reading order."""
    issues, lines = submission.issues, submission.lines
    if found is None:
        issues = [make_issue("internal_error", Location(submission.rel_path), step="check")]
    elif found is not NOT_CHECKED:
        issues = [*issues, *found.issues]
        lines = dataclasses.replace(lines, errors=found.errors)
    named = (
        dataclasses.replace(i, agency_code=submission.agency_code, area_code=submission.area_code)
        for i in issues
    )
    return dataclasses.replace(submission, issues=sorted(named, key=reading_order), lines=lines)


def reading_order(issue: Issue) -> tuple:
    """Whole-file problems first, then by sheet, row and column, as a clerk reads them."""
    return (not issue.whole_file, issue.sheet, issue.row or 0, len(issue.cell), issue.cell)
