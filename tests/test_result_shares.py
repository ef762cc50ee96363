"""`gathered_shares` (column by column) gives exactly what a plain pass line by line gives:
the same shares in the same order, the same sums (and their types), first parts, texts."""

from __future__ import annotations

import random
from decimal import Decimal

import pandas as pd

from oneplan.check.results import ItemMeasure, counts_for_item
from oneplan.reconcile.result_shares import (
    RESULT_COLUMNS,
    Share,
    _sorted_places,
    gathered_shares,
)
from oneplan.values.numbers import missing
from oneplan.values.quantities import Quantity


def plain_shares(aligned: pd.DataFrame, measures: dict) -> dict:
    """The plain path: every line visited in order, its results added to its share."""
    shares: dict = {}
    for line in aligned.to_dict("records"):
        key = (line["area_code"], line["plan_item_id"], line["agency_code"])
        if key not in shares:
            measure = measures.get(key[:2])
            shares[key] = Share(measure.unit if measure else "")
        share = shares[key]
        share.noted = share.noted or (isinstance(line["note"], str) and bool(line["note"]))
        if not any(not pd.isna(line[name]) for name in RESULT_COLUMNS):
            continue
        share.reported = True
        quantity = line["quantity"]
        if not missing(quantity) and counts_for_item(measures.get(key[:2]), line["unit"]):
            share.quantity = (share.quantity or Decimal(0)) + quantity
            where = (line["source_period"], line["submission_id"], line["sheet"], line["row"])
            share.first = share.first or where
        for name in ("households", "people"):
            if not missing(line[name]):
                setattr(share, name, (getattr(share, name) or 0) + int(line[name]))
        if isinstance(line["progress"], str):
            share.progress.append(line["progress"])
        if isinstance(line["result"], str) and line["result"]:
            share.texts[line["result"]] = None
    return dict(sorted(shares.items()))


def month_lines(seed: int, count: int) -> tuple[pd.DataFrame, dict]:
    pick = random.Random(seed).choice
    quantities = [None, None, Decimal(0), Decimal(5), Decimal("2.5"), Quantity("7", "ไร่")]
    rows = [
        {
            "area_code": pick(["A-2", "A-1", "ข-1"]),
            "plan_item_id": pick(["I-01", "I-02", "I-10"]),
            "agency_code": pick(["AG-3", "AG-1", "AG-20"]),
            "note": pick([None, "", "ดูแล้ว", float("nan")]),
            "progress": pick([None, "ongoing", "done", "not_started"]),
            "quantity": pick(quantities),
            "unit": pick([None, "", "ไร่", "คน"]),
            "households": pick([None, 0, 3]),
            "people": pick([None, 12]),
            "result": pick([None, "", "อบรมแล้ว", "สำรวจแปลง"]),
            "source_period": "2026-11",
            "submission_id": pick(["s1", "s2"]),
            "sheet": "lines",
            "row": n + 3,
        }
        for n in range(count)
    ]
    measures = {
        ("A-1", "I-01"): ItemMeasure("ไร่ที่ปลูก", "ไร่"),
        ("A-2", "I-02"): ItemMeasure("คนที่ผ่านการอบรม", None),
        ("ข-1", "I-01"): ItemMeasure(None, None),
    }
    return pd.DataFrame(rows, dtype=object), measures


def _exactly(shares: dict) -> list:
    return [(key, repr(share), type(share.quantity)) for key, share in shares.items()]


def test_column_by_column_equals_line_by_line():
    for seed in range(20):
        aligned, measures = month_lines(seed, 300)
        assert _exactly(gathered_shares(aligned, measures)) == _exactly(
            plain_shares(aligned, measures)
        )


def test_lines_without_results_and_no_lines():
    aligned, measures = month_lines(1, 50)
    aligned[RESULT_COLUMNS] = None
    assert _exactly(gathered_shares(aligned, measures)) == _exactly(plain_shares(aligned, measures))
    assert gathered_shares(aligned.iloc[:0], measures) == {}


def test_keys_sorted_as_python_sorts_them():
    keys = [("ข-1", "I-1", "AG-2"), ("A-1", "I-10", "AG-1"), ("A-1", "I-1", "AG-9"), ("a", "", "")]
    assert [keys[n] for n in _sorted_places(keys)] == sorted(keys)
    odd = [("A\0", "I", "AG"), ("A", "I", "AG")]  # numpy's texts drop a NUL at the end
    assert [odd[n] for n in _sorted_places(odd)] == sorted(odd)
