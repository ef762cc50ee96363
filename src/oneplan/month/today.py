"""Which month it is, in the settings' time zone (Asia/Bangkok unless set): the month now
(the period of files that name none), the month just ended (the one the scheduled run
reconciles), and the month being reported (the one a blank template is for)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from oneplan.settings import Settings
from oneplan.timeliness.deadlines import deadline_rules
from oneplan.values.periods import current_month, previous_month


def local_today(settings: Settings) -> dt.date:
    """Today's date in the settings' time zone."""
    return dt.datetime.now(ZoneInfo(settings.timezone)).date()


def this_month(settings: Settings) -> str:
    """The month now, as `YYYY-MM`."""
    return current_month(local_today(settings))


def month_just_ended(settings: Settings) -> str:
    """The month before this one, as `YYYY-MM`: the scheduled run's period."""
    return previous_month(local_today(settings))


def deadline_of(
    period: str, settings: Settings, registry=None, agency_code: str | None = None
) -> dt.datetime:
    """The period's submission deadline for the network: its own when the settings move it
    (`period_deadlines`), else `deadline_day` of the next month, 23:59 local; of one agency
    (`agency_code`, by the `registry`'s own days), that agency's."""
    rules = deadline_rules(settings, registry)
    return rules.of_network(period) if agency_code is None else rules.of_agency(agency_code, period)


def month_reported_now(settings: Settings, now: dt.datetime | None = None) -> str:
    """The month agencies are reporting now: last month until its deadline, then this one
    (the period a blank template is for unless one is asked)."""
    now = now or dt.datetime.now(dt.UTC)
    local = now.astimezone(ZoneInfo(settings.timezone)).date()
    last = previous_month(local)
    return last if now <= deadline_of(last, settings) else current_month(local)
