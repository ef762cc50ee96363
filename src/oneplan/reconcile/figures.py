"""The figures of a period: plan items, agencies, lines, categories and areas.

Everything is computed in whole satang (int); ratios exactly from satang, rounded half
up to 4 decimals (`oneplan.money.ratio`). Over-commitment of one plan item never covers
the gap of another: `covered` is summed item by item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from oneplan.money import ratio
from oneplan.periods import fiscal_year
from oneplan.reconcile.selection import STATUSES, select_submissions
from oneplan.schemas import output_columns

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


def _counted_lines(selection, submissions, lines, plan) -> pd.DataFrame:
    chosen = selection.dropna(subset=["submission_id"])[
        ["agency_code", "area_code", "source_period", "submission_id"]
    ]
    files = submissions.set_index("submission_id")["source_file"]
    counted = chosen.merge(lines, on="submission_id", how="inner")
    counted["source_file"] = counted["submission_id"].map(files)
    plan_keys = set(zip(plan["area_code"], plan["plan_item_id"], strict=True))
    counted["alignment"] = [
        line_alignment(area, item, plan_keys)
        for area, item in zip(counted["area_code"], counted["plan_item_id"], strict=True)
    ]
    return counted.sort_values(["agency_code", "area_code", "line_no"]).reset_index(drop=True)


def _amount(value: object) -> int:
    """Satang of a line's amount; an empty amount adds nothing (as a column's sum skips it)."""
    return 0 if value is None or pd.isna(value) else int(value)


def _aligned_by_item(counted: pd.DataFrame) -> dict[tuple, list]:
    """(area, plan item) -> [committed, disbursed, agencies] of the aligned lines: one pass
    over the month's lines, in exact integers (a group-by per item costs far more)."""
    found: dict[tuple, list] = {}
    for area, item, agency, budget, disbursed, alignment in zip(
        counted["area_code"],
        counted["plan_item_id"],
        counted["agency_code"],
        counted["budget"],
        counted["disbursed"],
        counted["alignment"],
        strict=True,
    ):
        if alignment != "aligned":
            continue
        entry = found.get((area, item))
        if entry is None:
            entry = found[(area, item)] = [0, 0, set()]
        entry[0] += _amount(budget)
        entry[1] += _amount(disbursed)
        entry[2].add(agency)
    return found


def _plan_item_figures(plan, counted, previous: Previous | None) -> pd.DataFrame:
    aligned = _aligned_by_item(counted)
    rows = []
    for item in plan.sort_values(["area_code", "plan_item_id"]).itertuples():
        committed, disbursed, funders = aligned.get((item.area_code, item.plan_item_id), (0, 0, ()))
        agencies = sorted(funders)
        required = int(item.required_budget)
        before = previous.items.get((item.area_code, item.plan_item_id)) if previous else None
        if previous and before is None:
            before = (0, 0)  # the item had no figures then: its change is from nothing
        rows.append(
            {
                "area_code": item.area_code,
                "plan_item_id": item.plan_item_id,
                "category": item.category,
                "title": item.title,
                "priority": None if pd.isna(item.priority) else int(item.priority),
                "required": required,
                "committed": committed,
                "disbursed": disbursed,
                "gap": max(required - committed, 0),
                "excess": max(committed - required, 0),
                "coverage": ratio(committed, required),
                "n_agencies": len(agencies),
                "co_funded": len(agencies) >= 2,
                "status": item_status(required, committed),
                "agencies": ", ".join(agencies),
                "committed_change": committed - before[0] if before else None,
                "disbursed_change": disbursed - before[1] if before else None,
            }
        )
    return pd.DataFrame(rows, columns=output_columns("plan_items"), dtype=object)


def _by_agency(counted: pd.DataFrame) -> dict[tuple, list[int]]:
    """(agency, area) -> [total, aligned, disbursed, lines] of its counted lines (one pass)."""
    found: dict[tuple, list[int]] = {}
    for agency, area, budget, disbursed, alignment in zip(
        counted["agency_code"],
        counted["area_code"],
        counted["budget"],
        counted["disbursed"],
        counted["alignment"],
        strict=True,
    ):
        entry = found.get((agency, area))
        if entry is None:
            entry = found[(agency, area)] = [0, 0, 0, 0]
        amount = _amount(budget)
        entry[0] += amount
        if alignment == "aligned":
            entry[1] += amount
        entry[2] += _amount(disbursed)
        entry[3] += 1
    return found


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


def coverage_figures(items: pd.DataFrame) -> dict:
    """required, committed, covered, gap and coverage of a set of plan items."""
    required = int(items["required"].sum())
    committed = int(items["committed"].sum())
    covered = int(
        sum(min(c, r) for c, r in zip(items["committed"], items["required"], strict=True))
    )
    return {
        "required": required,
        "committed": committed,
        "covered": covered,
        "gap": int(items["gap"].sum()),
        "coverage": ratio(covered, required),
    }


def _category_figures(items: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {"area_code": area, "category": category, **coverage_figures(group)}
        for (area, category), group in items.groupby(["area_code", "category"], sort=True)
    ]
    return pd.DataFrame(rows, columns=output_columns("categories"), dtype=object)


def _area_figures(items: pd.DataFrame, agencies: pd.DataFrame) -> list[dict]:
    areas = sorted(set(items["area_code"]) | set(agencies["area_code"]))
    # Each area's rows, cut once (a filter per area would read every row per area).
    items_of = dict(tuple(items.groupby("area_code", sort=False)))
    agencies_of = dict(tuple(agencies.groupby("area_code", sort=False)))
    result = []
    for area in areas:
        area_items = items_of.get(area, items.iloc[0:0])
        area_agencies = agencies_of.get(area, agencies.iloc[0:0])
        total = int(area_agencies["total_budget"].sum())
        aligned = int(area_agencies["aligned_budget"].sum())
        result.append(
            {
                "area_code": area,
                **coverage_figures(area_items),
                "aligned_share": ratio(aligned, total),
                "items": {s: int((area_items["status"] == s).sum()) for s in ITEM_STATUSES},
                "co_funded_items": int(area_items["co_funded"].sum()),
                "agencies": {s: int((area_agencies["status"] == s).sum()) for s in STATUSES},
            }
        )
    return result
