"""Real partner workbooks: every messy form read as a person reads it, every problem in its cell.

Each test builds its workbook cell by cell and asserts the exact issues (cell, severity,
code) and the figures that still count. A cell rule's test reads and checks its workbook
with the read and check stages alone (`submit`); the few that look at what the month makes
of it (alignment with the plan, an agency's status) run the month (`submit_to_month`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from oneplan.check.reference import read_plan, read_registry
from oneplan.check.submission import check_submissions, read_batch
from oneplan.month.run import run_month
from oneplan.receive.files import fingerprint, unrecorded
from tests.builders import Formula, info_rows, write_grid
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
HEADER = [
    "ลำดับ",
    "รหัสโครงการในแผน",
    "ชื่อกิจกรรม",
    "หมวด",
    "หมู่ที่",
    "งบประมาณ",
    "เบิกจ่ายสะสม",
    "ประเภทการสนับสนุน",
    "วันเริ่ม",
    "วันสิ้นสุด",
    "หมายเหตุ",
]


def reference_of(month):
    """The `month` fixture's plan and registry, read and checked."""
    plan = read_plan(month.plan_dir, month.inputs)
    return plan, read_registry(month.registry_file, month.inputs, plan)


def read_and_check(path, name, plan, registry):
    """The workbook at `path` (named `name`) read and checked on its own, as the month
    reads and checks its files: no archive, ledger, reconciliation or report."""
    (read,) = read_batch([unrecorded(fingerprint(path, name), NOW)], plan, registry)
    (submission,) = check_submissions([read], plan)
    return submission


def write_submission(
    month,
    lines_rows,
    *,
    name="c.xlsx",
    info=None,
    merges=None,
    lines_sheet="รายการงบประมาณ",
    info_sheet="ข้อมูลหน่วยงาน",
):
    sheets = {info_sheet: info or info_rows(), lines_sheet: lines_rows}
    return write_grid(month.drop_zone / name, sheets, merges={lines_sheet: merges or []})


def submit(month, lines_rows, *, name="c.xlsx", **layout):
    """The submission read and checked (no month runs), its issues as (cell, severity,
    code), and its lines that count, as a frame."""
    path = write_submission(month, lines_rows, name=name, **layout)
    submission = read_and_check(path, name, *reference_of(month))
    issues = [(i.cell, i.severity, i.code) for i in submission.issues if i.source_file == name]
    return submission, issues, pd.DataFrame(submission.counted_columns())


def submit_to_month(month, lines_rows, *, name="c.xlsx", **layout):
    """The month run with the submission in its drop zone, the submission's issues as
    (cell, severity, code), and its lines in the reconciliation."""
    write_submission(month, lines_rows, name=name, **layout)
    result = run_month(month, PERIOD, NOW)
    issues = [(i.cell, i.severity, i.code) for i in result.issues if i.source_file == name]
    lines = result.reconciliation.lines
    counted = lines[lines["source_file"] == name]
    return result, issues, counted


def budgets(counted) -> dict[int, int]:
    return dict(zip(counted["line_no"], counted["budget"], strict=True))


def test_title_rows_units_reordered_and_unknown_columns(month):
    rows = [
        ["แบบรายงานงบประมาณ สำนักงานตัวอย่าง"],
        ["ปีงบประมาณ 2570"],
        [],
        ["หมายเหตุ (ภายใน)", "งบประมาณ (บาท)", "ชื่อกิจกรรม", "ลำดับที่", "ผู้ตรวจ", "รหัสโครงการในแผน"],
        ["", 1500, "อบรม", 1, "สมชาย", "KS-01"],
        ["", "๘๐,๐๐๐ บาท", "ปลูกผัก", "๒", "", "ks–01"],
        ["", "฿1,200.50", "ตลาดนัด", 3, "", ""],
    ]
    _, issues, counted = submit_to_month(month, rows)
    assert issues == []
    assert budgets(counted) == {1: 150_000, 2: 8_000_000, 3: 120_050}
    assert list(counted["alignment"]) == ["aligned", "aligned", "unaligned"]
    assert list(counted["row"]) == [5, 6, 7]


def test_english_sheet_names_and_headers(month):
    rows = [["line_no", "activity", "budget", "Plan_Item_ID"], [1, "training", 100, "KS-01"]]
    info = [["agency_code", "AG-C"], ["area_code", "area-1"], ["period", "11/2569"]]
    _, issues, counted = submit(month, rows, info=info, info_sheet=" Info ", lines_sheet="LINES")
    assert issues == []
    assert budgets(counted) == {1: 10_000}


def test_info_sheet_laid_out_as_a_form(month):
    info = [
        ["แบบรายงาน"],
        [None, "รหัสหน่วยงาน", None, "AG-C"],
        [None, "รหัสพื้นที่", None, "AREA-1"],
        [None, "งวดรายงาน :", None, dt.date(2569, 11, 15)],
    ]
    rows = [HEADER, [1, "KS-01", "อบรม", None, None, 100]]
    result, issues, counted = submit_to_month(month, rows, info=info)
    assert issues == []
    assert (
        result.reconciliation.agencies.set_index("agency_code").loc["AG-C", "source_period"]
        == "2026-11"
    )


def test_total_note_blank_and_prenumbered_rows(month):
    rows = [
        HEADER,
        [1, "KS-01", "รวมกลุ่มอาชีพ", None, None, 1000],  # an activity, not a total
        [],
        [2, "KS-01", "อบรม", None, None, 2000],
        [None, None, "รวม", None, None, Formula("=SUM(F2:F4)", 3000)],
        [None, None, None, None, None, Formula("=F2+F4", 3000)],
        ["รวมทั้งสิ้น", None, None, None, None, 3000],
        [3],
        [4],
        [5],
        ["หมายเหตุ: ข้อมูล ณ วันที่ 30 พ.ย. 2569"],
    ]
    _, issues, counted = submit(month, rows)
    assert issues == [
        ("C5", "info", "total_row_skipped"),
        ("F6", "info", "total_row_skipped"),
        ("A7", "info", "total_row_skipped"),
        ("A11", "info", "note_row_skipped"),
    ]
    assert budgets(counted) == {1: 100_000, 2: 200_000}


def test_section_heading_inside_the_table_is_skipped(month):
    rows = [HEADER, ["ยุทธศาสตร์ที่ 1 เศรษฐกิจชุมชน"], [1, "KS-01", "อบรม", None, None, 100]]
    _, issues, counted = submit(month, rows)
    assert issues == [("A2", "info", "note_row_skipped")]
    assert budgets(counted) == {1: 10_000}


def test_amount_without_a_line_number_is_a_row_error(month):
    rows = [
        HEADER,
        [None, "KS-01", "อบรม", None, None, 100],
        [2, "KS-01", "ปลูกผัก", None, None, 200],
    ]
    _, issues, counted = submit(month, rows)
    assert issues == [("A2", "error", "key_missing")]
    assert budgets(counted) == {2: 20_000}


def test_formulas_with_and_without_cached_values(month):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", None, None, Formula("=1000*2", 2000)],
        [2, "KS-01", "ปลูกผัก", None, None, Formula("=1000*3")],  # never calculated
    ]
    _, issues, counted = submit(month, rows)
    assert issues == [("F3", "error", "formula_no_value")]
    assert budgets(counted) == {1: 200_000}


def test_merged_category_applies_to_every_row_and_merged_amount_counts_once(month):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", "เกษตร", None, 1000],
        [2, "KS-01", "ปลูกผัก", None, None, None],
        [3, "KS-01", "ตลาด", None, None, 500],
    ]
    _, issues, counted = submit(month, rows, merges=["D2:D4", "F2:F3"])
    assert issues == [("F2", "warning", "merged_amount"), ("F3", "error", "value_missing")]
    assert list(counted["category"]) == ["เกษตร", "เกษตร"]
    assert budgets(counted) == {1: 100_000, 3: 50_000}


def test_dates_in_thai_forms_and_buddhist_era(month):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", None, None, 100, None, None, dt.date(2569, 10, 1), "31 ธ.ค. 2569"],
        [2, "KS-01", "ปลูกผัก", None, None, 100, None, None, "1 พฤศจิกายน 2569", "1/10/2569"],
        [3, "KS-01", "ตลาด", None, None, 100, None, None, "พรุ่งนี้", None],
    ]
    _, issues, counted = submit(month, rows)
    assert issues == [("J3", "error", "end_before_start"), ("I4", "error", "date_invalid")]
    assert budgets(counted) == {1: 10_000}


@pytest.mark.parametrize(
    ("budget", "disbursed", "expected"),
    [
        (-500, None, [("F2", "error", "amount_negative")]),
        ("12.345", None, [("F2", "error", "amount_too_precise")]),
        ("สองพัน", None, [("F2", "error", "amount_invalid")]),
        (100, 200, [("G2", "error", "disbursed_over_budget")]),
        (100, -1, [("G2", "error", "amount_negative")]),
        (None, None, [("F2", "error", "value_missing")]),
        (0.30000000000000004, None, []),
    ],
)
def test_amount_problems(month, budget, disbursed, expected):
    rows = [HEADER, [1, "KS-01", "อบรม", None, None, budget, disbursed]]
    _, issues, counted = submit(month, rows)
    assert issues == expected
    assert len(counted) == (0 if expected else 1)


def test_missing_activity_and_bad_line_numbers(month):
    rows = [
        HEADER,
        [1, "KS-01", None, None, None, 100],
        [2, "KS-01", "อบรม", None, None, 100],
        [2, "KS-01", "ซ้ำ", None, None, 100],
        ["๓", "KS-01", "ปลูก", None, None, 100],
    ]
    _, issues, counted = submit(month, rows)
    assert issues == [("C2", "error", "value_missing"), ("A4", "error", "line_no_duplicate")]
    assert budgets(counted) == {2: 10_000, 3: 10_000}


def test_text_is_cleaned_before_it_is_compared(month):
    rows = [HEADER, [1, "K\u200bS-01", "  อบรม\u200b  ", "เกษตร", "หมู่ ๓", 100]]
    _, issues, counted = submit(month, rows)
    assert issues == []
    assert (counted["plan_item_id"].iloc[0], counted["activity"].iloc[0]) == ("KS-01", "อบรม")


def test_missing_required_column_names_the_column_and_the_header_row(month):
    rows = [["รายงาน"], ["ลำดับ", "ชื่อกิจกรรม", "เบิกจ่ายสะสม"], [1, "อบรม", 100]]
    result, issues, counted = submit(month, rows)
    assert issues == [("A2", "error", "column_missing")]
    (issue,) = [i for i in result.issues if i.source_file == "c.xlsx"]
    assert "งบประมาณ" in issue.message_th and "แถว 2" in issue.message_th
    assert counted.empty


def test_header_not_found(month):
    rows = [["ข้อมูลทั่วไป"], ["ไม่มีตาราง"]]
    _, issues, _ = submit(month, rows)
    assert issues == [("", "error", "header_not_found")]


def test_info_problems_reject_the_file(month):
    rows = [HEADER, [1, "KS-01", "อบรม", None, None, 100]]
    _, issues, _ = submit(
        month, rows, info=[["รหัสหน่วยงาน", "AG-C"], ["รหัสพื้นที่", "AREA-1"], ["งวดรายงาน", "ปลายปี"]]
    )
    assert issues == [("B3", "error", "period_invalid")]
    _, issues, _ = submit(
        month, rows, name="d.xlsx", info=[["รหัสหน่วยงาน", "AG-C"], ["รหัสพื้นที่", "AREA-1"]]
    )
    assert issues == [("", "error", "info_missing")]


def test_an_empty_lines_sheet_is_a_valid_submission_of_zero_lines(month):
    result, issues, counted = submit_to_month(month, [HEADER])
    assert issues == []
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-C"]
    assert (agency["status"], agency["lines"], agency["total_budget"]) == ("submitted", 0, 0)
