"""The read stage on its own: a workbook in, its raw cells and the issues of reading out.

No month runs here (no archive, ledger, reconciliation or report): each test builds a
workbook cell by cell and reads it with `oneplan.read`, and the values, places and issue
codes expected are written by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from oneplan.check.cells import key_validator
from oneplan.read.info import InfoValue
from oneplan.read.reference import ReferenceInputError, read_plan_tables, read_registry_table
from oneplan.read.rows import SkippedRow
from oneplan.read.submission import inspect_file, read_in_chunks, read_submission
from oneplan.receive.files import fingerprint, unrecorded
from oneplan.schemas import PLAN, REGISTRY, SUBMISSION_LINES
from tests.builders import Formula, info_rows, plan_item, write_grid, write_plan
from tests.test_reading import HEADER

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
LINE_NUMBER = key_validator(SUBMISSION_LINES)
INFO, LINES = "ข้อมูลหน่วยงาน", "รายการงบประมาณ"


def received(path):
    return unrecorded(fingerprint(path, path.name), NOW)


def read(tmp_path, sheets, *, merges=None, name="c.xlsx"):
    path = write_grid(tmp_path / name, sheets, merges={LINES: merges or []})
    file = received(path)
    return read_submission(file, inspect_file(file), LINE_NUMBER)


def codes(issues):
    return [(i.cell, i.severity, i.code) for i in issues]


def test_a_submission_is_read_raw_with_the_places_of_its_values(tmp_path):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", None, None, 1000],
        [],
        [2, "ks-01", "ปลูกผัก", None, None, "๘๐,๐๐๐ บาท"],
        [None, None, "รวม", None, None, Formula("=SUM(F2:F4)", 3000)],
        [3, "KS-02", "ตลาด", None, None, Formula("=1000*3")],
        ["หมายเหตุ: ข้อมูล ณ วันที่ 30 พ.ย. 2569"],
    ]
    submission = read(tmp_path, {INFO: info_rows(), LINES: rows})
    assert (submission.opened, submission.info_sheet, submission.issues) == (True, INFO, [])
    assert submission.info == {
        "agency_code": InfoValue("AG-C", "B2", 2),
        "area_code": InfoValue("AREA-1", "B3", 3),
        "period": InfoValue("2026-11", "B4", 4),
    }
    lines = submission.lines
    assert (lines.sheet, lines.header_row, lines.issues) == (LINES, 1, [])
    assert lines.rows.numbers == [2, 4, 6]
    assert lines.rows.columns["line_no"] == [1, 2, 3]
    assert lines.rows.columns["plan_item_id"] == ["KS-01", "ks-01", "KS-02"]  # not yet parsed
    assert lines.rows.columns["budget"] == [1000, "๘๐,๐๐๐ บาท", ""]
    assert lines.rows.skipped == [
        SkippedRow(5, "total_row_skipped", "รวม", "C5"),
        SkippedRow(7, "note_row_skipped", "หมายเหตุ: ข้อมูล ณ วันที่ 30 พ.ย. 2569", "A7"),
    ]
    assert lines.rows.formulas_without_value == {2: {"budget": "1000*3"}}


def test_a_merged_amount_is_read_once_on_its_first_row(tmp_path):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", "เกษตร", None, 1000],
        [2, "KS-01", "ปลูกผัก", None, None, None],
    ]
    submission = read(tmp_path, {INFO: info_rows(), LINES: rows}, merges=["D2:D3", "F2:F3"])
    columns = submission.lines.rows.columns
    assert columns["category"] == ["เกษตร", "เกษตร"]
    assert columns["budget"] == [1000, ""]
    assert submission.lines.rows.merged_amounts == {0: {"budget": "F2:F3"}}


def test_a_sheet_missing_is_an_issue_of_the_file(tmp_path):
    no_info = read(tmp_path, {"อื่น ๆ": info_rows(), LINES: [HEADER]}, name="a.xlsx")
    assert codes(no_info.issues) == [("", "error", "sheet_missing")]
    assert (no_info.info_sheet, no_info.info) == (None, {})
    assert no_info.lines.rows.numbers == []
    no_lines = read(tmp_path, {INFO: info_rows(), "ตาราง": [HEADER]}, name="b.xlsx")
    assert codes(no_lines.issues) == [("", "error", "sheet_missing")]
    assert "รายการงบประมาณ" in no_lines.issues[0].message_th
    assert no_lines.lines is None and no_lines.info_sheet == INFO


def test_a_table_without_its_header_or_a_required_column_is_not_walked(tmp_path):
    no_header = read(tmp_path, {INFO: info_rows(), LINES: [["ไม่มีตาราง"]]}, name="a.xlsx")
    assert codes(no_header.lines.issues) == [("", "error", "header_not_found")]
    assert no_header.lines.rows is None
    rows = [["รายงาน"], ["ลำดับ", "ชื่อกิจกรรม", "เบิกจ่ายสะสม"], [1, "อบรม", 100]]
    no_budget = read(tmp_path, {INFO: info_rows(), LINES: rows}, name="b.xlsx")
    (missing,) = no_budget.lines.issues
    assert (missing.code, missing.sheet, missing.row, missing.cell) == (
        "column_missing",
        LINES,
        2,
        "A2",  # no header looks like the budget's: the header row's first cell
    )
    assert missing.rejects_file and not missing.excludes_row
    assert "แถว 2" in missing.message_th
    assert "'ลำดับ', 'ชื่อกิจกรรม', 'เบิกจ่ายสะสม'" in missing.message_th
    assert "ใกล้เคียง" not in missing.message_th and "closest" not in missing.message_en
    assert (no_budget.lines.header_row, no_budget.lines.rows) == (2, None)


def test_a_file_that_is_no_workbook_or_still_changing_is_read_as_its_issue(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("line_no,budget\n1,100\n")
    refused = read_submission(received(path), inspect_file(received(path)), LINE_NUMBER)
    assert (refused.opened, codes(refused.issues)) == (False, [("", "error", "file_not_workbook")])
    changing = dataclasses.replace(received(path), settled=False)
    assert inspect_file(changing) is None
    read_changing = read_submission(changing, None, LINE_NUMBER)
    assert codes(read_changing.issues) == [("", "error", "file_changing")]


def test_a_bug_while_reading_one_file_is_that_files_internal_error(tmp_path, reading_a_xlsx_fails):
    paths = [
        write_grid(
            tmp_path / name, {INFO: info_rows(), LINES: [HEADER, [1, "KS-01", "x", 0, 0, 1]]}
        )
        for name in ("a.xlsx", "b.xlsx")
    ]
    (chunk,) = read_in_chunks([received(path) for path in paths], LINE_NUMBER)
    assert [codes(read.issues) for read in chunk] == [[("", "error", "internal_error")], []]
    assert (chunk[0].lines, chunk[1].lines.rows.numbers) == (None, [2])


def test_reference_files_are_read_raw_and_an_unreadable_one_stops_the_run(tmp_path):
    inputs = tmp_path / "inputs"
    items = [plan_item(item="KS-01", required=100_000), plan_item(item="ks-02", required="5,000")]
    write_plan(inputs, items, name="p.xlsx")
    (plan,) = read_plan_tables(inputs / "plan", inputs, key_validator(PLAN))
    assert (plan.source_file, plan.sheet, plan.rows.numbers) == ("plan/p.xlsx", "แผนชุมชน", [2, 3])
    assert plan.rows.columns["plan_item_id"] == ["KS-01", "ks-02"]
    assert plan.rows.columns["required_budget"] == [100_000, "5,000"]
    with pytest.raises(ReferenceInputError) as no_folder:
        read_plan_tables(tmp_path / "nowhere", inputs, key_validator(PLAN))
    assert no_folder.value.problem == "the plan folder does not exist"
    registry = inputs / "agencies.xlsx"
    write_grid(registry, {"ภาคี": [["ไม่มีตาราง"]]})
    with pytest.raises(ReferenceInputError) as no_table:
        read_registry_table(registry, inputs, key_validator(REGISTRY))
    assert no_table.value.path == "agencies.xlsx"


def _renamed(**headings):
    """HEADER with some columns headed as an office heads them (by column name)."""
    names = list(SUBMISSION_LINES.columns)
    return [headings.get(names[index], header) for index, header in enumerate(HEADER)]


@pytest.mark.parametrize(
    "heading",
    [
        "จำนวนเงิน (บาท)",
        "จำนวนเงิน\n(บาท)",
        "จำนวนเงิน(บาท)",
        "วงเงิน",
        "งบประมาณที่ได้รับ (บาท)",
        "งบประมาณ [บาท]",
        "งบประมาณ (บาท) *",
        "Budget",
    ],
)
def test_a_budget_column_headed_as_offices_head_it_is_the_budget(tmp_path, heading):
    header = _renamed(budget=heading)
    rows = [header, [1, "KS-01", "อบรม", None, None, 1000]]
    submission = read(tmp_path, {INFO: info_rows(), LINES: rows})
    assert (submission.lines.header_row, submission.lines.issues) == (1, [])
    assert submission.lines.rows.columns["budget"] == [1000]


def test_every_column_is_found_under_the_headings_offices_use(tmp_path):
    header = _renamed(
        line_no="ลำดับที่",
        plan_item_id="รหัสโครงการตามแผน",
        activity="ชื่อโครงการ/กิจกรรม",
        category="หมวดหมู่",
        village="หมู่บ้าน",
        budget="จำนวนเงิน (บาท)",
        disbursed="ผลการเบิกจ่าย (บาท)",
        support_type="ลักษณะการสนับสนุน",
        start_date="วันที่เริ่มต้น",
        end_date="วันที่ สิ้นสุด",  # a space typed to wrap the heading
        note="หมายเหตุ :",
    )
    # the results columns (#29), as offices head them
    header += ["สถานะโครงการ", "ผลผลิตสะสม", "หน่วย", "จำนวนครัวเรือนที่ได้รับประโยชน์"]
    header += ["ผู้ได้รับประโยชน์ (คน)", "สรุปผลการดำเนินงาน"]
    row = [1, "KS-01", "อบรม", "เกษตร", "3", 1000, 400, "เงิน", "1 ต.ค. 2569", "30 ก.ย. 2570", "-"]
    row += ["กำลังดำเนินการ", "๒๐", "ครัวเรือน", 20, 45, "อบรมแล้ว 1 รุ่น"]
    submission = read(tmp_path, {INFO: info_rows(), LINES: [header, row]})
    assert submission.lines.issues == []
    assert set(submission.lines.layout.columns) == set(SUBMISSION_LINES.columns)
    assert submission.lines.rows.columns["disbursed"] == [400]
    assert submission.lines.rows.columns["end_date"] == ["30 ก.ย. 2570"]


@pytest.mark.parametrize("heading", ["เบิกจ่ายแล้ว", "ผลการเบิกจ่าย", "เบิกจ่ายจริง (บาท)"])
def test_a_disbursed_column_headed_as_offices_head_it_is_disbursed(tmp_path, heading):
    rows = [_renamed(disbursed=heading), [1, "KS-01", "อบรม", None, None, 1000, 250]]
    submission = read(tmp_path, {INFO: info_rows(), LINES: rows})
    assert submission.lines.issues == []
    assert submission.lines.rows.columns["disbursed"] == [250]


def test_the_info_sheet_is_read_under_the_labels_forms_give_it(tmp_path):
    info = [["รหัสภาคี", "AG-C"], ["รหัสพื้นที่ :", "AREA-1"], ["ประจำเดือน", "พฤศจิกายน 2569"]]
    submission = read(tmp_path, {INFO: info, LINES: [HEADER, [1, "KS-01", "อบรม"]]})
    assert {name: found.value for name, found in submission.info.items()} == {
        "agency_code": "AG-C",
        "area_code": "AREA-1",
        "period": "พฤศจิกายน 2569",
    }


def test_a_missing_column_names_the_header_row_its_columns_and_the_closest(tmp_path):
    """งบประมาน: the budget heading misspelt (น for ณ), which no alias can know."""
    rows = [
        ["แบบรายงาน"],
        ["ลำดับ", "ชื่อกิจกรรม", "ผู้ตรวจ", "งบประมาน (บาท)", "เบิกจ่ายสะสม"],
        [1, "อบรม", "สมชาย", 1000, 100],
    ]
    submission = read(tmp_path, {INFO: info_rows(), LINES: rows})
    (missing,) = submission.lines.issues
    assert (missing.code, missing.row, missing.cell, missing.column) == (
        "column_missing",
        2,
        "D2",  # the closest heading's cell: the feedback copy's comment goes there
        "budget",
    )
    assert missing.message_th == (
        "แผ่นงาน รายการงบประมาณ แถวหัวตาราง (แถว 2) ไม่มีคอลัมน์ 'งบประมาณ' ซึ่งต้องมี "
        "จึงยังไม่นับแบบรายงานนี้ หัวคอลัมน์ที่พบในแถวนี้: 'ลำดับ', 'ชื่อกิจกรรม', 'ผู้ตรวจ', "
        "'งบประมาน (บาท)', 'เบิกจ่ายสะสม' หัวคอลัมน์ที่ใกล้เคียงที่สุดคือ 'งบประมาน (บาท)' "
        "(ช่อง D2) กรุณาแก้หัวคอลัมน์ให้เป็น 'งบประมาณ' ตามแบบรายงาน (หรือเพิ่มคอลัมน์นี้ถ้ายังไม่มี "
        "หรือคัดลอกข้อมูลลงแบบรายงานเปล่าฉบับล่าสุด) แล้วส่งใหม่"
    )
    assert "The closest is 'งบประมาน (บาท)' (cell D2)" in missing.message_en
