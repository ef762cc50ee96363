"""Workbooks in the older and the open formats, built by code from the grid `write_grid`
takes: an Excel 97-2003 `.xls` (xlwt, BIFF8) and an OpenDocument `.ods` (odfpy). The same
grid written as `.xlsx`, `.xls` and `.ods` holds the same data in three formats."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from tests.builders import DEFAULT_MTIME, Formula, set_mtime, write_grid


def write_xls(
    path: Path,
    sheets: dict[str, list[list]],
    *,
    merges: dict[str, list[str]] | None = None,
    mtime: dt.datetime = DEFAULT_MTIME,
) -> Path:
    """The grid as an Excel 97-2003 workbook. A formula is stored without a calculated
    value (xlwt does not calculate), as a program that does not calculate saves it."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        merged = [_bounds(cell_range) for cell_range in (merges or {}).get(name, [])]
        covered = {(r, c) for r0, c0, r1, c1 in merged for r in range(r0, r1 + 1)
                   for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}  # fmt: skip
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if any((r, c) == (r0, c0) for r0, c0, _, _ in merged):
                    continue  # written with its range below
                _write_xls_cell(sheet, r, c, value, date_style)
        for r0, c0, r1, c1 in merged:
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            sheet.write_merge(r0, r1, c0, c1, "" if value is None else value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    set_mtime(path, mtime)
    return path


def _write_xls_cell(sheet, r: int, c: int, value, date_style) -> None:
    import xlwt

    if isinstance(value, Formula):
        sheet.write(r, c, xlwt.Formula(value.text.lstrip("=")))
    elif isinstance(value, dt.date):
        sheet.write(r, c, value, date_style)
    else:
        sheet.write(r, c, value)


def write_ods(
    path: Path,
    sheets: dict[str, list[list]],
    *,
    merges: dict[str, list[str]] | None = None,
    mtime: dt.datetime = DEFAULT_MTIME,
) -> Path:
    """The grid as an OpenDocument spreadsheet; a formula keeps its cached value when it
    has one (as LibreOffice saves it) and has none otherwise."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        merged = {
            (r0, c0): (r1 - r0 + 1, c1 - c0 + 1)
            for r0, c0, r1, c1 in (_bounds(x) for x in (merges or {}).get(name, []))
        }
        covered = {(r, c) for (r0, c0), (down, across) in merged.items()
                   for r in range(r0, r0 + down) for c in range(c0, c0 + across)
                   if (r, c) != (r0, c0)}  # fmt: skip
        width = max((len(row) for row in rows), default=0)
        width = max([width] + [c0 + across for (_, c0), (_, across) in merged.items()])
        height = max([len(rows)] + [r0 + down for (r0, _), (down, _) in merged.items()])
        for r in range(height):
            row = rows[r] if r < len(rows) else []
            table_row = TableRow()
            for c in range(width):
                if (r, c) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                value = row[c] if c < len(row) else None
                cell = _ods_cell(TableCell, value)
                if (r, c) in merged:
                    down, across = merged[(r, c)]
                    cell.setAttribute("numberrowsspanned", str(down))
                    cell.setAttribute("numbercolumnsspanned", str(across))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    set_mtime(path, mtime)
    return path


def _ods_cell(TableCell, value):
    from odf.text import P

    if value is None:
        return TableCell()
    if isinstance(value, Formula):
        formula = "of:=" + _open_formula(value.text.lstrip("="))
        if value.value is None:
            return TableCell(formula=formula)
        cell = TableCell(formula=formula, valuetype="float", value=value.value)
    elif isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value.value if isinstance(value, Formula) else value)))
    return cell


def _open_formula(text: str) -> str:
    """`SUM(F2:F11)` as OpenFormula writes it: `SUM([.F2:.F11])`."""
    return re.sub(
        r"([A-Z]+\d+)(?::([A-Z]+\d+))?",
        lambda m: f"[.{m.group(1)}" + (f":.{m.group(2)}]" if m.group(2) else "]"),
        text,
    ).replace(",", ";")


def _bounds(cell_range: str) -> tuple[int, int, int, int]:
    from openpyxl.utils import range_boundaries

    c0, r0, c1, r1 = range_boundaries(cell_range)
    return r0 - 1, c0 - 1, r1 - 1, c1 - 1


WRITERS = {".xlsx": write_grid, ".xls": write_xls, ".ods": write_ods}


def saved_as(path: Path, suffix: str) -> Path:
    """The .xlsx workbook at `path` written again in the format of `suffix` beside it
    (its values, formulas without values, merged cells and modification time), the .xlsx
    removed: the same data in another format."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheets, merges = {}, {}
    for sheet in book.worksheets:
        sheets[sheet.title] = [
            [
                Formula(cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("=")
                else cell.value
                for cell in row
            ]
            for row in sheet.iter_rows()
        ]
        merges[sheet.title] = [str(cell_range) for cell_range in sheet.merged_cells.ranges]
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    target = path.with_suffix(suffix)
    WRITERS[suffix](target, sheets, merges=merges, mtime=mtime)
    path.unlink()
    return target


def rewrite_part(path: Path, part: str, change) -> None:
    """Rewrite one part of a zip package (an .ods) in place."""
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, content in items:
            target.writestr(item, change(content) if item.filename == part else content)
