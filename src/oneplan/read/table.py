"""Reading one table of a workbook (plan, registry, lines): its sheet, header and rows.

The same steps for every kind of table: find the sheet by name, find the header row
(`oneplan.read.header`), report missing required columns (naming the header row found,
its columns and the closest match), and walk the rows, skipping
blank, total and note rows (`oneplan.read.rows`). What comes out is raw cells and the
issues of reading them; parsing the cells into types is the check stage's
(`oneplan.check.tables.parse_walked_tables`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandera.pandas as pa

from oneplan.issues import Issue, Location, make_issue
from oneplan.read.header import TableLayout, find_header
from oneplan.read.rows import TableRows, read_rows
from oneplan.read.workbook import Workbook, cell_ref
from oneplan.schemas import header_names
from oneplan.values.text import clean_text, normalize_header


@dataclass
class WalkedTable:
    """A table found and its rows walked (`walk_table`), its cells not yet parsed."""

    sheet: str | None  # None when no sheet has the table's name
    source_file: str
    issues: list[Issue] = field(default_factory=list)  # the issues found reading it
    header_row: int | None = None  # 1-based, once found
    layout: TableLayout | None = None
    rows: TableRows | None = None  # None when the table cannot be read

    @property
    def rejected(self) -> bool:
        return any(i.rejects_file for i in self.issues)


def walk_table(
    book: Workbook,
    schema: pa.DataFrameSchema,
    source_file: str,
    key_is_valid: Callable[[object], bool],
) -> WalkedTable:
    """Find the table's sheet and header, report missing columns, and walk its rows.

    A row is a data row when `key_is_valid` holds for its key (a line number, a code):
    the rule is the check stage's (`oneplan.check.cells.key_validator`).
    """
    meta = schema.metadata
    sheet_name = book.find_sheet([meta["sheet_th"], meta["sheet_en"]])
    file_level = Location(source_file)
    if sheet_name is None:
        missing = make_issue(
            "sheet_missing",
            file_level,
            sheet_th=meta["sheet_th"],
            sheet_en=meta["sheet_en"],
            found=", ".join(book.sheet_names) or "-",
        )
        return WalkedTable(None, source_file, issues=[missing])
    sheet = book.sheet(sheet_name)
    sheet_level = Location(source_file, sheet_name)
    layout = find_header(sheet, schema)
    if layout is None:
        expected = ", ".join(header_names(schema.columns[c])[0] for c in list(schema.columns)[:3])
        not_found = make_issue("header_not_found", sheet_level, sheet=sheet_name, expected=expected)
        return WalkedTable(sheet_name, source_file, issues=[not_found])
    result = WalkedTable(sheet_name, source_file, header_row=layout.header_row + 1)
    result.issues += [
        column_missing(layout, schema, name, source_file) for name in layout.missing_required
    ]
    if result.rejected:
        return result
    result.layout = layout
    result.rows = read_rows(
        layout, key=meta["key"], key_is_valid=key_is_valid, amount_columns=meta["amounts"]
    )
    return result


# How alike a header must be to a missing column's name to be offered as "the closest".
CLOSEST_CUTOFF = 0.6


def column_missing(
    layout: TableLayout, schema: pa.DataFrameSchema, name: str, source_file: str
) -> Issue:
    """The issue of required column `name` missing from the header row `layout` found: it
    names the row, the headers in it and the closest unrecognised one, and points at that
    header's cell (else the row's first), so that a feedback copy marks the row."""
    column = schema.columns[name]
    row = layout.header_row
    cells = [
        (index, clean_text(value))
        for index, value in enumerate(layout.sheet.rows[row])
        if clean_text(value)
    ]
    recognised = set(layout.columns.values())
    unknown = {
        normalize_header(text): (index, text) for index, text in cells if index not in recognised
    }
    wanted = [normalize_header(header) for header in header_names(column)]
    scored = [
        (difflib.SequenceMatcher(None, key, target).ratio(), -index, text, index)
        for key, (index, text) in unknown.items()
        for target in wanted
    ]
    best = max(scored, default=None)
    closest = best if best is not None and best[0] >= CLOSEST_CUTOFF else None
    at = closest[3] if closest else (cells[0][0] if cells else 0)
    return make_issue(
        "column_missing",
        Location(source_file, layout.sheet.name, row + 1, column.metadata["en"], cell_ref(row, at)),
        whole_file=True,
        sheet=layout.sheet.name,
        header_th=column.metadata["th"],
        header_en=column.metadata["en"],
        header_row=row + 1,
        found=", ".join(f"'{text}'" for _, text in cells) or "-",
        closest=closest[2] if closest else "",
        closest_cell=cell_ref(row, at) if closest else "",
    )
