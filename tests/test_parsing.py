"""Amounts, periods, dates and codes as people type them."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneplan.check.cells import EMPTY, PARSERS
from oneplan.values.money import AmountError, amounts_to_satang, format_baht, parse_amount, ratio
from oneplan.values.periods import (
    PeriodError,
    fiscal_year,
    parse_date,
    parse_fiscal_year,
    parse_period,
)
from oneplan.values.text import normalize_code, normalize_village

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    ("typed", "satang"),
    [
        ("12,500.50 บาท", 1_250_050),
        ("๘๐,๐๐๐", 8_000_000),
        ("฿1,200", 120_000),
        ("THB 99.9", 9_990),
        (0.1 + 0.2, 30),
        (1500, 150_000),
        (1500.0, 150_000),
        ("-500", -50_000),
        ("", None),
        (None, None),
    ],
)
def test_amounts(typed, satang):
    assert parse_amount(typed) == satang


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12.345", "amount_too_precise"),
        (0.125, "amount_too_precise"),
        ("สองพัน", "amount_invalid"),
        ("1.2.3", "amount_invalid"),
    ],
)
def test_unreadable_amounts(typed, code):
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert caught.value.code == code


@given(
    st.integers(min_value=0, max_value=10**13),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", " บาท", "฿", " THB"]),
)
def test_formatted_amount_parses_back_to_the_same_satang(satang, thai_digits, as_float, unit):
    text = format_baht(satang)
    if thai_digits:
        text = text.translate(THAI)
    assert parse_amount(text + unit) == satang
    if as_float and satang < 10**11:
        assert parse_amount(satang / 100) == satang


@pytest.mark.parametrize(
    "typed",
    [
        "2026-11",
        "2569-11",
        "11/2569",
        "พฤศจิกายน 2569",
        "พ.ย. 69",
        "พ.ย. 2569",
        "๑๑/๒๕๖๙",
        dt.date(2026, 11, 30),
        dt.datetime(2569, 11, 1),
    ],
)
def test_periods(typed):
    assert parse_period(typed) == "2026-11"


@pytest.mark.parametrize("typed", ["", "13/2569", "เดือนหน้า", "2026-00"])
def test_unreadable_periods(typed):
    with pytest.raises(PeriodError):
        parse_period(typed)


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)),
    st.booleans(),
    st.sampled_from(["iso", "dmy", "thai_full", "thai_abbr", "excel"]),
)
def test_dates_in_any_form_and_era(day, buddhist, form):
    year = day.year + 543 if buddhist else day.year
    from oneplan.values.periods import THAI_MONTHS, THAI_MONTHS_ABBR

    typed = {
        "iso": f"{year:04d}-{day.month:02d}-{day.day:02d}",
        "dmy": f"{day.day}/{day.month}/{year}",
        "thai_full": f"{day.day} {THAI_MONTHS[day.month - 1]} {year}",
        "thai_abbr": f"{day.day} {THAI_MONTHS_ABBR[day.month - 1]} {year}",
        "excel": None,
    }[form]
    if form == "excel":
        # An Excel date typed with a พ.ศ. year; 29 February may not exist in that year's numbering.
        leap_day = (day.month, day.day) == (2, 29)
        typed = dt.datetime(year, day.month, day.day) if buddhist and not leap_day else day
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    ("period", "year"), [("2026-10", 2570), ("2027-09", 2570), ("2026-09", 2569), ("2027-10", 2571)]
)
def test_fiscal_year(period, year):
    assert fiscal_year(period) == year


@pytest.mark.parametrize(
    ("typed", "year"), [(2570, 2570), ("2027", 2570), ("๒๕๗๐", 2570), (2570.0, 2570)]
)
def test_fiscal_year_cells(typed, year):
    assert parse_fiscal_year(typed) == year


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ks–01", "KS-01"),
        ("KS-๐๑", "KS-01"),
        (" KS - 01 ", "KS-01"),
        ("KS-01 ธนาคารเมล็ดพันธุ์", "KS-01"),
        ("pkh\u200b-1", "PKH-1"),
    ],
)
def test_codes(typed, code):
    assert normalize_code(typed) == code


@pytest.mark.parametrize("typed", ["หมู่ 3", "ม.3", "๓", "3", 3.0, "หมู่ที่ 03"])
def test_villages_match_by_number(typed):
    assert normalize_village(typed) == "3"


def test_ratio_rounds_half_up():
    assert ratio(2469, 20000) == 0.1235
    assert ratio(1, 3) == 0.3333
    assert ratio(2, 3) == 0.6667
    assert ratio(5, 0) is None
    assert ratio(-1, 8) == -0.125 and ratio(-5, 100_000) == -0.0001  # half away from zero


@given(st.integers(-(10**15), 10**15), st.integers(-(10**15), 10**15).filter(bool))
def test_ratio_is_the_exact_quotient_rounded_half_up(numerator, denominator):
    scaled = abs(Fraction(numerator, denominator)) * 10_000
    rounded = math.floor(scaled + Fraction(1, 2)) * (1 if numerator * denominator >= 0 else -1)
    assert ratio(numerator, denominator) == float(Fraction(rounded, 10_000))


def test_absurdly_long_numbers_are_errors_not_overflows():
    from oneplan.check.cells import CellError, parse_integer

    with pytest.raises(AmountError):
        parse_amount("123456789012345678901")
    with pytest.raises(AmountError):
        parse_amount(1e20)
    with pytest.raises(CellError):
        parse_integer("99999999999999999999")


def test_a_drop_down_choice_is_its_code_even_when_the_title_starts_with_a_digit():
    assert normalize_code("KS-01 1 ตำบล 1 ผลิตภัณฑ์") == "KS-01"
    assert normalize_code("KS 01") == "KS01"


@pytest.mark.parametrize(
    ("typed", "period"),
    [("Nov 26", "2026-11"), ("พ.ย. 69", "2026-11"), ("november 2026", "2026-11")],
)
def test_two_digit_years_follow_the_language_of_the_month(typed, period):
    assert parse_period(typed) == period


@pytest.mark.parametrize("kind", sorted(PARSERS))
@pytest.mark.parametrize("blank", [None, "", "   ", "\u200b"])
def test_every_parser_reads_an_empty_cell_as_its_kinds_empty_value(kind, blank):
    # Columns are parsed by mapping the parser over every cell, empty ones included.
    assert PARSERS[kind](blank) == EMPTY[kind]


def test_amounts_of_numeric_cells_are_exact_satang_and_text_is_left_to_the_parser():
    cells = [0.1, 0.2, 1000.25, 12, "1,000.50 บาท", None, 0.001, 1e12, True]
    assert amounts_to_satang(cells) == [10, 20, 100025, 1200, None, None, None, None, None]


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=32, max_size=80))
def test_a_column_of_numbers_read_at_once_gives_what_each_number_gives(cells):
    """A long column of floats is read with numpy; each cell must read as it does alone."""
    assert amounts_to_satang(cells) == [amounts_to_satang([c])[0] for c in cells]


@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(-(10**12), 10**12),
            st.sampled_from(["1,000.50 บาท", "", None, True]),
        ),
        min_size=32,
        max_size=80,
    )
)
def test_a_column_of_numbers_and_text_read_at_once_gives_what_each_cell_gives(cells):
    """Numbers among text are read with numpy too, and the rest one by one."""
    assert amounts_to_satang(cells) == [amounts_to_satang([c])[0] for c in cells]


def test_a_column_of_numbers_read_at_once_keeps_satang_exact():
    cells = [0.1, 0.2, 0.30000000000000004, 1200.5, 999_999_999.99, 1e9, -5.25, 0.001] * 4
    assert amounts_to_satang(cells) == [10, 20, 30, 120050, 99_999_999_999, None, -525, None] * 4
