"""Checking a submission's results against its plan items: warnings only.

A line's results never keep its money from counting. What one file tells on its own is
checked here: a quantity for a plan item without an indicator, a unit other than the
item's, and a line said to be done with nothing disbursed. What needs other files (a
quantity lower than the agency's previous period, two co-funders reporting the same
quantity) is the reconciliation's (`oneplan.reconcile.result_checks`).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from oneplan.check.columns import ParsedTable
from oneplan.issues import Issue, make_issue
from oneplan.values.money import format_baht
from oneplan.values.quantities import line_unit, quantity_text, same_unit


class ItemMeasure(NamedTuple):
    """What a plan item measures: its indicator and the unit of its quantities."""

    indicator: str | None
    unit: str | None

    @classmethod
    def of(cls, indicator: object, unit: object) -> ItemMeasure:
        """A plan row's measure, a missing value (None, pandas' NaN, "") as None."""
        return cls(*(v if isinstance(v, str) and v else None for v in (indicator, unit)))


@functools.lru_cache(maxsize=1 << 12)  # a month's lines repeat a few (measure, unit)
def counts_for_item(measure: ItemMeasure | None, line_unit: object) -> bool:
    """Whether a line's quantity counts for the plan item it names: the item has an
    indicator and the line's unit is the item's (a blank one is)."""
    return measure is not None and bool(measure.indicator) and same_unit(line_unit, measure.unit)


def result_warnings(
    lines: ParsedTable, errors: list[bool], measures: dict[str, ItemMeasure]
) -> list[Issue]:
    """The warnings of the results of the lines still counted (`errors` false), against the
    measures of their area's plan items for the year (by plan item id)."""
    columns = lines.columns
    if not any(v is not None for v in columns["quantity"]) and "done" not in columns["progress"]:
        return []  # no results: most workbooks, decided without a look at each line
    warnings = []
    for index, error in enumerate(errors):
        if error:
            continue
        item = columns["plan_item_id"][index]
        quantity = columns["quantity"][index]
        if item and quantity is not None and item in measures:
            warnings += _quantity_warnings(lines, index, item, measures[item])
        # in kind or staff, nothing disbursed may be normal: money lines only
        if (
            columns["progress"][index] == "done"
            and not columns["disbursed"][index]
            and columns["support_type"][index] == "cash"
        ):
            budget = columns["budget"][index]
            if budget:
                where = lines.location(index, "progress")
                warnings.append(
                    make_issue("done_without_disbursement", where, budget=format_baht(budget))
                )
    return warnings


def _quantity_warnings(
    lines: ParsedTable, index: int, item: str, measure: ItemMeasure
) -> list[Issue]:
    columns = lines.columns
    quantity = columns["quantity"][index]
    if not measure.indicator:
        where = lines.location(index, "quantity")
        value = f"{quantity_text(quantity)} {line_unit(quantity, columns['unit'][index]) or ''}"
        value = value.strip()
        return [make_issue("result_without_indicator", where, value=value, plan_item_id=item)]
    unit = line_unit(quantity, columns["unit"][index])
    if not same_unit(unit, measure.unit):
        # the unit cell, or the quantity's when the unit was typed after the number
        where = lines.location(index, "unit" if columns["unit"][index] else "quantity")
        return [
            make_issue("unit_mismatch", where, value=unit, plan_item_id=item, expected=measure.unit)
        ]
    return []
