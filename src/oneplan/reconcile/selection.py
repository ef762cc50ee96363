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


def zero_line_replacements(
    selection: pd.DataFrame, submissions: pd.DataFrame, lines: pd.DataFrame, period: str
) -> list[dict]:
    """Counted files of `period` with no lines at all that replaced a file of the same
    agency, area and period that had lines: the rule stands (zero lines reports nothing),
    but a blank form sent by mistake wipes the agency's figures, so each case is told.

    One dict per case, sorted by agency and area: `agency_code`, `area_code`, `file_name`
    and `submission_id` (the counted file), `replaced_file_name`, `replaced_submission_id`
    and `replaced_lines` (the latest earlier file of the period that had lines).
    """
    counts = lines.groupby("submission_id").size().to_dict() if len(lines) else {}
    this_period = selection[
        selection["status"].isin(["submitted", "resubmitted"])
        & (selection["source_period"] == period)
    ]
    by_id = submissions.set_index("submission_id")
    # Looked up in a dict: a row lookup in the frame per counted file costs seconds a month.
    rejected_rows = dict(
        zip(submissions["submission_id"], submissions["rejected_rows"], strict=True)
    )
    found = []
    for pick in this_period.itertuples():
        if counts.get(pick.submission_id, 0) or int(rejected_rows[pick.submission_id]):
            continue  # it has lines (some perhaps in error): not a blank form
        counted = by_id.loc[pick.submission_id]
        earlier = submissions[
            (submissions["agency_code"] == pick.agency_code)
            & (submissions["area_code"] == pick.area_code)
            & (submissions["period"] == period)
            & ~submissions["rejected"].astype(bool)
            & submissions["identified"].astype(bool)
            & (submissions["submission_id"] != pick.submission_id)
        ].sort_values(["received_at", "received_seq"])
        with_lines = [s for s in earlier["submission_id"] if counts.get(s, 0)]
        if not with_lines:
            continue
        replaced = with_lines[-1]
        found.append(
            {
                "agency_code": pick.agency_code,
                "area_code": pick.area_code,
                "file_name": counted["source_file"],
                "replaced_file_name": by_id.loc[replaced, "source_file"],
                "submission_id": pick.submission_id,
                "replaced_submission_id": replaced,
                "replaced_lines": int(counts[replaced]),
            }
        )
    return sorted(found, key=lambda case: (case["agency_code"], case["area_code"]))
