"""Walking a table's rows below its header the way a person reads them.

Every row is classified: blank rows, rows holding only their line number, total rows and
note rows are skipped (the last two recorded as info); the others are data rows whose
cells are looked up by column name, with merged ranges filled. The header is found first
(`oneplan.read.header`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from oneplan.read.header import TableLayout
from oneplan.read.workbook import Sheet, cell_ref
from oneplan.values.text import clean_text, is_blank

TOTAL_LABEL = re.compile(
    r"^(รวม(\s|$)|รวมทั้งสิ้น|รวมทั้งหมด|รวมเงิน|รวมยอด|รวมหมวด|ยอดรวม|grand\s*total|sub-?total|total\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class RawRow:
    """A data row that needed a closer look: its values differ from the sheet's cells."""

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


@dataclass
class TableRows:
    """A table's data rows, column by column (raw values), and the rows skipped.

    Kept by column because every later step works a column at a time: a month holds
    millions of cells, and a Python object per row and cell would cost more than reading.
    """

    numbers: list[int]  # 1-based sheet row of each data row
    columns: dict[str, list[object]]  # column name -> raw value of each data row
    # data-row index -> column -> merged range / formula without a calculated value
    merged_amounts: dict[int, dict[str, str]] = field(default_factory=dict)
    formulas_without_value: dict[int, dict[str, str]] = field(default_factory=dict)
    skipped: list[SkippedRow] = field(default_factory=list)


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


def read_rows(
    layout: TableLayout,
    *,
    key: str,
    key_is_valid,
    amount_columns: list[str],
) -> TableRows:
    """Data rows and skipped rows below the header.

    A row whose key is valid and that holds more than its key is a data row as it stands:
    the common case, decided from two cells. Rows touching a merged range or a formula,
    and every other row, are looked at closely (`_classify`).
    """
    sheet = layout.sheet
    rows = sheet.rows
    first = layout.header_row + 1
    special = {r for r, _ in sheet.formulas}
    origins = _merged_origins(sheet) if sheet.merged else {}
    special.update(r for r, _ in origins)
    key_col = layout.columns.get(key, -1)
    data_rows: list[int] = []
    looked_at: dict[int, RawRow] = {}
    skipped: list[SkippedRow] = []
    for r in range(first, len(rows)):
        raw_row = rows[r]
        if (
            r not in special
            and 0 <= key_col < len(raw_row)
            and key_is_valid(raw_row[key_col])
            and len(raw_row) - raw_row.count("") > 1  # calamine gives "" for an empty cell
        ):
            data_rows.append(r)
            continue
        item = _classify(layout, r, origins, key, key_is_valid, amount_columns)
        if isinstance(item, RawRow):
            looked_at[len(data_rows)] = item
            data_rows.append(r)
        elif item is not None:
            skipped.append(item)
    return _by_column(layout, data_rows, looked_at, skipped)


def _by_column(
    layout: TableLayout, data_rows: list[int], looked_at: dict[int, RawRow], skipped
) -> TableRows:
    rows = layout.sheet.rows
    picked = [rows[r] for r in data_rows]
    widths = set(map(len, picked))
    if len(widths) == 1:  # calamine's rows are as wide as the sheet: transposed in C
        by_position = list(zip(*picked, strict=True))
        columns = {
            name: list(by_position[c]) if c < len(by_position) else [""] * len(picked)
            for name, c in layout.columns.items()
        }
    else:
        columns = {name: [_at(row, c) for row in picked] for name, c in layout.columns.items()}
    for index, raw in looked_at.items():
        for name, value in raw.values.items():
            columns[name][index] = value
    return TableRows(
        numbers=[r + 1 for r in data_rows],
        columns=columns,
        merged_amounts={
            i: raw.merged_amounts for i, raw in looked_at.items() if raw.merged_amounts
        },
        formulas_without_value={
            i: raw.formulas_without_value
            for i, raw in looked_at.items()
            if raw.formulas_without_value
        },
        skipped=skipped,
    )


def _at(row: list[object], c: int) -> object:
    return row[c] if c < len(row) else ""


def _classify(
    layout: TableLayout, r: int, origins, key: str, key_is_valid, amount_columns: list[str]
) -> RawRow | SkippedRow | None:
    """What one row is: a data row (with its values), a skipped row, or nothing (blank)."""
    sheet = layout.sheet
    known = layout.columns
    known_items = list(known.items())
    raw_row = sheet.rows[r]
    width = len(raw_row)
    values = {name: (raw_row[c] if c < width else "") for name, c in known_items}
    merged_amounts: dict[str, str] = {}
    missing_values: dict[str, str] = {}
    totals_formula = ""
    if sheet.formulas:
        missing_values, totals_formula = _formula_cells(sheet, r, known_items, amount_columns)
    if origins:
        _fill_merged(values, merged_amounts, origins, sheet, r, known_items, amount_columns)
    filled = width - raw_row.count("")
    blank = filled == 0 or all(is_blank(v) for v in raw_row)
    if blank and not missing_values and all(is_blank(v) for v in values.values()):
        return None  # a blank row
    key_valid = key_is_valid(values.get(key))
    if key_valid and filled <= 1 and _only_the_key(values, key, raw_row, set(known.values())):
        return None  # a form numbered in advance: nothing but the line number
    if key_valid:
        return RawRow(r + 1, values, merged_amounts, missing_values)
    first_text = next(
        ((i, v) for i, v in enumerate(raw_row) if isinstance(v, str) and clean_text(v)),
        None,
    )
    has_amount = any(not is_blank(values.get(a)) or a in missing_values for a in amount_columns)
    if first_text and TOTAL_LABEL.match(clean_text(first_text[1])):
        return SkippedRow(
            r + 1, "total_row_skipped", clean_text(first_text[1]), cell_ref(r, first_text[0])
        )
    if totals_formula:
        cell = next(
            cell_ref(r, c)
            for n, c in known.items()
            if n in amount_columns
            and (r, c) in sheet.formulas
            and sheet.formulas[(r, c)].text == totals_formula
        )
        return SkippedRow(r + 1, "total_row_skipped", f"={totals_formula}", cell)
    if not has_amount:
        text_at = first_text or next(
            ((i, v) for i, v in enumerate(raw_row) if not is_blank(v)), (0, "")
        )
        return SkippedRow(
            r + 1, "note_row_skipped", clean_text(text_at[1]), cell_ref(r, text_at[0])
        )
    key_col = known.get(key)
    cell = cell_ref(r, key_col) if key_col is not None else ""
    return SkippedRow(r + 1, "key_missing", "", cell)
