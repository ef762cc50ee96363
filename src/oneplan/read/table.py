"""Finding a table in a sheet and walking its rows the way a person reads them.

The header row is the row, within the first 20, that holds the most known headers (at
least two). Below it, every row is classified: blank rows, rows holding only their line
number, total rows and note rows are skipped (the last two recorded as info); the others
are data rows whose cells are looked up by column name, with merged ranges filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from oneplan.normalize import clean_text, is_blank, normalize_header
from oneplan.read.workbook import Sheet
from oneplan.schemas import header_names

HEADER_SEARCH_ROWS = 20
TOTAL_LABEL = re.compile(
    r"^(รวม(\s|$)|รวมทั้งสิ้น|รวมทั้งหมด|รวมเงิน|รวมยอด|รวมหมวด|ยอดรวม|grand\s*total|sub-?total|total\b)",
    re.IGNORECASE,
)


def cell_ref(row: int, col: int) -> str:
    """`F12` for 0-based (row 11, column 5)."""
    return f"{get_column_letter(col + 1)}{row + 1}"


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
    lookup = {
        normalize_header(header): name
        for name, column in schema.columns.items()
        for header in header_names(column)
    }
    best_row, best_columns = None, {}
    for row_index in range(min(HEADER_SEARCH_ROWS, sheet.n_rows)):
        found: dict[str, int] = {}
        for col_index, value in enumerate(sheet.rows[row_index]):
            name = lookup.get(normalize_header(value))
            if name and name not in found:
                found[name] = col_index
        if len(found) >= 2 and len(found) > len(best_columns):
            best_row, best_columns = row_index, found
    if best_row is None:
        return None
    missing = [
        name
        for name, column in schema.columns.items()
        if column.metadata["input_required"] and name not in best_columns
    ]
    return TableLayout(sheet, best_row, best_columns, missing)


@dataclass(slots=True)
class RawRow:
    """One data row: raw cell values by column name, with where each came from."""

    row: int  # 1-based, as Excel shows it
    values: dict[str, object]
    merged_amounts: dict[str, str] = field(default_factory=dict)  # column -> merged range
    # column -> formula text, for formula cells that hold no calculated value
    formulas_without_value: dict[str, str] = field(default_factory=dict)


@dataclass
class SkippedRow:
    row: int
    code: str  # total_row_skipped | note_row_skipped | key_missing
    text: str
    cell: str


def _merged_origins(sheet: Sheet) -> dict[tuple[int, int], tuple[int, int, str, bool]]:
    """Each merged cell -> (origin row, origin column, range, whether it spans rows)."""
    origins = {}
    for r0, c0, r1, c1 in sheet.merged:
        span = f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}"
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                origins[(r, c)] = (r0, c0, span, r1 > r0)
    return origins


_REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?\d+")
_SUM_FUNCTION = re.compile(r"^\s*(SUM|SUBTOTAL|AGGREGATE)\s*\(", re.IGNORECASE)


def sums_own_column(formula: str, column_letter: str) -> bool:
    """Whether a formula adds up cells of its own column (`SUM(F2:F11)`, `F2+F3+F4`)."""
    references = _REFERENCE.findall(formula.upper())
    if not references or any(ref != column_letter for ref in references):
        return False
    return bool(_SUM_FUNCTION.match(formula)) or ("+" in formula and len(references) > 1)


def _formula_cells(sheet: Sheet, r: int, known_items, amount_columns) -> tuple[dict[str, str], str]:
    """Formula cells of a row: those without a calculated value, and a column total."""
    missing_values: dict[str, str] = {}
    totals_formula = ""
    for name, c in known_items:
        formula = sheet.formulas.get((r, c))
        if formula is None:
            continue
        if not formula.has_value:
            missing_values[name] = formula.text
        if name in amount_columns and sums_own_column(formula.text, get_column_letter(c + 1)):
            totals_formula = formula.text
    return missing_values, totals_formula


def _fill_merged(
    values, merged_amounts, origins, sheet: Sheet, r: int, known_items, amount_columns
) -> None:
    """Text in a merged range applies to all its cells; an amount counts once, on its first row."""
    for name, c in known_items:
        origin = origins.get((r, c))
        if origin is None:
            continue
        r0, c0, span, spans_rows = origin
        if name in amount_columns:
            if (r, c) == (r0, c0):
                if spans_rows:
                    merged_amounts[name] = span
            else:
                values[name] = ""
        else:
            values[name] = sheet.value(r0, c0)


def _only_the_key(values: dict, key: str, raw_row: list, known_positions: set[int]) -> bool:
    if any(not is_blank(v) for name, v in values.items() if name != key):
        return False
    return not any(not is_blank(v) for i, v in enumerate(raw_row) if i not in known_positions)


def iter_rows(
    layout: TableLayout,
    *,
    key: str,
    key_is_valid,
    amount_columns: list[str],
) -> Iterator[RawRow | SkippedRow]:
    """Data rows and skipped rows below the header, in sheet order."""
    sheet = layout.sheet
    origins = _merged_origins(sheet) if sheet.merged else {}
    formula_rows = {r for r, _ in sheet.formulas}
    known = layout.columns
    known_items = list(known.items())
    known_positions = set(known.values())
    for r in range(layout.header_row + 1, sheet.n_rows):
        raw_row = sheet.rows[r]
        width = len(raw_row)
        # calamine gives "" for an empty cell.
        values = {name: (raw_row[c] if c < width else "") for name, c in known_items}
        merged_amounts: dict[str, str] = {}
        missing_values: dict[str, str] = {}
        totals_formula = ""
        if r in formula_rows:
            missing_values, totals_formula = _formula_cells(sheet, r, known_items, amount_columns)
        if origins:
            _fill_merged(values, merged_amounts, origins, sheet, r, known_items, amount_columns)
        filled = width - raw_row.count("")
        blank = filled == 0 or all(is_blank(v) for v in raw_row)
        if blank and not missing_values and all(is_blank(v) for v in values.values()):
            continue  # a blank row
        key_valid = key_is_valid(values.get(key))
        if key_valid and filled <= 1 and _only_the_key(values, key, raw_row, known_positions):
            continue  # a form numbered in advance: nothing but the line number
        if key_valid:
            yield RawRow(r + 1, values, merged_amounts, missing_values)
            continue
        first_text = next(
            ((i, v) for i, v in enumerate(raw_row) if isinstance(v, str) and clean_text(v)),
            None,
        )
        has_amount = any(not is_blank(values.get(a)) or a in missing_values for a in amount_columns)
        if first_text and TOTAL_LABEL.match(clean_text(first_text[1])):
            yield SkippedRow(
                r + 1, "total_row_skipped", clean_text(first_text[1]), cell_ref(r, first_text[0])
            )
        elif totals_formula:
            cell = next(
                cell_ref(r, c)
                for n, c in known.items()
                if n in amount_columns
                and (r, c) in sheet.formulas
                and sheet.formulas[(r, c)].text == totals_formula
            )
            yield SkippedRow(r + 1, "total_row_skipped", f"={totals_formula}", cell)
        elif not has_amount:
            text_at = first_text or next(
                ((i, v) for i, v in enumerate(raw_row) if not is_blank(v)), (0, "")
            )
            yield SkippedRow(
                r + 1, "note_row_skipped", clean_text(text_at[1]), cell_ref(r, text_at[0])
            )
        else:
            key_col = known.get(key)
            cell = cell_ref(r, key_col) if key_col is not None else ""
            yield SkippedRow(r + 1, "key_missing", "", cell)
