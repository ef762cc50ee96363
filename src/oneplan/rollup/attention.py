"""What a district, a province or the network should look at first: the plan items of
highest priority that no partner funds yet.

An item counts when its status is `unfunded` (the plan requires money and no partner
commits any). Within a group they are ranked by priority (1 first, none last), then by
the money required (most first), then by area and item code; the first few are listed.
"""

from __future__ import annotations

import pandas as pd

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
        if keys:
            grouped = ranked.assign(**{key: ranked[key].fillna("") for key in keys})
            first = grouped.groupby(keys, sort=False).head(UNFUNDED_LISTED)
            rank = first.groupby(keys, sort=False).cumcount() + 1
            first = first.assign(**{key: first[key].replace("", None) for key in keys})
        else:
            first = ranked.head(UNFUNDED_LISTED)
            rank = pd.Series(range(1, len(first) + 1), index=first.index)
        tables.append(
            first.assign(
                level=level,
                rank=rank,
                **{key: None for key in ("province", "district") if key not in keys},
            )
        )
    columns = output_columns("level_unfunded")
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)
    return (
        table[columns]
        .sort_values(["level", "province", "district", "rank"], key=_level_key, na_position="last")
        .reset_index(drop=True)
    )


def _level_key(column: pd.Series) -> pd.Series:
    return (
        column.map({"network": 0, "province": 1, "district": 2})
        if column.name == "level"
        else column
    )
