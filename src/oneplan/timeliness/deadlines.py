"""The deadline of a period for each agency: the network's day, an agency's own number of
days after the month's end, or the period's own deadline (a holiday), in that order of
precedence from last to first."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd

from oneplan.settings import Settings
from oneplan.values.times import submission_deadline


@dataclass(frozen=True)
class DeadlineRules:
    """What decides deadlines: `deadline_day` of the following month for the network,
    `agency_days` (agency code -> days after the month's end) for agencies with their own,
    and `period_deadlines` (period -> local date, `YYYY-MM-DD`, or moment, `YYYY-MM-DD
    HH:MM`) for periods moved for everyone; all in `timezone`."""

    timezone: str = "Asia/Bangkok"
    deadline_day: int = 10
    agency_days: Mapping[str, int] = field(default_factory=dict)
    period_deadlines: Mapping[str, str] = field(default_factory=dict)

    def of_network(self, period: str) -> dt.datetime:
        """The period's deadline for an agency without its own: the period's own if the
        settings move it, else `deadline_day` of the next month, 23:59:59."""
        if period in self.period_deadlines:
            return local_deadline(self.period_deadlines[period], self.timezone)
        return submission_deadline(period, self.deadline_day, self.timezone)

    def of_agency(self, agency_code: str, period: str) -> dt.datetime:
        """`agency_code`'s deadline for `period`: a period moved by the settings holds for
        every agency; else the agency's own days after the month's end; else the network's."""
        days = self.agency_days.get(agency_code)
        if period in self.period_deadlines or days is None:
            return self.of_network(period)
        year, month = (int(part) for part in period.split("-"))
        month_end = dt.date(year, month, calendar.monthrange(year, month)[1])
        day = month_end + dt.timedelta(days=days)
        return dt.datetime.combine(day, dt.time(23, 59, 59), ZoneInfo(self.timezone))


def local_deadline(text: str, timezone: str) -> dt.datetime:
    """A deadline written in the settings: `YYYY-MM-DD` (that day, 23:59:59) or
    `YYYY-MM-DD HH:MM` (that minute's last second), local to `timezone`. ValueError if
    it is neither."""
    text = text.strip()
    zone = ZoneInfo(timezone)
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return dt.datetime.combine(day, dt.time(23, 59, 59), zone)
    moment = dt.datetime.strptime(text, "%Y-%m-%d %H:%M")
    return moment.replace(second=59, tzinfo=zone)


def deadline_rules(settings: Settings, registry=None) -> DeadlineRules:
    """The deadlines of the settings and, when given, of the registry's agencies (their
    `deadline_days`)."""
    agency_days = {}
    agencies = None if registry is None else registry.agencies
    if agencies is not None and "deadline_days" in agencies:
        agency_days = {
            code: int(days)
            for code, days in zip(agencies["agency_code"], agencies["deadline_days"], strict=True)
            if not pd.isna(days)
        }
    return DeadlineRules(
        timezone=settings.timezone,
        deadline_day=settings.deadline_day,
        agency_days=agency_days,
        period_deadlines=dict(settings.period_deadlines),
    )
