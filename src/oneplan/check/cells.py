"""Parsing raw cell values into typed values, by the kind a schema column declares.

Each kind's parser (`PARSERS`) takes one raw value and gives its typed value, or raises
`CellError` with the issue code of a value that cannot be read. Which raw values are a
table's keys (`key_validator`) is decided by the same rules. Parsing whole tables column
by column is `oneplan.check.columns`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pandera.pandas as pa

from oneplan.schemas import CODE_PATTERN, PROGRESS_STATUSES, SUPPORT_TYPES
from oneplan.values.money import AmountError, parse_amount
from oneplan.values.periods import PeriodError, parse_date, parse_fiscal_year
from oneplan.values.quantities import QuantityError, parse_count, parse_quantity
from oneplan.values.text import (
    arabic_digits,
    clean_text,
    normalize_code,
    normalize_village,
    split_list,
)


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


def _quantity(value: object):
    try:
        return parse_quantity(value)
    except QuantityError as exc:
        raise CellError(exc.code) from None


def _count(value: object) -> int | None:
    try:
        return parse_count(value)
    except QuantityError as exc:
        raise CellError(exc.code) from None


_PROGRESS = {
    spelling.replace(" ", "").casefold(): name
    for name, spellings in PROGRESS_STATUSES.items()
    for spelling in spellings
}


def parse_progress(value: object) -> str | None:
    """A line's progress (`not_started`, `ongoing`, `done`) as offices write it."""
    text = clean_text(value)
    if not text:
        return None
    found = _PROGRESS.get(text.replace(" ", "").rstrip(".").casefold())
    if found is None:
        raise CellError("progress_invalid")
    return found


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
    "quantity": _quantity,
    "count": _count,
    "progress": parse_progress,
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
    "quantity": None,
    "count": None,
    "progress": None,
}


_CODE = re.compile(CODE_PATTERN)


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
