"""A walked table's cells parsed (plan, registry, lines), and the row rules they share.

Reading found the table and walked its rows (`oneplan.read.table.walk_table`); here its
cells are parsed by the schema, with the issues of unreadable cells and of skipped rows.
Schema checks run later over many tables at once (`oneplan.check.schema.schema_issues`).
Checks return their issues; the rows an issue excludes are the rows of its errors
(`Issue.excludes_row`, `counted_rows`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandera.pandas as pa

from oneplan.check.columns import ParsedTable, parse_tables
from oneplan.check.schema import cell_location
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.table import WalkedTable


@dataclass
class TableRead:
    """Parsed rows of one table and the issues found (no table when it could not be read)."""

    sheet: str | None
    table: ParsedTable | None = None
    issues: list[Issue] = field(default_factory=list)
    header_row: int | None = None

    @functools.cached_property
    def rows(self) -> list[dict]:
        """The rows as dicts with their location columns (read once)."""
        return self.table.records() if self.table is not None else []

    @property
    def rejected(self) -> bool:
        return any(i.rejects_file for i in self.issues)


def parse_walked_tables(walked: list[WalkedTable], schema: pa.DataFrameSchema) -> list[TableRead]:
    """Each walked table read: its cells parsed (all the tables' columns at once), with
    the issues of unreadable cells and of skipped rows. The walked tables are unchanged."""
    readable = [w for w in walked if w.rows is not None]
    parsed = parse_tables([(w.rows, w.layout, w.source_file) for w in readable], schema)
    read = {id(w): _with_cells(w, table, schema) for w, table in zip(readable, parsed, strict=True)}
    return [
        read.get(id(w)) or TableRead(w.sheet, issues=list(w.issues), header_row=w.header_row)
        for w in walked
    ]


def _with_cells(walked: WalkedTable, parsed: ParsedTable, schema: pa.DataFrameSchema) -> TableRead:
    result = TableRead(walked.sheet, parsed, list(walked.issues), walked.header_row)
    for index in sorted(parsed.issues):
        result.issues.extend(parsed.issues[index])
    key_column = schema.columns[schema.metadata["key"]].metadata
    for item in walked.rows.skipped:
        column = key_column["en"] if item.code == "key_missing" else ""
        where = Location(walked.source_file, walked.sheet, item.row, column, item.cell)
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
    """An error on every row whose key repeats an earlier row's (rows in reading order;
    rows in error are passed over). Each error excludes its row."""
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
        issues.append(
            make_issue(
                code,
                cell_location(row, value_column),
                value=row[value_column],
                first_row=first["_row"],
                first_file=first["_file"] if first["_file"] != row["_file"] else "",
            )
        )
    return issues


def counted_rows(rows: Iterable[dict], issues: Iterable[Issue]) -> list[dict]:
    """The rows (dicts with their location columns) that count: neither in error when
    parsed nor excluded by one of `issues` (row-level errors)."""
    failing = {(i.source_file, i.row) for i in issues if i.excludes_row}
    return [r for r in rows if not r["_error"] and (r["_file"], r["_row"]) not in failing]
