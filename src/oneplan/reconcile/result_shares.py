"""Each agency's share of each plan item's results, gathered from the counted lines in one
pass over their columns (a national month has hundreds of thousands of lines): the part
of its quantities that counts for the item (the item has an indicator, the line's unit is
the item's), the households and people it reached, its lines' progress and words, whether
a line notes something, and where its first counted part was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from oneplan.check.results import counts_for_item

# The columns of a line that carry results.
RESULT_COLUMNS = ["progress", "quantity", "households", "people", "result"]


@dataclass(frozen=True)
class Part:
    """One agency's counted part of a plan item, and the line it was first read on."""

    agency_code: str
    area_code: str
    plan_item_id: str
    quantity: Decimal
    unit: str
    noted: bool  # a note on one of the agency's lines of the item
    source_period: str
    submission_id: str
    sheet: str
    row: int


@dataclass
class Share:
    """What one agency's lines of one plan item report, gathered line by line."""

    unit: str
    quantity: Decimal | None = None
    households: int | None = None
    people: int | None = None
    progress: list[str] = field(default_factory=list)
    texts: dict[str, None] = field(default_factory=dict)  # in order, each once
    reported: bool = False  # any result at all, counted or not
    noted: bool = False
    first: tuple | None = None  # (source period, submission, sheet, row) of its first part

    def part(self, key: tuple[str, str, str]) -> Part:
        area, item, agency = key
        return Part(agency, area, item, self.quantity, self.unit, self.noted, *self.first)


def _added(total: int | None, value: object) -> int | None:
    if value is None or value != value:  # None, or pandas' NaN
        return total
    return (total or 0) + int(value)


def gathered_shares(aligned: pd.DataFrame, measures: dict) -> dict[tuple[str, str, str], Share]:
    """(area, item, agency) -> its share, from the aligned lines: one pass over their
    columns (a national month has hundreds of thousands of lines)."""
    names = ["area_code", "plan_item_id", "agency_code", *RESULT_COLUMNS, "unit", "note"]
    names += ["source_period", "submission_id", "sheet", "row"]
    shares: dict[tuple[str, str, str], Share] = {}
    for area, item, agency, progress, quantity, households, people, text, unit, note, *where in zip(
        *(aligned[name] for name in names), strict=True
    ):
        measure = measures.get((area, item))
        share = shares.get((area, item, agency))
        if share is None:
            share = shares[(area, item, agency)] = Share(measure.unit if measure else "")
        if quantity is not None and quantity == quantity and counts_for_item(measure, unit):
            share.quantity = (share.quantity or Decimal(0)) + quantity
            share.first = share.first or (where[0], where[1], where[2], int(where[3]))
        share.households = _added(share.households, households)
        share.people = _added(share.people, people)
        if isinstance(progress, str):
            share.progress.append(progress)
        if isinstance(text, str) and text:
            share.texts[text] = None
        share.noted = share.noted or bool(isinstance(note, str) and note)
        share.reported = share.reported or any(
            isinstance(v, str) or (v is not None and v == v)
            for v in (progress, quantity, households, people, text)
        )
    return dict(sorted(shares.items()))
