"""How the reports print values: amounts, changes, percentages, amounts in Thai words,
periods, dates and text from workbooks, each as a string for the report's language.

Every value a template prints is already a string formatted here for the report's
language (amounts with thousands separators, Thai month names and พ.ศ. years,
percentages), so that templates hold no logic beyond loops. Text that came from agencies'
workbooks is passed as data; the renderer escapes it, so `<`, `&` or `{{ }}` in a
workbook print as text.
"""

from __future__ import annotations

import datetime as dt

from pythainlp.util import bahttext, thai_strftime

from oneplan.values import numbers
from oneplan.values.money import format_baht
from oneplan.values.numbers import REPORT_DIGITS, missing
from oneplan.values.periods import BE_OFFSET, english_period, thai_period


def money(satang: object) -> str:
    return "" if missing(satang) else format_baht(int(satang))


def change(satang: object) -> str:
    if missing(satang):
        return "-"
    value = int(satang)
    return ("+" if value > 0 else "") + format_baht(value)


def percent(value: object) -> str:
    """A ratio as the reports print it: `oneplan.values.numbers.percent` with 2 decimals."""
    return numbers.percent(value, REPORT_DIGITS)


def percent_text(value: object, lang: str) -> str:
    """A ratio in running text: `ร้อยละ 26.47` in Thai (as official Thai writes it),
    `26.47%` in English; "-" when missing."""
    shown = percent(value)
    if lang != "th" or shown == "-":
        return shown
    return "ร้อยละ " + shown.removesuffix("%")


def fiscal_year_text(fiscal_year: int, lang: str) -> str:
    """`ปีงบประมาณ พ.ศ. 2570` / `FY 2027 (B.E. 2570)` (the year a fiscal year ends, in
    both calendars in English, where a C.E. month stands beside it)."""
    if lang == "th":
        return f"ปีงบประมาณ พ.ศ. {fiscal_year}"
    return f"FY {fiscal_year - BE_OFFSET} (B.E. {fiscal_year})"


def in_words(satang: int, lang: str) -> str:
    if lang != "th":
        return ""
    # bahttext takes a float; below 10^13 baht a 2-decimal float rounds back exactly.
    return bahttext(satang / 100) if satang else "ศูนย์บาทถ้วน"


def text(value: object, empty: str = "-") -> str:
    """A value as report text; `empty` for missing values (None, NaN, '')."""
    if missing(value) or value == "":
        return empty
    return str(value)


def period_text(period: str | None, lang: str) -> str:
    if not isinstance(period, str) or not period:
        return "-"
    return thai_period(period) if lang == "th" else english_period(period)


def date_text(when: dt.date, lang: str) -> str:
    if lang == "th":
        return thai_strftime(dt.datetime(when.year, when.month, when.day), "%-d %B %Y")
    return when.strftime("%-d %B %Y")
