"""Reading one table of a workbook into parsed rows and issues (plan, registry, lines).

The same steps for every kind of table: find the sheet by name, find the header row,
report missing required columns, walk the rows (skipping blank, total and note rows),
and parse each data row's cells by the schema. Schema checks run later over many tables
at once (`oneplan.check.schema.schema_issues`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

import pandera.pandas as pa

from oneplan.check.cells import CellError, ParsedTable, parse_integer, parse_tables
from oneplan.check.schema import cell_location
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.table import TableLayout, TableRows, find_header, read_rows
from oneplan.read.workbook import Workbook
from oneplan.schemas import CODE_PATTERN, header_names
from oneplan.values.text import normalize_code

_CODE = re.compile(CODE_PATTERN)


@dataclass
class TableRead:
    """Parsed rows of one table and the issues found (no table when it could not be read)."""

    sheet: str | None
    table: ParsedTable | None = None
    issues: list[Issue] = field(default_factory=list)
    header_row: int | None = None

    @functools.cached_property
    def rows(self) -> list[dict]:
        """The rows as dicts with their location columns (read once, then changed in place)."""
        return self.table.records() if self.table is not None else []

    @property
    def rejected(self) -> bool:
        return any(i.rejects_file for i in self.issues)


@functools.lru_cache(maxsize=4096, typed=True)
def _valid_line_no(value: object) -> bool:
    try:
        number = parse_integer(value)
    except CellError:
        return False
    return number is not None and number >= 1


@functools.lru_cache(maxsize=4096, typed=True)
def _valid_code(value: object) -> bool:
    return bool(_CODE.match(normalize_code(value)))


def key_validator(schema: pa.DataFrameSchema):
    """Whether a raw value is a valid key of the table (a line number, a code)."""
    kind = schema.columns[schema.metadata["key"]].metadata["kind"]
    return _valid_line_no if kind == "integer" else _valid_code


def read_table(book: Workbook, schema: pa.DataFrameSchema, source_file: str) -> TableRead:
    return parse_walked_tables([walk_table(book, schema, source_file)], schema)[0]


@dataclass
class WalkedTable:
    """A table found and its rows walked (`walk_table`), its cells not yet parsed."""

    result: TableRead  # the issues found so far; its `table` is set once parsed
    source_file: str
    layout: TableLayout | None = None
    rows: TableRows | None = None  # None when the table cannot be read


def walk_table(book: Workbook, schema: pa.DataFrameSchema, source_file: str) -> WalkedTable:
    """Find the table's sheet and header, report missing columns, and walk its rows."""
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
        return WalkedTable(TableRead(None, issues=[missing]), source_file)
    sheet = book.sheet(sheet_name)
    sheet_level = Location(source_file, sheet_name)
    layout = find_header(sheet, schema)
    if layout is None:
        expected = ", ".join(header_names(schema.columns[c])[0] for c in list(schema.columns)[:3])
        not_found = make_issue("header_not_found", sheet_level, sheet=sheet_name, expected=expected)
        return WalkedTable(TableRead(sheet_name, issues=[not_found]), source_file)
    result = TableRead(sheet_name, header_row=layout.header_row + 1)
    for name in layout.missing_required:
        column = schema.columns[name]
        result.issues.append(
            make_issue(
                "column_missing",
                sheet_level,
                sheet=sheet_name,
                header_th=column.metadata["th"],
                header_en=column.metadata["en"],
                header_row=layout.header_row + 1,
            )
        )
    if result.rejected:
        return WalkedTable(result, source_file)
    rows = read_rows(
        layout, key=meta["key"], key_is_valid=key_validator(schema), amount_columns=meta["amounts"]
    )
    return WalkedTable(result, source_file, layout, rows)


def parse_walked_tables(walked: list[WalkedTable], schema: pa.DataFrameSchema) -> list[TableRead]:
    """Each walked table read: its cells parsed (all the tables' columns at once), with
    the issues of unreadable cells and of skipped rows. The walked tables are unchanged."""
    readable = [w for w in walked if w.rows is not None]
    parsed = parse_tables([(w.rows, w.layout, w.source_file) for w in readable], schema)
    read = {id(w): _with_cells(w, table, schema) for w, table in zip(readable, parsed, strict=True)}
    return [read.get(id(w), w.result) for w in walked]


def _with_cells(walked: WalkedTable, parsed: ParsedTable, schema: pa.DataFrameSchema) -> TableRead:
    found = walked.result
    result = dataclasses.replace(found, table=parsed, issues=list(found.issues))
    for index in sorted(parsed.issues):
        result.issues.extend(parsed.issues[index])
    key_column = schema.columns[schema.metadata["key"]].metadata
    for item in walked.rows.skipped:
        column = key_column["en"] if item.code == "key_missing" else ""
        where = Location(walked.source_file, found.sheet, item.row, column, item.cell)
        result.issues.append(
            make_issue(
                item.code,
                where,
                value=item.text,
                header_th=key_column["th"],
                header_en=key_column["en"],
            )
        )
    return result


def first_row_keeps(
    rows: list[dict],
    key_columns: list[str],
    code: str,
    value_column: str,
    schema: pa.DataFrameSchema,
) -> list[Issue]:
    """An error on every row whose key repeats an earlier row's (rows in reading order)."""
    first_seen: dict[tuple, dict] = {}
    issues = []
    for row in rows:
        if row["_error"]:
            continue
        key = tuple(row[c] for c in key_columns)
        if any(k is None for k in key):
            continue
        if key not in first_seen:
            first_seen[key] = row
            continue
        first = first_seen[key]
        where = cell_location(row, value_column)
        first_place = (
            first["_row"]
            if first["_file"] == row["_file"]
            else f"{first['_file']} แถว {first['_row']}"
        )
        issues.append(
            make_issue(
                code, where, value=row[value_column], first_row=first["_row"], first=first_place
            )
        )
        row["_error"] = True
    return issues


def mark_errors(rows: list[dict], issues: list[Issue]) -> None:
    """Flag the rows that `issues` exclude (row-level errors)."""
    failing = {(i.source_file, i.row) for i in issues if i.excludes_row}
    for row in rows:
        if (row["_file"], row["_row"]) in failing:
            row["_error"] = True
