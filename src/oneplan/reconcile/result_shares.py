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
from oneplan.values.numbers import missing

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


def gathered_shares(aligned: pd.DataFrame, measures: dict) -> dict[tuple[str, str, str], Share]:
    """(area, item, agency) -> its share, from the aligned lines: one pass over their
    columns (a national month has hundreds of thousands of lines). Most lines of a month
    report nothing: they only make their share known."""
    reporting = aligned[RESULT_COLUMNS].notna().any(axis=1).tolist()
    noted = [isinstance(note, str) and bool(note) for note in aligned["note"]]
    columns = {name: aligned[name].tolist() for name in _LINE} if any(reporting) else {}
    shares: dict[tuple[str, str, str], Share] = {}
    keys = zip(aligned["area_code"], aligned["plan_item_id"], aligned["agency_code"], strict=True)
    for index, (key, reports, has_note) in enumerate(zip(keys, reporting, noted, strict=True)):
        share = shares.get(key)
        if share is None:
            measure = measures.get(key[:2])
            share = shares[key] = Share(measure.unit if measure else "")
        share.noted = share.noted or has_note
        if reports:
            _add_line(share, [columns[name][index] for name in _LINE], measures.get(key[:2]))
    return dict(sorted(shares.items()))


_LINE = [*RESULT_COLUMNS, "unit", "source_period", "submission_id", "sheet", "row"]


def _add_line(share: Share, line: list, measure) -> None:
    """One line's results (its `_LINE` values) added to its share."""
    progress, quantity, households, people, text, unit, *where = line
    share.reported = True
    if not missing(quantity) and counts_for_item(measure, unit):
        share.quantity = (share.quantity or Decimal(0)) + quantity
        share.first = share.first or (where[0], where[1], where[2], int(where[3]))
    if not missing(households):
        share.households = (share.households or 0) + int(households)
    if not missing(people):
        share.people = (share.people or 0) + int(people)
    if isinstance(progress, str):
        share.progress.append(progress)
    if isinstance(text, str) and text:
        share.texts[text] = None
