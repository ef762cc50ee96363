"""The plan's hierarchy of areas (`oneplan.check.hierarchy`): read from plan workbooks, each
contradiction a warning on its cell, the area's first consistent row kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from oneplan.check.hierarchy import AreaPlace
from oneplan.check.reference import read_plan
from tests.builders import plan_item, write_plan

# Columns of the plan as written here: A area_code … the place columns last.
COLUMNS = [
    "area_code", "area_name", "fiscal_year", "plan_item_id", "category", "title",
    "priority", "required_budget", "district", "province", "geocode",
]  # fmt: skip
CELL = {"district": "I", "province": "J", "geocode": "K"}


def placed(area, item, district=None, province=None, geocode=None) -> dict:
    return {**plan_item(area, item), "district": district, "province": province, "geocode": geocode}


def plan_of(tmp_path: Path, rows: list[dict]):
    from oneplan.schemas import PLAN
    from tests.builders import write_table

    write_table(tmp_path / "plan" / "plan.xlsx", "แผนชุมชน", PLAN, rows, columns=COLUMNS)
    return read_plan(tmp_path / "plan", tmp_path)


def warnings_of(plan) -> list[tuple]:
    return [(i.code, i.cell, i.severity) for i in plan.issues]


def test_a_plan_without_place_columns_has_every_area_unassigned(tmp_path):
    write_plan(tmp_path, [plan_item("A1", "KS-01"), plan_item("A2", "KS-01")])
    plan = read_plan(tmp_path / "plan", tmp_path)
    assert plan.hierarchy.places == {} and plan.issues == []
    assert plan.hierarchy.of("A1") == AreaPlace()


def test_names_as_people_write_them_and_geocodes_as_numbers(tmp_path):
    plan = plan_of(
        tmp_path,
        [
            # A geocode typed as a number, with names in short forms: the official names.
            placed("A1", "KS-01", "อ.ควนขนุน", "จ.พัทลุง", 930516),
            placed("A1", "KS-02"),  # a row without its place: the area's place stands
            placed("A2", "KS-01", "อำเภอศรีนครินทร์", "จังหวัดพัทลุง"),
            placed("A3", "KS-01", "ศรีนครินทร์"),  # no province: the district's, from A2
            placed("A4", "KS-01", geocode="๙๓๐๑๐๘"),  # Thai digits; names from the code
            placed("A5", "KS-01", "บางรัก", "กทม"),
        ],
    )
    assert warnings_of(plan) == []
    assert plan.hierarchy.places == {
        "A1": AreaPlace("ควนขนุน", "พัทลุง", "930516"),
        "A2": AreaPlace("ศรีนครินทร์", "พัทลุง"),
        "A3": AreaPlace("ศรีนครินทร์", "พัทลุง"),
        "A4": AreaPlace("เมืองพัทลุง", "พัทลุง", "930108"),
        "A5": AreaPlace("บางรัก", "กรุงเทพมหานคร"),
    }


def test_each_contradiction_is_a_warning_on_its_cell_and_the_first_consistent_row_wins(
    tmp_path,
):
    plan = plan_of(
        tmp_path,
        [
            placed("A1", "KS-01", "ควนขนุน", "พัทลุง"),  # row 2
            placed("A1", "KS-02", "ศรีนครินทร์", "พัทลุง"),  # row 3: A1 under two districts
            placed("A2", "KS-01", "ควนขนุน", "สงขลา"),  # row 4: ควนขนุน under two provinces
            placed("A2", "KS-02", "หาดใหญ่", "สงขลา"),  # row 5: A2's first consistent row
            placed("A3", "KS-01", "เมือง", "พัทลุง", "930516"),  # row 6: not แพรกหา's district
            placed("A3", "KS-02", "ควนขนุน", "พัทลุง", "93051"),  # row 7: 5 digits
            placed("A4", "KS-01", "หาดใหญ่", "สงขลา", "999999"),  # row 8: no such sub-district
        ],
    )
    assert warnings_of(plan) == [
        ("area_place_conflict", "I3", "warning"),
        ("district_province_conflict", "J4", "warning"),
        ("geocode_mismatch", "K6", "warning"),
        ("geocode_invalid", "K7", "warning"),
        ("geocode_unknown", "K8", "warning"),
    ]
    assert plan.hierarchy.places == {
        "A1": AreaPlace("ควนขนุน", "พัทลุง"),
        "A2": AreaPlace("หาดใหญ่", "สงขลา"),
        "A3": AreaPlace("ควนขนุน", "พัทลุง"),  # the names of row 7, its code dropped
        "A4": AreaPlace("หาดใหญ่", "สงขลา"),
    }
    assert len(plan.items) == 7  # every plan item still counts
    assert all(i.source_file == "plan/plan.xlsx" for i in plan.issues)
    first = plan.issues[0]
    assert "แถว 2" in first.message_th and "อำเภอควนขนุน จังหวัดพัทลุง" in first.message_th
    assert "row 2 is used" in first.message_en


def test_districts_of_one_name_in_several_provinces_are_told_apart_by_the_official_list(
    tmp_path,
):
    plan = plan_of(
        tmp_path,
        [
            # เฉลิมพระเกียรติ is a district of five provinces; เมือง, of every province.
            placed("A1", "KS-01", "เฉลิมพระเกียรติ", "นครราชสีมา"),
            placed("A2", "KS-01", "เฉลิมพระเกียรติ", "บุรีรัมย์", "312301"),
            placed("A3", "KS-01", "อ.เมือง", "พัทลุง"),
            placed("A3", "KS-02", "เมืองพัทลุง", "พัทลุง", "930108"),  # the same, by its code
            placed("A4", "KS-01", "เมือง", "สงขลา"),
            placed("A5", "KS-01", "ควนขนุน", "พัทลุง"),
            placed("A6", "KS-01", "ควนขนุน", "สงขลา"),  # row 8: no ควนขนุน in สงขลา
        ],
    )
    assert warnings_of(plan) == [("district_province_conflict", "J8", "warning")]
    assert plan.hierarchy.places == {
        "A1": AreaPlace("เฉลิมพระเกียรติ", "นครราชสีมา"),
        "A2": AreaPlace("เฉลิมพระเกียรติ", "บุรีรัมย์", "312301"),
        "A3": AreaPlace("เมืองพัทลุง", "พัทลุง", "930108"),
        "A4": AreaPlace("เมืองสงขลา", "สงขลา"),
        "A5": AreaPlace("ควนขนุน", "พัทลุง"),
    }
    (issue,) = plan.issues
    assert "รายชื่อของกรมการปกครองไม่มีอำเภอชื่อนี้ในจังหวัดสงขลา" in issue.message_th


@pytest.mark.parametrize("header", ["geocode", "รหัสภูมิศาสตร์", "รหัสเขตการปกครอง"])
def test_the_geocode_column_is_found_by_its_names_and_never_taken_for_the_area_code(
    tmp_path, header
):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "แผนชุมชน"
    sheet.append(["รหัสตำบล", "ปีงบประมาณ", "รหัสโครงการ", "หมวด", "ชื่อโครงการ", "งบประมาณ", header])
    sheet.append(["PLG-PKH", 2570, "OR-01", "องค์กรชุมชน", "ศูนย์ประสานงาน", 1000, "930516"])
    (tmp_path / "plan").mkdir()
    book.save(tmp_path / "plan" / "plan.xlsx")
    plan = read_plan(tmp_path / "plan", tmp_path)
    assert plan.items["area_code"].tolist() == ["PLG-PKH"]
    assert plan.hierarchy.of("PLG-PKH") == AreaPlace("ควนขนุน", "พัทลุง", "930516")
