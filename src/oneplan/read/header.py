"""Finding a table in a sheet: its header row and the columns it names.

The header row is the row, within the first 20, that holds the most known headers (at
least two): Thai, English or an alias of a schema column, compared once normalised.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from oneplan.read.workbook import Sheet
from oneplan.schemas import header_names
from oneplan.values.text import normalize_header

HEADER_SEARCH_ROWS = 20


@dataclass
class TableLayout:
    sheet: Sheet
    header_row: int  # 0-based
    columns: dict[str, int]  # column name -> 0-based column index
    missing_required: list[str]

    def letter(self, name: str) -> str:
        return get_column_letter(self.columns[name] + 1)


def find_header(sheet: Sheet, schema: pa.DataFrameSchema) -> TableLayout | None:
    """The table's header row and column positions; None when no row has two known headers."""
    named = _header_cells(schema)
    best_row, best_columns = None, {}
    for row_index in range(min(HEADER_SEARCH_ROWS, sheet.n_rows)):
        row = sheet.rows[row_index]
        if len(row) - row.count("") <= max(len(best_columns), 1):
            continue  # too few cells filled to name more columns (the data rows, mostly)
        found: dict[str, int] = {}
        for col_index, value in enumerate(row):
            if type(value) is not str or not value:
                continue  # headers are text
            name = named.get(value, _UNSEEN)
            if name is _UNSEEN:
                name = named[value] = _header_lookup(schema).get(normalize_header(value))
            if name and name not in found:
                found[name] = col_index
        if len(found) >= 2 and len(found) > len(best_columns):
            best_row, best_columns = row_index, found
            if len(found) == len(schema.columns):
                break  # every column named: no row below can name more
    if best_row is None:
        return None
    missing = [
        name
        for name, column in schema.columns.items()
        if column.metadata["input_required"] and name not in best_columns
    ]
    return TableLayout(sheet, best_row, best_columns, missing)


_HEADER_LOOKUPS: dict[str, dict[str, str]] = {}


_HEADER_CELLS: dict[str, dict[str, str | None]] = {}
_UNSEEN = object()


def _header_cells(schema: pa.DataFrameSchema) -> dict[str, str | None]:
    """A cell's text as found -> the column it names (or None), filled as texts are seen:
    the rows searched for a header repeat the same texts from file to file."""
    cells = _HEADER_CELLS.setdefault(schema.name, {})
    if len(cells) > 1 << 14:  # a bound on what a month of odd texts can hold
        cells.clear()
    return cells


def _header_lookup(schema: pa.DataFrameSchema) -> dict[str, str]:
    """Normalised header (Thai, English or alias) -> column name, made once per schema."""
    if schema.name not in _HEADER_LOOKUPS:
        _HEADER_LOOKUPS[schema.name] = {
            normalize_header(header): name
            for name, column in schema.columns.items()
            for header in header_names(column)
        }
    return _HEADER_LOOKUPS[schema.name]
