"""Indexes over the month's tables that the reports read from: rows by agency, area or
both, looked up in dicts rather than filtered per report."""

from __future__ import annotations

import dataclasses
from collections import defaultdict, namedtuple
from operator import attrgetter

import numpy as np
import pandas as pd


def rows_by(frame: pd.DataFrame, *by: str) -> dict:
    """The frame's rows (named tuples as `itertuples` gives them, in order), by the
    value(s) of the columns `by`.

    Read once for the whole month: a report then takes its rows from a dict, where pandas
    would spend a millisecond a report on each filter. Built from whole columns: iterating
    a text column value by value costs several times more.
    """
    row_type = namedtuple("Row", ["Index", *frame.columns], rename=True)
    columns = [frame.index.tolist(), *(frame[name].tolist() for name in frame.columns)]
    key = attrgetter(*by)
    rows: dict = defaultdict(list)
    for row in map(row_type._make, zip(*columns, strict=True)):
        rows[key(row)].append(row)
    return dict(rows)


def records_by(frame: pd.DataFrame, key: str) -> dict:
    """The frame's rows as dicts of their other columns, by the value of `key` (what
    `set_index(key).to_dict("index")` gives, built from whole columns)."""
    names = [name for name in frame.columns if name != key]
    columns = [frame[name].tolist() for name in names]
    return {
        value: dict(zip(names, row, strict=True))
        for value, *row in zip(frame[key].tolist(), *columns, strict=True)
    }


def positions_by(values: list) -> dict:
    """The positions at which each value occurs, in order (as numpy arrays)."""
    positions: dict = defaultdict(list)
    for position, value in enumerate(values):
        positions[value].append(position)
    return {value: np.array(found) for value, found in positions.items()}


def month_parts(result) -> dict[str, dict]:
    """The month's tables cut for the reports (`ReportData.part`): rows by agency, area or
    both, the timeliness and the results."""
    return {
        "agencies": rows_by(result.agencies, "agency_code"),
        "agencies_in_area": rows_by(result.agencies, "area_code"),
        "lines": rows_by(result.lines, "agency_code", "area_code"),
        "plan_items": rows_by(result.plan_items, "area_code"),
        "categories": rows_by(result.categories, "area_code"),
        **timeliness_parts(result),
        **result_parts(result),
    }


def timeliness_parts(result) -> dict[str, dict]:
    """The month's timeliness by area and by agency, and the agencies' record of the
    periods before, when the month has them (a month's run makes them)."""
    parts = {}
    if result.timeliness is not None:
        parts["timeliness_in_area"] = rows_by(result.timeliness, "area_code")
        parts["timeliness_of"] = rows_by(result.timeliness, "agency_code")
    if result.timeliness_record is not None:
        parts["timeliness_record"] = rows_by(result.timeliness_record, "agency_code")
    return parts


def result_parts(result) -> dict[str, dict]:
    """The month's results (`oneplan.reconcile.results`) by area, and the partners' parts
    by (area, plan item) and by (agency, area), when the month has them."""
    if result.results is None:
        return {}
    contributions = result.results.contributions
    return {
        "results": rows_by(result.results.items, "area_code"),
        "result_parts": rows_by(contributions, "area_code", "plan_item_id"),
        "results_of": rows_by(contributions, "agency_code", "area_code"),
    }


def results_in(results, places: set[str]):
    """The results of the areas `places` (a report batch's part): the two tables cut, the
    parts read and the findings (which no report shows) left out."""
    if results is None:
        return None
    items, contributions = results.items, results.contributions
    return dataclasses.replace(
        results,
        items=items[items["area_code"].isin(places)],
        contributions=contributions[contributions["area_code"].isin(places)],
        parts=[],
        findings=[],
    )


def area_names(plan_items: pd.DataFrame) -> dict[str, str]:
    """Area code -> the first name the plan gives it (areas without a name are left out)."""
    named = plan_items.dropna(subset=["area_name"]).drop_duplicates("area_code")
    return named.set_index("area_code")["area_name"].to_dict()
