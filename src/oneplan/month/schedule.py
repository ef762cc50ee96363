"""When `serve`'s scheduled work happens, and for which period.

The monthly run and send follow the deadline: by default the scheduled flow wakes every
day at 07:00 and runs and sends a period once every agency's deadline has passed (the
latest of the network's, a period's own and the agencies' own: `oneplan.timeliness.
deadlines`), so that no agency is sent its month's report, marked as having sent nothing,
before it was due. A period whose reports have gone out (the ledger's deliveries) is not
sent again; one not yet sent is caught up for `CATCH_UP_DAYS` after its deadline (`serve`
stopped that morning). A `schedule` setting (a cron expression) keeps the earlier rule: on
it, the month just ended.
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
# A period not sent the day after its deadline is sent on a later morning, up to this many
# days after it.
CATCH_UP_DAYS = 7


def monthly_cron(settings: Settings) -> str:
    """The cron of the scheduled monthly flow: the setting's, else every day at 07:00."""
    return settings.schedule.strip() or DAILY_RUN


def scheduled_period(
    settings: Settings, now: dt.datetime, registry=None, sent=lambda period: False
) -> str | None:
    """The period the scheduled flow runs and sends at `now`: with a `schedule` setting, the
    month just ended; else the latest period whose every deadline (`registry`'s agencies
    included) passed before today, at most `CATCH_UP_DAYS` ago, and whose reports were not
    `sent` (a period -> bool)."""
    if settings.schedule.strip():
        return month_just_ended(settings)
    zone = ZoneInfo(settings.timezone)
    today = now.astimezone(zone).date()
    rules = deadline_rules(settings, registry)
    for period in _recent_periods(today):
        last = last_deadline(rules, period)
        days_since = (today - last.astimezone(zone).date()).days
        if 1 <= days_since <= CATCH_UP_DAYS and not sent(period):
            return period
    return None


def last_deadline(rules, period: str) -> dt.datetime:
    """The latest deadline of `period`: the network's, the period's own or an agency's."""
    return max([rules.of_network(period), *_agency_deadlines(rules, period)])


def closes_on_schedule(settings: Settings, period: str, now: dt.datetime, registry) -> bool:
    """Whether the scheduled run of `period` at `now` closes it: asked by the setting
    `close_after_send`, and every deadline of the period passed (a `schedule` cron may run
    the month before its agencies are due: it is not closed then)."""
    rules = deadline_rules(settings, registry)
    return settings.close_after_send and now > last_deadline(rules, period)


def _agency_deadlines(rules, period: str) -> list[dt.datetime]:
    return [rules.of_agency(agency, period) for agency in rules.agency_days]


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
