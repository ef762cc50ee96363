"""Each expected agency's timeliness in a period, and the reporting and on-time rates.

Input: the expected (agency, area) pairs of the period, every identified file of the
period (`Arrival`: when it arrived, whether it was accepted), the deadlines and the
moment now. Output: the `timeliness` table (`TIMELINESS_COLUMNS`, one row per expected
pair) and its rates (`rates`). Plain functions of plain data: the clock is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from oneplan.timeliness.deadlines import DeadlineRules
from oneplan.values.money import ratio
from oneplan.values.times import local_stamp

STATUSES = ("on_time", "late", "pending", "missing")
TIMELINESS_COLUMNS = [
    "agency_code",
    "area_code",
    "period",
    "deadline",
    "status",
    "first_arrived_at",
    "minutes_late",
    "arrival_recorded",
    "corrections",
    "last_arrived_at",
    "rejected_files",
]
RATE_COLUMNS = [
    "expected",
    "reported",
    "on_time",
    "late",
    "pending",
    "missing",
    "reporting_rate",
    "on_time_rate",
]


@dataclass(frozen=True)
class Arrival:
    """An identified file of a period: who sent it, when it arrived (aware), whether it
    was accepted, and the coordinator's note when its arrival time was recorded by hand."""

    agency_code: str
    area_code: str
    sha256: str
    arrived_at: dt.datetime
    accepted: bool
    recorded_note: str | None = None


def timeliness_table(
    period: str,
    expected: Iterable[tuple[str, str]],
    arrivals: Iterable[Arrival],
    rules: DeadlineRules,
    now: dt.datetime,
) -> pd.DataFrame:
    """One row per expected (agency, area) of `period`, in code order: its deadline, status,
    the arrival of its first accepted file and how late (whole minutes), the note of a
    recorded arrival, how many accepted files came after the first (corrections, which keep
    the first's timeliness) and when the last came, and how many files were rejected."""
    by_pair: dict[tuple[str, str], list[Arrival]] = {}
    for arrival in arrivals:
        by_pair.setdefault((arrival.agency_code, arrival.area_code), []).append(arrival)
    rows = []
    for agency, area in sorted(set(expected)):
        files = by_pair.get((agency, area), [])
        deadline = rules.of_agency(agency, period)
        accepted = sorted((f for f in files if f.accepted), key=lambda f: f.arrived_at)
        first, last = (accepted[0], accepted[-1]) if accepted else (None, None)
        rows.append(
            {
                "agency_code": agency,
                "area_code": area,
                "period": period,
                "deadline": local_stamp(deadline, rules.timezone),
                "status": _status(first, deadline, now),
                "first_arrived_at": _stamp(first, rules.timezone),
                "minutes_late": _minutes_late(first, deadline),
                "arrival_recorded": first.recorded_note if first else None,
                "corrections": max(len(accepted) - 1, 0),
                "last_arrived_at": _stamp(last, rules.timezone) if len(accepted) > 1 else None,
                "rejected_files": sum(not f.accepted for f in files),
            }
        )
    # Text as Python strings whatever a column holds (a column of Nones would otherwise be
    # of another type than one with text: the reports' inputs hashes hold the types).
    table = pd.DataFrame(rows, columns=TIMELINESS_COLUMNS, dtype=object)
    for column in ("minutes_late", "corrections", "rejected_files"):
        table[column] = table[column].astype("Int64")
    return table


def _status(first: Arrival | None, deadline: dt.datetime, now: dt.datetime) -> str:
    if first is not None:
        return "on_time" if first.arrived_at <= deadline else "late"
    return "pending" if now <= deadline else "missing"


def _minutes_late(first: Arrival | None, deadline: dt.datetime) -> int | None:
    if first is None or first.arrived_at <= deadline:
        return None
    return int((first.arrived_at - deadline).total_seconds() // 60) or 1  # late: a minute at least


def _stamp(arrival: Arrival | None, timezone: str) -> str | None:
    return None if arrival is None else local_stamp(arrival.arrived_at, timezone)


def rates(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The counts of each status and the rates of `table` grouped by `by` (e.g. area_code,
    agency_code, period; [] for one row): reporting rate = (on time + late) ÷ expected,
    on-time rate = on time ÷ expected, exact and rounded half up to 4 places."""
    if by:
        groups = table.groupby(by, sort=True)["status"]
        counted = [(key if isinstance(key, tuple) else (key,), list(g)) for key, g in groups]
    else:  # the whole table, one row even when nobody is expected
        counted = [((), table["status"].tolist())]
    rows = []
    for keys, statuses in counted:
        on_time, late, pending, missing = (statuses.count(status) for status in STATUSES)
        expected = len(statuses)
        rows.append(
            {
                **dict(zip(by, keys, strict=True)),
                "expected": expected,
                "reported": on_time + late,
                "on_time": on_time,
                "late": late,
                "pending": pending,
                "missing": missing,
                "reporting_rate": ratio(on_time + late, expected),
                "on_time_rate": ratio(on_time, expected),
            }
        )
    return pd.DataFrame(rows, columns=[*by, *RATE_COLUMNS])
