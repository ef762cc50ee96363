"""The output tables as people and scripts read them: amounts in baht, columns in order.

Inside oneplan amounts are satang (int); here, and only here, they become baht numbers.
"""

from __future__ import annotations

import pandas as pd

from oneplan.issues import ISSUE_COLUMNS, Issue
from oneplan.reconcile import Reconciliation
from oneplan.schemas import OUTPUT_TABLES
from oneplan.values.numbers import missing

SHEETS = (
    "plan_items",
    "agencies",
    "lines",
    "categories",
    # What the partners delivered (`oneplan.reconcile.results`).
    "results",
    "result_contributions",
    "timeliness",
    # The roll-ups (`oneplan.rollup`): the network, each province and district.
    "network",
    "provinces",
    "districts",
    "level_categories",
    "level_unfunded",
    "issues",
)


def in_baht(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The output table `table` as people and scripts read it, amounts in baht: its
    columns in order, each converted on its own (a copy of the whole frame first would
    hold a national month's lines twice)."""
    columns = {}
    for name, column in OUTPUT_TABLES[table].columns.items():
        kind, values = column.metadata["kind"], frame[name]
        if kind == "amount":
            # Whole satang below 2**53 are exact as floats and the division rounds
            # correctly: each value is the float nearest its baht, as `int(v) / 100` gives.
            columns[name] = pd.array(values, dtype="Int64") / 100
        elif kind == "ratio":
            columns[name] = pd.array(list(values), dtype="Float64")
        elif kind == "integer":
            columns[name] = pd.array(list(values), dtype="Int64")
        elif kind == "quantity":
            # Exact inside oneplan (Decimal); a number people and scripts compute with here.
            columns[name] = pd.array(
                [None if missing(v) else float(v) for v in values], dtype="Float64"
            )
        elif kind == "boolean":
            columns[name] = values.to_numpy(dtype=bool)
        else:
            # Text as pandas' text type, which both writers read as it is (given Python
            # strings, reconciliation.xlsx's writer makes such a copy itself, and holds it
            # longer). The month's frames keep Python strings: see `oneplan.reconcile.frames.lines_frame`.
            columns[name] = values.astype("str").array
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)), copy=False)


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """The `issues` table: `Issue.as_row` of each issue, built column by column (a
    national month has hundreds of thousands of issues; a dict per row costs seconds)."""
    columns = {name: [getattr(issue, name) for issue in issues] for name in ISSUE_COLUMNS}
    return pd.DataFrame(columns, columns=ISSUE_COLUMNS, dtype=object if not issues else None)


def output_tables(result: Reconciliation, issues: list[Issue]) -> dict[str, pd.DataFrame]:
    """The tables of reconciliation.xlsx, ready to write (timeliness when the month has it)."""
    frames = {
        "plan_items": result.plan_items,
        "agencies": result.agencies,
        "lines": result.lines,
        "categories": result.categories,
        **({} if result.results is None else result.results.tables()),
        "timeliness": result.timeliness,
        **({} if result.rollups is None else result.rollups.tables()),
        "issues": issues_frame(issues),
    }
    return {name: in_baht(frames[name], name) for name in SHEETS if frames.get(name) is not None}
