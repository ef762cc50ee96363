"""The check stage on its own: what reading gave in, typed rows and issues out.

No month runs here (no archive, ledger, reconciliation or report): the plan and the
registry are the `month` fixture's files, read and checked by `oneplan.check.reference`;
a submission is a workbook built cell by cell, read and parsed a batch at a time
(`read_batch`), then checked with the month's others (`check_submissions`, which returns
the submissions checked and leaves the ones it is given unchanged). The codes, cells and
values expected are written by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from oneplan.check.identity import identify
from oneplan.check.lines import LinesToCheck, check_lines
from oneplan.check.reference import read_plan, read_registry
from oneplan.check.submission import check_submissions, read_batch
from oneplan.read.info import InfoValue
from oneplan.receive.files import fingerprint, unrecorded
from tests.builders import (
    Formula,
    agency,
    info_rows,
    plan_item,
    write_grid,
    write_plan,
    write_registry,
)
from tests.test_reading import HEADER, reference_of

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
INFO, LINES = "ข้อมูลหน่วยงาน", "รายการงบประมาณ"


@pytest.fixture
def reference(month):
    return reference_of(month)


def read_lines(tmp_path, rows, reference, *, info=None):
    path = write_grid(tmp_path / "c.xlsx", {INFO: info or info_rows(), LINES: rows})
    (submission,) = read_batch([unrecorded(fingerprint(path, "c.xlsx"), NOW)], *reference)
    return submission


def codes(issues):
    return [(i.cell, i.severity, i.code) for i in issues]


def test_cells_are_parsed_by_their_column_kind_each_problem_in_its_cell(tmp_path, reference):
    rows = [
        HEADER,
        [1, "ks–01", " อบรม\u200b ", None, "หมู่ ๓", "๘๐,๐๐๐ บาท", "250.50"],
        [2, "KS-01", "ปลูกผัก", None, None, "สองพัน"],
        [3, "KS-01", "ตลาด", None, None, "12.345"],
        ["๔", "KS-01", "อบรม", None, None, 100, None, None, "พรุ่งนี้"],
        [5, "KS-01", "อบรม", None, None, Formula("=1000*3")],
        [6, "KS-02", "อบรม", None, None, 100, None, None, "1 ต.ค. 2569", dt.date(2569, 12, 31)],
    ]
    submission = read_lines(tmp_path, rows, reference)
    assert codes(submission.issues) == [
        ("F3", "error", "amount_invalid"),
        ("F4", "error", "amount_too_precise"),
        ("I5", "error", "date_invalid"),
        ("F6", "error", "formula_no_value"),
    ]
    lines = submission.lines
    assert (lines.sheet, lines.numbers) == (LINES, [2, 3, 4, 5, 6, 7])
    assert lines.errors == [False, True, True, True, True, False]
    assert lines.columns["line_no"] == [1, 2, 3, 4, 5, 6]
    assert lines.columns["plan_item_id"][0] == "KS-01"
    assert lines.columns["activity"][0] == "อบรม"
    assert lines.columns["village"][0] == "3"  # a village is its number
    assert lines.columns["budget"] == [8_000_000, None, None, 10_000, None, 10_000]
    assert lines.columns["disbursed"][0] == 25_050
    assert lines.columns["support_type"][0] == "cash"
    assert lines.columns["start_date"][5] == dt.date(2026, 10, 1)
    assert lines.columns["end_date"][5] == dt.date(2026, 12, 31)


def test_the_info_sheet_identifies_the_file_or_rejects_it(reference):
    plan, registry = reference
    values = {
        "agency_code": InfoValue("ag-x", "B2", 2),
        "area_code": InfoValue(" area-1 ", "B3", 3),
        "period": InfoValue("ปลายปี", "B4", 4),
        "reported_by": InfoValue("สมชาย ", "B5", 5),
    }
    identity = identify("c.xlsx", INFO, values, plan, registry)
    assert (identity.agency_code, identity.agency_known) == ("AG-X", False)
    assert (identity.area_code, identity.area_known) == ("AREA-1", True)
    assert identity.period is None
    assert identity.info == {"reported_by": "สมชาย"}
    assert codes(identity.issues) == [
        ("B2", "error", "agency_unknown"),
        ("B4", "error", "period_invalid"),
    ]
    assert all(issue.rejects_file for issue in identity.issues)
    values = {"agency_code": InfoValue("AG-C", "B2", 2), "period": InfoValue("11/2569", "B4", 4)}
    identity = identify("c.xlsx", INFO, values, plan, registry)
    assert (identity.agency_known, identity.period) == (True, "2026-11")
    assert [(i.column, i.code, i.rejects_file) for i in identity.issues] == [
        ("area_code", "info_missing", True)
    ]


def test_the_lines_are_checked_and_their_findings_applied_in_one_step(tmp_path, reference):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", None, None, -500],
        [2, "KS-01", "อบรม", None, None, 100, 200],
        [3, "KS-01", "อบรม", None, None, 100],
        [3, "KS-01", "ซ้ำ", None, None, 100],
        [4, "ZZ-9", "อบรม", None, None, 100],
        [5, "KS-02", "อบรม", "เกษตร", None, 100],
        [6, "KS-01", None, None, None, 100],
    ]
    submission = read_lines(tmp_path, rows, reference)
    assert submission.issues == []
    to_check = LinesToCheck(submission.lines, frozenset(), ("AREA-1", "2026-11"))
    (found,) = check_lines([to_check], reference[0])
    assert sorted(codes(found.issues)) == [
        ("A5", "error", "line_no_duplicate"),
        ("B6", "warning", "plan_item_unknown"),
        ("C8", "error", "value_missing"),
        ("D7", "warning", "category_mismatch"),
        ("F2", "error", "amount_negative"),
        ("G3", "error", "disbursed_over_budget"),
    ]
    assert found.errors == [True, True, False, True, False, False, True]
    assert (submission.issues, submission.lines.errors) == ([], [False] * 7)  # unchanged
    (checked,) = check_submissions([submission], reference[0])
    assert (submission.issues, submission.lines.errors) == ([], [False] * 7)  # unchanged
    submission = checked
    assert codes(submission.issues) == [
        ("F2", "error", "amount_negative"),
        ("G3", "error", "disbursed_over_budget"),
        ("A5", "error", "line_no_duplicate"),
        ("B6", "warning", "plan_item_unknown"),
        ("D7", "warning", "category_mismatch"),
        ("C8", "error", "value_missing"),
    ]
    assert {issue.agency_code for issue in submission.issues} == {"AG-C"}
    assert [row["line_no"] for row in submission.counted_rows] == [3, 4, 5]
    assert submission.rejected_rows == 4


def test_plan_and_registry_rows_with_errors_are_left_out(tmp_path):
    inputs = tmp_path / "inputs"
    write_plan(inputs, [plan_item(item="KS-01")], name="a.xlsx")
    items = [plan_item(item="KS-01"), plan_item(item="KS-02", required=-5), plan_item(item="KS-03")]
    write_plan(inputs, items, name="b.xlsx")
    agencies = [
        agency("AG-A", "AREA-1"),
        agency("AG-A", "AREA-1"),
        agency("AG-B", "AREA-1, AREA-9"),
    ]
    write_registry(inputs, agencies)
    plan = read_plan(inputs / "plan", inputs)
    assert [(i.source_file, i.cell, i.code) for i in plan.issues] == [
        ("plan/b.xlsx", "I3", "amount_negative"),
        ("plan/b.xlsx", "D2", "plan_item_duplicate"),
    ]
    duplicate = plan.issues[1]
    assert "แถว 2 ในไฟล์ plan/a.xlsx" in duplicate.message_th
    assert "row 2 of plan/a.xlsx" in duplicate.message_en
    assert list(plan.items["plan_item_id"]) == ["KS-01", "KS-03"]
    assert plan.files == ["plan/a.xlsx", "plan/b.xlsx"]
    registry = read_registry(inputs / "agencies.xlsx", inputs, plan)
    assert codes(registry.issues) == [
        ("A3", "error", "agency_duplicate"),
        ("J4", "warning", "registry_area_unknown"),  # areas: column J of the registry
    ]
    assert list(registry.agencies["agency_code"]) == ["AG-A", "AG-B"]
