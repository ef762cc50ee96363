"""The figures of each agency in each area it is expected in: its status, the submission
that counts and its lines' totals (aligned, unaligned, disbursed) and ratios."""

from __future__ import annotations

import pandas as pd

from oneplan.reconcile.lines import satang
from oneplan.reconcile.previous import Previous
from oneplan.schemas import output_columns
from oneplan.values.money import ratio


def _by_agency(counted: pd.DataFrame) -> dict[tuple, list[int]]:
    """(agency, area) -> [total, aligned, disbursed, lines] of its counted lines."""
    budget = satang(counted["budget"])
    sums = (
        pd.DataFrame(
            {
                "agency_code": counted["agency_code"],
                "area_code": counted["area_code"],
                "total": budget,
                "aligned": budget.where(counted["alignment"] == "aligned", 0),
                "disbursed": satang(counted["disbursed"]),
                "lines": 1,
            }
        )
        .groupby(["agency_code", "area_code"], sort=False)
        .sum()
    )
    return dict(zip(sums.index, sums.to_numpy().tolist(), strict=True))


def agency_figures(selection, submissions, counted, previous: Previous | None) -> pd.DataFrame:
    """The `agencies` table: one row per (agency, area) of the selection, with its counted
    lines' sums and its status in `previous` (and, internally, the submission counted)."""
    files = submissions.set_index("submission_id")[["source_file", "rejected_rows"]]
    by_submission = files.to_dict("index")
    sums = _by_agency(counted)
    rows = []
    for pick in selection.itertuples():
        total, aligned, disbursed, lines = sums.get((pick.agency_code, pick.area_code), (0,) * 4)
        counted_file = by_submission[pick.submission_id] if pick.submission_id is not None else None
        rows.append(
            {
                "agency_code": pick.agency_code,
                "area_code": pick.area_code,
                "status": pick.status,
                "source_period": pick.source_period,
                "source_file": counted_file["source_file"] if counted_file is not None else None,
                "lines": lines,
                "rejected_rows": int(counted_file["rejected_rows"])
                if counted_file is not None
                else 0,
                "total_budget": total,
                "aligned_budget": aligned,
                "unaligned_budget": total - aligned,
                "alignment_ratio": ratio(aligned, total),
                "disbursed": disbursed,
                "disbursement_rate": ratio(disbursed, total),
                "previous_status": (
                    previous.statuses.get((pick.agency_code, pick.area_code)) if previous else None
                ),
                "submission_id": pick.submission_id,  # internal: which file counted
            }
        )
    return pd.DataFrame(rows, columns=[*output_columns("agencies"), "submission_id"], dtype=object)
