"""Reading submission workbooks: each file's info sheet and its lines sheet, raw.

`read_in_chunks` reads a batch of files and never raises for a bad file: a file that
changed while it was found, that the guard refuses or that cannot be opened, or that lacks
a sheet, is read with the issue saying so. Files are inspected a few at a time before they
are read (`INSPECTED_FILES`); the .xls and .ods among them are read together in a child
process (`oneplan.read.isolated`). What comes out is raw: the info sheet's values by field
(their meaning, the agency, area and period, is checked by `oneplan.check.identity`), and
the lines table walked (its cells are parsed by `oneplan.check.columns`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from oneplan.issues import Issue, Location, make_issue
from oneplan.read.guard import DEFAULT_LIMITS, WorkbookFacts, inspect_workbook
from oneplan.read.info import InfoValue, read_label_values
from oneplan.read.isolated import CELLS_ALWAYS_ALLOWED, ToRead, read_all_in_child
from oneplan.read.table import WalkedTable, walk_table
from oneplan.read.workbook import UnreadableWorkbook, open_workbook
from oneplan.receive.archive import check_archived_bytes, check_archived_file
from oneplan.receive.files import ReceivedFile
from oneplan.schemas import SUBMISSION_INFO, SUBMISSION_INFO_SHEET, SUBMISSION_LINES
from oneplan.values.text import normalize_header

log = logging.getLogger(__name__)

INFO_LABELS = {
    normalize_header(label): f.name for f in SUBMISSION_INFO for label in (f.th, f.name, *f.aliases)
}


@dataclass
class SubmissionRead:
    """One submission workbook as read: raw values and the issues of reading them."""

    file: ReceivedFile
    opened: bool = False  # the workbook passed the safety checks and could be opened
    info_sheet: str | None = None  # the info sheet's name, when the workbook has one
    info: dict[str, InfoValue] = field(default_factory=dict)  # field name -> value found
    lines: WalkedTable | None = None  # the lines sheet walked, when the workbook has one
    issues: list[Issue] = field(default_factory=list)


# Files are inspected a few at a time before they are parsed: the inspection's and the
# parser's code and memory each stay warm (about 0.15 ms a file less than one file after
# the other). What is held meanwhile is the files' bytes, at most INSPECTED_BYTES.
INSPECTED_FILES = 32
INSPECTED_BYTES = 64 * 2**20


def read_in_chunks(
    files: list[ReceivedFile], key_is_valid: Callable[[object], bool]
) -> Iterator[list[SubmissionRead]]:
    """The files read, a chunk at a time (each chunk inspected before it is read).

    A failure of oneplan itself while reading a file gives it one issue, `internal_error`
    (made by `internal_error`), and nothing else: one file never stops the others. A row of the
    lines sheet is a data row when `key_is_valid` holds for its line number.
    """
    for chunk in _chunks(files):
        inspections = [inspect_file(file) for file in chunk]
        read_in_child_together(inspections)
        yield [
            _read_or_fail(file, inspection, key_is_valid)
            for file, inspection in zip(chunk, inspections, strict=True)
        ]


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


def read_in_child_together(inspections: list) -> None:
    """Read the chunk's small .xls and .ods workbooks in one child process
    (`oneplan.read.isolated`): each one's `child_reading` is its sheets, or why not. A
    larger one (more cells than `CELLS_ALWAYS_ALLOWED`) is read alone when it is opened, so
    that the chunk never holds more than the chunk's files of a usual size."""
    together = [
        facts
        for facts in inspections
        if isinstance(facts, WorkbookFacts)
        and facts.format in ("xls", "ods")
        and facts.cells <= CELLS_ALWAYS_ALLOWED
    ]
    if together:
        workbooks = [ToRead(facts.content, facts.cells) for facts in together]
        outcomes = read_all_in_child(workbooks, DEFAULT_LIMITS)
        for facts, outcome in zip(together, outcomes, strict=True):
            facts.child_reading = outcome


def inspect_file(file: ReceivedFile) -> WorkbookFacts | Exception | None:
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


def internal_error(file: ReceivedFile) -> Issue:
    """The issue of a file oneplan failed to read through a fault of its own."""
    return make_issue("internal_error", Location(file.rel_path), step="read")


def _read_or_fail(
    file: ReceivedFile,
    inspection: WorkbookFacts | Exception | None,
    key_is_valid: Callable[[object], bool],
) -> SubmissionRead:
    try:
        return read_submission(file, inspection, key_is_valid)
    except Exception:
        log.exception("internal error while reading %s", file.rel_path)
        return SubmissionRead(file, issues=[internal_error(file)])


def read_submission(
    file: ReceivedFile,
    inspection: WorkbookFacts | Exception | None,
    key_is_valid: Callable[[object], bool],
) -> SubmissionRead:
    """One submission workbook read: its info sheet's values and its lines sheet walked.

    `inspection` is the file's safety inspection (`inspect_file`): what it raised is the
    file's issue. A bad file is an issue; a failure of oneplan itself raises.
    """
    read = SubmissionRead(file=file)
    source = file.rel_path
    if not file.settled:
        read.issues.append(make_issue("file_changing", Location(source)))
        return read
    try:
        if isinstance(inspection, Exception):
            raise inspection
        book = open_workbook(file.path, inspected=inspection)
    except UnreadableWorkbook as exc:
        read.issues.append(make_issue(exc.code, Location(source), **exc.details))
        return read
    read.opened = True
    info_sheet = book.find_sheet(SUBMISSION_INFO_SHEET, allow_single=False)
    if info_sheet is None:
        read.issues.append(
            make_issue(
                "sheet_missing",
                Location(source),
                sheet_th=SUBMISSION_INFO_SHEET[0],
                sheet_en=SUBMISSION_INFO_SHEET[1],
                found=", ".join(book.sheet_names),
            )
        )
    else:
        read.info_sheet = info_sheet
        read.info = read_label_values(book.sheet(info_sheet), INFO_LABELS)
    if (
        book.find_sheet(
            [SUBMISSION_LINES.metadata["sheet_th"], SUBMISSION_LINES.metadata["sheet_en"]],
            allow_single=False,
        )
        is None
    ):
        read.issues.append(
            make_issue(
                "sheet_missing",
                Location(source),
                sheet_th=SUBMISSION_LINES.metadata["sheet_th"],
                sheet_en=SUBMISSION_LINES.metadata["sheet_en"],
                found=", ".join(book.sheet_names),
            )
        )
        return read
    read.lines = walk_table(book, SUBMISSION_LINES, source, key_is_valid)
    return read
