"""What the pages show of reporting discipline (`oneplan.timeliness`): for the coordinator,
each expected agency's status in a period (pending and missing first: who to chase) with
the month's and each area's rates; for an agency, its status in each of its areas, period
by period.

Read from a period's `timeliness` table, as its last run made it (a closed period's: as
its closing made it). A period with no such table yet is computed now
(`oneplan.month.timeliness.month_timeliness`, closed areas as their closings kept them),
so that who is pending shows before the first run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from oneplan.ledger import Ledger
from oneplan.month.closing import with_closed_areas
from oneplan.month.reference import Reference
from oneplan.month.timeliness import month_timeliness
from oneplan.report.formats import percent_text
from oneplan.report.labels import timeliness_label
from oneplan.settings import Settings
from oneplan.timeliness.status import rates
from oneplan.values.text import in_thai_dictionary_order
from oneplan.values.times import duration_words
from oneplan.web import period_view
from oneplan.web.period_view import stamp_time

CHASE_ORDER = ("pending", "missing", "late", "on_time")  # who to chase first


@dataclass(frozen=True)
class Status:
    """One expected agency in one area of a period, as people read it: every time local
    with its zone; `late_by` how late (`2 วัน 10 ชั่วโมง`), '' when not late."""

    period: str
    agency_code: str
    area_code: str
    status: str
    label: str
    late_by: str
    deadline: str
    first_arrived: str
    corrections: int
    last_arrived: str
    note: str  # the coordinator's note of a recorded receipt ('' when none)
    rejected_files: int  # its files of the period that did not pass the checks


@dataclass(frozen=True)
class Rates:
    """Counts and rates (as the run's summary has them: `timeliness.status.rates`), the
    rates as text (`ร้อยละ 66.67`)."""

    expected: int
    reported: int
    on_time: int
    late: int
    pending: int
    missing: int
    reporting_rate: str
    on_time_rate: str


@dataclass(frozen=True)
class PeriodTimeliness:
    """A period's statuses (in chase order), its rates and each area's, and whether they
    were computed now (the period has no run's table yet)."""

    rows: list[Status]
    month: Rates
    areas: dict[str, Rates]
    computed_now: bool


def period_table(
    settings: Settings, reference: Reference, ledger: Ledger, period: str, now: dt.datetime
) -> tuple[pd.DataFrame, bool]:
    """The period's `timeliness` table, and whether it was computed now (no run's table)."""
    table = period_view.table(settings, period, "timeliness")
    if table is not None:
        return table, False
    closed = ledger.closed_areas(period)
    kept = with_closed_areas(reference, closed)
    return month_timeliness(settings, kept, ledger, period, now, closed), True


def coordinator_timeliness(
    settings: Settings,
    reference: Reference,
    ledger: Ledger,
    period: str,
    now: dt.datetime,
    names: dict[str, str],
    area_names: dict[str, str],
    lang: str,
) -> PeriodTimeliness:
    """Every expected agency's status in `period`: pending and missing first, then late and
    on time; within each, by area and agency name in Thai dictionary order."""
    table, computed_now = period_table(settings, reference, ledger, period, now)
    rows = statuses(table, settings.timezone, lang)
    rows = in_thai_dictionary_order(rows, name=lambda s: names.get(s.agency_code, s.agency_code))
    rows = in_thai_dictionary_order(rows, name=lambda s: area_names.get(s.area_code, s.area_code))
    rows.sort(key=lambda s: CHASE_ORDER.index(s.status))
    by_area = rates(table, ["area_code"])
    return PeriodTimeliness(
        rows,
        _rates(rates(table, []).iloc[0], lang),
        {row.area_code: _rates(row, lang) for _, row in by_area.iterrows()},
        computed_now,
    )


def agency_timeliness(
    settings: Settings,
    reference: Reference,
    ledger: Ledger,
    agency: str,
    reported: str,
    now: dt.datetime,
    lang: str,
    limit: int = 12,
) -> list[Status]:
    """The agency's status in each of its areas, in its `limit` latest periods with a run's
    table, and in the month being reported (`reported`) even before its first run."""
    periods = sorted(set(period_view.output_periods(settings)) | {reported}, reverse=True)
    found: list[Status] = []
    for period in periods:
        table = period_view.table(settings, period, "timeliness")
        if table is None and period == reported:
            table, _ = period_table(settings, reference, ledger, period, now)
        if table is None:
            continue
        own = statuses(table[table["agency_code"] == agency], settings.timezone, lang)
        if own:
            found.extend(sorted(own, key=lambda s: s.area_code))
            limit -= 1
        if limit == 0:
            break
    return found


def statuses(table: pd.DataFrame, timezone: str, lang: str) -> list[Status]:
    """The rows of a `timeliness` table as people read them, in the table's order."""
    return [
        Status(
            period=row.period,
            agency_code=row.agency_code,
            area_code=row.area_code,
            status=row.status,
            label=timeliness_label(row.status, lang),
            late_by="" if pd.isna(row.minutes_late) else duration_words(row.minutes_late, lang),
            deadline=stamp_time(row.deadline, timezone, lang),
            first_arrived=stamp_time(row.first_arrived_at, timezone, lang),
            corrections=0 if pd.isna(row.corrections) else int(row.corrections),
            last_arrived=stamp_time(row.last_arrived_at, timezone, lang),
            note="" if pd.isna(row.arrival_recorded) else str(row.arrival_recorded),
            rejected_files=0 if pd.isna(row.rejected_files) else int(row.rejected_files),
        )
        for row in table.itertuples()
    ]


def _rates(row, lang: str) -> Rates:
    return Rates(
        **{
            key: int(row[key])
            for key in ("expected", "reported", "on_time", "late", "pending", "missing")
        },
        reporting_rate=percent_text(row["reporting_rate"], lang),
        on_time_rate=percent_text(row["on_time_rate"], lang),
    )
