"""`oneplan starters`: the blank plan and registry a coordinator fills in, as a coordinator
uses them: written by the command, filled in with openpyxl as Excel would, then read by the
real readers (the ones every run uses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from oneplan.check.reference import read_plan, read_registry
from oneplan.read.reference import ReferenceInputError
from oneplan.schemas import PLAN, REGISTRY

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))


def oneplan(*args, cwd):
    return subprocess.run([ONEPLAN, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def starters(tmp_path) -> Path:
    completed = oneplan("starters", "--out", "mine", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "เขียน mine/plan/plan.xlsx แล้ว" in completed.stdout
    assert "เขียน mine/agencies.xlsx แล้ว" in completed.stdout
    return tmp_path / "mine"


def _fill(path: Path, rows: list[dict]) -> None:
    """Type `rows` (header -> value) under the first sheet's headers, as a coordinator does."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    book.save(path)


def test_each_starter_is_the_schema_table_with_help_and_examples_beside_it(starters):
    for path, schema in (
        (starters / "plan" / "plan.xlsx", PLAN),
        (starters / "agencies.xlsx", REGISTRY),
    ):
        book = load_workbook(path)
        assert book.sheetnames == [schema.metadata["sheet_th"], "คำอธิบาย", "ตัวอย่าง"]
        data = book.worksheets[0]
        headers = [c.metadata["th"] for c in schema.columns.values()]
        assert [cell.value for cell in data[1]] == headers
        blank = all(v is None for row in data.iter_rows(min_row=2, values_only=True) for v in row)
        assert blank  # no example row in the table itself
        help_rows = {row[0]: row for row in book["คำอธิบาย"].iter_rows(values_only=True)}
        for column in schema.columns.values():
            th, en, required, description = help_rows[column.metadata["th"]][:4]
            assert en == column.metadata["en"]
            assert required == ("ต้องกรอก" if column.metadata["input_required"] else "ไม่บังคับ")
            assert description == column.description
        examples = book["ตัวอย่าง"]
        assert [cell.value for cell in examples[1]] == headers
        assert examples.max_row == 3
    registry_help = {
        row[0]: row
        for row in load_workbook(starters / "agencies.xlsx")["คำอธิบาย"].iter_rows(values_only=True)
    }
    assert registry_help["ชื่อย่อ"][1] == "short_name"
    assert registry_help["ตำแหน่งผู้รับหนังสือ"][1] == "recipient_position"


def test_filled_starters_are_read_by_the_run_s_readers_without_an_issue(starters):
    _fill(
        starters / "plan" / "plan.xlsx",
        [
            {
                "รหัสพื้นที่": "plg-pkh",
                "ชื่อพื้นที่": "ตำบลแพรกหา",
                "ปีงบประมาณ": "๒๕๗๐",
                "รหัสโครงการ": "KS-01",
                "หมวด": "เกษตร",
                "ชื่อโครงการ": "ธนาคารเมล็ดพันธุ์ชุมชน",
                "ลำดับความสำคัญ": 1,
                "งบประมาณที่ต้องการ": "85,000.50",
                "หมู่ที่": "ม.3",
            },
            {
                "รหัสพื้นที่": "PLG-PKH",
                "ปีงบประมาณ": 2570,
                "รหัสโครงการ": "SW-01",
                "หมวด": "สวัสดิการ",
                "ชื่อโครงการ": "กองทุนสวัสดิการชุมชน",
                "งบประมาณที่ต้องการ": 150000,
            },
        ],
    )
    _fill(
        starters / "agencies.xlsx",
        [
            {
                "รหัสหน่วยงาน": "SAO-PKH",
                "ชื่อหน่วยงาน": "องค์การบริหารส่วนตำบลแพรกหา",
                "ชื่อย่อ": "อบต.แพรกหา",
                "ตำแหน่งผู้รับหนังสือ": "นายกองค์การบริหารส่วนตำบลแพรกหา",
                "อีเมล": "saraban@example.go.th; plan@example.go.th",
                "พื้นที่": "PLG-PKH",
            },
            {"รหัสหน่วยงาน": "CODI", "ชื่อหน่วยงาน": "สถาบันพัฒนาองค์กรชุมชน"},
        ],
    )
    plan = read_plan(starters / "plan", starters)
    registry = read_registry(starters / "agencies.xlsx", starters, plan)
    assert plan.issues == [] and registry.issues == []
    items = plan.items
    assert items[
        ["area_code", "fiscal_year", "plan_item_id", "required_budget"]
    ].values.tolist() == [
        ["PLG-PKH", 2570, "KS-01", 8_500_050],
        ["PLG-PKH", 2570, "SW-01", 15_000_000],
    ]
    agencies = registry.agencies.set_index("agency_code")
    assert agencies.loc["SAO-PKH", "short_name"] == "อบต.แพรกหา"
    assert agencies.loc["SAO-PKH", "recipient_position"] == "นายกองค์การบริหารส่วนตำบลแพรกหา"
    assert agencies.loc["SAO-PKH", "email"] == ["saraban@example.go.th", "plan@example.go.th"]
    assert agencies.loc["SAO-PKH", "areas"] == ["PLG-PKH"]


def test_the_example_rows_are_valid_rows(starters):
    for name in ("plan/plan.xlsx", "agencies.xlsx"):
        path = starters / name
        book = load_workbook(path)
        rows = [
            dict(zip([c.value for c in book["ตัวอย่าง"][1]], values, strict=True))
            for values in book["ตัวอย่าง"].iter_rows(min_row=2, values_only=True)
        ]
        _fill(path, [{k: v for k, v in row.items() if v is not None} for row in rows])
    plan = read_plan(starters / "plan", starters)
    registry = read_registry(starters / "agencies.xlsx", starters, plan)
    assert plan.issues == [] and registry.issues == []
    assert len(plan.items) == 2 and len(registry.agencies) == 2


def test_an_unfilled_starter_stops_with_a_clear_message_not_a_crash(starters, tmp_path):
    with pytest.raises(ReferenceInputError) as empty_plan:
        read_plan(starters / "plan", starters)
    assert empty_plan.value.path == "plan/plan.xlsx"
    assert "no rows under its header" in empty_plan.value.problem
    completed = oneplan(
        "template", "--agency", "SAO-PKH", "--area", "PLG-PKH", "--inputs", "mine", "-o", "t.xlsx",
        cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    said = " ".join(completed.stderr.split())
    assert "อ่าน plan/plan.xlsx ไม่ได้: แผ่นงาน แผนชุมชน มีแต่หัวตาราง ไม่มีข้อมูล" in said
    assert "กรุณากรอกหนึ่งแถวต่อหนึ่งโครงการ" in said
    _fill(
        starters / "plan" / "plan.xlsx",
        [{"รหัสพื้นที่": "PLG-PKH", "ปีงบประมาณ": 2570, "รหัสโครงการ": "KS-01",
          "หมวด": "เกษตร", "ชื่อโครงการ": "ธนาคารเมล็ดพันธุ์", "งบประมาณที่ต้องการ": 1}],
    )  # fmt: skip
    with pytest.raises(ReferenceInputError) as empty_registry:
        read_registry(starters / "agencies.xlsx", starters, read_plan(starters / "plan", starters))
    assert empty_registry.value.path == "agencies.xlsx"
    assert "the sheet ภาคี has no rows under its header; fill in one row per partner agency" in (
        empty_registry.value.problem
    )


def test_starters_never_overwrite_a_file(starters, tmp_path):
    before = (starters / "agencies.xlsx").read_bytes()
    completed = oneplan("starters", "--out", "mine", "--lang", "en", cwd=tmp_path)
    assert completed.returncode == 1
    assert (
        "already there, left as it is: mine/plan/plan.xlsx, mine/agencies.xlsx" in completed.stderr
    )
    assert (starters / "agencies.xlsx").read_bytes() == before
