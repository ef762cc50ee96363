"""The order of what people read in the reports: categories in the order the plan first
lists them (per area), plan items by priority within their category, agencies by Thai
dictionary order of the names shown.

Only what people read is ordered here: the machine-readable tables (summary.json,
reconciliation.xlsx, parquet) keep the contract's order by code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd

from oneplan.report.formats import missing
from oneplan.values.text import in_thai_dictionary_order

T = TypeVar("T")


def categories_in_plan_order(plan_items: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per area, each category's place in the order the plan first lists it.

    The plan frame keeps the workbooks' rows in order (by file, then row: see
    `oneplan.check.reference.read_plan`), so the first row naming a category places it.
    """
    places: dict[str, dict[str, int]] = {}
    for area, category in zip(plan_items["area_code"], plan_items["category"], strict=True):
        if isinstance(category, str):
            found = places.setdefault(area, {})
            found.setdefault(category, len(found))
    return places


def by_priority(item) -> tuple:
    """Plan items in the order of their priority (none last), then of their code."""
    unset = missing(item.priority)
    return (unset, 0 if unset else item.priority, item.plan_item_id)


def category_key(places: dict[str, int]) -> Callable[[str], tuple]:
    """A sort key of categories: the plan's order; one the plan does not list, after."""
    return lambda category: (category not in places, places.get(category, 0), category)


def items_in_plan_order(items: Iterable[T], places: dict[str, int]) -> list[T]:
    """Plan items grouped by category in the plan's order, by priority within each."""
    first = category_key(places)
    return sorted(items, key=lambda item: (first(item.category), by_priority(item)))


def in_name_order(rows: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """Rows by Thai dictionary order of the name people read (pythainlp's collation)."""
    return in_thai_dictionary_order(rows, name=name)
