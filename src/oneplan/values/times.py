"""Dates and times as people read them, and a period's submission deadline.

Every time a person reads (CLI, web pages, reports, e-mail) is shown in the configured
time zone and labelled with its offset from UTC, so that `15:04 น. (UTC+7)` cannot be
mistaken for UTC. Dates are written as a Thai clerk writes them (`1 พ.ย. 2569`, Buddhist
era) in Thai, and `1 Nov 2026` in English. The ledger keeps UTC (`ledger/stamps.py`);
these functions only turn it into text.

A period's deadline is a day of the following month (the `deadline_day` setting, 10 by
default) at 23:59 in the time zone; a day past the month's end means its last day. The
month being reported is the previous month until its deadline has passed, then this one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from oneplan.values.periods import BE_OFFSET, THAI_MONTHS_ABBR, format_period

ENGLISH_MONTHS_ABBR = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]  # fmt: skip


def short_date(day: dt.date, lang: str = "th") -> str:
    """`1 พ.ย. 2569` in Thai, `1 Nov 2026` in English."""
    if lang == "th":
        return f"{day.day} {THAI_MONTHS_ABBR[day.month - 1]} {day.year + BE_OFFSET}"
    return f"{day.day} {ENGLISH_MONTHS_ABBR[day.month - 1]} {day.year}"


def zone_label(moment: dt.datetime) -> str:
    """The moment's offset from UTC as people read it: `UTC+7`, `UTC+5:30`, `UTC`."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_moment(moment: dt.datetime, timezone: str) -> dt.datetime:
    """`moment` in `timezone`; a naive moment is taken as UTC (as the ledger stores it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(timezone))


def local_time(moment: dt.datetime, timezone: str, lang: str = "th") -> str:
    """A moment for a person: `6 ธ.ค. 2569 15:04 น. (UTC+7)` / `6 Dec 2026 15:04 (UTC+7)`."""
    local = local_moment(moment, timezone)
    clock = f"{local:%H:%M}" + (" น." if lang == "th" else "")
    return f"{short_date(local.date(), lang)} {clock} ({zone_label(local)})"


def local_stamp(moment: dt.datetime, timezone: str) -> str:
    """A moment for a log or a table: `2026-12-06 15:04:05 +07:00` (sortable, labelled)."""
    local = local_moment(moment, timezone)
    offset = local.strftime("%z")  # +0700
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def submission_deadline(period: str, deadline_day: int, timezone: str) -> dt.datetime:
    """The last moment a period's file is on time: `deadline_day` of the next month, 23:59."""
    year, month = (int(part) for part in period.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = min(max(deadline_day, 1), calendar.monthrange(year, month)[1])
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=ZoneInfo(timezone))


def month_being_reported(now: dt.datetime, deadline_day: int, timezone: str) -> str:
    """The period agencies are reporting now: last month until its deadline, then this one."""
    local = local_moment(now, timezone)
    first = local.date().replace(day=1)
    last_month = first - dt.timedelta(days=1)
    previous = format_period(last_month.year, last_month.month)
    if local <= submission_deadline(previous, deadline_day, timezone):
        return previous
    return format_period(local.year, local.month)


def duration_words(minutes: int, lang: str = "th") -> str:
    """A duration as people say how late something is: `2 วัน 10 ชั่วโมง`, `3 ชั่วโมง 5
    นาที`, `45 นาที` (`2 days 10 hours`, ...): its two largest units, whole."""
    days, rest = divmod(int(minutes), 24 * 60)
    hours, mins = divmod(rest, 60)
    units = [(days, "วัน", "day"), (hours, "ชั่วโมง", "hour"), (mins, "นาที", "minute")]
    parts = [(n, th, en) for n, th, en in units if n][:2] or [(0, "นาที", "minute")]
    if lang == "th":
        return " ".join(f"{n} {th}" for n, th, _ in parts)
    return " ".join(f"{n} {en}{'' if n == 1 else 's'}" for n, _, en in parts)
