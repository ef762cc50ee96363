"""How far a sheet's cells reach: the grid python-calamine builds for a sheet's XML.

python-calamine builds a dense grid from A1 to the last row and column any cell reaches,
and a grid too large to allocate aborts the whole process (tafia/calamine#693): one cell
at `XFD1048576` in a 2 KB file is enough. So the guard must know the extent before
calamine reads the sheet, placing the cells the way calamine does:

- a cell (`<c>`, with any namespace prefix) with an `r` attribute is where `r` says:
  `F12` or `f12`, quoted with `"` or `'`, with or without spaces around `=`;
- a cell without `r` follows the previous cell of its row; a row's `r` sets the row of
  the cells without one, and each `</row>` moves it one down.

`grid_cells` answers with one scan for the sheets every spreadsheet program writes: when
each cell's first attribute is a plain `r="F12"` within Z9999, the grid has at most
26 × 9,999 cells. Any other sheet is walked tag by tag, as calamine reads it.
"""

from __future__ import annotations

import re

# Within Z9999: the largest grid of a sheet whose cells all pass `_PLAIN_CELLS`.
PLAIN_GRID_CELLS = 26 * 9_999

# A cell tag that does not begin with a plain, near reference: a tab or a newline after
# `<c`, no attribute, an attribute other than `r` first, or `r` written any other way.
_NOT_PLAIN_CELL = re.compile(rb'<c(?:[\t\n\r>/]| (?!r="[A-Z]\d{1,4}"))')
# A cell named with a namespace prefix (`<x:c …>`): calamine reads it as a cell too.
_PREFIXED_CELL = re.compile(rb":c[\s>/]")

# Walking the tags: `<row>`, `</row>` and `<c>`. An attribute value may hold `>`, so a
# tag ends at the first `>` outside quotes.
_TAG = re.compile(rb"""<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_R_ATTRIBUTE = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"([A-Za-z]*)(\d+)")
# What a reference that is neither a cell nor a row number is taken to reach: calamine
# refuses such a sheet, and the guard refuses it first.
_UNPLACEABLE = (2**31, 2**31)


def grid_cells(data: bytes, limit: int) -> int:
    """The cells of the grid a reader builds for this sheet XML (A1 to its furthest cell).

    Exact when it matters: for a sheet whose every cell is plainly placed within Z9999,
    and `limit` at least `PLAIN_GRID_CELLS`, that bound is returned without counting.
    """
    if limit >= PLAIN_GRID_CELLS and _plainly_placed(data):
        return PLAIN_GRID_CELLS
    rows, columns = sheet_extent(data)
    return rows * columns


def _plainly_placed(data: bytes) -> bool:
    if _NOT_PLAIN_CELL.search(data):
        return False
    # Prefixed names are looked for only after the root element's namespace declarations.
    start = data.find(b"sheetData")
    return start < 0 or data.find(b":", start) < 0 or not _PREFIXED_CELL.search(data, start)


def sheet_extent(data: bytes) -> tuple[int, int]:
    """(last row, last column), 1-based, that calamine would place a cell of this sheet at."""
    last_row = last_column = 0
    row = column = 0  # where a cell without `r` goes, 0-based
    for closing, name, attributes in _TAG.findall(data):
        if closing:
            if name == b"row":
                row, column = row + 1, 0
            continue
        found = _R_ATTRIBUTE.search(attributes)
        reference = None if found is None else (found.group(1) or found.group(2) or b"")
        if name == b"row":
            if reference is not None:
                place = _place(reference)
                if place is None or place[1]:
                    return _UNPLACEABLE
                row = place[0] - 1
            if attributes.endswith(b"/"):  # an empty row counts as one that closed
                row, column = row + 1, 0
            continue
        if reference is None:
            row_number = row + 1
        else:
            place = _place(reference)
            if place is None or not place[1]:
                return _UNPLACEABLE
            row_number, column = place[0], place[1] - 1
        last_row = max(last_row, row_number)
        last_column = max(last_column, column + 1)
        column += 1
    return last_row, last_column


def _place(reference: bytes) -> tuple[int, int] | None:
    """(row, column), 1-based, of `F12`; column 0 for a row number alone; None if neither."""
    found = _REFERENCE.fullmatch(reference)
    if found is None:
        return None
    column = 0
    for letter in found.group(1).upper():
        column = column * 26 + letter - ord("A") + 1
    return int(found.group(2)), column
