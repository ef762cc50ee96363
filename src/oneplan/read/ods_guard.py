"""Looking into an OpenDocument spreadsheet (`.ods`) before python-calamine reads it.

An `.ods` file is a zip (checked as every zip is: `oneplan.read.container`) whose
`content.xml` holds every sheet. A cell or a row may be written once and repeated
(`table:number-columns-repeated`, `table:number-rows-repeated`), and python-calamine
expands the repeats of every sheet as soon as the workbook is opened: a 1 KB file
repeating one number 16,384 × 4,000 times costs it 4 GB. So the guard reads
`content.xml` first, with a safe XML parser (defusedxml, after the prolog was checked for
a DTD), and learns for each sheet:

- the grid calamine builds, from A1 to the furthest cell that holds something (empty
  cells and rows, however repeated, reach nowhere: calamine does not expand them);
- its formula cells (`table:formula`), written as Excel writes them (`SUM(F2:F11)`), and
  whether each holds a calculated value;
- its merged cells (`table:number-columns-spanned`/`-rows-spanned`), which python-calamine
  does not report for this format.

Elements are known by their local names whatever their prefix, so that no cell calamine
reads can be hidden from the count by an unusual prefix. An encrypted package (its
manifest has `encryption-data`) and an OpenDocument file that is not a spreadsheet are
refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException

from oneplan.read.container import Package
from oneplan.read.formulas import Formula
from oneplan.read.limits import UnreadableWorkbook
from oneplan.read.prolog import check_no_dtd

SPREADSHEET_TYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)
CONTENT = "content.xml"
MANIFEST = "META-INF/manifest.xml"


@dataclass
class OdsSheet:
    name: str
    rows: int = 0  # the grid calamine builds: A1 to the furthest cell holding something
    columns: int = 0
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def check_spreadsheet_package(package: Package) -> None:
    """Refuse an OpenDocument package that is not a spreadsheet or is encrypted."""
    if "mimetype" in package:
        kind = package.head("mimetype", 200).strip()
        if kind not in SPREADSHEET_TYPES:
            found = f"OpenDocument ({kind.decode('ascii', 'replace').rpartition('.')[2]})"
            raise UnreadableWorkbook("file_not_workbook", found=found)
    if CONTENT not in package:
        raise UnreadableWorkbook("file_unreadable", reason=f"{CONTENT} is missing")
    if MANIFEST in package and b"encryption-data" in package.read(MANIFEST):
        raise UnreadableWorkbook("file_encrypted", found="OpenDocument (.ods)")


def ods_sheets(content: bytes) -> list[OdsSheet]:
    """The sheets of `content.xml` with their grids, formulas and merged cells."""
    check_no_dtd(CONTENT, content)
    handler = _SheetWalker()
    try:
        defusedxml.sax.parseString(content, handler, forbid_dtd=True)
    except (SAXException, DefusedXmlException, ValueError) as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"{CONTENT}: {exc}") from None
    return handler.sheets


_CELLS = {"table-cell", "covered-table-cell"}
_TABLE_PARTS = {"table", "table-row", "table-cell", "covered-table-cell"}
# A cell holds something calamine places when it has any of these (a value without its
# type included), or any element inside it.
_VALUES = {
    "value-type", "value", "string-value", "boolean-value", "date-value", "time-value",
    "formula",
}  # fmt: skip


@dataclass
class _Cell:
    """The cell being read: how many columns it repeats over, whether it holds anything."""

    repeat: int
    holds: bool


class _SheetWalker(ContentHandler):
    """Follows rows and cells as calamine places them, repeats counted, not expanded."""

    def __init__(self):
        super().__init__()
        self.sheets: list[OdsSheet] = []
        self._sheet: OdsSheet | None = None
        self._row = self._column = 0  # where the current row and cell begin, 0-based
        self._row_repeat = 1
        self._row_reach = 0  # columns reached by the current row's cells holding something
        self._cell: _Cell | None = None  # the open cell
        self._depth_in_cell = 0
        self._in_row = False

    def startElement(self, name: str, attrs) -> None:
        local = name.rpartition(":")[2]
        if self._cell is not None:
            if local in _TABLE_PARTS:  # LibreOffice never writes one; calamine may read it
                raise ValueError(f"a {local} inside a cell")
            self._cell.holds = True  # text, a note, an image: calamine may read it
            self._depth_in_cell += 1
        elif local == "table":
            if self._sheet is not None:
                raise ValueError("a table inside a table")
            self._sheet = OdsSheet(name=_attribute(attrs, "name") or "")
            self._row = 0
        elif local == "table-row" and self._sheet is not None:
            self._row_repeat = _count(attrs, "number-rows-repeated")
            self._column = self._row_reach = 0
            self._in_row = True
        elif local in _CELLS and self._sheet is not None:
            if not self._in_row:
                raise ValueError("a cell outside a row")
            self._open_cell(attrs)

    def endElement(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if self._cell is not None and self._depth_in_cell:
            self._depth_in_cell -= 1
        elif local in _CELLS and self._cell is not None:
            self._close_cell()
        elif local == "table-row" and self._sheet is not None:
            self._in_row = False
            if self._row_reach:
                self._sheet.rows = self._row + self._row_repeat
                self._sheet.columns = max(self._sheet.columns, self._row_reach)
            self._row += self._row_repeat
        elif local == "table" and self._sheet is not None:
            self.sheets.append(self._sheet)
            self._sheet = None

    def _open_cell(self, attrs) -> None:
        formula = _attribute(attrs, "formula")
        value_type = _attribute(attrs, "value-type")
        holds = any(name.rpartition(":")[2] in _VALUES for name in attrs.getNames())
        self._cell = _Cell(_count(attrs, "number-columns-repeated"), holds)
        place = (self._row, self._column)
        if formula:
            self._sheet.formulas[place] = Formula(excel_formula(formula), bool(value_type))
        across = _count(attrs, "number-columns-spanned")
        down = _count(attrs, "number-rows-spanned")
        if across > 1 or down > 1:
            self._sheet.merged.append((*place, self._row + down - 1, self._column + across - 1))

    def _close_cell(self) -> None:
        if self._cell.holds:
            self._row_reach = self._column + self._cell.repeat
        self._column += self._cell.repeat
        self._cell = None


def _attribute(attrs, local: str) -> str | None:
    for name in attrs.getNames():
        if name.rpartition(":")[2] == local:
            return attrs.getValue(name)
    return None


def _count(attrs, local: str) -> int:
    """A repeat or span: a whole number of at least 1 (absent: 1)."""
    text = _attribute(attrs, local)
    if text is None:
        return 1
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"{local}={text!r}")
    return int(text)


# A reference to this sheet: `[.F2]`, `[.F2:.F11]` (another sheet's keeps its brackets).
_ODS_REFERENCE = re.compile(r"\[\.(\$?[A-Z]+\$?\d+)(?::\.(\$?[A-Z]+\$?\d+))?\]")


def excel_formula(text: str) -> str:
    """An OpenFormula as Excel writes it, without its `=`: `of:=SUM([.F2:.F11])` is
    `SUM(F2:F11)` (references to other sheets keep their sheet, which no total uses)."""
    body = text.split(":=", 1)[1] if ":=" in text[:8] else text.lstrip("=")
    return _ODS_REFERENCE.sub(
        lambda m: m.group(1) + (f":{m.group(2)}" if m.group(2) else ""), body
    ).replace(";", ",")
