"""Each agency's share of each plan item's results, gathered from the counted lines in one
pass over their columns (a national month has hundreds of thousands of lines): the part
of its quantities that counts for the item (the item has an indicator, the line's unit is
the item's), the households and people it reached, its lines' progress and words, whether
a line notes something, and where its first counted part was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
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
    """(area, item, agency) -> its share, from the aligned lines (a national month has
    hundreds of thousands of lines).

    Column by column, not line by line: the lines' keys are numbered once, whether a
    share is noted is counted over the numbers, and only the lines that report something
    (few in most months) are visited, a column at a time for what it adds to its share,
    in the lines' order: sums, first parts and texts come out as a pass line by line
    makes them (tests/test_result_shares.py compares the two)."""
    if aligned.empty:
        return {}
    keys = zip(aligned["area_code"], aligned["plan_item_id"], aligned["agency_code"], strict=True)
    numbers: dict[tuple[str, str, str], int] = {}
    codes = np.array([numbers.setdefault(key, len(numbers)) for key in keys], dtype=np.intp)
    found = list(numbers)
    notes = [isinstance(n, str) and bool(n) for n in aligned["note"].tolist()]
    noted = np.bincount(codes, notes, len(found))
    shares = []
    for key, has_note in zip(found, noted.tolist(), strict=True):
        measure = measures.get(key[:2])
        shares.append(Share(measure.unit if measure else "", noted=has_note > 0))
    reporting = np.flatnonzero(aligned[RESULT_COLUMNS].notna().any(axis=1).to_numpy())
    if len(reporting):
        lines = aligned if len(reporting) == len(aligned) else aligned.iloc[reporting]
        _add_lines(shares, codes[reporting].tolist(), lines, found, measures)
    return {found[n]: shares[n] for n in _sorted_places(found)}


def _sorted_places(keys: list[tuple]) -> list[int]:
    """The places of `keys` in sorted order: numpy's sort of the texts by code point (as
    Python compares them) when every part is a text without a NUL (which numpy's texts
    drop at the end), else Python's sort."""
    parts = list(zip(*keys, strict=True)) if keys else []
    if all(isinstance(value, str) and "\0" not in value for part in parts for value in part):
        return np.lexsort([np.array(part, dtype=str) for part in reversed(parts)]).tolist()
    return sorted(range(len(keys)), key=keys.__getitem__)


def _add_lines(
    shares: list[Share], owners: list[int], lines: pd.DataFrame, found: list, measures: dict
) -> None:
    """The results of the lines that report something (`owners`: each one's share)."""
    for owner in set(owners):
        shares[owner].reported = True
    zero = Decimal(0)
    quantities = lines["quantity"].tolist()
    counted = [
        not missing(quantity) and counts_for_item(measures.get(found[owner][:2]), unit)
        for owner, quantity, unit in zip(owners, quantities, lines["unit"].tolist(), strict=True)
    ]
    places = zip(*(lines[name].tolist() for name in _PLACE), strict=True)
    for owner, quantity, is_counted, place in zip(owners, quantities, counted, places, strict=True):
        if is_counted:
            share = shares[owner]
            share.quantity = (share.quantity or zero) + quantity
            share.first = share.first or (place[0], place[1], place[2], int(place[3]))
    for name in ("households", "people"):
        for owner, count in zip(owners, lines[name].tolist(), strict=True):
            if not missing(count):
                share = shares[owner]
                setattr(share, name, (getattr(share, name) or 0) + int(count))
    for owner, progress in zip(owners, lines["progress"].tolist(), strict=True):
        if isinstance(progress, str):
            shares[owner].progress.append(progress)
    for owner, text in zip(owners, lines["result"].tolist(), strict=True):
        if isinstance(text, str) and text:
            shares[owner].texts[text] = None


# Where a line was read: its part's `first`.
_PLACE = ["source_period", "submission_id", "sheet", "row"]
