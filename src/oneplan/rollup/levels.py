"""The roll-up stage: each level's figures (network, provinces, districts), its coverage by
category and the unfunded plan items of highest priority.

A level's group is its province (and district). Areas without a place are grouped as
unassigned: their province and district are None, and they are still in the network.

- required, committed, covered, gap, excess, the counts of plan items by status, the
  co-funded items and the items with a target on track, behind and not started: sums of
  the areas'; coverage = covered ÷ required;
- total_budget and aligned_budget: sums over the agencies' figures in the group's areas;
  aligned_share = aligned ÷ total;
- areas; areas_without_partners: areas where no agency's counted lines bring any budget;
  agencies: distinct agencies with counted lines in the group's areas;
- the spread of area coverage (`oneplan.rollup.spread`);
- expected, reported, on_time, late, pending, missing and the reporting and on-time rates of
  the (agency, area) pairs of the group (`oneplan.timeliness.status.rates`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from oneplan.check.hierarchy import Hierarchy
from oneplan.reconcile import Reconciliation
from oneplan.reconcile.areas import coverage_figures, with_result_counts
from oneplan.reconcile.results import result_counts
from oneplan.rollup.areas import (
    AMOUNTS,
    COUNTS,
    area_frame,
    as_places,
    in_place_order,
    with_places,
)
from oneplan.rollup.attention import unfunded_priorities
from oneplan.rollup.spread import coverage_spread
from oneplan.schemas import output_columns
from oneplan.timeliness.status import RATE_COLUMNS, rates
from oneplan.values.money import ratio

LEVELS = ("network", "province", "district")
KEYS = {"network": [], "province": ["province"], "district": ["province", "district"]}
TABLES = {"network": "network", "province": "provinces", "district": "districts"}
UNASSIGNED = ""  # the group key of areas without a province or district, while grouping


@dataclass
class Rollups:
    """The roll-up figures of a period: a table per level, categories and unfunded items of
    every level (with a `level` column), and the areas with their places."""

    levels: dict[str, pd.DataFrame]
    categories: pd.DataFrame
    unfunded: pd.DataFrame
    areas: pd.DataFrame
    # The (agency, area) pairs past their deadline with nothing received, with their place:
    # whom a province or district follows up.
    missing: pd.DataFrame | None = None

    @property
    def assigned(self) -> bool:
        """Whether the plan places any area in a district or province."""
        return bool(self.areas["province"].notna().any() or self.areas["district"].notna().any())

    def tables(self) -> dict[str, pd.DataFrame]:
        """The output tables (`oneplan.schemas.OUTPUT_TABLES`), by name."""
        return {
            **{TABLES[level]: frame for level, frame in self.levels.items()},
            "level_categories": self.categories,
            "level_unfunded": self.unfunded,
        }


def roll_up(result: Reconciliation, hierarchy: Hierarchy, area_names: dict[str, str]) -> Rollups:
    """Every level's figures of `result` (with its timeliness, when it has one); the areas
    named as the plan names them."""
    areas = area_frame(result, hierarchy)
    areas.insert(1, "area_name", [area_names.get(code) for code in areas["area_code"]])
    places = areas[["area_code", "province", "district"]]
    working = with_places(result.agencies[result.agencies["lines"] > 0], places)
    timeliness = None if result.timeliness is None else with_places(result.timeliness, places)
    items = with_places(result.plan_items, places)
    if timeliness is not None:  # each area's own reporting rate, for its province's reports
        own = rates(timeliness, ["area_code"])[["area_code", "reporting_rate"]]
        areas = areas.merge(own, on="area_code", how="left")
    levels = {level: _level_table(level, areas, working, timeliness) for level in LEVELS}
    tracked = with_places(result.results.items, places) if result.results else None
    categories = pd.concat(
        [_categories(level, items, tracked) for level in LEVELS], ignore_index=True
    )
    return Rollups(
        levels=levels,
        categories=categories[output_columns("level_categories")].assign(
            province=as_places(categories["province"]), district=as_places(categories["district"])
        ),
        unfunded=unfunded_priorities(items, {level: KEYS[level] for level in LEVELS}),
        areas=areas,
        missing=None
        if timeliness is None
        else timeliness.loc[
            timeliness["status"] == "missing", ["agency_code", "area_code", "province", "district"]
        ].reset_index(drop=True),
    )


def _grouped(frame: pd.DataFrame, keys: list[str]):
    """`frame` grouped by `keys` with unassigned places as a group of their own."""
    if not keys:
        return [((), frame)]
    filled = frame.assign(**{key: frame[key].fillna(UNASSIGNED) for key in keys})
    return [
        (key if isinstance(key, tuple) else (key,), group)
        for key, group in filled.groupby(keys, sort=False)
    ]


def _place(keys: list[str], values: tuple) -> dict:
    return {
        key: (None if value == UNASSIGNED else value)
        for key, value in zip(keys, values, strict=True)
    }


def _level_table(level: str, areas, working, timeliness) -> pd.DataFrame:
    """The table of one level: a row of figures per group of its areas (module docstring),
    in place order; `working`: the agencies' rows with counted lines, `timeliness`: the
    month's, each with its area's place."""
    keys = KEYS[level]
    agencies = {k: len(set(g["agency_code"])) for k, g in _grouped(working, keys)}
    reporting = {} if timeliness is None else {k: g for k, g in _grouped(timeliness, keys)}
    rows = []
    for group_key, group in _grouped(areas, keys):
        sums = {name: int(group[name].sum()) for name in (*AMOUNTS, *COUNTS)}
        rows.append(
            {
                **_place(keys, group_key),
                "areas": len(group),
                "areas_without_partners": int((group["total_budget"] == 0).sum()),
                **sums,
                "coverage": ratio(sums["covered"], sums["required"]),
                **coverage_spread(group),
                "agencies": agencies.get(group_key, 0),
                "aligned_share": ratio(sums["aligned_budget"], sums["total_budget"]),
                **_rates(reporting.get(group_key), timeliness is not None),
            }
        )
    columns = output_columns(TABLES[level])
    table = pd.DataFrame(rows)
    if not rows:
        table = pd.DataFrame(columns=columns)
    table = table.assign(
        weakest_areas=table["weakest_areas"].map(", ".join),
        # None where unassigned, not pandas' NaN of a text column.
        **{key: pd.Series([row[key] for row in rows], dtype=object) for key in keys},
    )
    return in_place_order(table, keys)[columns].reset_index(drop=True)


def _rates(group: pd.DataFrame | None, known: bool) -> dict:
    """Who reported in a group's (agency, area) pairs; empty figures when the month's
    timeliness is not `known`."""
    if not known:
        return dict.fromkeys(RATE_COLUMNS)
    if group is None:
        group = pd.DataFrame({"status": pd.Series([], dtype=object)})
    return rates(group, []).to_dict("records")[0]


def _categories(level: str, items: pd.DataFrame, results: pd.DataFrame | None) -> pd.DataFrame:
    """Each group's coverage by category at `level` (`level_categories`' rows), and how its
    items with a target stand (`results`: the month's, with their places)."""
    keys = KEYS[level]
    filled = items.assign(**{key: items[key].fillna(UNASSIGNED) for key in keys})
    figures = coverage_figures(filled, [*keys, "category"]).reset_index()
    if results is None:
        results = pd.DataFrame(columns=[*keys, "category", "state"])
    results = results.assign(**{key: results[key].fillna(UNASSIGNED) for key in keys})
    figures = with_result_counts(
        figures, result_counts(results, [*keys, "category"]), [*keys, "category"]
    )
    for key in keys:
        figures[key] = as_places(figures[key], UNASSIGNED)
    figures["level"] = level
    for key in ("province", "district"):
        if key not in figures:
            figures[key] = None
    return in_place_order(figures, keys)
