"""Looking into an Excel 97–2003 workbook (`.xls`, BIFF8) before python-calamine reads it.

An `.xls` file is an OLE compound file (read with `olefile`) whose `Workbook` stream is a
sequence of BIFF records, each a type, a length and its bytes. python-calamine builds the
dense grid of every sheet as soon as the workbook is opened: one cell at `IV65536` in a
5 KB file costs it half a gigabyte. So the guard walks the records first, as calamine
does (each sheet from where its `BOUNDSHEET` record says it begins, to its `EOF`), and
learns:

- whether the workbook is encrypted (a `FILEPASS` record) or older than BIFF8;
- the sheets: name, kind (a worksheet, or a macro sheet, chart or VBA module) and the
  grid each spans from A1 to its furthest cell (blank cells apart: calamine skips them);
- the formula cells, whether each holds a calculated value, and the text of the simple
  ones a total row uses (`SUM(F2:F11)`, `F2+F3`): what `oneplan.read.rows` needs.

The walk is one pass over each sheet's records, and sheets may not overlap: its time is
bounded by the stream's size, itself within the file's limit.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

import olefile
from openpyxl.utils import get_column_letter

from oneplan.read.formulas import Formula
from oneplan.read.limits import Limits, UnreadableWorkbook

# What a broken OLE container makes olefile raise while it is read.
OLE_CORRUPT = (OSError, ValueError, IndexError, KeyError, struct.error, EOFError, TypeError)

_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _STRING = 0x0809, 0x000A, 0x002F, 0x0085, 0x0207
_BIFF8 = 0x0600
_WORKSHEET_KINDS = {0x00: "worksheet", 0x01: "macro sheet", 0x02: "chart", 0x06: "VBA module"}
# Records of one cell that calamine places on the grid (BIFF8's, and older forms it may
# meet): row and column are their first two 16-bit fields. Blank cells are not among them.
_CELL_RECORDS = {0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0203, 0x0204, 0x0205, 0x0206,
                 0x027E, 0x00D6, 0x00FD, 0x0406}  # fmt: skip
_FORMULA_RECORDS = {0x0006, 0x0206, 0x0406}
_MULRK = 0x00BD  # several numbers in one row: row, first column, …, last column
_DIMENSIONS = 0x0200  # the sheet's used range: calamine reserves room for its cells


@dataclass
class XlsSheet:
    name: str
    kind: str  # "worksheet", "macro sheet", "chart", "VBA module"
    offset: int  # where its BOF record begins in the stream
    rows: int = 0  # the grid calamine builds: A1 to the furthest cell
    columns: int = 0
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)
    reserved: int = 0  # the cells calamine makes room for, by the DIMENSIONS record

    @property
    def cells(self) -> int:
        return max(self.rows * self.columns, self.reserved)


def workbook_stream(content: bytes, limits: Limits) -> bytes:
    """The BIFF `Workbook` stream of an OLE file; refused when the file holds none (a Word
    document, say), when it is an encrypted .xlsx (an OLE file too) or is corrupt."""
    try:
        # A file object: olefile takes bytes shorter than a sector for a file's name.
        with olefile.OleFileIO(io.BytesIO(content)) as ole:
            if ole.exists("EncryptedPackage"):
                raise UnreadableWorkbook("file_encrypted", found="Excel (.xlsx)")
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise UnreadableWorkbook(
                    "file_not_workbook",
                    found="เอกสาร Office อื่น / another Office document (Word, Outlook)",
                )
            if name == "Book":
                raise UnreadableWorkbook("file_not_workbook", found="Excel 5.0/95 (.xls)")
            if ole.get_size(name) > limits.max_uncompressed_bytes:
                raise UnreadableWorkbook("file_bomb", reason=f"{name}: too large")
            return ole.openstream(name).read()
    except OLE_CORRUPT as exc:
        raise _corrupt(str(exc)) from None
    except RecursionError:  # olefile walks the directory's tree recursively
        raise UnreadableWorkbook("file_bomb", reason="OLE directory nested too deep") from None


def xls_sheets(stream: bytes, limits: Limits) -> list[XlsSheet]:
    """The sheets of a BIFF8 stream with their grids and formulas; raises
    `UnreadableWorkbook` for an encrypted, older or broken workbook."""
    sheets = _globals(stream)
    if len(sheets) > limits.max_members:
        raise UnreadableWorkbook("file_bomb", reason=f"{len(sheets):,} sheets")
    ends = sorted({sheet.offset for sheet in sheets}) + [len(stream)]
    if len(ends) - 1 < len(sheets):
        raise _corrupt("two sheets at one place")
    for sheet in sheets:
        _walk_sheet(stream, sheet, ends[ends.index(sheet.offset) + 1])
    return sheets


def _corrupt(reason: str) -> UnreadableWorkbook:
    return UnreadableWorkbook("file_unreadable", reason=f"ไฟล์เสียหาย / corrupt: {reason}")


def _records(stream: bytes, at: int, end: int):
    """(type, body, where) of each record from `at`, stopping at `end` or the stream's end."""
    end = min(end, len(stream))
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4 : at + 4 + length]
        if len(body) < length:
            raise _corrupt(f"record cut short at {at}")
        yield kind, body, at
        at += 4 + length


def _globals(stream: bytes) -> list[XlsSheet]:
    records = _records(stream, 0, len(stream))
    first = next(records, None)
    if first is None or first[0] != _BOF or len(first[1]) < 4:
        raise _corrupt("no BIFF BOF record")
    if struct.unpack_from("<H", first[1])[0] != _BIFF8:
        raise UnreadableWorkbook("file_not_workbook", found="Excel 5.0/95 (.xls)")
    sheets = []
    for kind, body, _ in records:
        if kind == _EOF:
            return sheets
        if kind == _FILEPASS:
            raise UnreadableWorkbook("file_encrypted", found="Excel 97-2003 (.xls)")
        if kind == _BOUNDSHEET:
            sheets.append(_bound_sheet(body))
    raise _corrupt("the workbook's globals do not end")


def _bound_sheet(body: bytes) -> XlsSheet:
    if len(body) < 8:
        raise _corrupt("a sheet record cut short")
    offset, _visibility, kind, length, high_byte = struct.unpack_from("<IBBBB", body)
    raw = body[8 : 8 + length * (2 if high_byte & 1 else 1)]
    name = raw.decode("utf-16-le" if high_byte & 1 else "latin-1", "replace")
    return XlsSheet(name=name, kind=_WORKSHEET_KINDS.get(kind, "other"), offset=offset)


def _walk_sheet(stream: bytes, sheet: XlsSheet, end: int) -> None:
    """Place the sheet's cells and find its formulas, from its BOF to its EOF (which must
    come before the next sheet begins). A BOF … EOF nested inside (an embedded chart)
    does not end the sheet, as it does not for calamine; its cells count too."""
    records = _records(stream, sheet.offset, end)
    first = next(records, None)
    if first is None or first[0] != _BOF:
        raise _corrupt(f"sheet {sheet.name}: no BOF")
    last_row = last_column = -1
    nested = 0  # BOF records met and not yet ended
    pending: tuple[int, int] | None = None  # a formula whose string value may follow
    for kind, body, _ in records:
        if kind == _BOF:
            nested += 1
        elif kind == _EOF and nested:
            nested -= 1
        elif kind == _EOF:
            sheet.rows, sheet.columns = last_row + 1, last_column + 1
            return
        if pending is not None:
            if kind == _STRING:
                sheet.formulas[pending] = Formula(sheet.formulas[pending].text, True)
            pending = None
        if kind in _CELL_RECORDS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            last_row, last_column = max(last_row, row), max(last_column, column)
            if kind in _FORMULA_RECORDS and len(body) >= 20:
                sheet.formulas[(row, column)], string_follows = _formula(body)
                pending = (row, column) if string_follows else None
        elif kind == _DIMENSIONS:
            sheet.reserved = max(sheet.reserved, reserved_cells(body))
        elif kind == _MULRK and len(body) >= 6:
            row, column = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            last_row, last_column = max(last_row, row), max(last_column, column, last)
    raise _corrupt(f"sheet {sheet.name}: no EOF")


def reserved_cells(body: bytes) -> int:
    """The cells calamine reserves for a DIMENSIONS record: its rows times its columns,
    counted as calamine counts them (32-bit, wrapping: a first row after the last makes
    billions)."""
    if len(body) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", body)
    else:
        return 0  # calamine refuses the record
    if first_column > 0xFF or last_column < first_column:
        first_column = 0
    if last_row < 1 or last_column < 1:
        return 1
    rows = (last_row - 1 - first_row + 1) % 2**32
    columns = (last_column - 1 - first_column + 1) % 2**32
    return rows * columns


def _formula(body: bytes) -> tuple[Formula, bool]:
    """The formula of a FORMULA record, and whether a STRING record with its value follows.

    Its cached result is 8 bytes at offset 6: a number, or (ending in FFFF) a string
    (held by the next record), a boolean, an error or an empty string (type 3: no value).
    """
    result = body[6:14]
    special = result[6:8] == b"\xff\xff"
    result_type = result[0] if special else None
    (size,) = struct.unpack_from("<H", body, 20) if len(body) >= 22 else (0,)
    text = formula_text(body[22 : 22 + size])
    if result_type == 0:
        return Formula(text, False), True
    return Formula(text, result_type != 3), False


# Binary operators of the parsed tokens, and how Excel writes them.
_OPERATORS = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/", 0x07: "^", 0x08: "&"}


def formula_text(tokens: bytes) -> str:
    """The text of a formula's parsed tokens (RPN) when it is built of cells, ranges,
    numbers, arithmetic and SUM, as totals are (`SUM(F2:F11)`, `F2+F3`, `1000*3`); "" for
    any other formula (the text only tells a total row and names a formula in a message)."""
    stack: list[str] = []
    at = 0
    try:
        while at < len(tokens):
            at = _read_token(tokens, at, stack)
    except (IndexError, struct.error, _OtherFormula):
        return ""
    return stack[0] if len(stack) == 1 else ""


class _OtherFormula(Exception):
    """A token `formula_text` does not write."""


def _read_token(tokens: bytes, at: int, stack: list[str]) -> int:
    """Push what the token at `at` makes on `stack`; where the next token begins."""
    token = tokens[at]
    if token in (0x24, 0x44, 0x64):  # a cell
        row, column = struct.unpack_from("<HH", tokens, at + 1)
        stack.append(_a1(row, column & 0x3FFF))
        return at + 5
    if token in (0x25, 0x45, 0x65):  # a range
        first, last, left, right = struct.unpack_from("<HHHH", tokens, at + 1)
        stack.append(f"{_a1(first, left & 0x3FFF)}:{_a1(last, right & 0x3FFF)}")
        return at + 9
    if token == 0x1E:  # a whole number
        stack.append(str(struct.unpack_from("<H", tokens, at + 1)[0]))
        return at + 3
    if token == 0x1F:  # a number
        stack.append(f"{struct.unpack_from('<d', tokens, at + 1)[0]:g}")
        return at + 9
    if token in _OPERATORS:
        right = stack.pop()
        stack.append(f"{stack.pop()}{_OPERATORS[token]}{right}")
        return at + 1
    if token == 0x15:  # parentheses
        stack.append(f"({stack.pop()})")
        return at + 1
    if token == 0x19 and tokens[at + 1] & 0x10:  # SUM of one argument
        stack.append(f"SUM({stack.pop()})")
        return at + 4
    if token == 0x19 and not tokens[at + 1] & 0x04:  # spaces, jumps: nothing written
        return at + 4
    if token in (0x22, 0x42, 0x62):  # SUM of several arguments
        count, function = tokens[at + 1], struct.unpack_from("<H", tokens, at + 2)[0]
        if function & 0x7FFF != 4 or not 0 < count <= len(stack):
            raise _OtherFormula
        arguments = stack[-count:]
        del stack[-count:]
        stack.append(f"SUM({','.join(arguments)})")
        return at + 4
    raise _OtherFormula


def _a1(row: int, column: int) -> str:
    return f"{get_column_letter(column + 1)}{row + 1}"
