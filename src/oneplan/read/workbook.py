"""Opening a workbook with python-calamine and finding sheets by name.

`.xlsx`, `.xlsm`, `.xls` and `.ods` are read (`oneplan.read.guard.ACCEPTED_SUFFIXES`),
each cell where the clerk's program shows it (row 0, column 0 is A1). A file that cannot be opened is not an exception
for the caller: `open_workbook` raises `UnreadableWorkbook` carrying the issue code and
a reason in plain words, which the reader of the file turns into an issue
(`oneplan.read.submission.read_submission`, `oneplan.read.reference`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine
from openpyxl.utils import get_column_letter

from oneplan.read.formulas import Formula
from oneplan.read.guard import (
    DEFAULT_LIMITS,
    Limits,
    UnreadableWorkbook,
    WorkbookFacts,
    inspect_workbook,
)
from oneplan.read.isolated import ReadSheet, ToRead, read_in_child
from oneplan.values.text import clean_text


def cell_ref(row: int, col: int) -> str:
    """`F12` for 0-based (row 11, column 5)."""
    return f"{get_column_letter(col + 1)}{row + 1}"


@dataclass
class Sheet:
    """One worksheet as a grid of raw values, addressed from A1 (row 0, column 0)."""

    name: str
    rows: list[list[object]]
    # (first_row, first_col, last_row, last_col), 0-based and inclusive
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass
class Workbook:
    path: Path
    sheet_names: list[str]
    visible_sheet_names: list[str]
    _book: calamine.CalamineWorkbook | None  # None when the sheets were read ahead
    formulas: dict[str, dict[tuple[int, int], Formula]] = field(default_factory=dict)
    format: str = "xlsx"  # "xlsx" (and .xlsm), "xls" or "ods": `WorkbookFacts.format`
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    child_sheets: dict[str, ReadSheet] = field(default_factory=dict)  # .xls and .ods

    def sheet(self, name: str) -> Sheet:
        if name in self.child_sheets:
            rows, merged = self.child_sheets[name].rows, self.child_sheets[name].merged
        else:
            raw = self._book.get_sheet_by_name(name)
            rows = raw.to_python(skip_empty_area=False)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (raw.merged_cell_ranges or [])]
        return Sheet(
            name=name,
            rows=rows,
            merged=merged or self.merged.get(name, []),
            formulas=self.formulas.get(name, {}),
        )

    def find_sheet(self, names: Iterable[str], *, allow_single: bool = True) -> str | None:
        """The sheet with one of `names` (case and surrounding spaces ignored).

        With `allow_single`, a workbook whose only visible sheet has another name gives that sheet.
        """
        wanted = {clean_text(n).casefold() for n in names}
        for sheet_name in self.sheet_names:
            if clean_text(sheet_name).casefold() in wanted:
                return sheet_name
        if allow_single and len(self.visible_sheet_names) == 1:
            return self.visible_sheet_names[0]
        return None


def open_workbook(
    path: Path, limits: Limits = DEFAULT_LIMITS, inspected: WorkbookFacts | None = None
) -> Workbook:
    """Open a workbook (.xlsx, .xlsm, .xls, .ods); raise `UnreadableWorkbook` for anything else.

    The file is inspected first (`oneplan.read.guard`), unless `inspected` is its
    inspection already: nothing unsafe reaches the parser, which reads the bytes inspected.
    An .xls or .ods is read whole in a child process (`oneplan.read.isolated`).
    """
    facts = inspected if inspected is not None else inspect_workbook(path, limits)
    if facts.format in ("xls", "ods"):
        sheets = facts.child_reading
        if sheets is None:
            sheets = read_in_child(ToRead(facts.content, facts.cells), limits)
        elif isinstance(sheets, UnreadableWorkbook):
            raise sheets
        return Workbook(
            path=path,
            sheet_names=[sheet.name for sheet in sheets],
            visible_sheet_names=[sheet.name for sheet in sheets if sheet.visible],
            _book=None,
            formulas=facts.formulas,
            format=facts.format,
            merged=facts.merged,
            child_sheets={sheet.name: sheet for sheet in sheets},
        )
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(facts.content))
        metadata = book.sheets_metadata
    except calamine.PasswordError:
        raise UnreadableWorkbook("file_encrypted", found=facts.format) from None
    except calamine.CalamineError as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"ไฟล์เสียหาย / corrupt: {exc}") from None
    names = [m.name for m in metadata]
    visible = [m.name for m in metadata if m.visible == calamine.SheetVisibleEnum.Visible]
    return Workbook(
        path=path,
        sheet_names=names,
        visible_sheet_names=visible,
        _book=book,
        formulas=facts.formulas,
        format=facts.format,
        merged=facts.merged,
    )
