"""Who reported on time, through the month's run: the timeliness of every expected agency
in the outputs (its parquet table, its sheet, summary.json), by arrival as oneplan saw it
or as a coordinator recorded it, with a fixed clock.

The month: AREA-1 expects AG-A, AG-B (its own deadline: 5 days after the month's end) and
AG-C; AREA-2 expects AG-C. November's network deadline is 10 Dec 2026, 23:59:59 Bangkok
time; AG-B's is 5 Dec, 23:59:59.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from oneplan.ledger import open_ledger
from oneplan.ledger.receipts import Receipt
from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.builders import bangkok_moment as at
from tests.conftest import PERIOD

LONG_AGO = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)  # files' modification times


@pytest.fixture
def two_areas(tmp_path) -> Settings:
    inputs = tmp_path / "inputs"
    write_plan(
        inputs, [plan_item("AREA-1", "KS-01", 100_000), plan_item("AREA-2", "KS-01", 50_000)]
    )
    write_registry(
        inputs,
        [
            agency("AG-A", "AREA-1"),
            {**agency("AG-B", "AREA-1"), "deadline_days": 5},
            agency("AG-C", "AREA-1, AREA-2"),
        ],
    )
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def drop(settings: Settings, name: str, agency_code: str, area: str, budget: int = 10_000):
    return write_submission(
        settings.drop_zone / name,
        agency_code,
        area,
        PERIOD,
        [line(1, budget, "KS-01")],
        mtime=LONG_AGO,
    )


def table_of(settings: Settings) -> pd.DataFrame:
    return pd.read_parquet(settings.period_outputs(PERIOD) / "tables" / "timeliness.parquet")


def statuses(settings: Settings) -> dict:
    table = table_of(settings)
    return {(r.agency_code, r.area_code): r.status for r in table.itertuples()}


def test_a_month_lived_from_before_its_deadline_to_after_it(two_areas):
    # 4 Dec: AG-A's file arrives (its modification time, a month older, does not count).
    drop(two_areas, "a.xlsx", "AG-A", "AREA-1")
    run_month(two_areas, PERIOD, at("2026-12-04 10:00"))
    assert statuses(two_areas) == {
        ("AG-A", "AREA-1"): "on_time",
        ("AG-B", "AREA-1"): "pending",
        ("AG-C", "AREA-1"): "pending",
        ("AG-C", "AREA-2"): "pending",
    }
    first = table_of(two_areas).iloc[0]
    assert first["first_arrived_at"] == "2026-12-04 10:00:00 +07:00"
    assert table_of(two_areas).iloc[1]["deadline"] == "2026-12-05 23:59:59 +07:00"

    # 8 Dec: AG-B's file, after its own deadline: 2 days 10 hours (and a second) late.
    drop(two_areas, "b.xlsx", "AG-B", "AREA-1")
    run_month(two_areas, PERIOD, at("2026-12-08 10:00"))
    row = table_of(two_areas).set_index("agency_code").loc["AG-B"]
    assert (row["status"], row["minutes_late"]) == ("late", 58 * 60)

    # 12 Dec: AG-C's file for AREA-1 came by post on 10 Dec and is dropped now; the
    # coordinator records when it was received. AG-A corrects its file. Nothing for AREA-2.
    c = drop(two_areas, "c.xlsx", "AG-C", "AREA-1")
    drop(two_areas, "a2.xlsx", "AG-A", "AREA-1", budget=12_000)
    from oneplan.receive.files import sha256_of

    open_ledger(two_areas).record_receipt(
        Receipt(
            sha256_of(c), at("2026-12-10 15:00"), "ได้รับทางไปรษณีย์", "somchai", at("2026-12-12 08:00")
        )
    )
    run_month(two_areas, PERIOD, at("2026-12-12 09:00"))
    table = table_of(two_areas).set_index(["agency_code", "area_code"])
    assert table["status"].to_dict() == {
        ("AG-A", "AREA-1"): "on_time",
        ("AG-B", "AREA-1"): "late",
        ("AG-C", "AREA-1"): "on_time",
        ("AG-C", "AREA-2"): "missing",
    }
    assert table.loc[("AG-A", "AREA-1"), "corrections"] == 1
    assert table.loc[("AG-A", "AREA-1"), "last_arrived_at"] == "2026-12-12 09:00:00 +07:00"
    assert table.loc[("AG-C", "AREA-1"), "arrival_recorded"] == "ได้รับทางไปรษณีย์"
    assert table.loc[("AG-C", "AREA-1"), "first_arrived_at"] == "2026-12-10 15:00:00 +07:00"

    # The same in the workbook's sheet and in summary.json, with the rates: 3 of 4
    # reported (0.75), 2 of 4 on time (0.5); AREA-1 3 of 3 and 2 of 3, AREA-2 none.
    folder = two_areas.period_outputs(PERIOD)
    sheet = load_workbook(folder / "reconciliation.xlsx")["timeliness"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["agency_code", "area_code", "period", "deadline", "status"]
    assert [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "on_time",
        "late",
        "on_time",
        "missing",
    ]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["timeliness"]
    assert (summary["expected"], summary["reported"], summary["on_time"]) == (4, 3, 2)
    assert (summary["reporting_rate"], summary["on_time_rate"]) == (0.75, 0.5)
    areas = {a["area_code"]: a for a in summary["areas"]}
    assert (areas["AREA-1"]["reporting_rate"], areas["AREA-1"]["on_time_rate"]) == (1.0, 0.6667)
    assert (areas["AREA-2"]["reported"], areas["AREA-2"]["missing"]) == (0, 1)
    assert [(r["agency_code"], r["minutes_late"]) for r in summary["late"]] == [("AG-B", 3480)]
    assert [(r["agency_code"], r["area_code"]) for r in summary["missing"]] == [("AG-C", "AREA-2")]

    # The network summaries say it after the agencies' sentence.
    from tests.test_reports import document_text

    area_1 = document_text(folder / "reports" / "network_AREA-1.docx")
    assert (
        "ส่งทันกำหนด 2 จาก 3 หน่วยงาน (ร้อยละ 66.67) ส่งหลังกำหนด: หน่วยงาน AG-B (2 วัน 10 ชั่วโมง)" in area_1
    )
    area_2 = document_text(folder / "reports" / "network_AREA-2.docx")
    assert "ส่งทันกำหนด 0 จาก 1 หน่วยงาน (ร้อยละ 0.00) ไม่ส่ง: หน่วยงาน AG-C" in area_2


def test_outputs_kept_with_nothing_new_are_made_again_once_a_pending_agency_is_due(two_areas):
    drop(two_areas, "a.xlsx", "AG-A", "AREA-1")
    run_month(two_areas, PERIOD, at("2026-12-04 10:00"))
    assert run_month(two_areas, PERIOD, at("2026-12-05 12:00")).unchanged is not None
    # AG-B's own deadline has passed: the period is made again, AG-B missing.
    again = run_month(two_areas, PERIOD, at("2026-12-06 08:00"))
    assert again.unchanged is None
    assert statuses(two_areas)[("AG-B", "AREA-1")] == "missing"
    assert statuses(two_areas)[("AG-C", "AREA-1")] == "pending"


def test_a_receipt_recorded_for_a_file_makes_the_period_run_again(two_areas):
    a = drop(two_areas, "a.xlsx", "AG-A", "AREA-1")
    run_month(two_areas, PERIOD, at("2026-12-12 10:00"))
    assert statuses(two_areas)[("AG-A", "AREA-1")] == "late"
    from oneplan.receive.files import sha256_of

    open_ledger(two_areas).record_receipt(
        Receipt(
            sha256_of(a),
            at("2026-12-09 11:00"),
            "ส่งทางอีเมลถึงผู้ประสานงาน",
            "somchai",
            at("2026-12-12 11:00"),
        )
    )
    again = run_month(two_areas, PERIOD, at("2026-12-12 11:30"))
    assert again.unchanged is None
    assert statuses(two_areas)[("AG-A", "AREA-1")] == "on_time"


def test_each_agencys_report_and_the_summary_keep_a_years_record(two_areas):
    """October then November: each period run keeps its timeliness, by the same rules, in
    the next period's summary (`trend`) and in each agency's report (its own record)."""
    from tests.test_reports import document_text

    settings = two_areas

    def send(name: str, code: str, area: str, period: str) -> None:
        write_submission(
            settings.drop_zone / name, code, area, period, [line(1, 10_000, "KS-01")],
            mtime=LONG_AGO,
        )  # fmt: skip

    # October's deadlines: 10 Nov (AG-B: 5 Nov). AG-A on time, AG-C late in AREA-1 and
    # missing in AREA-2, AG-B missing.
    send("a-oct.xlsx", "AG-A", "AREA-1", "2026-10")
    run_month(settings, "2026-10", at("2026-11-05 09:00"))
    send("c-oct.xlsx", "AG-C", "AREA-1", "2026-10")
    run_month(settings, "2026-10", at("2026-11-12 10:00"))
    # November, on 3 Dec: AG-A on time, the others not yet due.
    send("a-nov.xlsx", "AG-A", "AREA-1", PERIOD)
    run_month(settings, PERIOD, at("2026-12-03 09:00"))

    folder = settings.period_outputs(PERIOD)
    trend = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["timeliness"]["trend"]
    assert [
        (t["period"], t["expected"], t["on_time"], t["late"], t["missing"], t["pending"])
        for t in trend
    ] == [("2026-10", 4, 1, 1, 2, 0), ("2026-11", 4, 1, 0, 0, 3)]
    assert (trend[0]["reporting_rate"], trend[0]["on_time_rate"]) == (0.5, 0.25)

    own = document_text(folder / "reports" / "AG-C.docx")
    assert "การส่งแบบรายงานตามกำหนด ในรอบ 12 เดือนที่ผ่านมา" in own
    # Deadline passed once in each area: late by 1 day 10 hours in AREA-1 (first seen 12
    # Nov, 10:00), missing in AREA-2; November is not yet due.
    assert "ส่งทันกำหนด 0 จาก 2 ครั้ง ส่งหลังกำหนด 1 ครั้ง ไม่ส่ง 1 ครั้ง" in own
    assert "ส่งหลังกำหนด (1 วัน 10 ชั่วโมง)" in own and "ไม่ส่ง (เลยกำหนดแล้ว)" in own
    assert "ตุลาคม 2569" in own and "10 พ.ย. 2569" in own and "10 ธ.ค. 2569" in own
    assert "ส่งทันกำหนด 2 จาก 2 ครั้ง" in document_text(folder / "reports" / "AG-A.docx")
    # The network summary counts the agencies not yet due, without naming them.
    area_1 = document_text(folder / "reports" / "network_AREA-1.docx")
    assert "ส่งทันกำหนด 1 จาก 3 หน่วยงาน (ร้อยละ 33.33) ยังไม่ถึงกำหนดส่ง 2 หน่วยงาน" in area_1
