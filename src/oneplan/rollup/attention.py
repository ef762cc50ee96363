"""What a district, a province or the network should look at first: the plan items of
highest priority that no partner funds yet.

An item counts when its status is `unfunded` (the plan requires money and no partner
commits any). Within a group they are ranked by priority (1 first, none last), then by
the money required (most first), then by area and item code; the first few are listed.
"""

from __future__ import annotations

import pandas as pd

from oneplan.rollup.areas import as_places, in_place_order
from oneplan.schemas import output_columns

UNFUNDED_LISTED = 5  # items listed per group


def unfunded_priorities(items: pd.DataFrame, keys_by_level: dict[str, list[str]]) -> pd.DataFrame:
    """The `level_unfunded` table: per level and group, its first unfunded items, ranked."""
    unfunded = items[items["status"] == "unfunded"]
    unset = unfunded["priority"].isna()
    ranked = unfunded.assign(
        _unset=unset,
        _priority=unfunded["priority"].where(~unset, 0).astype("int64"),
        _required=-unfunded["required"].astype("int64"),
    ).sort_values(["_unset", "_priority", "_required", "area_code", "plan_item_id"])
    tables = []
    for level, keys in keys_by_level.items():
        grouped = ranked.assign(**{key: ranked[key].fillna("") for key in keys})
        first = (
            grouped.groupby(keys, sort=False).head(UNFUNDED_LISTED)
            if keys
            else grouped.head(UNFUNDED_LISTED)
        )
        rank = (
            first.groupby(keys, sort=False).cumcount() + 1
            if keys
            else pd.Series(range(1, len(first) + 1), index=first.index)
        )
        first = in_place_order(first.assign(level=level, rank=rank), keys)
        tables.append(
            first.assign(**{key: None for key in ("province", "district") if key not in keys})
        )
    columns = output_columns("level_unfunded")
    if not tables:
        return pd.DataFrame(columns=columns)
    table = pd.concat(tables, ignore_index=True)[columns]
    return table.assign(
        province=as_places(table["province"]), district=as_places(table["district"])
    )
