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
from typing import NamedTuple

import pandas as pd

from oneplan.check.results import ItemMeasure
from oneplan.reconcile.previous import Previous
from oneplan.reconcile.result_shares import RESULT_COLUMNS, Part, Share, gathered_shares
from oneplan.schemas import output_columns
from oneplan.values.numbers import missing
from oneplan.values.periods import fiscal_year_start

RESULT_STATES = ("on_track", "behind", "not_started", "no_target")
TRACKED_STATES = RESULT_STATES[:3]  # the states of an item with a target
PROGRESS_STATES = ("not_started", "ongoing", "done")


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
    said = {s for s in statuses if isinstance(s, str) and s}
    if not said:
        return None
    if said == {"done"}:
        return "done"
    return "not_started" if said == {"not_started"} else "ongoing"


def item_progress(funders: list[str | None]) -> str | None:
    """The progress of a plan item from each funding partner's own (None: it says none):
    done when every partner's lines are done, not started when none has started, ongoing
    otherwise; None when no partner says."""
    if not any(funders):
        return None
    if all(status == "done" for status in funders):
        return "done"
    return "not_started" if set(funders) <= {"not_started", None} else "ongoing"


def result_figures(
    plan: pd.DataFrame, counted: pd.DataFrame, period: str, previous: Previous | None
) -> Results:
    """The results of the year's plan items (`plan`) from the counted lines. A plan without
    the indicator columns, or lines without the results columns, have none."""
    plan = _with_columns(plan, ["indicator", "unit", "baseline", "target"])
    measures = {
        (r.area_code, r.plan_item_id): ItemMeasure.of(r.indicator, r.unit)
        for r in plan.itertuples()
    }
    aligned = counted[counted["alignment"] == "aligned"]
    shares = gathered_shares(aligned, measures)
    items = _items(plan, shares, period, previous)
    shown = set(zip(items["area_code"], items["plan_item_id"], strict=True))
    contributions = _contributions(
        {key: share for key, share in shares.items() if key[:2] in shown}, measures, previous
    )
    parts = [share.part(key) for key, share in shares.items() if share.quantity is not None]
    return Results(items, contributions, parts)


def with_result_columns(lines: pd.DataFrame) -> pd.DataFrame:
    """The month's lines with the results columns, empty where a caller's frame has none
    (a stage given the lines of before #29)."""
    return _with_columns(lines, ["note", "unit", *RESULT_COLUMNS])


def _with_columns(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    missing = [name for name in names if name not in frame]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame


def _contributions(
    shares: dict[tuple[str, str, str], Share], measures: dict, previous: Previous | None
) -> pd.DataFrame:
    """The `result_contributions` table: one row per (area, item, agency)."""
    rows = []
    for (area, item, agency), share in shares.items():
        before = previous.result_part(agency, area, item) if previous else None
        quantity = share.quantity
        rows.append(
            (
                area,
                item,
                agency,
                quantity,
                share.unit or None,
                share.households,
                share.people,
                combined_progress(share.progress),
                "; ".join(share.texts) or None,
                None if quantity is None or before is None else quantity - before,
            )
        )
    return pd.DataFrame(rows, columns=output_columns("result_contributions"), dtype=object)


def _items(
    plan: pd.DataFrame, shares: dict, period: str, previous: Previous | None
) -> pd.DataFrame:
    """One row per plan item with an indicator, or with results reported on its lines."""
    by_item: dict[tuple[str, str], list[tuple[str, Share]]] = {}
    for (area, item, agency), share in shares.items():
        by_item.setdefault((area, item), []).append((agency, share))
    elapsed = elapsed_share(period)
    rows = []
    for item in plan.sort_values(["area_code", "plan_item_id"]).itertuples():
        key = (item.area_code, item.plan_item_id)
        item = _measured(item)
        funders = by_item.get(key, [])
        if not item.indicator and not any(share.reported for _, share in funders):
            continue
        reporting = [(a, s) for a, s in funders if s.quantity is not None]
        delivered = sum((s.quantity for _, s in reporting), Decimal(0)) if item.indicator else None
        target = item.target if item.indicator else None
        before = previous.delivered_of(*key) if previous else None
        rows.append(
            (
                item.area_code,
                item.plan_item_id,
                item.category,
                item.title,
                item.indicator,
                item.unit,
                item.baseline,
                target,
                delivered,
                _progress(delivered, target),
                fraction_ratio(elapsed) if target else None,
                result_state(delivered, target, elapsed),
                item_progress([combined_progress(s.progress) for _, s in funders]),
                len(funders) >= 2,
                len(reporting),
                ", ".join(agency for agency, _ in reporting),
                _total(s.households for _, s in funders),
                _total(s.people for _, s in funders),
                None if delivered is None or before is None else delivered - before,
            )
        )
    return pd.DataFrame(rows, columns=output_columns("results"), dtype=object)


class _MeasuredItem(NamedTuple):
    area_code: str
    plan_item_id: str
    category: str
    title: str
    indicator: str | None
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None


def _measured(item) -> _MeasuredItem:
    """A plan row's measure with pandas' missing values (NaN of a frame that was copied or
    joined) as None."""
    return _MeasuredItem(
        item.area_code,
        item.plan_item_id,
        item.category,
        item.title,
        *(None if missing(v) or v == "" else v for v in (item.indicator, item.unit)),
        *(None if missing(v) else v for v in (item.baseline, item.target)),
    )


def _progress(delivered: Decimal | None, target: Decimal | None) -> float | None:
    if delivered is None or not target:
        return None
    return fraction_ratio(Fraction(delivered) / Fraction(target))


def _total(counts) -> int | None:
    given = [c for c in counts if c is not None]
    return sum(given) if given else None


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
