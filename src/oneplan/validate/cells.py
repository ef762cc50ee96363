"""Parsing raw cell values into typed values, by the kind a schema column declares."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pandera.pandas as pa

from oneplan.issues import Issue, Location, make_issue
from oneplan.money import AmountError, parse_amount
from oneplan.normalize import (
    arabic_digits,
    clean_text,
    normalize_code,
    normalize_village,
    split_list,
)
from oneplan.periods import PeriodError, parse_date, parse_fiscal_year
from oneplan.read.table import RawRow, TableLayout
from oneplan.schemas import SUPPORT_TYPES


class CellError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


MAX_INTEGER = 10**9  # line numbers and priorities; larger is a typing error


def parse_integer(value: object) -> int | None:
    number = _parse_integer(value)
    if number is not None and abs(number) > MAX_INTEGER:
        raise CellError("integer_invalid")
    return number


def _parse_integer(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("integer_invalid")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("integer_invalid")
    text = arabic_digits(clean_text(value)).rstrip(".")
    if not text:
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    raise CellError("integer_invalid")


def _amount(value: object) -> int | None:
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise CellError(exc.code) from None


def _date(value: object):
    if value is None or value == "" or not clean_text(value):
        return None
    try:
        return parse_date(value)
    except PeriodError:
        raise CellError("date_invalid") from None


def _fiscal_year(value: object) -> int | None:
    if value is None or not clean_text(value):
        return None
    try:
        return parse_fiscal_year(value)
    except PeriodError:
        raise CellError("fiscal_year_invalid") from None


def parse_support_type(value: object) -> str:
    return _support_type(clean_text(value))


@functools.lru_cache(maxsize=256)
def _support_type(cleaned: str) -> str:
    value = cleaned
    text = cleaned.casefold()
    if not text:
        return "cash"
    for name, spellings in SUPPORT_TYPES.items():
        if text in spellings or any(text.startswith(s) for s in spellings):
            return name
    return clean_text(value)


PARSERS: dict[str, Callable[[object], object]] = {
    "text": lambda v: clean_text(v) or None,
    "code": lambda v: normalize_code(v) or None,
    "amount": _amount,
    "integer": parse_integer,
    "date": _date,
    "village": lambda v: normalize_village(v) or None,
    "fiscal_year": _fiscal_year,
    "list": split_list,
    "code_list": lambda v: [c for c in (normalize_code(x) for x in split_list(v)) if c],
    "support_type": parse_support_type,
}


# What an empty cell parses to, by kind (the parsers' own result for None).
EMPTY: dict[str, object] = {
    "text": None,
    "code": None,
    "amount": None,
    "integer": None,
    "date": None,
    "village": None,
    "fiscal_year": None,
    "list": [],
    "code_list": [],
    "support_type": "cash",
}


@dataclass
class ParsedRow:
    row: int
    values: dict[str, object]
    issues: list[Issue] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(i.excludes_row for i in self.issues)


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


# Text-like cells repeat (categories, villages, dates, support types): their parse is cached.
# Amounts are mostly distinct numbers, and lists are not hashable results worth keeping.
_UNCACHED = {"amount", "list", "code_list"}
_COLUMN_PARSERS = {
    kind: _returning_errors(parser)
    if kind in _UNCACHED
    else functools.lru_cache(maxsize=1 << 14, typed=True)(_returning_errors(parser))
    for kind, parser in PARSERS.items()
}


def parse_rows(
    raws: list[RawRow], layout: TableLayout, schema: pa.DataFrameSchema, source_file: str
) -> list[ParsedRow]:
    """Typed values of data rows, with an issue for every cell that cannot be read.

    Parsed column by column: the same parser over a whole column costs far less than a
    call per cell through the schema (a month has millions of cells).
    """
    names = list(schema.columns)
    typed_columns = []
    issues_by_row: dict[int, list[Issue]] = {}
    for name, column in schema.columns.items():
        meta = column.metadata
        kind = meta["kind"]
        empty, parse = EMPTY[kind], _COLUMN_PARSERS[kind]
        raw_values = [raw.values.get(name) for raw in raws]
        typed = [empty if value is None or value == "" else parse(value) for value in raw_values]
        for index in [i for i, value in enumerate(typed) if type(value) is CellError]:
            raw = raws[index]
            issues_by_row.setdefault(index, []).append(
                make_issue(
                    typed[index].code,
                    _where(raw, layout, meta, name, source_file),
                    value=_display(raw_values[index]),
                    header_th=meta["th"],
                    header_en=meta["en"],
                )
            )
            typed[index] = None
        typed_columns.append(typed)
    parsed = (
        [
            ParsedRow(row=raw.row, values=dict(zip(names, values, strict=True)))
            for raw, values in zip(raws, zip(*typed_columns, strict=True), strict=True)
        ]
        if raws
        else []
    )
    for index, raw in enumerate(raws):
        if raw.formulas_without_value or raw.merged_amounts:
            issues_by_row.setdefault(index, []).extend(
                _formula_and_merge_issues(raw, parsed[index], layout, schema, source_file)
            )
    for index, issues in issues_by_row.items():
        parsed[index].issues = issues
    return parsed


def _formula_and_merge_issues(raw, parsed, layout, schema, source_file) -> list[Issue]:
    issues = []
    for name, formula in raw.formulas_without_value.items():
        meta = schema.columns[name].metadata
        issues.append(
            make_issue(
                "formula_no_value", _where(raw, layout, meta, name, source_file), value=formula
            )
        )
        parsed.values[name] = None
    for name, span in raw.merged_amounts.items():
        if parsed.values.get(name) is not None:
            meta = schema.columns[name].metadata
            issues.append(
                make_issue(
                    "merged_amount", _where(raw, layout, meta, name, source_file), range=span
                )
            )
    return issues


def _where(raw: RawRow, layout: TableLayout, meta: dict, name: str, source_file: str) -> Location:
    return Location(
        source_file, layout.sheet.name, raw.row, meta["en"], f"{layout.letter(name)}{raw.row}"
    )
