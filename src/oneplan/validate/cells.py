"""Parsing raw cell values into typed values, by the kind a schema column declares."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pandera.pandas as pa

from oneplan.issues import Issue, Location, make_issue
from oneplan.money import AmountError, format_baht, parse_amount
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


def parse_integer(value: object) -> int | None:
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


def parse_row(
    raw: RawRow, layout: TableLayout, schema: pa.DataFrameSchema, source_file: str
) -> ParsedRow:
    """Typed values of one data row, with an issue for every cell that cannot be read."""
    parsed = ParsedRow(row=raw.row, values={})
    values = parsed.values
    for name, column in schema.columns.items():
        meta = column.metadata
        value = raw.values.get(name)
        if raw.formulas_without_value and name in raw.formulas_without_value:
            issue = make_issue(
                "formula_no_value",
                _where(raw, layout, meta, name, source_file),
                value=raw.formulas_without_value[name],
            )
            parsed.issues.append(issue)
            values[name] = None
            continue
        if value is None:
            values[name] = EMPTY[meta["kind"]]
            continue
        try:
            typed = PARSERS[meta["kind"]](value)
        except CellError as exc:
            where = _where(raw, layout, meta, name, source_file)
            parsed.issues.append(
                make_issue(
                    exc.code,
                    where,
                    value=_display(value),
                    header_th=meta["th"],
                    header_en=meta["en"],
                )
            )
            typed = None
        if raw.merged_amounts and name in raw.merged_amounts and typed is not None:
            where = _where(raw, layout, meta, name, source_file)
            parsed.issues.append(make_issue("merged_amount", where, range=raw.merged_amounts[name]))
        values[name] = typed
    return parsed


def _where(raw: RawRow, layout: TableLayout, meta: dict, name: str, source_file: str) -> Location:
    return Location(
        source_file, layout.sheet.name, raw.row, meta["en"], f"{layout.letter(name)}{raw.row}"
    )


def describe_amount(satang: object) -> str:
    return format_baht(int(satang)) if satang is not None else ""
