"""When `serve`'s scheduled work happens, and for which period.

The monthly run and send follow the deadline: by default the scheduled flow wakes every
day at 07:00 and runs and sends the period whose deadline (the network's, a period's own
included: `oneplan.timeliness.deadlines`) ended the day before, so that no agency is sent
its month's report, with those that sent nothing marked as such, before it was due. A
`schedule` setting (a cron expression) keeps the earlier rule: on it, the month just ended.
Reminders wake every day at 08:00 (`reminder_periods`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from oneplan.month.today import month_just_ended
from oneplan.settings import Settings
from oneplan.timeliness.deadlines import deadline_rules
from oneplan.values.periods import format_period

DAILY_RUN = "0 7 * * *"
DAILY_REMINDERS = "0 8 * * *"


def monthly_cron(settings: Settings) -> str:
    """The cron of the scheduled monthly flow: the setting's, else every day at 07:00."""
    return settings.schedule.strip() or DAILY_RUN


def scheduled_period(settings: Settings, now: dt.datetime) -> str | None:
    """The period the scheduled flow runs and sends at `now`: with a `schedule` setting,
    the month just ended; else the period whose deadline was yesterday (local), if any."""
    if settings.schedule.strip():
        return month_just_ended(settings)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    rules = deadline_rules(settings)
    for period in _recent_periods(today):
        if rules.of_network(period).date() == today - dt.timedelta(days=1):
            return period
    return None


def reminder_periods(now: dt.datetime, timezone: str) -> list[str]:
    """The periods reminders may be due for at `now`: the last three months (a period's
    deadline falls in the month after it, or later when moved)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return _recent_periods(today)


def _recent_periods(today: dt.date) -> list[str]:
    """The three months before today's, latest first."""
    periods, first = [], today.replace(day=1)
    for _ in range(3):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        periods.append(format_period(first.year, first.month))
    return periods
