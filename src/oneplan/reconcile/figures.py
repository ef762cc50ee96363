"""The figures of a period: plan items, agencies, lines, categories and areas.

Everything is computed in whole satang (int); ratios exactly from satang, rounded half
up to 4 decimals (`oneplan.values.money.ratio`). Over-commitment of one plan item never covers
the gap of another: `covered` is summed item by item.

`reconcile` chains the figures: the counted lines (`lines`), then plan items (`items`),
agencies (`agencies`), the items' results (`results`), categories and areas (`areas`),
with the change columns from the previous run (`previous`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from oneplan.reconcile.agencies import agency_figures
from oneplan.reconcile.areas import area_figures, category_figures
from oneplan.reconcile.items import plan_item_figures
from oneplan.reconcile.lines import counted_lines
from oneplan.reconcile.previous import Previous
from oneplan.reconcile.result_checks import result_findings
from oneplan.reconcile.results import Results, result_figures, with_result_columns
from oneplan.reconcile.selection import select_submissions, zero_line_replacements
from oneplan.schemas import output_columns
from oneplan.values.numbers import missing
from oneplan.values.periods import fiscal_year


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
    # Counted files with no lines that replaced a file of the period with lines
    # (`oneplan.reconcile.selection.zero_line_replacements`).
    zero_line_replacements: list[dict] = field(default_factory=list)
    # Who reported on time (`oneplan.timeliness`), set by the month after reconciling;
    # and in the periods run before it, within a year (`timeliness_record`).
    timeliness: pd.DataFrame | None = None
    timeliness_record: pd.DataFrame | None = None
    # The figures of each district, province and the network (`oneplan.rollup.Rollups`),
    # set by the month once the timeliness is known.
    rollups: Any = None
    # What the partners delivered, item by item (`oneplan.reconcile.results`).
    results: Results | None = None

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
            **(self.results.to_keep() if self.results is not None else {}),
        }

    def tables_to_keep(self) -> dict:
        """The output tables of the run (satang), for the ledger's history."""
        frames = {
            "plan_items": self.plan_items,
            "agencies": self.agencies,
            "categories": self.categories,
        }
        if self.results is not None:
            frames["results"] = self.results.items
        return {
            name: [
                {k: (None if missing(v) else _json_value(v)) for k, v in row.items()}
                for row in frame.to_dict("records")
            ]
            for name, frame in frames.items()
        }


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
    lines = with_result_columns(lines)
    selection = select_submissions(submissions, expected, period)
    counted = counted_lines(selection, submissions, lines, plan)
    items = plan_item_figures(plan, counted, previous)
    agencies = agency_figures(selection, submissions, counted, previous)
    results = result_figures(plan, counted, period, previous)
    results.findings = result_findings(results.parts, period, previous)
    categories = category_figures(items, results.items)
    areas = area_figures(items, agencies, results.items)
    return Reconciliation(
        period=period,
        fiscal_year=year,
        plan_items=items,
        agencies=agencies,
        lines=counted[output_columns("lines")].reset_index(drop=True),
        categories=categories,
        areas=areas,
        previous_period=previous.period if previous else None,
        zero_line_replacements=zero_line_replacements(selection, submissions, lines, period),
        results=results,
    )


def _json_value(value: object) -> object:
    """A table's value as the ledger's JSON keeps it: a quantity as its exact text."""
    return str(value) if isinstance(value, Decimal) else value
