"""Deadlines, each expected agency's timeliness and the rates, with a fixed clock.

Every expected figure is written by hand from the rules in the guide ("Deadlines and who
reported on time"): Bangkok time is UTC+7, November's deadline is 10 Dec 23:59:59.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from oneplan.timeliness.deadlines import DeadlineRules, local_deadline
from oneplan.timeliness.status import Arrival, rates, timeliness_table
from tests.builders import bangkok_moment as at

BANGKOK = ZoneInfo("Asia/Bangkok")
RULES = DeadlineRules(timezone="Asia/Bangkok", deadline_day=10)


def arrival(agency, area, when, accepted=True, sha=None, note=None) -> Arrival:
    return Arrival(agency, area, sha or f"{agency}{area}{when}", at(when), accepted, note)


def test_the_network_deadline_is_the_day_of_the_next_month_at_the_last_second():
    assert RULES.of_network("2026-11") == dt.datetime(2026, 12, 10, 23, 59, 59, tzinfo=BANGKOK)
    assert RULES.of_network("2026-12") == dt.datetime(2027, 1, 10, 23, 59, 59, tzinfo=BANGKOK)
    # A day past the next month's end is its last day.
    assert DeadlineRules(deadline_day=31).of_network("2027-01").date() == dt.date(2027, 2, 28)


def test_an_agency_has_its_own_days_and_a_moved_period_holds_for_everyone():
    rules = DeadlineRules(
        agency_days={"AG-FAST": 5, "AG-SLOW": 20},
        period_deadlines={"2026-12": "2027-01-15", "2027-03": "2027-04-20 16:30"},
    )
    assert rules.of_agency("AG-FAST", "2026-11") == at("2026-12-05 23:59").replace(second=59)
    assert rules.of_agency("AG-SLOW", "2026-11") == at("2026-12-20 23:59").replace(second=59)
    assert rules.of_agency("AG-OTHER", "2026-11") == at("2026-12-10 23:59").replace(second=59)
    # February's end counts from its last day.
    assert rules.of_agency("AG-FAST", "2027-02").date() == dt.date(2027, 3, 5)
    for agency in ("AG-FAST", "AG-SLOW", "AG-OTHER"):
        assert rules.of_agency(agency, "2026-12") == at("2027-01-15 23:59").replace(second=59)
    assert rules.of_agency("AG-FAST", "2027-03") == at("2027-04-20 16:30").replace(second=59)


@pytest.mark.parametrize("text", ["15/01/2027", "2027-01-15T10:00", "2027-13-01", ""])
def test_a_deadline_setting_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        local_deadline(text, "Asia/Bangkok")


EXPECTED = [("AG-A", "AREA-1"), ("AG-B", "AREA-1"), ("AG-C", "AREA-1"), ("AG-C", "AREA-2")]


def test_before_the_deadline_a_file_that_counts_is_on_time_and_the_others_pending():
    arrivals = [
        arrival("AG-A", "AREA-1", "2026-12-03 09:00"),
        arrival("AG-B", "AREA-1", "2026-12-04 10:00", accepted=False),  # rejected
    ]
    table = timeliness_table("2026-11", EXPECTED, arrivals, RULES, at("2026-12-05 12:00"))
    assert table["status"].tolist() == ["on_time", "pending", "pending", "pending"]
    assert table["rejected_files"].tolist() == [0, 1, 0, 0]
    assert table["deadline"].tolist() == ["2026-12-10 23:59:59 +07:00"] * 4
    assert table.loc[0, "first_arrived_at"] == "2026-12-03 09:00:00 +07:00"


def test_after_the_deadline_late_by_hours_and_by_days_and_missing():
    arrivals = [
        arrival("AG-A", "AREA-1", "2026-12-10 23:59"),  # the last minute: on time
        arrival("AG-B", "AREA-1", "2026-12-11 03:00"),  # 3 h 0 min 1 s late: 180 minutes
        arrival("AG-C", "AREA-1", "2026-12-13 00:00"),  # 2 days and a second
    ]
    table = timeliness_table("2026-11", EXPECTED, arrivals, RULES, at("2026-12-15 08:00"))
    assert table["status"].tolist() == ["on_time", "late", "late", "missing"]
    assert table["minutes_late"].tolist() == [pd.NA, 180, 2 * 24 * 60, pd.NA]


def test_a_correction_after_the_deadline_keeps_the_first_files_timeliness():
    arrivals = [
        arrival("AG-A", "AREA-1", "2026-12-08 10:00"),
        arrival("AG-A", "AREA-1", "2026-12-12 10:00"),  # corrected after the deadline
        arrival("AG-A", "AREA-1", "2026-12-14 16:45"),
        arrival("AG-B", "AREA-1", "2026-12-09 10:00", accepted=False),
        arrival("AG-B", "AREA-1", "2026-12-11 10:00"),  # the first accepted one is late
    ]
    table = timeliness_table("2026-11", EXPECTED[:2], arrivals, RULES, at("2026-12-20 08:00"))
    first, second = table.to_dict("records")
    assert (first["status"], first["corrections"]) == ("on_time", 2)
    assert first["last_arrived_at"] == "2026-12-14 16:45:00 +07:00"
    assert (second["status"], second["minutes_late"], second["rejected_files"]) == (
        "late",
        10 * 60,
        1,
    )


def test_a_recorded_arrival_is_the_arrival_and_its_note_is_shown():
    arrivals = [arrival("AG-A", "AREA-1", "2026-12-09 14:00", note="ได้รับทางไปรษณีย์")]
    table = timeliness_table("2026-11", EXPECTED[:1], arrivals, RULES, at("2026-12-20 08:00"))
    assert table.loc[0, "status"] == "on_time"
    assert table.loc[0, "arrival_recorded"] == "ได้รับทางไปรษณีย์"


def test_an_agencys_own_deadline_decides_its_status():
    rules = DeadlineRules(agency_days={"AG-A": 5})
    arrivals = [
        arrival("AG-A", "AREA-1", "2026-12-07 09:00"),
        arrival("AG-B", "AREA-1", "2026-12-07 09:00"),
    ]
    table = timeliness_table("2026-11", EXPECTED[:2], arrivals, rules, at("2026-12-08 08:00"))
    assert table["status"].tolist() == ["late", "on_time"]
    assert table.loc[0, "deadline"] == "2026-12-05 23:59:59 +07:00"


def test_the_rates_per_area_per_agency_and_for_the_month():
    """Six expected pairs on 15 Dec: AREA-1 has 2 on time, 1 late, 1 missing; AREA-2 has
    1 on time and 1 missing. Per area: 3/4 reported and 2/4 on time; 1/2 and 1/2. The
    month: 4/6 reported (0.6667), 3/6 on time (0.5)."""
    expected = [*EXPECTED, ("AG-D", "AREA-1"), ("AG-A", "AREA-2")]
    arrivals = [
        arrival("AG-A", "AREA-1", "2026-12-01 09:00"),
        arrival("AG-B", "AREA-1", "2026-12-10 09:00"),
        arrival("AG-C", "AREA-1", "2026-12-12 09:00"),
        arrival("AG-C", "AREA-2", "2026-12-02 09:00"),
    ]
    table = timeliness_table("2026-11", expected, arrivals, RULES, at("2026-12-15 08:00"))
    by_area = rates(table, ["area_code"]).set_index("area_code")
    assert by_area.loc[
        "AREA-1", ["expected", "reported", "on_time", "late", "missing"]
    ].tolist() == [4, 3, 2, 1, 1]
    assert by_area.loc["AREA-1", ["reporting_rate", "on_time_rate"]].tolist() == [0.75, 0.5]
    assert by_area.loc["AREA-2", ["reporting_rate", "on_time_rate"]].tolist() == [0.5, 0.5]
    by_agency = rates(table, ["agency_code"]).set_index("agency_code")
    assert by_agency.loc["AG-A", ["expected", "reported", "on_time"]].tolist() == [2, 1, 1]
    assert by_agency.loc["AG-C", ["reported", "on_time", "late", "on_time_rate"]].tolist() == [
        2,
        1,
        1,
        0.5,
    ]
    month = rates(table, []).iloc[0]
    assert (month["expected"], month["reported"], month["on_time"]) == (6, 4, 3)
    assert (month["reporting_rate"], month["on_time_rate"]) == (0.6667, 0.5)


def test_a_month_with_nobody_expected_has_no_rates():
    table = timeliness_table("2026-11", [], [], RULES, at("2026-12-15 08:00"))
    assert table.empty and list(table.columns)[:3] == ["agency_code", "area_code", "period"]
    month = rates(table, []).iloc[0]
    assert month["expected"] == 0 and month["reporting_rate"] is None


@pytest.mark.parametrize(
    ("minutes", "thai", "english"),
    [
        (0, "0 นาที", "0 minutes"),
        (45, "45 นาที", "45 minutes"),
        (61, "1 ชั่วโมง 1 นาที", "1 hour 1 minute"),
        (3480, "2 วัน 10 ชั่วโมง", "2 days 10 hours"),
        (2 * 24 * 60 + 5, "2 วัน 5 นาที", "2 days 5 minutes"),
    ],
)
def test_how_late_reads_in_its_two_largest_units(minutes, thai, english):
    from oneplan.values.times import duration_words

    assert (duration_words(minutes, "th"), duration_words(minutes, "en")) == (thai, english)


def test_a_periods_own_deadline_moves_the_month_being_reported_and_every_deadline_shown(tmp_path):
    """A holiday moves November's deadline to 15 Dec: on 12 Dec agencies still report
    November, and the deadline the pages, reports and letters show is the 15th."""
    from oneplan.month.today import deadline_of, month_reported_now
    from oneplan.report.issuer import Issuer, issuer_context
    from oneplan.settings import Settings

    moved = Settings(state=tmp_path, period_deadlines=(("2026-11", "2026-12-15"),))
    assert month_reported_now(moved, at("2026-12-12 09:00")) == "2026-11"
    assert month_reported_now(Settings(state=tmp_path), at("2026-12-12 09:00")) == "2026-12"
    assert deadline_of("2026-11", moved) == at("2026-12-15 23:59").replace(second=59)
    issuer = Issuer(period_deadlines=moved.period_deadlines)
    assert issuer_context(issuer, "2026-11", "th")["deadline"] == "15 ธ.ค. 2569"
