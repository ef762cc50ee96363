"""The areas' figures as one frame, each area with its place: what the roll-ups add up.

One row per area of the period (`Reconciliation.areas`), with the additive figures of its
plan items and agencies (satang, counts) and its district and province (None when the plan
gives none: `oneplan.check.hierarchy`).
"""

from __future__ import annotations

import pandas as pd

from oneplan.check.hierarchy import Hierarchy
from oneplan.reconcile import Reconciliation
from oneplan.reconcile.items import ITEM_STATUSES
from oneplan.reconcile.results import TRACKED_STATES
from oneplan.values.text import in_thai_dictionary_order

AMOUNTS = ("required", "committed", "covered", "gap", "excess", "total_budget", "aligned_budget")
ITEM_COUNTS = tuple(f"items_{status}" for status in ITEM_STATUSES)
RESULT_COUNTS = tuple(f"items_{state}" for state in TRACKED_STATES)
COUNTS = ("plan_items", *ITEM_COUNTS, "co_funded_items", *RESULT_COUNTS)


def area_frame(result: Reconciliation, hierarchy: Hierarchy) -> pd.DataFrame:
    """area_code, its place, and its AMOUNTS and COUNTS, in area-code order."""
    codes = [area["area_code"] for area in result.areas]
    items = result.plan_items
    per_item = (
        pd.DataFrame(
            {
                "area_code": items["area_code"],
                "excess": items["excess"].astype("int64"),
                "plan_items": 1,
            }
        )
        .groupby("area_code")
        .sum()
        .reindex(codes, fill_value=0)
    )
    agencies = result.agencies
    budgets = (
        pd.DataFrame(
            {
                "area_code": agencies["area_code"],
                "total_budget": agencies["total_budget"].astype("int64"),
                "aligned_budget": agencies["aligned_budget"].astype("int64"),
            }
        )
        .groupby("area_code")
        .sum()
        .reindex(codes, fill_value=0)
    )
    frame = pd.DataFrame(
        {
            "area_code": pd.Series(codes, dtype=object),  # object even for a month of no area
            **{
                name: [area[name] for area in result.areas]
                for name in ("required", "committed", "covered", "gap")
            },
            # The area's own coverage, as the reconciliation gave it (`result.areas`).
            "coverage": [area["coverage"] for area in result.areas],
            "excess": per_item["excess"].tolist(),
            "total_budget": budgets["total_budget"].tolist(),
            "aligned_budget": budgets["aligned_budget"].tolist(),
            "plan_items": per_item["plan_items"].tolist(),
            **{
                f"items_{status}": [area["items"][status] for area in result.areas]
                for status in ITEM_STATUSES
            },
            "co_funded_items": [area["co_funded_items"] for area in result.areas],
            **{
                f"items_{state}": [area["results"][state] for area in result.areas]
                for state in TRACKED_STATES
            },
        }
    )
    for column in (*AMOUNTS, *COUNTS):
        frame[column] = frame[column].astype("int64")
    return hierarchy.frame(codes).merge(frame, on="area_code", validate="one_to_one")


def with_places(frame: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """`frame` (with an area_code column) with each row's province and district."""
    return frame.merge(places[["area_code", "province", "district"]], on="area_code", how="left")


def as_places(values: pd.Series, unassigned: str = "") -> pd.Series:
    """Province or district names with None where `unassigned` stood while grouping (or
    where pandas put its NaN)."""
    return pd.Series(
        [
            None if value is None or value == unassigned or pd.isna(value) else value
            for value in values
        ],
        index=values.index,
        dtype=object,
    )


def in_place_order(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows by province and district in Thai dictionary order of their names (pythainlp's
    collation: เชียงใหม่ before ลำปาง), unassigned last; rows of one place keep their order."""
    if not keys or table.empty:
        return table
    order = pd.DataFrame(index=table.index)
    for key in keys:
        names = [name if isinstance(name, str) and name else None for name in table[key]]
        known = sorted({name for name in names if name is not None})
        rank = {name: i for i, name in enumerate(in_thai_dictionary_order(known, name=str))}
        order[f"{key}_unassigned"] = [name is None for name in names]
        order[key] = [rank.get(name, 0) for name in names]
    return table.loc[order.sort_values(list(order.columns), kind="stable").index]


def in_place(frame: pd.DataFrame, province: str, district: str | None = None) -> pd.Series:
    """Which rows of `frame` (with a province, and maybe a district, column) are in the
    province, and in the district when one is given."""
    found = frame["province"] == province
    if district is not None and "district" in frame:
        found &= frame["district"] == district
    return found
