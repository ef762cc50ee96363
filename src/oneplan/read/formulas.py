"""The formula cells of a sheet's XML, and whether each holds a calculated value.

python-calamine gives a cell's value only, never its formula: the reader learns from this
scan which cells are formulas (a total row's `SUM(F2:F11)`) and which of them hold no
calculated value (a workbook saved by a program that does not calculate). The guard runs
it on every sheet it inspects (`oneplan.read.guard`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string

# A cell element with content (self-closing empty cells have no formula).
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?)\br="([A-Z]+)(\d+)"([^>/]*)>(.*?)</(?:\w+:)?c>', re.DOTALL
)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_PREFIXED_FORMULA_TAG = re.compile(rb"<\w+:f[\s/>]")


@dataclass(frozen=True)
class Formula:
    text: str  # without the leading '=' ('' for a shared formula's followers)
    has_value: bool


def _formula_marks(data: bytes):
    """Each `<f …>` element (a literal-led regex finds it faster than `bytes.find`).

    Elements named with a namespace prefix (`<x:f>`, as some generators write) are looked
    for only in a sheet whose data is written that way.
    """
    yield from _FORMULA_TAG.finditer(data)
    if b"<sheetData" not in data:
        yield from _PREFIXED_FORMULA_TAG.finditer(data)


def find_formulas(data: bytes) -> dict[tuple[int, int], Formula]:
    """Formula cells of a sheet's XML by 0-based (row, column): found from each `<f`
    (formulas are few), not by scanning every cell."""
    found = {}
    for mark in _formula_marks(data):
        # The cell holding this formula opens shortly before it (a tag and its attributes).
        window_start = max(0, mark.start() - 300)
        end = data.find(b"c>", mark.end())
        if end < 0:
            continue
        cells = [
            c for c in _FORMULA_CELL.finditer(data, window_start, end + 2) if c.end() > mark.start()
        ]
        if not cells:
            continue
        cell = cells[0]
        body = cell.group(5)
        formula = _FORMULA.search(body)
        if formula is None:
            continue
        value = _VALUE.search(body)
        has_value = value is not None and value.group(1).strip() != b""
        column = column_index_from_string(cell.group(2).decode()) - 1
        row = int(cell.group(3)) - 1
        text = (formula.group(1) or b"").decode("utf-8", "replace")
        found[(row, column)] = Formula(text=text, has_value=has_value)
    return found
