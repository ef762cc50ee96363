"""The reconciliation's input frames, made from the month's checked submissions and the
plan and registry: which submissions there are, the lines that count, and which (agency,
area) pairs are expected. Their columns are defined in `oneplan.schemas`."""

from __future__ import annotations

from itertools import repeat

import pandas as pd

from oneplan.check.reference import Plan, Registry
from oneplan.check.submission import Submission
from oneplan.schemas import COUNTED_LINE_COLUMNS, RECEIVED_SUBMISSION_COLUMNS
from oneplan.values.periods import fiscal_year


def submissions_frame(submissions: list[Submission]) -> pd.DataFrame:
    """One row per submission: its file, identity, when it was received and its verdict."""
    return pd.DataFrame(
        [
            {
                "submission_id": s.file.sha256,  # unique: two versions may share a name
                "source_file": s.rel_path,
                "sha256": s.file.sha256,
                "agency_code": s.agency_code,
                "area_code": s.area_code,
                "period": s.period,
                "received_at": s.file.received_at,
                "received_seq": s.file.received_seq,
                "rejected": s.rejected,
                "identified": s.identified,
                "rejected_rows": s.rejected_rows,
            }
            for s in submissions
        ],
        columns=RECEIVED_SUBMISSION_COLUMNS,
    )


def lines_frame(submissions: list[Submission]) -> pd.DataFrame:
    """The lines that count, of every submission: one frame, built column by column."""
    columns: dict[str, list] = {name: [] for name in COUNTED_LINE_COLUMNS}
    for submission in submissions:
        counted = submission.counted_columns()
        if not counted:
            continue
        columns["submission_id"].extend(repeat(submission.file.sha256, len(counted["row"])))
        for name in COUNTED_LINE_COLUMNS[1:]:
            columns[name].extend(counted[name])
    # Text stays in Python's strings: a month's lines repeat a few values per column (one
    # hash per file, a few activities), each held once and pointed at. Pandas' text type
    # would copy every value of 500,000 lines (100 MB more for a national month).
    frame = pd.DataFrame(
        {name: pd.Series(columns[name], dtype=object) for name in COUNTED_LINE_COLUMNS}
    )
    for column in ("line_no", "budget", "disbursed", "row"):
        frame[column] = frame[column].astype("int64")
    return frame


def expected_submissions(registry: Registry, plan: Plan, period: str) -> pd.DataFrame:
    """(agency, area) pairs the registry expects a submission from every month."""
    areas = set(plan.items_of(fiscal_year(period))["area_code"])
    pairs = [
        (row.agency_code, area)
        for row in registry.agencies.itertuples()
        for area in (row.areas or [])
        if area in areas
    ]
    return pd.DataFrame(pairs, columns=["agency_code", "area_code"])
