"""Which submission counts for each agency and area, and each one's status in period P.

Input: one row per distinct received file (byte-identical copies already merged) with
`submission_id`, `agency_code`, `area_code`, `period`, `received_at`, `received_seq` (the
ledger's order of receiving, which breaks a tie of received times), `rejected` and
`identified` (agency, area and period established). Output: one row per agency and area
with a status: `status`, `source_period`, `submission_id` (the counted one, if any).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oneplan.values.periods import fiscal_year_start

STATUSES = ("submitted", "resubmitted", "carried_forward", "rejected", "missing")
SELECTION_COLUMNS = ["agency_code", "area_code", "status", "source_period", "submission_id"]


def in_fiscal_year_up_to(periods: pd.Series, period: str) -> pd.Series:
    """Periods that lie in FY(period) and are not after it."""
    start = fiscal_year_start(period)
    known = periods.notna()
    text = periods.where(known, "")
    return (known & (text >= start) & (text <= period)).astype(bool)


def select_submissions(
    submissions: pd.DataFrame, expected: pd.DataFrame, period: str
) -> pd.DataFrame:
    """Status of every agency and area in `period`.

    `expected` lists (agency_code, area_code) pairs from which a submission is expected
    every month (the registry's areas): those with nothing counted and nothing rejected
    are `missing`.
    """
    in_scope = submissions["identified"].astype(bool) & in_fiscal_year_up_to(
        submissions["period"], period
    )
    scope = submissions[in_scope.astype(bool)]
    rejected_in_scope = scope["rejected"].astype(bool)
    valid = scope[~rejected_in_scope].sort_values(
        ["agency_code", "area_code", "period", "received_at", "received_seq"]
    )
    keys = ["agency_code", "area_code"]
    # Of each agency and area, the latest period's files; the last received of them counts.
    latest = valid[valid["period"] == valid.groupby(keys)["period"].transform("max")]
    versions = latest.groupby(keys)["submission_id"].transform("size")
    counted = latest[~latest.duplicated(keys, keep="last")]
    status = np.where(
        counted["period"] == period,
        np.where(versions[counted.index] > 1, "resubmitted", "submitted"),
        "carried_forward",
    )
    rows = list(
        zip(
            counted["agency_code"],
            counted["area_code"],
            status.tolist(),
            counted["period"],
            counted["submission_id"],
            strict=True,
        )
    )
    counted_keys = {(r[0], r[1]) for r in rows}
    rejected = scope[rejected_in_scope]
    rejected_keys = sorted(
        set(zip(rejected["agency_code"], rejected["area_code"], strict=True)) - counted_keys
    )
    rows += [(agency, area, "rejected", None, None) for agency, area in rejected_keys]
    known = counted_keys | set(rejected_keys)
    for agency, area in sorted(
        set(zip(expected["agency_code"], expected["area_code"], strict=True)) - known
    ):
        rows.append((agency, area, "missing", None, None))
    result = pd.DataFrame(rows, columns=SELECTION_COLUMNS, dtype=object)
    return result.sort_values(["agency_code", "area_code"]).reset_index(drop=True)
