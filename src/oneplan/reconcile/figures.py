"""The figures of a period: plan items, agencies, lines, categories and areas.

Everything is computed in whole satang (int); ratios exactly from satang, rounded half
up to 4 decimals (`oneplan.values.money.ratio`). Over-commitment of one plan item never covers
the gap of another: `covered` is summed item by item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oneplan.reconcile.selection import STATUSES, select_submissions
from oneplan.schemas import output_columns
from oneplan.values.money import ratio
from oneplan.values.periods import fiscal_year

ITEM_STATUSES = ("unfunded", "partial", "funded", "over", "no_budget_needed")


@dataclass
class Previous:
    """Figures of the latest earlier run of the same fiscal year, for the change columns."""

    period: str
    items: dict[tuple[str, str], tuple[int, int]]  # (area, item) -> (committed, disbursed)
    statuses: dict[tuple[str, str], str]  # (agency, area) -> status


@dataclass
class Reconciliation:
    period: str
    fiscal_year: int
    plan_items: pd.DataFrame
    agencies: pd.DataFrame
    lines: pd.DataFrame
    categories: pd.DataFrame
    areas: list[dict] = field(default_factory=list)
    previous_period: str | None = None

    def figures_to_keep(self) -> dict:
        """What the ledger keeps of this run for the next period's change columns."""
        return {
            "plan_items": {
                f"{r.area_code}|{r.plan_item_id}": [int(r.committed), int(r.disbursed)]
                for r in self.plan_items.itertuples()
            },
            "agencies": {
                f"{r.agency_code}|{r.area_code}": r.status for r in self.agencies.itertuples()
            },
        }

    def tables_to_keep(self) -> dict:
        """The output tables of the run (satang), for the ledger's history."""
        frames = {
            "plan_items": self.plan_items,
            "agencies": self.agencies,
            "categories": self.categories,
        }
        return {
            name: [
                {k: (None if _missing(v) else v) for k, v in row.items()}
                for row in frame.to_dict("records")
            ]
            for name, frame in frames.items()
        }


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def previous_from_figures(period: str, figures: dict) -> Previous:
    return Previous(
        period=period,
        items={tuple(k.split("|", 1)): tuple(v) for k, v in figures["plan_items"].items()},
        statuses={tuple(k.split("|", 1)): v for k, v in figures["agencies"].items()},
    )


def item_status(required: int, committed: int) -> str:
    if required == 0:
        return "no_budget_needed" if committed == 0 else "over"
    if committed == 0:
        return "unfunded"
    if committed < required:
        return "partial"
    return "funded" if committed == required else "over"


def reconcile(
    period: str,
    plan_items: pd.DataFrame,
    expected: pd.DataFrame,
    submissions: pd.DataFrame,
    lines: pd.DataFrame,
    previous: Previous | None = None,
) -> Reconciliation:
    """All figures of `period`.

    - `plan_items`: the plan (any fiscal year): area_code, fiscal_year, plan_item_id,
      category, title, priority, required_budget (satang)
    - `expected`: (agency_code, area_code) pairs the registry expects every month
    - `submissions`: see `select_submissions`, plus `rejected_rows` and `source_file`
    - `lines`: the counted rows of every accepted submission: submission_id, line_no,
      plan_item_id, activity, category, budget, disbursed (satang), support_type, sheet, row
    """
    year = fiscal_year(period)
    plan = plan_items[plan_items["fiscal_year"] == year]
    selection = select_submissions(submissions, expected, period)
    counted = _counted_lines(selection, submissions, lines, plan)
    items = _plan_item_figures(plan, counted, previous)
    agencies = _agency_figures(selection, submissions, counted, previous)
    categories = _category_figures(items)
    areas = _area_figures(items, agencies)
    return Reconciliation(
        period=period,
        fiscal_year=year,
        plan_items=items,
        agencies=agencies,
        lines=counted[output_columns("lines")].reset_index(drop=True),
        categories=categories,
        areas=areas,
        previous_period=previous.period if previous else None,
    )


def line_alignment(area_code: str, plan_item_id: object, plan_keys: set[tuple]) -> str:
    """How a counted line stands to the plan (reconciliation.md, 'Alignment of a budget
    line'): `aligned`, `unknown_item` (names an item not in its area's plan) or `unaligned`."""
    if plan_item_id is None or pd.isna(plan_item_id) or plan_item_id == "":
        return "unaligned"
    return "aligned" if (area_code, plan_item_id) in plan_keys else "unknown_item"


def lines_alignment(lines: pd.DataFrame, plan: pd.DataFrame) -> list[str]:
    """`line_alignment` of every line (area_code, plan_item_id) at once."""
    item = lines["plan_item_id"]
    named = (item.notna() & (item.astype(object) != "")).to_numpy()
    planned = pd.MultiIndex.from_arrays([lines["area_code"], item]).isin(
        pd.MultiIndex.from_arrays([plan["area_code"], plan["plan_item_id"]])
    )
    return np.where(named, np.where(planned, "aligned", "unknown_item"), "unaligned").tolist()


def _counted_lines(selection, submissions, lines, plan) -> pd.DataFrame:
    chosen = selection.dropna(subset=["submission_id"])[
        ["agency_code", "area_code", "source_period", "submission_id"]
    ]
    files = submissions.set_index("submission_id")["source_file"]
    counted = chosen.merge(lines, on="submission_id", how="inner")
    counted["source_file"] = counted["submission_id"].map(files)
    counted["alignment"] = lines_alignment(counted, plan)
    return counted.sort_values(["agency_code", "area_code", "line_no"]).reset_index(drop=True)


def _satang(amounts: pd.Series) -> pd.Series:
    """Amounts in satang as int64; an empty amount adds nothing (as a column's sum skips it)."""
    return amounts.fillna(0).astype("int64")


def _aligned_by_item(counted: pd.DataFrame) -> pd.DataFrame:
    """Per (area, plan item): committed and disbursed satang of its aligned lines, and the
    agencies funding it (a sorted list). Exact: int64 sums of whole satang."""
    keys = ["area_code", "plan_item_id"]
    aligned = counted.loc[counted["alignment"] == "aligned", [*keys, "agency_code"]]
    aligned = aligned.assign(
        committed=_satang(counted["budget"]), disbursed=_satang(counted["disbursed"])
    )
    sums = aligned.groupby(keys, sort=False)[["committed", "disbursed"]].sum()
    funders = (
        aligned[[*keys, "agency_code"]]
        .drop_duplicates()
        .sort_values("agency_code")
        .groupby(keys, sort=False)["agency_code"]
        .agg(list)
    )
    return sums.join(funders.rename("funders"))


def _plan_item_figures(plan, counted, previous: Previous | None) -> pd.DataFrame:
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


def _by_agency(counted: pd.DataFrame) -> dict[tuple, list[int]]:
    """(agency, area) -> [total, aligned, disbursed, lines] of its counted lines."""
    budget = _satang(counted["budget"])
    sums = (
        pd.DataFrame(
            {
                "agency_code": counted["agency_code"],
                "area_code": counted["area_code"],
                "total": budget,
                "aligned": budget.where(counted["alignment"] == "aligned", 0),
                "disbursed": _satang(counted["disbursed"]),
                "lines": 1,
            }
        )
        .groupby(["agency_code", "area_code"], sort=False)
        .sum()
    )
    return dict(zip(sums.index, sums.to_numpy().tolist(), strict=True))


def _agency_figures(selection, submissions, counted, previous: Previous | None) -> pd.DataFrame:
    files = submissions.set_index("submission_id")[["source_file", "rejected_rows"]]
    by_submission = files.to_dict("index")
    sums = _by_agency(counted)
    rows = []
    for pick in selection.itertuples():
        total, aligned, disbursed, lines = sums.get((pick.agency_code, pick.area_code), (0,) * 4)
        counted_file = by_submission[pick.submission_id] if pick.submission_id is not None else None
        rows.append(
            {
                "agency_code": pick.agency_code,
                "area_code": pick.area_code,
                "status": pick.status,
                "source_period": pick.source_period,
                "source_file": counted_file["source_file"] if counted_file is not None else None,
                "lines": lines,
                "rejected_rows": int(counted_file["rejected_rows"])
                if counted_file is not None
                else 0,
                "total_budget": total,
                "aligned_budget": aligned,
                "unaligned_budget": total - aligned,
                "alignment_ratio": ratio(aligned, total),
                "disbursed": disbursed,
                "disbursement_rate": ratio(disbursed, total),
                "previous_status": (
                    previous.statuses.get((pick.agency_code, pick.area_code)) if previous else None
                ),
                "submission_id": pick.submission_id,  # internal: which file counted
            }
        )
    return pd.DataFrame(rows, columns=[*output_columns("agencies"), "submission_id"], dtype=object)


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


def _category_figures(items: pd.DataFrame) -> pd.DataFrame:
    figures = coverage_figures(items, ["area_code", "category"]).reset_index()
    return pd.DataFrame(
        {name: figures[name].tolist() for name in output_columns("categories")}, dtype=object
    )


def _counts(frame: pd.DataFrame, areas: list[str], states: tuple[str, ...]) -> list[dict]:
    """Per area, how many rows of `frame` have each status (every status, zeros too)."""
    table = (
        frame.groupby(["area_code", "status"]).size().unstack(fill_value=0)
        if len(frame)
        else pd.DataFrame()
    )
    table = table.reindex(index=areas, columns=list(states), fill_value=0)
    return [dict(zip(states, row, strict=True)) for row in table.to_numpy().tolist()]


def _area_figures(items: pd.DataFrame, agencies: pd.DataFrame) -> list[dict]:
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
            }
        )
    return result
