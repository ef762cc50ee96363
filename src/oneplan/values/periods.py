"""Periods (months), Thai fiscal years and dates as people write them.

A period is a month written `YYYY-MM` in C.E. The Thai fiscal year runs October to
September and is named by the Buddhist-era (พ.ศ.) year in which it ends.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from oneplan.values.text import arabic_digits, clean_text

BE_OFFSET = 543
BANGKOK = ZoneInfo("Asia/Bangkok")

THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_ABBR = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
ENGLISH_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip


def _month_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for number, (full, abbr, english) in enumerate(
        zip(THAI_MONTHS, THAI_MONTHS_ABBR, ENGLISH_MONTHS, strict=True), start=1
    ):
        lookup[full] = number
        lookup[abbr] = number
        lookup[abbr.replace(".", "")] = number
        lookup[english] = number
        lookup[english[:3]] = number
    return lookup


_MONTHS = _month_lookup()
_MONTH_NAME = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))


class PeriodError(ValueError):
    """A period or date that cannot be read."""


def ce_year(year: int) -> int:
    """A year as C.E.: any year above 2400 is Buddhist-era."""
    return year - BE_OFFSET if year > 2400 else year


def _full_year(year: int, digits: int, month_name: str) -> int:
    """Two-digit years are Buddhist-era with Thai month names (`พ.ย. 69` is 2569) and C.E.
    with English ones (`Nov 26` is 2026)."""
    if digits <= 2:
        thai = any("\u0e00" <= ch <= "\u0e7f" for ch in month_name)
        return ce_year(2500 + year) if thai else 2000 + year
    return ce_year(year)


def format_period(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def parse_period(value: object) -> str:
    """A reporting period as `YYYY-MM` (C.E.).

    Accepts `2026-11`, `2569-11`, `11/2569`, `พฤศจิกายน 2569`, `พ.ย. 69`, and Excel dates
    or datetimes (the month they fall in).
    """
    if isinstance(value, dt.datetime | dt.date):
        return format_period(ce_year(value.year), value.month)
    return _period_of_text(clean_text(value))


@functools.lru_cache(maxsize=4096)
def _period_of_text(value: str) -> str:
    # Cached: a month's files name their period the same few ways.
    text = arabic_digits(value).lower()
    if not text:
        raise PeriodError("empty period")
    if m := re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{4})", text):
        month, year = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(rf"({_MONTH_NAME})\s*(?:พ\.?ศ\.?)?\s*(\d{{2}}|\d{{4}})", text):
        month = _MONTHS[m.group(1)]
        year = _full_year(int(m.group(2)), len(m.group(2)), m.group(1))
    else:
        # A full date written as text names its month.
        try:
            day = parse_date(text)
        except PeriodError:
            raise PeriodError(f"unreadable period {value!r}") from None
        return format_period(day.year, day.month)
    year = ce_year(year)
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise PeriodError(f"month or year out of range in {value!r}")
    return format_period(year, month)


def parse_date(value: object) -> dt.date:
    """A date from an Excel date or text (`YYYY-MM-DD`, `D/M/YYYY`, `1 ต.ค. 2569`)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        year = ce_year(value.year)
        return _safe_date(year, value.month, value.day, value)
    return _parse_date_text(clean_text(value))


@functools.lru_cache(maxsize=1 << 14)
def _parse_date_text(value: str) -> dt.date:
    # Cached: the same dates are typed on many lines. Errors are not cached (re-raised).
    text = arabic_digits(value).lower()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?", text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.fullmatch(
        rf"(\d{{1,2}})\s*({_MONTH_NAME})\s*(?:พ\.?ศ\.?)?\s*(\d{{2}}|\d{{4}})", text
    ):
        day, month = int(m.group(1)), _MONTHS[m.group(2)]
        year = _full_year(int(m.group(3)), len(m.group(3)), m.group(2))
    else:
        raise PeriodError(f"unreadable date {value!r}")
    return _safe_date(ce_year(year), month, day, value)


def _safe_date(year: int, month: int, day: int, original: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise PeriodError(f"no such date {original!r}") from exc


def fiscal_year(period: str) -> int:
    """The Thai fiscal year (พ.ศ.) of a period: 2026-10 … 2027-09 → 2570."""
    year, month = (int(p) for p in period.split("-"))
    return year + BE_OFFSET + (1 if month >= 10 else 0)


def fiscal_year_start(period: str) -> str:
    """The first period (October) of the fiscal year of `period`."""
    year = fiscal_year(period) - BE_OFFSET - 1
    return format_period(year, 10)


def parse_fiscal_year(value: object) -> int:
    """A fiscal year as พ.ศ.: `2570`, `๒๕๗๐` or C.E. `2027` (→ 2570)."""
    text = arabic_digits(clean_text(value))
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    text = re.sub(r"^(ปีงบประมาณ|ปีงบ|fy|พ\.?ศ\.?)\s*", "", text.lower())
    if not re.fullmatch(r"\d{4}", text):
        raise PeriodError(f"unreadable fiscal year {value!r}")
    year = int(text)
    be_year = year if year > 2400 else year + BE_OFFSET
    if not 2443 <= be_year <= 2743:
        raise PeriodError(f"fiscal year out of range {value!r}")
    return be_year


def previous_month(today: dt.date | None = None) -> str:
    """The calendar month before today's in Asia/Bangkok, as `YYYY-MM`."""
    today = today or dt.datetime.now(BANGKOK).date()
    first = today.replace(day=1)
    last = first - dt.timedelta(days=1)
    return format_period(last.year, last.month)


def current_month(today: dt.date | None = None) -> str:
    today = today or dt.datetime.now(BANGKOK).date()
    return format_period(today.year, today.month)


def months_before(period: str, months: int) -> str:
    """The period `months` calendar months before `period` (`2026-11`, 12 → `2025-11`)."""
    year, month = (int(p) for p in period.split("-"))
    index = year * 12 + month - 1 - months
    return format_period(index // 12, index % 12 + 1)


def is_period(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text))


def thai_period(period: str) -> str:
    """`2026-11` → `พฤศจิกายน 2569`."""
    year, month = (int(p) for p in period.split("-"))
    return f"{THAI_MONTHS[month - 1]} {year + BE_OFFSET}"


def english_period(period: str) -> str:
    year, month = (int(p) for p in period.split("-"))
    return f"{ENGLISH_MONTHS[month - 1].capitalize()} {year}"
