"""Annotated feedback workbooks: the agency's own workbook with each problem shown in place.

The copy keeps the agency's sheets, layout and formatting; each problem cell is filled
(red for an error, yellow for a warning) and carries a comment in Thai and English, and an
added sheet lists every problem with a link to its cell. Whole-file problems are listed
there with what to do; a missing column also marks the header row found (its cells filled,
the comment on the closest header). What is only recorded (`info`: a total or note row
skipped, a copy of a file) is no problem: it is listed apart, under `แจ้งเพื่อทราบ`.

Nothing the agency wrote becomes a formula here: every text is written as a string.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from oneplan.atomic import written_whole
from oneplan.failpoints import checkpoint
from oneplan.issues import Issue, severity_label
from oneplan.read.limits import UnreadableWorkbook
from oneplan.report.feedback_converted import conversion_note, converted_copy, converted_format
from oneplan.report.feedback_words import (
    COLUMN_WIDTHS,
    FILL_COLOURS,
    HEADER_FILL,
    HEADERS,
    NOTES_TITLE,
    PROBLEMS_SHEET,
    comment_text,
)
from oneplan.report.feedback_xml import Unsupported, write_feedback_xml

log = logging.getLogger(__name__)

FILLS = {severity: PatternFill("solid", fgColor=rgb) for severity, rgb in FILL_COLOURS.items()}


def set_text(cell, value: object) -> None:
    """Write a value as plain text: never a formula, whatever it begins with."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"


def write_feedback(source: Path, issues: Iterable[Issue], target: Path) -> bool:
    """Write the annotated copy of `source` to `target`; False if the workbook can't be opened.

    `source` is a workbook that passed the guard (`oneplan.read.guard`; `feedback_names`
    names only submissions that were opened). The copy is written by editing the package's
    XML (`oneplan.report.feedback_xml`, a few times faster); what that path does not edit
    (it says why) is written by the openpyxl path, `write_feedback_openpyxl`, the reference.
    A workbook sent as .xls or .ods gets an .xlsx of its values (`write_converted_feedback`).
    """
    issues = list(issues)
    converted = converted_format(source)
    if converted is not None:
        return write_converted_feedback(source, issues, target, converted)
    try:
        write_feedback_xml(source, issues, target)
        return True
    except Unsupported as why:
        log.debug("feedback copy of %s through openpyxl: %s", source, why)
    except Exception:  # a fault of the XML path: the reference path still writes the copy
        log.exception("feedback copy of %s through openpyxl after a failure", source)
    return write_feedback_openpyxl(source, issues, target)


def write_feedback_openpyxl(source: Path, issues: Iterable[Issue], target: Path) -> bool:
    """The copy written by a round trip through openpyxl (load, mark, save)."""
    issues = list(issues)
    try:
        # Macros are not carried back (and the copy is a plain .xlsx that Excel opens).
        book = load_workbook(source, keep_vba=False, rich_text=True)
    except Exception as exc:  # openpyxl is stricter than the reader: no copy, not a crash
        log.warning("no feedback copy of %s: %s: %s", source, type(exc).__name__, exc)
        return False
    return _mark_and_save(book, issues, target)


def write_converted_feedback(
    source: Path, issues: Iterable[Issue], target: Path, format_name: str
) -> bool:
    """The copy of an .xls or .ods workbook: an .xlsx of its values
    (`oneplan.report.feedback_converted`), marked, its problems sheet saying so first."""
    try:
        book, names = converted_copy(source)
    except UnreadableWorkbook as exc:  # it was read before: changed or damaged since
        log.warning("no feedback copy of %s: %s", source, exc)
        return False
    on_copy = [
        dataclasses.replace(issue, sheet=names[issue.sheet]) if issue.sheet in names else issue
        for issue in issues
    ]
    renamed = {old: new for old, new in names.items() if old != new}
    return _mark_and_save(book, on_copy, target, note=conversion_note(format_name, renamed))


def _mark_and_save(book, issues: list[Issue], target: Path, note=None) -> bool:
    for issue in issues:
        if issue.sheet in book.sheetnames and issue.cell and issue.severity in FILLS:
            if issue.code == "column_missing" and issue.row:
                _fill_row(book[issue.sheet], issue.row, FILLS[issue.severity])
            _mark(_writable_cell(book[issue.sheet], issue.cell), issue)
    _add_problem_sheet(book, issues, note)
    with written_whole(target) as temporary:  # hidden until whole (`oneplan.atomic`)
        book.save(temporary)
        checkpoint("feedback_saved")
    return True


def _writable_cell(sheet, reference: str):
    """The cell itself, or the first cell of the merged range it lies in."""
    for merged in sheet.merged_cells.ranges:
        if reference in merged:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet[reference]


def _fill_row(sheet, row: int, fill: PatternFill) -> None:
    """Fill the written cells of a row (the header row a column is missing from)."""
    for cell in sheet[row]:
        if cell.value not in (None, ""):
            cell.fill = fill


def _mark(cell, issue: Issue) -> None:
    cell.fill = FILLS[issue.severity]
    text = comment_text(issue.message_th, issue.message_en)
    if cell.comment is not None:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, "oneplan")
    comment.width, comment.height = 320, 160
    cell.comment = comment


def _add_problem_sheet(book, issues: list[Issue], note: tuple[str, str] | None = None) -> None:
    """The problems sheet, first; `note` (Thai, English) is its first line when given."""
    if PROBLEMS_SHEET in book.sheetnames:
        del book[PROBLEMS_SHEET]
    sheet = book.create_sheet(PROBLEMS_SHEET, 0)
    sheet.sheet_properties.tabColor = "C00000"
    header_row = 1
    if note is not None:
        _write_note(sheet, note)
        header_row = 2
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=column)
        set_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    problems = [i for i in issues if i.shown_to_agency]
    notes = [i for i in issues if not i.shown_to_agency]
    for number, issue in enumerate(problems, start=1):
        _list_issue(book, sheet, header_row + number, number, issue)
    if notes:
        title_row = header_row + len(problems) + 2  # a blank row between
        title = sheet.cell(row=title_row, column=1)
        set_text(title, NOTES_TITLE)
        title.font = Font(bold=True)
        for number, issue in enumerate(notes, start=1):
            _list_issue(book, sheet, title_row + number, number, issue)
    for letter, width in zip("ABCDEFG", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    book.active = 0


def _write_note(sheet, note: tuple[str, str]) -> None:
    """A line across the problems sheet's columns, above its headings."""
    cell = sheet.cell(row=1, column=1)
    set_text(cell, "\n".join(note))
    cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.row_dimensions[1].height = 48


def _list_issue(book, sheet, row: int, number: int, issue: Issue) -> None:
    """One row of the problems sheet: what, where (a link to the cell) and what to do."""
    set_text(sheet.cell(row=row, column=1), number)
    set_text(sheet.cell(row=row, column=2), severity_label(issue, "th"))
    set_text(sheet.cell(row=row, column=3), issue.sheet or "ทั้งไฟล์")
    where = sheet.cell(row=row, column=4)
    set_text(where, issue.cell or (f"แถว {issue.row}" if issue.row else "-"))
    if issue.sheet in book.sheetnames and issue.cell:
        quoted = issue.sheet.replace("'", "''")
        # An internal link (a location, not a URL): it jumps to the cell.
        where.hyperlink = Hyperlink(ref=where.coordinate, location=f"'{quoted}'!{issue.cell}")
        where.font = Font(color="0563C1", underline="single")
    set_text(sheet.cell(row=row, column=5), issue.message_th)
    set_text(sheet.cell(row=row, column=6), issue.message_en)
    set_text(sheet.cell(row=row, column=7), issue.code)
    if issue.severity in FILLS:
        sheet.cell(row=row, column=2).fill = FILLS[issue.severity]
    for column in (2, 5, 6):
        sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")


def gets_copy(submission) -> bool:
    """Whether a submission gets a feedback copy: it could be opened, and it has an error
    or a warning (what is only recorded is no problem)."""
    return submission.opened and any(i.severity in FILLS for i in submission.issues)


def feedback_names(submissions: list) -> list[tuple[object, str]]:
    """Which submissions get a feedback copy, and its file name (outputs.md).

    Those that could be opened and have an error or a warning. Per agency, area and period
    the latest received takes `<agency>_<area>_<period>.xlsx`; earlier ones add `_<sha8>`.
    A workbook whose agency, area or period is unknown is `unidentified_<sha8>.xlsx`.
    """
    chosen = [s for s in submissions if gets_copy(s)]
    named: list[tuple[object, str]] = []
    groups: dict[tuple, list] = {}
    for submission in chosen:
        if submission.identified:
            key = (submission.agency_code, submission.area_code, submission.period)
            groups.setdefault(key, []).append(submission)
        else:
            named.append((submission, f"unidentified_{submission.file.sha256[:8]}.xlsx"))
    for (agency, area, period), group in groups.items():
        group.sort(key=lambda s: s.file.received_order)
        stem = f"{agency}_{area}_{period}"
        for submission in group[:-1]:
            named.append((submission, f"{stem}_{submission.file.sha256[:8]}.xlsx"))
        named.append((group[-1], f"{stem}.xlsx"))
    return sorted(named, key=lambda pair: pair[1])


def write_feedback_files(submissions: list, folder: Path) -> list[Path]:
    """Write every feedback copy of `submissions` into `folder`."""
    written = []
    for submission, name in feedback_names(submissions):
        target = folder / name
        try:
            if write_feedback(submission.file.path, submission.issues, target):
                written.append(target)
        except Exception:  # one odd workbook never stops the month's outputs
            log.exception("feedback copy of %s failed", submission.rel_path)
    return written
