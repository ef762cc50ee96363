"""Parsing tables' cells into typed columns: a batch of files' tables at once.

A table's data rows (`oneplan.read.rows.TableRows`, raw values by column) become a
`ParsedTable`: typed values by column, where each row was read, and an issue for every
cell that cannot be read, for a formula without a calculated value and for an amount
merged across rows. Each cell is parsed by its column's kind (`oneplan.check.cells`).
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, repeat

import pandera.pandas as pa

from oneplan.check.cells import EMPTY, PARSERS, CellError
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.header import TableLayout
from oneplan.read.rows import TableRows
from oneplan.values.money import amounts_to_satang
from oneplan.values.text import clean_text


@dataclass
class ParsedTable:
    """Typed values of a table's data rows, column by column, and where each was read.

    `errors[i]` is whether row `i` is excluded by a row-level error; `issues` holds the
    problems found while parsing, by row. `records()` gives the rows as dicts (with the
    location columns of `oneplan.check.schema.LOCATION_COLUMNS`) where a table is small.
    """

    source_file: str
    sheet: str
    letters: dict[str, str]  # column name -> column letter in the sheet
    numbers: list[int]  # 1-based sheet row of each data row
    columns: dict[str, list[object]]  # every schema column, typed
    issues: dict[int, list[Issue]] = field(default_factory=dict)  # data-row index -> issues
    errors: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.numbers)

    def location(self, index: int, column: str) -> Location:
        letter = self.letters.get(column, "")
        number = self.numbers[index]
        return Location(
            self.source_file, self.sheet, number, column, f"{letter}{number}" if letter else ""
        )

    def errors_after(self, issues: list[Issue], errors: list[bool] | None = None) -> list[bool]:
        """Each row's error once the rows that `issues` exclude (row-level errors of this
        table's file) are added to `errors`, the table's own by default. The table is
        unchanged: the lines as a check's findings leave them are a new table
        (`oneplan.check.submission.with_findings`)."""
        errors = self.errors if errors is None else errors
        failing = {i.row for i in issues if i.excludes_row and i.source_file == self.source_file}
        if not failing:
            return errors
        return [e or n in failing for e, n in zip(errors, self.numbers, strict=True)]

    def records(self, errors: list[bool] | None = None) -> list[dict]:
        """One dict per data row: its typed values and where it was read, and whether it
        is in error (by `errors`, the table's own by default)."""
        names = [*self.columns, "_file", "_sheet", "_row", "_letters", "_error"]
        count = len(self.numbers)
        return [
            dict(zip(names, values, strict=True))
            for values in zip(
                *self.columns.values(),
                repeat(self.source_file, count),
                repeat(self.sheet, count),
                self.numbers,
                repeat(self.letters, count),
                self.errors if errors is None else errors,
                strict=True,
            )
        ]


def _display(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def _returning_errors(parser: Callable[[object], object]) -> Callable[[object], object]:
    """The parser, returning a CellError instead of raising it (to parse a column at once)."""

    def parse(value: object) -> object:
        try:
            return parser(value)
        except CellError as error:
            return error

    return parse


def _column_parser(parser: Callable[[object], object], cached: bool):
    """A parser of a whole column: empty cells give `empty`, errors are returned in place.

    A cached parser is mapped over the column as it is: each parser's result for an empty
    cell is its kind's `EMPTY`, and the cache (in C) costs less than testing every cell.
    """
    parse = _returning_errors(parser)
    if cached:
        cached_parse = functools.lru_cache(maxsize=1 << 14, typed=True)(parse)

        def parse_cached_column(values: list[object], empty: object) -> list[object]:
            if set(map(type, values)) == {str}:
                # Text only (no 1 == 1.0 == True to tell apart): each text parsed once.
                parsed = {text: cached_parse(text) for text in dict.fromkeys(values)}
                return list(map(parsed.__getitem__, values))
            return list(map(cached_parse, values))

        return parse_cached_column

    def parse_column(values: list[object], empty: object) -> list[object]:
        return [empty if value is None or value == "" else parse(value) for value in values]

    return parse_column


def _amount_column(values: list[object], empty: object) -> list[object]:
    """Amounts: most cells are numbers, read exactly without a call per cell."""
    satang: list[object] = amounts_to_satang(values)
    for index in [i for i, exact in enumerate(satang) if exact is None]:
        value = values[index]
        satang[index] = empty if value is None or value == "" else _AMOUNT(value)
    return satang


_AMOUNT = _returning_errors(PARSERS["amount"])
# The parser of a whole column, by kind: a column's raw values and the kind's empty value
# in, its typed values out (a `CellError` in the place of a value that cannot be read).
# Text-like cells repeat (categories, villages, dates, support types): their parse is cached.
# Lists are not hashable results worth keeping.
COLUMN_PARSERS = {
    kind: _column_parser(parser, cached=kind not in {"list", "code_list"})
    for kind, parser in PARSERS.items()
}
COLUMN_PARSERS["amount"] = _amount_column


def parse_tables(
    tables: Sequence[tuple[TableRows, TableLayout, str]], schema: pa.DataFrameSchema
) -> list[ParsedTable]:
    """Typed values of the data rows of several tables of one schema (a batch of files),
    each with an issue for every cell that cannot be read.

    Parsed column by column, across all the tables at once: the same parser over a whole
    column costs far less than a call per cell through the schema (a month has millions
    of cells), and a column of many files less than the same column file by file.
    """
    starts = list(accumulate((len(rows.numbers) for rows, _, _ in tables), initial=0))
    parsed = [
        ParsedTable(
            source_file,
            layout.sheet.name,
            {name: layout.letter(name) for name in layout.columns},
            rows.numbers,
            {},
        )
        for rows, layout, source_file in tables
    ]
    for name, column in schema.columns.items():
        meta = column.metadata
        kind = meta["kind"]
        empty = EMPTY[kind]
        if all(name not in rows.columns for rows, _, _ in tables):
            for table, (rows, _, _) in zip(parsed, tables, strict=True):
                table.columns[name] = [empty] * len(rows.numbers)
            continue
        # A table without the column has empty cells there (calamine's "" for them).
        raw_values = list(
            chain.from_iterable(
                rows.columns.get(name) or repeat("", len(rows.numbers)) for rows, _, _ in tables
            )
        )
        typed = COLUMN_PARSERS[kind](raw_values, empty)
        if CellError in set(map(type, typed)):
            for index in [i for i, v in enumerate(typed) if type(v) is CellError]:
                owner = bisect_right(starts, index) - 1
                rows, layout, source_file = tables[owner]
                position = index - starts[owner]
                parsed[owner].issues.setdefault(position, []).append(
                    make_issue(
                        typed[index].code,
                        _where(rows.numbers[position], layout, meta, name, source_file),
                        value=_display(raw_values[index]),
                        header_th=meta["th"],
                        header_en=meta["en"],
                    )
                )
                typed[index] = None
        for owner, table in enumerate(parsed):
            table.columns[name] = typed[starts[owner] : starts[owner + 1]]
    for table, (rows, layout, source_file) in zip(parsed, tables, strict=True):
        _finish(table, rows, layout, schema, source_file)
    return parsed


def _finish(
    parsed: ParsedTable, table: TableRows, layout: TableLayout, schema, source_file: str
) -> None:
    """A parsed table's issues of formulas and merged cells, and its rows in error."""
    for index in sorted(table.formulas_without_value.keys() | table.merged_amounts.keys()):
        parsed.issues.setdefault(index, []).extend(
            _formula_and_merge_issues(table, parsed, index, layout, schema, source_file)
        )
    parsed.errors = [False] * len(parsed.numbers)
    for index, issues in parsed.issues.items():
        parsed.errors[index] = any(i.excludes_row for i in issues)


def _formula_and_merge_issues(
    table: TableRows, parsed: ParsedTable, index: int, layout, schema, source_file
) -> list[Issue]:
    issues = []
    row = table.numbers[index]
    for name, formula in table.formulas_without_value.get(index, {}).items():
        meta = schema.columns[name].metadata
        issues.append(
            make_issue(
                "formula_no_value", _where(row, layout, meta, name, source_file), value=formula
            )
        )
        parsed.columns[name][index] = None
    for name, span in table.merged_amounts.get(index, {}).items():
        if parsed.columns[name][index] is not None:
            meta = schema.columns[name].metadata
            issues.append(
                make_issue(
                    "merged_amount", _where(row, layout, meta, name, source_file), range=span
                )
            )
    return issues


def _where(row: int, layout: TableLayout, meta: dict, name: str, source_file: str) -> Location:
    return Location(source_file, layout.sheet.name, row, meta["en"], f"{layout.letter(name)}{row}")
