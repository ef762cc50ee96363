"""The catalogue's messages as a clerk reads them: where, what is wrong, whether the line
or file still counts and what to do; dates as the clerk wrote them, places by their Thai
names; no blame and no internals where the fault is not the clerk's."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from oneplan.issues import (
    CATALOGUE,
    Location,
    make_issue,
    problems_for_agency,
    severity_label,
)
from tests.builders import info_rows
from tests.test_reading import HEADER, submit

WHERE = Location("c.xlsx", "รายการงบประมาณ", 3, "budget", "F3")


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_says_whether_it_counts_and_what_to_do(code):
    issue = make_issue(code, WHERE, value="X", sheet="S", header_th="งบประมาณ")
    for text in (issue.message_th, issue.message_en):
        assert not re.search(r"[{}]", text), text  # every field filled
    th, en = issue.message_th, issue.message_en.lower()
    assert "นับ" in th, th  # counted, not counted yet, counted once
    assert "count" in en, en
    # What to do: a request, or that nothing needs doing.
    assert re.search(r"กรุณา|ไม่ต้องดำเนินการ|ให้แก้|ให้เว้นว่าง", th), th
    assert re.search(
        r"send it again|nothing to do|nothing for you to do|correct|fill|write|enter|check|round|renumber|"
        r"rename|leave it blank|use |give it|unmerge|open the file",
        en,
    ), en


def test_dates_in_messages_are_as_the_clerk_wrote_them(month):
    row = [1, "KS-01", "อบรม", None, None, 1000, None, None, "1 ธ.ค. 2569", "1 พ.ย. 2569"]
    submission, issues, counted = submit(month, [HEADER, row])
    assert issues == [("J2", "error", "end_before_start")]
    (issue,) = submission.issues
    assert issue.message_th.startswith(
        "ช่อง J2: วันสิ้นสุด (1 พ.ย. 2569) อยู่ก่อนวันเริ่ม (1 ธ.ค. 2569) แถวนี้จึงยังไม่นับ "
        "กรุณาตรวจสอบว่าใส่วันที่สลับช่องกันหรือพิมพ์ปีผิดหรือไม่"
    )
    assert "the end date (1 Nov 2026) is before the start date (1 Dec 2026)" in issue.message_en
    assert "2026-11-01" not in issue.message_th + issue.message_en
    assert counted.empty


def test_a_plan_item_not_in_the_plan_names_the_area_and_fiscal_year(month):
    submission, issues, _ = submit(month, [HEADER, [1, "ZZ-9", "อบรม", None, None, 1000]])
    assert issues == [("B2", "warning", "plan_item_unknown")]
    (issue,) = submission.issues
    assert issue.message_th == (
        "ช่อง B2: รหัสโครงการ 'ZZ-9' ไม่มีในแผนชุมชนตำบล AREA-1 ปีงบประมาณ พ.ศ. 2570 "
        "จึงนับเป็นงานนอกแผน (นับงบประมาณแล้ว) หากรายการนี้สนับสนุนโครงการในแผน "
        "กรุณาใช้รหัสโครงการจากรายการในรายงาน หากไม่ใช่ ให้เว้นว่างไว้"
    )
    assert "community plan of ตำบล AREA-1 (AREA-1) for FY 2027 (B.E. 2570)" in issue.message_en


def test_an_unknown_agency_or_area_is_told_what_would_be_right(month):
    info = info_rows(agency_code="AG-CC", area_code="AREA-9")
    submission, issues, _ = submit(month, [HEADER, [1, "KS-01", "อบรม", None, None, 1]], info=info)
    assert [code for _, _, code in issues] == ["agency_unknown", "area_unknown"]
    agency, area = submission.issues
    assert "หากหมายถึง 'AG-C' ให้แก้เป็นรหัสนี้" in agency.message_th
    assert "(if you meant 'AG-C', correct it to that)" in agency.message_en
    assert "รหัสพื้นที่ที่ใช้ได้: AREA-1 (ตำบล AREA-1)" in area.message_th
    assert all(i.rejects_file for i in (agency, area))


def test_faults_not_the_clerks_blame_no_one_and_show_no_internals():
    fault = make_issue("internal_error", Location("c.xlsx"), step="check")
    assert "check" not in fault.message_en and "oneplan" not in fault.message_th
    assert "ไม่ได้เกิดจากแบบรายงานของท่าน" in fault.message_th
    assert "ท่านไม่ต้องดำเนินการใด ๆ" in fault.message_th
    bomb = make_issue(
        "file_bomb", Location("c.xlsx"), reason="xl/worksheets/sheet1.xml inflates 900×"
    )
    assert "sheet1.xml" not in bomb.message_th + bomb.message_en
    assert "hostile" not in bomb.message_en and "อันตราย" not in bomb.message_th
    assert "Save As" in bomb.message_th and "Save As > Excel Workbook (.xlsx)" in bomb.message_en


def test_severity_labels_say_what_counts():
    row_error = make_issue("amount_invalid", WHERE, value="x")
    file_error = make_issue(
        "agency_unknown", Location("c.xlsx", "ข้อมูลหน่วยงาน", 2, "", "B2"), whole_file=True
    )
    warning = make_issue("merged_amount", WHERE, range="F3:F5")
    info = make_issue("total_row_skipped", WHERE, value="รวม")
    assert [severity_label(i) for i in (row_error, file_error, warning, info)] == [
        "ต้องแก้ไข (รายการนี้ยังไม่นับ)",
        "ต้องแก้ไข (แบบรายงานนี้ยังไม่นับ)",
        "ควรตรวจสอบ (นับแล้ว)",
        "แจ้งเพื่อทราบ",
    ]
    assert severity_label(warning, "en") == "Please check (counted)"
    # What is only recorded is not shown to the agency as a problem.
    copy = make_issue("duplicate_file", Location("copy.xlsx"), original="c.xlsx")
    note = make_issue("note_row_skipped", WHERE, value="หมายเหตุ")
    issues = [info, row_error, copy, warning, note, file_error]
    assert problems_for_agency(issues) == [row_error, warning, file_error]
    assert [i.shown_to_agency for i in issues] == [False, True, False, True, False, True]


def test_a_date_value_is_written_in_each_language():
    issue = make_issue(
        "end_before_start", WHERE, value=dt.date(2026, 11, 1), start=dt.datetime(2026, 12, 1)
    )
    assert "(1 พ.ย. 2569)" in issue.message_th and "(1 ธ.ค. 2569)" in issue.message_th
    assert "(1 Nov 2026)" in issue.message_en and "(1 Dec 2026)" in issue.message_en
