"""Running a pandera schema over a parsed table and translating its findings to issues.

Frames validated here carry, besides the schema's columns, `_file`, `_sheet` and `_row`
(where each row was read) and `_letters`, a dict of column name -> column letter for that
row's sheet, so that every failure points at its cell. Many files can be validated in one
call (one frame), which is how a month of submissions is checked in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa

from oneplan.issues import Issue, Location, make_issue
from oneplan.values.money import format_baht

LOCATION_COLUMNS = ["_file", "_sheet", "_row", "_letters"]


def to_frame(
    rows: list[dict], schema: pa.DataFrameSchema, extra: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A frame of parsed rows (dicts) with the schema's columns (all present) and types."""
    names = list(schema.columns) + LOCATION_COLUMNS + list(extra)
    return typed_frame({name: [row.get(name) for row in rows] for name in names}, schema)


def typed_frame(columns: dict[str, list], schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A frame of parsed columns, the schema's ones typed as the schema declares.

    Built column by column: far faster than pandas reading a list of dicts. Values are
    Python objects (None for empty), so that lists and dates stay as they were parsed.
    """
    data: dict[str, object] = {}
    for name, values in columns.items():
        column = schema.columns.get(name)
        if column is None:
            data[name] = values
        elif str(column.dtype) == "Int64":
            data[name] = _nullable_integers(values)
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, copy=False)


def _nullable_integers(values: list) -> pd.api.extensions.ExtensionArray:
    """An Int64 array of ints and Nones, built with numpy (pandas' own way is 3× slower)."""
    if not set(map(type, values)) <= {int, type(None)}:  # pandas casts only safely
        return pd.array(values, dtype="Int64")
    objects = np.array(values, dtype=object)
    missing = np.equal(objects, None)
    objects[missing] = 0
    try:
        return pd.arrays.IntegerArray(objects.astype(np.int64), missing)
    except OverflowError:  # beyond 64 bits: let pandas say why
        return pd.array(values, dtype="Int64")


def cell_location(row: Mapping, column: str) -> Location:
    """Where `column` of a parsed row is: file, sheet, row and cell (e.g. `F12`)."""
    letter = row["_letters"].get(column, "")
    number = int(row["_row"])
    return Location(
        row["_file"], row["_sheet"], number, column, f"{letter}{number}" if letter else ""
    )


def _display(column: pa.Column, value: object) -> str:
    if column.metadata["kind"] == "amount" and value is not None and not pd.isna(value):
        return format_baht(int(value))
    return "" if value is None or (not isinstance(value, list) and pd.isna(value)) else str(value)


# pandera's own checks, named by the issue code they mean here.
PANDERA_CODES = {"not_nullable": "value_missing"}


def schema_issues(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, known: list[Issue] = ()
) -> list[Issue]:
    """Every failure of `schema`'s checks on `frame`, as issues on their cells.

    A cell that already has an issue (a value that could not be read, so it is empty now)
    gets no second one: one problem, one message.
    """
    reported = {(i.source_file, i.row, i.column) for i in known}
    return [
        issue
        for _, issue in schema_failures(frame, schema)
        if (issue.source_file, issue.row, issue.column) not in reported
    ]


def schema_failures(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    locate: Callable[[int, str], Location] | None = None,
) -> list[tuple[int, Issue]]:
    """(frame index, issue) for every failure of `schema`'s checks, one per check and row.

    Where a failing cell is comes from the frame's location columns, or from `locate`
    (frame index, column) for a frame without them.
    """
    if frame.empty:
        return []
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    check_columns = schema.metadata.get("check_columns", {})
    failures: list[tuple[int, Issue]] = []
    seen: set[tuple[str, int]] = set()
    for case in cases.itertuples(index=False):
        code = PANDERA_CODES.get(str(case.check), str(case.check))
        column_name = check_columns.get(code, case.column)
        if case.index is None or pd.isna(case.index) or column_name not in schema.columns:
            raise RuntimeError(f"schema {schema.name} failed as a whole: {case}")  # a bug of ours
        index = int(case.index)
        if (code, index) in seen:
            continue
        seen.add((code, index))
        row = frame.loc[index]
        where = locate(index, column_name) if locate else cell_location(row, column_name)
        failures.append((index, _issue_for(row, where, schema, code, column_name)))
    return failures


def _issue_for(
    row: pd.Series, where: Location, schema: pa.DataFrameSchema, code: str, column_name: str
) -> Issue:
    column = schema.columns[column_name]
    extra = {}
    if code == "disbursed_over_budget":
        extra["budget"] = _display(schema.columns["budget"], row["budget"])
    if code == "end_before_start":
        extra["start"] = row["start_date"]  # a date: the message writes it as a clerk does
    value = row[column_name] if column.metadata["kind"] == "date" else None
    return make_issue(
        code,
        where,
        value=value if value is not None else _display(column, row[column_name]),
        header_th=column.metadata["th"],
        header_en=column.metadata["en"],
        **extra,
    )
