"""Quantities of results as people type them: exact decimals, never floats.

A result is counted in the unit of its plan item's indicator (households trained, rai
planted, people screened). Clerks type `120`, `๑๒๐`, `1,200`, `2.5 ไร่`, `สามสิบห้า`; a numeric
cell may carry a float's binary noise (0.30000000000000004). Each becomes a `Decimal` (a
`Quantity` when words follow the number: they name its unit), or `QuantityError` with the
issue code of a value that cannot be read. Units are compared as written, spaces, case and
a trailing full stop aside (`ครัวเรือน` is `ครัวเรือน.`), never converted: quantities of
different units are never added.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from pythainlp.util import thaiword_to_num

from oneplan.values.text import arabic_digits, clean_text

# No plan item delivers a trillion of anything: a longer number is a typing error.
MAX_QUANTITY = Decimal(10) ** 12
# A numeric cell is read to this many decimals: beyond them is a float's own noise.
CELL_DECIMALS = 6
# A number (thousands separated by commas in threes, or not at all) and perhaps words
# after it (a unit: `1,200 ครัวเรือน`); not a percentage, which is no quantity of a unit.
_NUMBER_THEN_WORDS = re.compile(
    r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)(?:\s*([^\d%]*))$"
)
# What clerks type in a cell that has nothing to report.
_NOTHING = {"-", "–", "—", "ไม่มี"}
_THAI_NUMBER_WORDS = re.compile(r"^[\u0e00-\u0e7f]+$")


class Quantity(Decimal):
    """A quantity typed with words after its number (`120 ครัวเรือน`): the words name its unit
    when the line's unit cell is blank (`line_unit`). It is the number in every sum."""

    words: str

    def __new__(cls, value: object, words: str = "") -> Quantity:
        quantity = super().__new__(cls, value)
        quantity.words = words
        return quantity

    def __reduce__(self):  # kept whole across processes, not as a bare Decimal
        return (Quantity, (str(self), self.words))


def line_unit(quantity: object, unit: object) -> str | None:
    """The unit of a line's quantity: its unit cell, or the words typed after the number."""
    if unit:
        return str(unit)
    return getattr(quantity, "words", None) or None


class QuantityError(ValueError):
    """A quantity that cannot be read; `code` is the issue code to report."""

    def __init__(self, code: str, value: object):
        super().__init__(f"{code}: {value!r}")
        self.code = code


def parse_quantity(value: object) -> Decimal | None:
    """The quantity of a cell; None for an empty one. Raises QuantityError('quantity_invalid')
    for text that is not a number, a negative number or one beyond `MAX_QUANTITY`."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise QuantityError("quantity_invalid", value)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise QuantityError("quantity_invalid", value)
        number = round(Decimal(value), CELL_DECIMALS)
    else:
        text = clean_text(value)
        if not text or text in _NOTHING:
            return None
        number = _quantity_text(text)
    if number < 0 or number > MAX_QUANTITY:
        raise QuantityError("quantity_invalid", value)
    words = getattr(number, "words", "")
    return Quantity(plain_decimal(number), words) if words else plain_decimal(number)


@functools.lru_cache(maxsize=4096)
def _quantity_text(text: str) -> Decimal:
    """A number typed as text: digits (Thai or Arabic) with thousands separators and perhaps
    a unit after them (`1,200 ครัวเรือน`), or Thai number words (`สามสิบห้า`)."""
    digits = arabic_digits(text)
    match = _NUMBER_THEN_WORDS.match(digits)
    if match:
        number, words = match.group(1).replace(",", ""), clean_text(match.group(2))
        try:
            return Quantity(number, words) if words else Decimal(number)
        except InvalidOperation:
            raise QuantityError("quantity_invalid", text) from None
    words = text.replace(" ", "")
    if _THAI_NUMBER_WORDS.match(words):
        try:
            return Decimal(thaiword_to_num(words))
        except (ValueError, TypeError):
            pass
    raise QuantityError("quantity_invalid", text)


def plain_decimal(number: Decimal) -> Decimal:
    """The same number without trailing zeros after the point and never in exponent form
    (`Decimal('120.50')` is `120.5`, `Decimal('1E+2')` is `100`, `1E-7` is `0.0000001`);
    a bare Decimal."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return Decimal(format(Decimal(number).normalize(), "f"))


def quantity_text(number: Decimal | None) -> str:
    """A quantity as reports and tables write it: `1,200`, `2.5`; "" when missing."""
    if number is None:
        return ""
    whole = number == number.to_integral_value()
    return f"{int(number):,}" if whole else f"{plain_decimal(number):,f}"


# No line reaches a billion people or households: a longer number is a typing error.
MAX_COUNT = 10**9


def parse_count(value: object) -> int | None:
    """A count of people or households: a whole quantity (Thai digits and words read as for
    quantities) up to `MAX_COUNT`. Raises QuantityError('count_invalid') for anything else."""
    try:
        number = parse_quantity(value)
    except QuantityError:
        raise QuantityError("count_invalid", value) from None
    if number is None:
        return None
    if number != number.to_integral_value() or number > MAX_COUNT:
        raise QuantityError("count_invalid", value)
    return int(number)


def unit_key(unit: object) -> str:
    """A unit as compared: spaces, case and a trailing full stop aside."""
    return clean_text(unit).replace(" ", "").rstrip(".").casefold() if unit else ""


def same_unit(line_unit: object, item_unit: object) -> bool:
    """Whether a line's quantity is in its plan item's unit: a blank unit on either side is
    the item's (the plan may give an indicator without a unit)."""
    line, item = unit_key(line_unit), unit_key(item_unit)
    return not line or not item or line == item
