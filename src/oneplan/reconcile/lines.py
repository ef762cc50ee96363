"""The counted lines of a period: the lines of the submissions that count, each aligned to
the plan or not (reconciliation.md, 'Alignment of a budget line'), and their amounts as
whole satang."""

from __future__ import annotations

import numpy as np
import pandas as pd


def lines_alignment(lines: pd.DataFrame, plan: pd.DataFrame) -> list[str]:
    """How each line (area_code, plan_item_id) stands to the plan (reconciliation.md,
    'Alignment of a budget line'): `aligned`, `unknown_item` (names an item not in its
    area's plan: `plan`'s area_code and plan_item_id) or `unaligned` (names no item)."""
    item = lines["plan_item_id"]
    named = (item.notna() & (item.astype(object) != "")).to_numpy()
    planned = pd.MultiIndex.from_arrays([lines["area_code"], item]).isin(
        pd.MultiIndex.from_arrays([plan["area_code"], plan["plan_item_id"]])
    )
    return np.where(named, np.where(planned, "aligned", "unknown_item"), "unaligned").tolist()


def counted_lines(selection, submissions, lines, plan) -> pd.DataFrame:
    """The lines of the submissions `selection` counts, with the agency, area and period
    they count for, their file (`source_file`) and their `alignment` to the plan."""
    chosen = selection.dropna(subset=["submission_id"])[
        ["agency_code", "area_code", "source_period", "submission_id"]
    ]
    files = submissions.set_index("submission_id")["source_file"]
    counted = chosen.merge(lines, on="submission_id", how="inner")
    counted["source_file"] = counted["submission_id"].map(files)
    counted["alignment"] = lines_alignment(counted, plan)
    return counted.sort_values(["agency_code", "area_code", "line_no"]).reset_index(drop=True)


def satang(amounts: pd.Series) -> pd.Series:
    """Amounts in satang as int64; an empty amount adds nothing (as a column's sum skips it)."""
    return amounts.fillna(0).astype("int64")
