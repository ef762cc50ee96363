"""The figures of each plan item: what its area's plan requires, what the aligned lines
commit and disburse, its gap, excess, coverage and status, and which agencies fund it."""

from __future__ import annotations

import pandas as pd

from oneplan.reconcile.lines import satang
from oneplan.reconcile.previous import Previous
from oneplan.schemas import output_columns
from oneplan.values.money import ratio

ITEM_STATUSES = ("unfunded", "partial", "funded", "over", "no_budget_needed")


def item_status(required: int, committed: int) -> str:
    if required == 0:
        return "no_budget_needed" if committed == 0 else "over"
    if committed == 0:
        return "unfunded"
    if committed < required:
        return "partial"
    return "funded" if committed == required else "over"


def _aligned_by_item(counted: pd.DataFrame) -> pd.DataFrame:
    """Per (area, plan item): committed and disbursed satang of its aligned lines, and the
    agencies funding it (a sorted list). Exact: int64 sums of whole satang."""
    keys = ["area_code", "plan_item_id"]
    aligned = counted.loc[counted["alignment"] == "aligned", [*keys, "agency_code"]]
    aligned = aligned.assign(
        committed=satang(counted["budget"]), disbursed=satang(counted["disbursed"])
    )
    sums = aligned.groupby(keys, sort=False)[["committed", "disbursed"]].sum()
    # Gathered in a loop, not by `groupby(...).agg(list)`: that calls Python once per item
    # (20,000 at national scale) through pandas' slow path; this walks the pairs once.
    pairs = aligned[[*keys, "agency_code"]].drop_duplicates().sort_values("agency_code")
    funders: dict[tuple[str, str], list[str]] = {}
    for area, item, agency in zip(*(pairs[column] for column in pairs), strict=True):
        funders.setdefault((area, item), []).append(agency)
    return sums.assign(funders=[funders[place] for place in sums.index])


def plan_item_figures(plan, counted, previous: Previous | None) -> pd.DataFrame:
    """The `plan_items` table: one row per plan item of the year, with the figures of the
    counted lines aligned to it and the changes since `previous`."""
    keys = ["area_code", "plan_item_id"]
    items = plan.sort_values(keys).merge(
        _aligned_by_item(counted), left_on=keys, right_index=True, how="left"
    )
    required = items["required_budget"].astype("int64").tolist()
    committed = items["committed"].fillna(0).astype("int64").tolist()
    disbursed = items["disbursed"].fillna(0).astype("int64").tolist()
    funders = [f if isinstance(f, list) else [] for f in items["funders"]]
    places = list(zip(items["area_code"], items["plan_item_id"], strict=True))
    if previous:  # an item without figures then changes from nothing
        before = [previous.items.get(place, (0, 0)) for place in places]
        committed_change = [now - then for now, (then, _) in zip(committed, before, strict=True)]
        disbursed_change = [now - then for now, (_, then) in zip(disbursed, before, strict=True)]
    else:
        committed_change = disbursed_change = [None] * len(places)
    columns = {
        "area_code": items["area_code"].tolist(),
        "plan_item_id": items["plan_item_id"].tolist(),
        "category": items["category"].tolist(),
        "title": items["title"].tolist(),
        "priority": [None if pd.isna(p) else int(p) for p in items["priority"]],
        "required": required,
        "committed": committed,
        "disbursed": disbursed,
        "gap": [max(r - c, 0) for r, c in zip(required, committed, strict=True)],
        "excess": [max(c - r, 0) for r, c in zip(required, committed, strict=True)],
        "coverage": [ratio(c, r) for r, c in zip(required, committed, strict=True)],
        "n_agencies": [len(f) for f in funders],
        "co_funded": [len(f) >= 2 for f in funders],
        "status": [item_status(r, c) for r, c in zip(required, committed, strict=True)],
        "agencies": [", ".join(f) for f in funders],
        "committed_change": committed_change,
        "disbursed_change": disbursed_change,
    }
    return pd.DataFrame(columns, columns=output_columns("plan_items"), dtype=object)
