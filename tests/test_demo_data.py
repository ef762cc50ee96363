"""The demo input folder: files, sheets and headers in the formats of inputs.md."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from oneplan.demo import (
    DEMO_PERIOD,
    DEMO_SUBMISSIONS,
    PLAN_FILE,
    REGISTRY_FILE,
    write_demo_inputs,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("demo") / "inputs"
    write_demo_inputs(inputs)
    return inputs


def _row_values(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def _header_row(ws, must_have: str) -> list:
    for row in range(1, 21):
        values = _row_values(ws, row)
        if must_have in values:
            return values
    raise AssertionError(f"no header row with {must_have!r} in sheet {ws.title!r}")


def test_period():
    assert DEMO_PERIOD == "2026-11"


def test_plan_and_registry(demo):
    plan = openpyxl.load_workbook(demo / PLAN_FILE)
    assert plan.sheetnames == ["แผนชุมชน"]
    ws = plan["แผนชุมชน"]
    assert "ปีงบประมาณ 2570" in ws["A1"].value  # a title row above the header
    header = _header_row(ws, "รหัสโครงการ")
    for name in ("รหัสพื้นที่", "ปีงบประมาณ", "หมวด", "ชื่อโครงการ", "งบประมาณที่ต้องการ"):
        assert name in header

    registry = openpyxl.load_workbook(demo / REGISTRY_FILE)
    ws = registry["ภาคี"]
    header = _header_row(ws, "รหัสหน่วยงาน")
    for name in ("ชื่อหน่วยงาน", "อีเมล", "หมวดที่เกี่ยวข้อง", "พื้นที่"):
        assert name in header
    codes = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    for code in ("CDD-KKN", "DOAE-KKN", "SAO-PKH", "SAO-LSN", "CODI", "BAAC-KKN", "THAIHEALTH",
                 "HPH-PKH", "LHSF-PKH", "NGO-TLS"):  # fmt: skip
        assert code in codes


def test_submissions(demo):
    drop_zone = demo / "submissions"
    files = sorted(p for p in drop_zone.rglob("*") if p.is_file())
    assert len(files) == len(DEMO_SUBMISSIONS) == 14
    for sub in DEMO_SUBMISSIONS:
        path = drop_zone / sub.path
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["ข้อมูลหน่วยงาน", "รายการงบประมาณ"], sub.path
        labels = {
            row[0]: row[1]
            for row in (
                [v for v in values if v not in (None, "")]
                for values in book["ข้อมูลหน่วยงาน"].iter_rows(values_only=True)
            )
            if len(row) >= 2
        }
        assert labels["รหัสหน่วยงาน"] == sub.agency
        assert labels["รหัสพื้นที่"] == sub.area
        assert "ประจำเดือน" in labels
        header = _header_row(book["รายการงบประมาณ"], "หมวด")
        has_budget = any(str(h or "").startswith("งบประมาณ") for h in header)
        assert has_budget == (sub.agency != "LHSF-PKH"), sub.path  # the rejected file lacks it
        if sub.agency == "LHSF-PKH":  # its budget heading misspelt: no alias can know it
            assert "งบประมาน (บาท)" in header
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        # October to early December 2026 (รพ.สต.แพรกหา's file, after its own deadline).
        assert (2026, 10) <= (modified.year, modified.month) <= (2026, 12), sub.path
        assert modified < dt.datetime(2026, 12, 5, tzinfo=dt.UTC), sub.path


def test_copy_resubmission_and_determinism(demo, tmp_path):
    drop_zone = demo / "submissions"
    by_path = {s.path: s for s in DEMO_SUBMISSIONS}
    copy = next(s for s in DEMO_SUBMISSIONS if s.copy_of)
    assert (drop_zone / copy.path).read_bytes() == (drop_zone / copy.copy_of).read_bytes()
    assert copy.copy_of in by_path

    doae = sorted(
        (s for s in DEMO_SUBMISSIONS if s.agency == "DOAE-KKN"),
        key=lambda s: (drop_zone / s.path).stat().st_mtime,
    )
    assert [s.path.endswith("_แก้ไข.xlsx") for s in doae] == [False, True]

    again = tmp_path / "inputs"
    write_demo_inputs(again)
    for path in demo.rglob("*.xlsx"):
        twin = again / path.relative_to(demo)
        assert twin.read_bytes() == path.read_bytes(), path
        assert twin.stat().st_mtime == path.stat().st_mtime
