"""`oneplan validate` and `oneplan template`, as a clerk and a coordinator use them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.builders import line, write_submission

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))


def oneplan(*args, cwd):
    return subprocess.run([ONEPLAN, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def make_template(month, tmp_path, agency="AG-C") -> Path:
    target = tmp_path / "template.xlsx"
    completed = oneplan(
        "template",
        "--agency",
        agency,
        "--area",
        "area-1",
        "--period",
        "2026-11",
        "--inputs",
        str(month.inputs),
        "-o",
        str(target),
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr
    return target


def test_template_has_info_filled_and_drop_downs(month, tmp_path):
    book = load_workbook(make_template(month, tmp_path))
    assert book.sheetnames == ["ข้อมูลหน่วยงาน", "รายการเลือก", "รายการงบประมาณ"]
    assert book["รายการเลือก"].sheet_state == "hidden"
    info = {
        row[0]: row[1]
        for row in book["ข้อมูลหน่วยงาน"].iter_rows(min_row=3, max_row=11, values_only=True)
    }
    assert (info["รหัสหน่วยงาน"], info["รหัสพื้นที่"], info["ประจำเดือน"]) == (
        "AG-C",
        "AREA-1",
        "พฤศจิกายน 2569",
    )
    lines = book["รายการงบประมาณ"]
    assert lines.freeze_panes == "A2"
    assert [c.value for c in lines[1]][:6] == [
        "ลำดับ",
        "รหัสโครงการในแผน",
        "ชื่อกิจกรรม",
        "หมวด",
        "หมู่ที่",
        "งบประมาณ (บาท)",
    ]
    options = [c.value for c in book["รายการเลือก"]["A"][1:]]
    assert options == ["KS-01 โครงการ KS-01", "KS-02 โครงการ KS-02", "KS-03 โครงการ KS-03"]
    kinds = sorted((v.type, str(v.sqref)) for v in lines.data_validations.dataValidation)
    assert ("list", "B2:B201") in kinds and ("decimal", "F2:F201 G2:G201") in kinds
    assert ("date", "I2:I201 J2:J201") in kinds


def test_a_template_filled_in_as_offered_validates_without_any_issue(month, tmp_path):
    path = make_template(month, tmp_path)
    book = load_workbook(path)
    lines = book["รายการงบประมาณ"]
    # Rows 2.. are numbered in advance; fill the first two.
    lines["B2"], lines["C2"], lines["D2"], lines["F2"], lines["G2"] = (
        "KS-01 โครงการ KS-01",
        "อบรม",
        "เกษตร",
        12500.5,
        1000,
    )
    lines["H2"], lines["I2"], lines["J2"] = (
        "เงิน",
        dt.datetime(2026, 10, 1),
        dt.datetime(2026, 12, 31),
    )
    lines["B3"], lines["C3"], lines["F3"], lines["H3"] = None, "งานนอกแผน", 300, "บุคลากร"
    book.save(path)
    completed = oneplan(
        "validate", str(path), "--inputs", str(month.inputs), "--lang", "en", cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stdout
    assert "accepted AG-C AREA-1 2026-11 — 2 lines count, 0 rows excluded" in completed.stdout
    assert "error" not in completed.stdout and "warning" not in completed.stdout


def test_validate_reports_every_issue_writes_feedback_and_records_nothing(month, tmp_path):
    bad = write_submission(
        tmp_path / "bad.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, -5, "KS-01")]
    )
    feedback = tmp_path / "feedback"
    completed = oneplan(
        "validate",
        str(bad),
        "--inputs",
        str(month.inputs),
        "--feedback",
        str(feedback),
        cwd=tmp_path,
    )
    assert completed.returncode == 1
    assert "amount_negative" in completed.stdout and "ช่อง F2" in completed.stdout
    assert [p.name for p in feedback.iterdir()] == ["AG-C_AREA-1_2026-11.xlsx"]
    assert not (tmp_path / "state").exists() and not month.state.exists()


def test_template_for_an_unknown_agency_says_so(month, tmp_path):
    completed = oneplan(
        "template",
        "--agency",
        "NOBODY",
        "--area",
        "AREA-1",
        "--lang",
        "en",
        "--inputs",
        str(month.inputs),
        "-o",
        str(tmp_path / "t.xlsx"),
        cwd=tmp_path,
    )
    assert completed.returncode == 1
    assert "NOBODY is not in the registry" in completed.stderr


def test_the_templates_categories_are_offered_in_the_plans_order():
    import pandas as pd

    from oneplan.forms.submission_template import build_template

    plan_items = pd.DataFrame(
        {
            "plan_item_id": ["W-1", "A-1", "W-2", "D-1"],
            "title": ["กองทุนสวัสดิการ", "ปลูกผัก", "ดูแลผู้สูงอายุ", "แก้หนี้"],
            "category": ["สวัสดิการ", "เกษตร", "สวัสดิการ", "หนี้สิน"],
            "priority": [2, 1, 3, 4],
        }
    )
    agency = pd.Series({"agency_code": "AG-A", "name_th": "หน่วยงานทดสอบ", "contact": ""})
    book = build_template(agency, "AREA-1", "ตำบลทดสอบ", "2026-11", plan_items)
    offered = [c.value for c in book["รายการเลือก"]["B"][1:] if c.value]
    assert offered == ["สวัสดิการ", "เกษตร", "หนี้สิน"]  # not by character code (เกษตร last)
