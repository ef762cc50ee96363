"""Dates and times as people read them, and a period's submission deadline (values/times)."""

import datetime as dt

from oneplan.values.times import (
    local_stamp,
    local_time,
    month_being_reported,
    short_date,
    submission_deadline,
)

UTC = dt.UTC


def test_a_date_is_written_as_a_thai_clerk_writes_it():
    assert short_date(dt.date(2026, 11, 1)) == "1 พ.ย. 2569"
    assert short_date(dt.date(2026, 11, 1), "en") == "1 Nov 2026"


def test_a_time_is_shown_in_the_zone_and_labelled():
    moment = dt.datetime(2026, 12, 6, 8, 4, tzinfo=UTC)
    assert local_time(moment, "Asia/Bangkok") == "6 ธ.ค. 2569 15:04 น. (UTC+7)"
    assert local_time(moment, "Asia/Bangkok", "en") == "6 Dec 2026 15:04 (UTC+7)"
    assert local_time(moment, "Asia/Kolkata", "en") == "6 Dec 2026 13:34 (UTC+5:30)"
    assert local_stamp(moment, "Asia/Bangkok") == "2026-12-06 15:04:00 +07:00"
    assert local_stamp(moment, "America/New_York") == "2026-12-06 03:04:00 -05:00"
    # the ledger's naive times are UTC
    assert local_stamp(moment.replace(tzinfo=None), "Asia/Bangkok") == "2026-12-06 15:04:00 +07:00"


def test_the_deadline_is_a_day_of_the_next_month_at_23_59_local():
    deadline = submission_deadline("2026-11", 10, "Asia/Bangkok")
    assert deadline.isoformat() == "2026-12-10T23:59:59+07:00"
    assert submission_deadline("2026-12", 10, "Asia/Bangkok").isoformat().startswith("2027-01-10")
    # a day past the month's end is its last day
    assert submission_deadline("2027-01", 31, "Asia/Bangkok").date() == dt.date(2027, 2, 28)


def test_the_month_being_reported_turns_after_the_deadline():
    bangkok = dt.timezone(dt.timedelta(hours=7))
    on_the_sixth = dt.datetime(2026, 12, 6, 12, 0, tzinfo=bangkok)
    assert month_being_reported(on_the_sixth, 10, "Asia/Bangkok") == "2026-11"
    last_minute = dt.datetime(2026, 12, 10, 23, 59, tzinfo=bangkok)
    assert month_being_reported(last_minute, 10, "Asia/Bangkok") == "2026-11"
    next_day = dt.datetime(2026, 12, 11, 0, 0, tzinfo=bangkok)
    assert month_being_reported(next_day, 10, "Asia/Bangkok") == "2026-12"
    # 10 December 20:00 UTC is already the 11th in Bangkok
    assert (
        month_being_reported(dt.datetime(2026, 12, 10, 20, 0, tzinfo=UTC), 10, "Asia/Bangkok")
        == "2026-12"
    )
    # across the year
    assert (
        month_being_reported(dt.datetime(2027, 1, 3, tzinfo=bangkok), 10, "Asia/Bangkok")
        == "2026-12"
    )


def test_names_are_put_in_thai_dictionary_order():
    from oneplan.values.text import in_thai_dictionary_order

    names = ["สำนักงานเกษตรอำเภอ", "ธ.ก.ส.", "กองทุน", "เกษตร", "อบต.แพรกหา"]
    ordered = in_thai_dictionary_order(names, name=lambda text: text)
    assert ordered == ["กองทุน", "เกษตร", "ธ.ก.ส.", "สำนักงานเกษตรอำเภอ", "อบต.แพรกหา"]
