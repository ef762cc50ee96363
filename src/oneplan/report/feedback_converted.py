"""The feedback copy of a workbook sent as `.xls` or `.ods`: an `.xlsx` of its values.

openpyxl writes only `.xlsx`, and no well-kept library edits `.xls` or `.ods` in place; so
the copy of such a workbook is built anew: every sheet with the values python-calamine
read (numbers, text, dates), in the same cells, merged as they were, hidden sheets hidden,
columns wide enough for what they hold. Formulas and formatting are not carried (their
values are). The problems are then marked on it as on any copy
(`oneplan.report.feedback`), and the problems sheet says first that the copy was
converted, and that the clerk may keep sending their format.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook as XlsxBook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from oneplan.read.guard import OLE_MAGIC, ZIP_MAGIC
from oneplan.read.workbook import Sheet, open_workbook

# The format -> how the clerk knows it, in Thai and English.
FORMAT_NAMES = {
    "xls": ("ไฟล์ .xls (Excel 97-2003)", ".xls (Excel 97-2003)"),
    "ods": ("ไฟล์ .ods (OpenDocument เช่น LibreOffice)", ".ods (OpenDocument, e.g. LibreOffice)"),
}
_NOT_IN_SHEET_NAMES = re.compile(r"[\\/*?:\[\]]")
_WIDEST, _NARROWEST = 60, 8


def converted_format(path: Path) -> str | None:
    """ "xls" or "ods" for a workbook whose copy must be converted; None for an .xlsx.

    By the file's content, as the guard reads it (`oneplan.read.guard`).
    """
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(ZIP_MAGIC):
        with zipfile.ZipFile(path) as package:
            if "xl/workbook.xml" not in package.namelist():
                return "ods"
    return None


def conversion_note(format_name: str, renamed: dict[str, str]) -> tuple[str, str]:
    """The problems sheet's first line for a converted copy, in Thai and English;
    `renamed` gives the sheets whose names .xlsx does not allow, and their names here."""
    th, en = FORMAT_NAMES[format_name]
    names_th = names_en = ""
    if renamed:
        pairs = ", ".join(f"'{old}' → '{new}'" for old, new in renamed.items())
        names_th = f" ชื่อแผ่นงานที่ .xlsx ไม่รับได้เปลี่ยนในสำเนานี้: {pairs}"
        names_en = f" Sheet names .xlsx does not allow are changed in this copy: {pairs}."
    return (
        f"ท่านส่ง{th} สำเนานี้แปลงเป็น .xlsx เพื่อแสดงปัญหาในช่องเดียวกับไฟล์ของท่าน "
        "(มีเฉพาะค่าในช่อง ไม่มีสูตรและรูปแบบ) ท่านส่งไฟล์ชนิดเดิมต่อไปได้ตามปกติ "
        f"กรุณาแก้ไขในไฟล์ของท่านเองแล้วส่งใหม่{names_th}",
        f"You sent an {en} workbook: this copy was converted to .xlsx to show each problem "
        "in the same cell as in your file (values only, without formulas or formatting). You "
        f"may keep sending that format: correct your own file and send it again.{names_en}",
    )


def converted_copy(source: Path) -> tuple[XlsxBook, dict[str, str]]:
    """A new workbook holding the values of every sheet of `source`, and the name each
    sheet has in it (a name .xlsx does not allow is changed)."""
    book = open_workbook(source)  # the guard looks at it again: it is read as it was
    copy = XlsxBook()
    copy.remove(copy.active)
    names: dict[str, str] = {}
    for name in book.sheet_names:
        sheet = copy.create_sheet(_allowed_name(name, names.values()))
        names[name] = sheet.title
        _copy_sheet(book.sheet(name), sheet)
        if name not in book.visible_sheet_names:
            sheet.sheet_state = "hidden"
    return copy, names


def _copy_sheet(source: Sheet, sheet) -> None:
    widths: dict[int, int] = {}
    for r, row in enumerate(source.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                # never a formula; without the control characters an .xlsx cannot hold
                cell.value, cell.data_type = ILLEGAL_CHARACTERS_RE.sub("", value), "s"
            else:
                cell.value = value
                if isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
            widths[c] = max(widths.get(c, 0), len(str(value)))
    for r0, c0, r1, c1 in source.merged:
        sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    for column, width in widths.items():
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(_WIDEST, max(_NARROWEST, width + 2))


def _allowed_name(name: str, taken) -> str:
    """The sheet's name, or one .xlsx allows: without \\ / * ? : [ ], at most 31 letters,
    unlike the other sheets' names."""
    allowed = _NOT_IN_SHEET_NAMES.sub("_", name)[:31] or "Sheet"
    candidate, number = allowed, 1
    while candidate.casefold() in {t.casefold() for t in taken}:
        number += 1
        candidate = f"{allowed[: 31 - len(str(number)) - 1]}_{number}"
    return candidate
