"""Warnings on results that need more than one file: an agency's cumulative quantity for
a plan item lower than in the previous period without a note, and two co-funders
reporting the very same quantity for one item (likely one result reported twice).

Both are told on the files of the period that count (a file carried forward was told in
its own month), on the quantity cell of the agency's first line of the item. The month
turns each finding into an issue (`oneplan.month.period.with_run_warnings`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from oneplan.reconcile.previous import Previous
from oneplan.reconcile.result_shares import Part


@dataclass(frozen=True)
class ResultFinding:
    """A warning on one agency's part of a plan item (`part`): `code` and its values."""

    code: str
    part: Part
    values: dict[str, object]


def result_findings(
    parts: list[Part], period: str, previous: Previous | None
) -> list[ResultFinding]:
    """The warnings of the period's counted parts, by agency, area and item."""
    current = [p for p in parts if p.source_period == period]
    return sorted(
        _decreased(current, previous) + _same_as_partner(parts, current),
        key=lambda f: (f.part.agency_code, f.part.area_code, f.part.plan_item_id, f.code),
    )


def _decreased(parts: list[Part], previous: Previous | None) -> list[ResultFinding]:
    if previous is None:
        return []
    found = []
    for part in parts:
        before = previous.result_part(part.agency_code, part.area_code, part.plan_item_id)
        if before is not None and part.quantity < before and not part.noted:
            found.append(
                ResultFinding(
                    "quantity_decreased", part, {"previous": before, "period": previous.period}
                )
            )
    return found


def _same_as_partner(parts: list[Part], current: list[Part]) -> list[ResultFinding]:
    """Each part of the period equal to another agency's non-zero part of the same item."""
    by_quantity: dict[tuple[str, str, Decimal], list[str]] = defaultdict(list)
    for part in parts:
        if part.quantity > 0:
            by_quantity[(part.area_code, part.plan_item_id, part.quantity)].append(part.agency_code)
    found = []
    for part in current:
        key = (part.area_code, part.plan_item_id, part.quantity)
        partners = [a for a in by_quantity.get(key, []) if a != part.agency_code]
        if partners:
            found.append(ResultFinding("quantity_same_as_partner", part, {"partners": partners}))
    return found
