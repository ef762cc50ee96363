"""summary.json's `levels`: the roll-ups of the network, each province and each district
(`oneplan.rollup`), amounts in baht, with each level's coverage by category, its weakest
areas and its unfunded plan items of highest priority."""

from __future__ import annotations

import pandas as pd

from oneplan.rollup import Rollups
from oneplan.schemas import OUTPUT_TABLES
from oneplan.values.money import baht
from oneplan.values.numbers import missing, plain

PLACE = ("province", "district")


def levels_summary(rollups: Rollups) -> dict:
    """{"network": {...}, "provinces": [...], "districts": [...]}."""
    area_names = dict(zip(rollups.areas["area_code"], rollups.areas["area_name"], strict=True))
    categories = _by_place(rollups.categories, "level_categories")
    unfunded = _by_place(rollups.unfunded, "level_unfunded")
    coverage = dict(zip(rollups.areas["area_code"], rollups.areas["coverage"], strict=True))

    def entries(level: str, table: str) -> list[dict]:
        frame = rollups.levels[level]
        rows = []
        for row in _values(frame, table):
            place = (level, *(row.get(key) for key in PLACE))
            weakest = [code for code in (row.pop("weakest_areas") or "").split(", ") if code]
            rows.append(
                {
                    **row,
                    "weakest_areas": [
                        {
                            "area_code": code,
                            "area_name": area_names.get(code),
                            "coverage": plain(coverage[code]),
                        }
                        for code in weakest
                    ],
                    "categories": categories.get(place, []),
                    "unfunded_priorities": unfunded.get(place, []),
                }
            )
        return rows

    return {
        "network": entries("network", "network")[0],
        "provinces": entries("province", "provinces"),
        "districts": entries("district", "districts"),
    }


def _values(frame: pd.DataFrame, table: str) -> list[dict]:
    """Rows of an output table as JSON values: amounts in baht, missing as null."""
    kinds = {name: column.metadata["kind"] for name, column in OUTPUT_TABLES[table].columns.items()}
    return [
        {
            name: baht(int(value))
            if kinds[name] == "amount" and not missing(value)
            else plain(value)
            for name, value in row.items()
        }
        for row in frame[list(kinds)].to_dict("records")
    ]


def _by_place(frame: pd.DataFrame, table: str) -> dict[tuple, list[dict]]:
    grouped: dict[tuple, list[dict]] = {}
    for row in _values(frame, table):
        place = (row.pop("level"), *(row.pop(key) for key in PLACE))
        grouped.setdefault(place, []).append(row)
    return grouped


def area_places(rollups: Rollups | None) -> dict[str, dict]:
    """Each area's name, province and district as the run placed it (None where the plan
    gives none), for summary.json's `areas`; {} without roll-ups."""
    if rollups is None:
        return {}
    return {
        row["area_code"]: {key: plain(row[key]) for key in ("area_name", "province", "district")}
        for row in rollups.areas.to_dict("records")
    }
