"""Which month it is, in the settings' time zone (Asia/Bangkok unless set): the month now
(the template the pages offer, the period of files that name none) and the month just
ended (the one the scheduled run reconciles)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from oneplan.settings import Settings
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
