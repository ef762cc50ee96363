"""The month's timeliness (`oneplan.timeliness`), wired: the deadlines from the settings
and the registry, the expected agencies from the registry and the plan, each file's
arrival from the ledger (`Ledger.arrivals`), at a moment given by the caller."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from oneplan.ledger import Ledger
from oneplan.ledger.closures import ClosingsInForce
from oneplan.month.closing import with_closed_areas
from oneplan.month.reference import Reference
from oneplan.reconcile.frames import expected_submissions
from oneplan.settings import Settings
from oneplan.timeliness.deadlines import DeadlineRules, deadline_rules
from oneplan.timeliness.status import Arrival, rates, timeliness_table
from oneplan.values.numbers import plain
from oneplan.values.periods import fiscal_year, months_before

ARRIVAL_FIELDS = {field.name for field in dataclasses.fields(Arrival)}


def month_timeliness(
    settings: Settings,
    reference: Reference,
    ledger: Ledger,
    period: str,
    now: dt.datetime,
    closings: ClosingsInForce | None = None,
) -> pd.DataFrame:
    """The `timeliness` table of `period` at `now`: every agency and area the registry
    expects (`expected_submissions`; in an area closed on its own, those its closing kept),
    by the arrivals the ledger holds; of a closed period or area, those its closing counted
    (files first seen after it do not count until it reopens). `closings`: the period's
    closings in force (`Ledger.closings_in_force`), read from the ledger when not given."""
    closings = closings or ledger.closings_in_force(period)
    reference = with_closed_areas(reference, closings.area_closings)
    expected = expected_submissions(reference.registry, reference.plan, period)
    arrivals = [
        Arrival(**{k: v for k, v in row.items() if k in ARRIVAL_FIELDS})
        for row in ledger.arrivals([period])
        if not closings.came_after(row["area_code"], row["first_seen_at"])
    ]
    return timeliness_table(
        period,
        zip(expected["agency_code"], expected["area_code"], strict=True),
        arrivals,
        deadline_rules(settings, reference.registry),
        now,
    )


# How far back an agency's own record reaches (the month's included): a year.
RECORD_MONTHS = 12
RECORD_COLUMNS = ["agency_code", "area_code", "period", "deadline", "status", "minutes_late"]


def timeliness_record(
    settings: Settings,
    reference: Reference,
    ledger: Ledger,
    period: str,
    now: dt.datetime,
    months: int = RECORD_MONTHS,
) -> pd.DataFrame:
    """Who reported on time in the periods before `period`, within `months` months of it
    (`period` included), that the network has run (a month before oneplan was used is not
    a month everyone missed): each period's timeliness at `now`, by the same rules as the
    month's own (`month_timeliness`), of the agencies the registry expects now."""
    first = months_before(period, months - 1)
    periods = [p for p in ledger.run_periods() if first <= p < period]
    tables = [
        month_timeliness(settings, reference, ledger, p, now)[RECORD_COLUMNS] for p in periods
    ]
    if not tables:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in RECORD_COLUMNS})
    return pd.concat(tables, ignore_index=True)


def timeliness_with_record(
    settings: Settings,
    reference: Reference,
    ledger: Ledger,
    period: str,
    now: dt.datetime,
    closings: ClosingsInForce | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The month's `timeliness` table and the record of the periods before it."""
    return (
        month_timeliness(settings, reference, ledger, period, now, closings),
        timeliness_record(settings, reference, ledger, period, now),
    )


def periods_record(
    settings: Settings,
    reference: Reference,
    ledger: Ledger,
    now: dt.datetime,
    agency_code: str | None = None,
) -> list[dict]:
    """Each period run, latest first, as `oneplan history` shows it: closed or open (and
    its areas closed on their own), who reported on time in it at `now` (the month's counts
    and rates; of one agency, its status in each of its areas)."""
    record = []
    for period in reversed(ledger.run_periods()):
        closings = ledger.closings_in_force(period)
        table = month_timeliness(settings, reference, ledger, period, now, closings)
        areas = set(reference.plan.items_of(fiscal_year(period))["area_code"])
        every_area = bool(areas) and areas <= set(closings.area_closings)
        entry = {
            "period": period,
            "closed": closings.period_closing is not None or every_area,
            "closed_areas": sorted(closings.area_closings),
        }
        if agency_code is None:
            entry |= {k: plain(v) for k, v in rates(table, []).to_dict("records")[0].items()}
        else:
            own = table[table["agency_code"] == agency_code]
            entry["areas"] = [
                {
                    "area_code": row.area_code,
                    "status": row.status,
                    "minutes_late": plain(row.minutes_late),
                }
                for row in own.itertuples()
            ]
        record.append(entry)
    return record


def next_change(table: pd.DataFrame, rules: DeadlineRules) -> dt.datetime | None:
    """The first moment after which `table` would say something else with nothing new
    received: the earliest deadline of a pending agency (it becomes missing); None when
    nobody is pending."""
    pending = table[table["status"] == "pending"]
    deadlines = [
        rules.of_agency(agency, period)
        for agency, period in zip(pending["agency_code"], pending["period"], strict=True)
    ]
    return min(deadlines, default=None)
