"""The results of each plan item across its partners (reconciliation.md, 'Results').

A plan item's indicator and target are the plan's; each agency reports, on the lines it
counts for the item, its own part of the result so far (cumulative). The item's quantity
delivered is the sum of the agencies' parts in its unit (a part in another unit is not
added), its progress the delivered quantity over the target. It is on track when its
progress is at least the share of the fiscal year elapsed (October = 1/12), behind when
below, not started at zero. Which lines count is the money's rule: results of superseded
files do not count, those of a file carried forward do.

Quantities are exact (`Decimal`); ratios are rounded half up to 4 decimals, as money's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from oneplan.check.results import ItemMeasure, counts_for_item
from oneplan.reconcile.previous import Previous
from oneplan.schemas import output_columns
from oneplan.values.periods import fiscal_year_start

RESULT_STATES = ("on_track", "behind", "not_started", "no_target")
TRACKED_STATES = RESULT_STATES[:3]  # the states of an item with a target
PROGRESS_STATES = ("not_started", "ongoing", "done")
_RESULT_COLUMNS = ["progress", "quantity", "households", "people", "result"]


@dataclass
class Results:
    """The `results` table (one row per plan item followed by results), the
    `result_contributions` table (one row per item and agency), and where each counted
    part was read (for the warnings that compare parts: `oneplan.reconcile.result_checks`)."""

    items: pd.DataFrame
    contributions: pd.DataFrame
    parts: list[Part] = field(default_factory=list)
    # Warnings comparing parts (`oneplan.reconcile.result_checks.ResultFinding`).
    findings: list = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The output tables (`oneplan.schemas.OUTPUT_TABLES`)."""
        return {"results": self.items, "result_contributions": self.contributions}

    def to_keep(self) -> dict[str, dict[str, str]]:
        """What the ledger keeps for the next period's changes (`oneplan.reconcile.previous`):
        each item's delivered quantity and each agency's counted part, as exact text."""
        delivered = self.items[self.items["delivered"].notna()]
        return {
            "delivered": {
                f"{r.area_code}|{r.plan_item_id}": str(r.delivered) for r in delivered.itertuples()
            },
            "result_parts": {
                f"{p.agency_code}|{p.area_code}|{p.plan_item_id}": str(p.quantity)
                for p in self.parts
            },
        }


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


def elapsed_share(period: str) -> Fraction:
    """The share of the fiscal year elapsed at the end of `period`: October is 1/12."""
    start_year, start_month = (int(p) for p in fiscal_year_start(period).split("-"))
    year, month = (int(p) for p in period.split("-"))
    return Fraction((year - start_year) * 12 + month - start_month + 1, 12)


def fraction_ratio(value: Fraction, places: int = 4) -> float:
    """A fraction rounded half up to `places` decimals, as the outputs' ratios are."""
    scale = 10**places
    return int(value * scale + Fraction(1, 2)) / scale


def result_state(delivered: Decimal | None, target: Decimal | None, elapsed: Fraction) -> str:
    if delivered is None or not target:
        return "no_target"
    if delivered == 0:
        return "not_started"
    return "on_track" if Fraction(delivered) >= Fraction(target) * elapsed else "behind"


def combined_progress(statuses: list[str | None]) -> str | None:
    """The progress of several lines or partners: done when all are done, not started when
    none has started, ongoing otherwise; None when none says."""
    said = {s for s in statuses if s}
    if not said:
        return None
    if said == {"done"}:
        return "done"
    return "not_started" if said == {"not_started"} else "ongoing"


def result_figures(
    plan: pd.DataFrame, counted: pd.DataFrame, period: str, previous: Previous | None
) -> Results:
    """The results of the year's plan items (`plan`) from the counted lines."""
    measures = {
        (r.area_code, r.plan_item_id): ItemMeasure(r.indicator, r.unit) for r in plan.itertuples()
    }
    aligned = counted[counted["alignment"] == "aligned"]
    contributions, parts = _contributions(aligned, measures, previous)
    items = _items(plan, contributions, aligned, period, previous)
    shown = set(zip(items["area_code"], items["plan_item_id"], strict=True))
    keys = zip(contributions["area_code"], contributions["plan_item_id"], strict=True)
    # `.loc`: an empty list of flags (a month without lines) keeps the columns, where `[]`
    # would select none of them.
    contributions = contributions.loc[[key in shown for key in keys]].reset_index(drop=True)
    return Results(items, contributions, parts)


def _contributions(aligned: pd.DataFrame, measures: dict, previous: Previous | None):
    """One row per (area, item, agency) of the aligned lines, and the counted parts."""
    rows, parts = [], []
    keys = ["area_code", "plan_item_id", "agency_code"]
    for (area, item, agency), lines in aligned.groupby(keys, sort=True):
        measure = measures.get((area, item))
        counting = [
            (q, u)
            for q, u in zip(lines["quantity"], lines["unit"], strict=True)
            if q is not None and counts_for_item(measure, u)
        ]
        quantity = sum((q for q, _ in counting), Decimal(0)) if counting else None
        before = previous.result_part(agency, area, item) if previous else None
        rows.append(
            {
                "area_code": area,
                "plan_item_id": item,
                "agency_code": agency,
                "quantity": quantity,
                "unit": measure.unit if measure else None,
                "households": _sum(lines["households"]),
                "people": _sum(lines["people"]),
                "progress": combined_progress(list(lines["progress"])),
                "results": "; ".join(dict.fromkeys(t for t in lines["result"] if t)) or None,
                "quantity_change": None
                if quantity is None or before is None
                else quantity - before,
                "source_period": lines["source_period"].iloc[0],
            }
        )
        if quantity is not None:
            first = lines[[q is not None for q in lines["quantity"]]].iloc[0]
            parts.append(
                Part(
                    agency,
                    area,
                    item,
                    quantity,
                    measure.unit or "",
                    any(bool(n) for n in lines["note"]),
                    first["source_period"],
                    first["submission_id"],
                    first["sheet"],
                    int(first["row"]),
                )
            )
    frame = pd.DataFrame(rows, columns=[*output_columns("result_contributions"), "source_period"])
    return frame.drop(columns="source_period").astype(object), parts


def _sum(values: pd.Series) -> int | None:
    given = [int(v) for v in values if v is not None and v == v]
    return sum(given) if given else None


def _items(
    plan: pd.DataFrame,
    contributions: pd.DataFrame,
    aligned: pd.DataFrame,
    period: str,
    previous: Previous | None,
) -> pd.DataFrame:
    """One row per plan item with an indicator, or with results reported on its lines."""
    reported = aligned[aligned[_RESULT_COLUMNS].notna().any(axis=1)]
    with_results = set(zip(reported["area_code"], reported["plan_item_id"], strict=True))
    by_item: dict[tuple[str, str], pd.DataFrame] = {
        key: group for key, group in contributions.groupby(["area_code", "plan_item_id"])
    }
    funders = aligned.groupby(["area_code", "plan_item_id"])["agency_code"].nunique().to_dict()
    elapsed = elapsed_share(period)
    rows = []
    for item in plan.sort_values(["area_code", "plan_item_id"]).itertuples():
        key = (item.area_code, item.plan_item_id)
        if not item.indicator and key not in with_results:
            continue
        parts = by_item.get(key)
        quantities = [] if parts is None else [q for q in parts["quantity"] if q is not None]
        delivered = sum(quantities, Decimal(0)) if item.indicator else None
        target = item.target if item.indicator else None
        before = previous.delivered_of(*key) if previous else None
        reporting = (
            [] if parts is None else list(parts.loc[parts["quantity"].notna(), "agency_code"])
        )
        rows.append(
            {
                "area_code": item.area_code,
                "plan_item_id": item.plan_item_id,
                "category": item.category,
                "title": item.title,
                "indicator": item.indicator,
                "unit": item.unit,
                "baseline": item.baseline,
                "target": target,
                "delivered": delivered,
                "progress": (
                    fraction_ratio(Fraction(delivered) / Fraction(target))
                    if delivered is not None and target
                    else None
                ),
                "expected_progress": fraction_ratio(elapsed) if target else None,
                "state": result_state(delivered, target, elapsed),
                "progress_status": combined_progress(
                    [] if parts is None else list(parts["progress"])
                ),
                "co_funded": funders.get(key, 0) >= 2,
                "n_reporting": len(reporting),
                "agencies": ", ".join(reporting),
                "households": None if parts is None else _sum(parts["households"]),
                "people": None if parts is None else _sum(parts["people"]),
                "delivered_change": (
                    None if delivered is None or before is None else delivered - before
                ),
            }
        )
    return pd.DataFrame(rows, columns=output_columns("results"), dtype=object)


def result_counts(results: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per `keys` group, how many plan items with a target are on track, behind and not
    started (`items_on_track`, `items_behind`, `items_not_started`): counts, never sums of
    quantities, which may be of different units."""
    states = list(TRACKED_STATES)
    columns = [f"items_{s}" for s in states]
    tracked = results[results["state"].isin(states)]
    if tracked.empty:
        return pd.DataFrame(columns=[*keys, *columns])
    table = tracked.groupby([*keys, "state"]).size().unstack(fill_value=0)
    table = table.reindex(columns=states, fill_value=0)
    table.columns = columns
    return table.reset_index()
