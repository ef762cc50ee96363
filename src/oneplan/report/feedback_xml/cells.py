"""The cells of one worksheet part of a feedback copy: found (or added, in their row and
column order) and given a filled format, as openpyxl's path marks them.

A problem in a merged range marks the range's first cell; a missing column's header row
has its written cells filled. A sheet whose rows or cells do not say where they stand
(no `r`, allowed but not written by Excel, openpyxl or xlsxwriter) is `Unsupported`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from lxml import etree
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)

from oneplan.report.feedback_xml.package import MAIN, Unsupported, q
from oneplan.report.feedback_xml.styles import Styles

_ROW, _CELL = q(MAIN, "row"), q(MAIN, "c")


def position(reference: str) -> tuple[int, int]:
    """(row, column), both from 1, of a reference such as `F12`."""
    try:
        letters, row = coordinate_from_string(reference)
        return row, column_index_from_string(letters)
    except ValueError as exc:
        raise Unsupported(f"cell reference {reference!r}: {exc}") from None


class Cells:
    """The rows and cells of one worksheet part, and the merged ranges it declares."""

    def __init__(self, root: etree._Element, styles: Styles, shared: Callable[[int], str]):
        self.root = root
        self._styles = styles
        self._shared = shared
        self._data = root.find(q(MAIN, "sheetData"))
        if self._data is None:
            raise Unsupported("a worksheet without sheetData")
        self._rows: dict[int, etree._Element] = {}
        for row in self._data.iter(_ROW):
            if row.get("r") is None:
                raise Unsupported("a row without its number")
            self._rows[int(row.get("r"))] = row
        self._numbers = sorted(self._rows)
        self._merged = [
            range_boundaries(m.get("ref", ""))
            for m in root.iterfind(f"{q(MAIN, 'mergeCells')}/{q(MAIN, 'mergeCell')}")
        ]
        self._grown: list[tuple[int, int]] = []

    def writable(self, reference: str) -> tuple[int, int]:
        """The cell itself, or the first cell of the merged range it lies in."""
        row, column = position(reference)
        for min_col, min_row, max_col, max_row in self._merged:
            if min_row <= row <= max_row and min_col <= column <= max_col:
                return min_row, min_col
        return row, column

    def fill(self, row: int, column: int, rgb: str) -> None:
        cell = self._cell(row, column)
        cell.set("s", str(self._styles.filled(int(cell.get("s", "0")), rgb)))

    def fill_written(self, row: int, rgb: str) -> None:
        """Fill the cells of a row that hold a value (not those empty or blank)."""
        for cell in self._rows[row].iter(_CELL) if row in self._rows else ():
            if self._written(cell):
                cell.set("s", str(self._styles.filled(int(cell.get("s", "0")), rgb)))

    def _written(self, cell: etree._Element) -> bool:
        if cell.find(q(MAIN, "f")) is not None:
            return True  # openpyxl's value is the formula
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return bool(
                "".join(cell.find(q(MAIN, "is")).itertext())
                if cell.find(q(MAIN, "is")) is not None
                else ""
            )
        value = cell.findtext(q(MAIN, "v"))
        if value is None or value == "":
            return False
        if kind == "s":
            return self._shared(int(value)) != ""
        return True

    def _cell(self, row: int, column: int) -> etree._Element:
        """The cell element, added in its place when the sheet has none there."""
        reference = f"{get_column_letter(column)}{row}"
        line = self._row(row)
        cells = list(line.iter(_CELL))
        columns = []
        for cell in cells:
            if cell.get("r") is None:
                raise Unsupported("a cell without its reference")
            columns.append(position(cell.get("r"))[1])
        at = bisect.bisect_left(columns, column)
        if at < len(cells) and columns[at] == column:
            return cells[at]
        cell = etree.Element(_CELL, r=reference)
        if at < len(cells):
            cells[at].addprevious(cell)
        else:
            line.append(cell)
        line.attrib.pop("spans", None)  # a hint only, which the new cell may lie outside
        self._grown.append((row, column))
        return cell

    def _row(self, row: int) -> etree._Element:
        if row not in self._rows:
            element = etree.Element(_ROW, r=str(row))
            at = bisect.bisect_left(self._numbers, row)
            if at < len(self._numbers):
                self._rows[self._numbers[at]].addprevious(element)
            else:
                self._data.append(element)
            self._numbers.insert(at, row)
            self._rows[row] = element
        return self._rows[row]

    def finish(self) -> None:
        """Widen the sheet's stated extent (`dimension`) over the cells added."""
        dimension = self.root.find(q(MAIN, "dimension"))
        if not self._grown or dimension is None:
            return
        try:
            min_col, min_row, max_col, max_row = range_boundaries(dimension.get("ref", ""))
        except (ValueError, TypeError):
            return
        rows = [r for r, _ in self._grown] + [min_row or 1, max_row or 1]
        cols = [c for _, c in self._grown] + [min_col or 1, max_col or 1]
        dimension.set(
            "ref",
            f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}",
        )
