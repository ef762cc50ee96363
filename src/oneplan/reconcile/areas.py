"""The figures of each area and of each category within it: coverage of the plan (covered
item by item), budgets, and how many plan items and agencies have each status."""

from __future__ import annotations

import numpy as np
import pandas as pd

from oneplan.reconcile.items import ITEM_STATUSES
from oneplan.reconcile.results import TRACKED_STATES, result_counts
from oneplan.reconcile.selection import STATUSES
from oneplan.schemas import output_columns
from oneplan.values.money import ratio


def coverage_figures(items: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """required, committed, covered, gap and coverage of the plan items of each `keys`
    group (covered item by item: over-commitment never covers another item's gap)."""
    required = items["required"].astype("int64")
    committed = items["committed"].astype("int64")
    sums = (
        pd.DataFrame(
            {
                **{key: items[key] for key in keys},
                "required": required,
                "committed": committed,
                "covered": np.minimum(committed, required),
                "gap": items["gap"].astype("int64"),
            }
        )
        .groupby(keys, sort=True)
        .sum()
    )
    sums["coverage"] = [
        ratio(c, r)
        for c, r in zip(sums["covered"].tolist(), sums["required"].tolist(), strict=True)
    ]
    return sums


def category_figures(items: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """The `categories` table: the coverage figures of each (area, category), and how many
    of its items with a target are on track, behind and not started."""
    keys = ["area_code", "category"]
    figures = coverage_figures(items, keys).reset_index()
    figures = with_result_counts(figures, result_counts(results, keys), keys)
    return pd.DataFrame(
        {name: figures[name].tolist() for name in output_columns("categories")}, dtype=object
    )


def with_result_counts(figures: pd.DataFrame, counts: pd.DataFrame, keys: list[str]):
    """`figures` with the result counts of its `keys` groups (zero where none)."""
    columns = [c for c in counts.columns if c not in keys]
    merged = figures.merge(counts, on=keys, how="left")
    merged[columns] = merged[columns].fillna(0).astype("int64")
    return merged


def _counts(frame: pd.DataFrame, areas: list[str], states: tuple[str, ...]) -> list[dict]:
    """Per area, how many rows of `frame` have each status (every status, zeros too)."""
    table = (
        frame.groupby(["area_code", "status"]).size().unstack(fill_value=0)
        if len(frame)
        else pd.DataFrame()
    )
    table = table.reindex(index=areas, columns=list(states), fill_value=0)
    return [dict(zip(states, row, strict=True)) for row in table.to_numpy().tolist()]


def area_figures(items: pd.DataFrame, agencies: pd.DataFrame, results: pd.DataFrame) -> list[dict]:
    """Each area's coverage, budgets, counts of plan items and agencies by status, and of
    its items with a target by how their results stand."""
    areas = sorted(set(items["area_code"]) | set(agencies["area_code"]))
    coverage = coverage_figures(items, ["area_code"]).reindex(areas, fill_value=0)
    budgets = (
        agencies.assign(
            total=agencies["total_budget"].astype("int64"),
            aligned=agencies["aligned_budget"].astype("int64"),
        )
        .groupby("area_code")[["total", "aligned"]]
        .sum()
        .reindex(areas, fill_value=0)
    )
    co_funded = items.groupby("area_code")["co_funded"].sum().reindex(areas, fill_value=0)
    item_counts = _counts(items, areas, ITEM_STATUSES)
    agency_counts = _counts(agencies, areas, STATUSES)
    tracked = results[results["state"] != "no_target"]
    result_counts = _counts(tracked.rename(columns={"state": "status"}), areas, TRACKED_STATES)
    result = []
    for index, area in enumerate(areas):
        figures = coverage.loc[area]  # zeros for an area with agencies but no plan items
        amounts = {name: int(figures[name]) for name in ("required", "committed", "covered", "gap")}
        total, aligned = (int(v) for v in budgets.loc[area])
        result.append(
            {
                "area_code": area,
                **amounts,
                "coverage": ratio(amounts["covered"], amounts["required"]),
                "aligned_share": ratio(aligned, total),
                "items": item_counts[index],
                "co_funded_items": int(co_funded.loc[area]),
                "agencies": agency_counts[index],
                "results": result_counts[index],
            }
        )
    return result
