"""Exact money: baht amounts as whole satang (int), and ratios rounded half up.

Amounts typed by people (`12,500.50 บาท`, `๘๐,๐๐๐`, `฿1,200`) and numeric cells (with
binary noise such as 0.30000000000000004) become an int number of satang, never a float.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np

from oneplan.values.numbers import missing
from oneplan.values.text import arabic_digits, clean_text

SATANG_PER_BAHT = 100
# A numeric cell within this many baht of a whole satang is that satang amount.
NUMERIC_NOISE_BAHT = Decimal("0.000001")
NOISE_SATANG = float(NUMERIC_NOISE_BAHT * SATANG_PER_BAHT)
FAST_LIMIT = 1e9  # baht
# No budget line is a trillion baht: a longer number is a typing or export error, and it
# must not overflow the 64-bit columns the month is computed in.
MAX_SATANG = 10**14
_CURRENCY = re.compile(r"(บาท|฿|thb)", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class AmountError(ValueError):
    """An amount that cannot be read; `code` is the issue code to report."""

    def __init__(self, code: str, value: object):
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


def parse_amount(value: object) -> int | None:
    satang = _parse_amount(value)
    if satang is not None and abs(satang) > MAX_SATANG:
        raise AmountError("amount_invalid", value)
    return satang


def _parse_amount(value: object) -> int | None:
    """Satang of a cell's amount; None for an empty cell.

    Raises AmountError('amount_invalid' | 'amount_too_precise'). Negative amounts are
    returned as they are: whether they are allowed is the schema's check.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise AmountError("amount_invalid", value)
    if isinstance(value, int):
        return value * SATANG_PER_BAHT
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError("amount_invalid", value)
        if -FAST_LIMIT < value < FAST_LIMIT:
            (satang,) = amounts_to_satang([value])
            if satang is None:
                raise AmountError("amount_too_precise", value)
            return satang
        exact = Decimal(value) * SATANG_PER_BAHT
        nearest = exact.to_integral_value(rounding=ROUND_HALF_UP)
        if abs(exact - nearest) > NUMERIC_NOISE_BAHT * SATANG_PER_BAHT:
            raise AmountError("amount_too_precise", value)
        return int(nearest)
    return _parse_amount_text(clean_text(value))


def amounts_to_satang(values: list[object]) -> list[int | None]:
    """Satang of each numeric cell under a billion baht that is a whole number of satang.

    None for every other value (text, empty, too precise, out of range): those need
    `parse_amount`. A column of numbers is read in one loop, without a call per cell.
    Below a billion baht a float's own rounding error is far under the tolerance, so
    float arithmetic decides exactly as Decimal would, and much faster.
    """
    if len(values) >= _FLOATS_AT_ONCE:
        kinds = set(map(type, values))
        if kinds == {float}:
            return _floats_to_satang(values)
        if float in kinds:
            # Numbers among some text (amounts typed as text): the numbers at once, each
            # other value on its own (a NaN stands in for it meanwhile).
            satang = _floats_to_satang([v if type(v) is float else _NAN for v in values])
            others = [i for i, v in enumerate(values) if type(v) is not float]
            for index, exact in zip(others, _one_by_one([values[i] for i in others]), strict=True):
                satang[index] = exact
            return satang
    return _one_by_one(values)


_NAN = float("nan")


def _one_by_one(values: list[object]) -> list[int | None]:
    satang: list[int | None] = []
    for value in values:
        if type(value) is float and -FAST_LIMIT < value < FAST_LIMIT:
            scaled = value * SATANG_PER_BAHT
            nearest = round(scaled)
            satang.append(nearest if abs(scaled - nearest) <= NOISE_SATANG else None)
        elif type(value) is int and -FAST_LIMIT < value < FAST_LIMIT:
            satang.append(value * SATANG_PER_BAHT)
        else:
            satang.append(None)
    return satang


# A column of this many numbers or more is read with numpy: the same rule, at once.
_FLOATS_AT_ONCE = 32


def _floats_to_satang(values: list[float]) -> list[int | None]:
    baht = np.array(values, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):  # NaN, infinity, 1e308: None
        scaled = baht * SATANG_PER_BAHT
        nearest = np.rint(scaled)  # half to even, as round(); a half is too precise anyway
        exact = (np.abs(scaled - nearest) <= NOISE_SATANG) & (np.abs(baht) < FAST_LIMIT)
        satang: list[int | None] = np.where(exact, nearest, 0).astype(np.int64).tolist()
    for index in np.flatnonzero(~exact).tolist():
        satang[index] = None
    return satang


@functools.lru_cache(maxsize=1 << 14)
def _parse_amount_text(typed: str) -> int | None:
    value = typed
    text = _CURRENCY.sub("", arabic_digits(typed))
    text = text.replace(",", "").replace(" ", "")
    if not text:
        return None
    if text.startswith("(") and text.endswith(")"):  # accounting style negative
        text = "-" + text[1:-1]
    if not _NUMBER.match(text):
        raise AmountError("amount_invalid", value)
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise AmountError("amount_invalid", value) from exc
    satang = amount * SATANG_PER_BAHT
    if satang != satang.to_integral_value():
        raise AmountError("amount_too_precise", value)
    return int(satang)


def baht(satang: int | None) -> float | None:
    """Satang as a baht number for output files (2 decimals, exact for display)."""
    return None if satang is None else satang / SATANG_PER_BAHT


def format_baht(satang: int) -> str:
    """'1,234,567.50' — thousands separators and 2 decimals."""
    sign = "-" if satang < 0 else ""
    whole, part = divmod(abs(satang), SATANG_PER_BAHT)
    return f"{sign}{whole:,}.{part:02d}"


def baht_text(amount: object) -> str:
    """A baht amount of the outputs (an output table's column or summary.json: 2 decimals)
    as text with separators, through exact satang ('448,750.25'); "-" when missing."""
    return "-" if missing(amount) else format_baht(round(float(amount) * SATANG_PER_BAHT))


def ratio(numerator: int, denominator: int, places: int = 4) -> float | None:
    """numerator / denominator computed exactly and rounded half up (away from zero); None
    when denominator = 0. In integers: a month computes it for every item and agency."""
    if denominator == 0:
        return None
    scale = 10**places
    magnitude = (2 * abs(numerator) * scale + abs(denominator)) // (2 * abs(denominator))
    # An integer over a power of ten: the nearest float, as Decimal's conversion gives.
    return (magnitude if (numerator < 0) == (denominator < 0) else -magnitude) / scale
