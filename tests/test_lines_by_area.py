"""A month of many lines: the `lines` sheet moves to one workbook per area, `lines/<area>.xlsx`.

The threshold is lowered for these months (`oneplan.report.workbook.LINES_IN_ONE_BOOK`);
the whole table stays in `tables/lines.parquet`, and every other sheet stays in
reconciliation.xlsx.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.report import workbook
from oneplan.report.workbook import (
    EXPLANATION_SHEET,
    write_lines_by_area,
    write_reconciliation_workbook,
)
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
OTHER_SHEETS = [
    "plan_items",
    "agencies",
    "categories",
    "results",
    "result_contributions",
    "timeliness",
    "network",
    "provinces",
    "districts",
    "level_categories",
    "level_unfunded",
    "issues",
    EXPLANATION_SHEET,
]


@pytest.fixture
def three_areas(tmp_path) -> Settings:
    """Three areas: five lines in AREA-1 and AREA-2, none in AREA-3."""
    inputs = tmp_path / "inputs"
    write_plan(
        inputs,
        [
            plan_item("AREA-1", "KS-01", 100_000),
            plan_item("AREA-1", "KS-02", 50_000, "สวัสดิการ", priority=2),
            plan_item("AREA-2", "KS-01", 80_000),
            plan_item("AREA-3", "KS-01", 10_000),
        ],
    )
    write_registry(
        inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-C", "AREA-2")]
    )
    drop = inputs / "submissions"
    write_submission(
        drop / "a.xlsx", "AG-A", "AREA-1", PERIOD, [line(1, 60_000, "KS-01"), line(2, 12_500.5)]
    )
    write_submission(drop / "b.xlsx", "AG-B", "AREA-1", PERIOD, [line(1, 40_000, "KS-02")])
    write_submission(
        drop / "c.xlsx",
        "AG-C",
        "AREA-2",
        PERIOD,
        [line(1, 30_000, "KS-01", disbursed=1_000), line(2, 7, activity="+SUM(1)")],
    )
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def _rows(sheet) -> list[tuple]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _as_cells(frame: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if pd.isna(value) else value for value in row)
        for row in frame.astype(object).itertuples(index=False)
    ]


def test_above_the_threshold_each_area_has_its_lines_in_a_workbook_of_its_own(
    three_areas, monkeypatch
):
    monkeypatch.setattr(workbook, "LINES_IN_ONE_BOOK", 4)
    run_month(three_areas, PERIOD, NOW)
    folder = three_areas.outputs / PERIOD
    lines = pd.read_parquet(folder / "tables" / "lines.parquet")
    assert len(lines) == 5  # the parquet table stays whole

    book = load_workbook(folder / "reconciliation.xlsx")
    assert book.sheetnames == OTHER_SHEETS
    explanation = _rows(book[EXPLANATION_SHEET])
    first = next(i for i, row in enumerate(explanation) if row[0] == "lines")
    note = explanation[first][2]
    assert explanation[first][1] is None
    assert "5 รายการ" in note and "4 รายการ" in note
    assert "lines/<รหัสพื้นที่>.xlsx" in note and "tables/lines.parquet" in note
    assert [row[1] for row in explanation[first + 1 :] if row[0] == "lines"] == list(lines.columns)

    assert sorted(p.name for p in (folder / "lines").iterdir()) == [
        "AREA-1.xlsx",
        "AREA-2.xlsx",
        "AREA-3.xlsx",
    ]
    for area, count in (("AREA-1", 3), ("AREA-2", 2), ("AREA-3", 0)):
        area_book = load_workbook(folder / "lines" / f"{area}.xlsx")
        assert area_book.sheetnames == ["lines", EXPLANATION_SHEET]
        sheet = area_book["lines"]
        rows = _rows(sheet)
        assert rows[0] == tuple(lines.columns)
        assert rows[1:] == _as_cells(lines[lines["area_code"] == area])
        assert len(rows) == count + 1
        assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
        described = _rows(area_book[EXPLANATION_SHEET])
        assert described[0] == ("แผ่นงาน (sheet)", "คอลัมน์ (column)", "คำอธิบาย")
        assert area in described[1][2] and f"{count:,} รายการ" in described[1][2]
        assert [row[1] for row in described[2:]] == list(lines.columns)
    area_2 = load_workbook(folder / "lines" / "AREA-2.xlsx")["lines"]
    assert (area_2["H2"].value, area_2["H2"].number_format) == (30_000, "#,##0.00")
    assert (area_2["F3"].value, area_2["F3"].data_type) == ("+SUM(1)", "s")  # text, not a formula


def test_a_month_back_under_the_threshold_has_its_lines_sheet_and_no_lines_folder(
    three_areas, monkeypatch
):
    """The period's outputs are rebuilt whole: the area workbooks of a run before do not
    survive a run whose lines fit in one sheet."""
    monkeypatch.setattr(workbook, "LINES_IN_ONE_BOOK", 4)
    run_month(three_areas, PERIOD, NOW)
    folder = three_areas.outputs / PERIOD
    assert (folder / "lines" / "AREA-2.xlsx").is_file()
    drop = three_areas.drop_zone
    write_submission(drop / "c2.xlsx", "AG-C", "AREA-2", PERIOD, [line(1, 30_000)], mtime=LATER)
    run_month(three_areas, PERIOD, NOW)
    assert not (folder / "lines").exists()
    book = load_workbook(folder / "reconciliation.xlsx")
    assert book.sheetnames == ["plan_items", "agencies", "lines", *OTHER_SHEETS[2:]]
    lines = pd.read_parquet(folder / "tables" / "lines.parquet")
    assert len(lines) == 4
    assert _rows(book["lines"]) == [tuple(lines.columns), *_as_cells(lines)]
    assert all("lines/" not in str(row[2]) for row in _rows(book[EXPLANATION_SHEET]))


def test_at_the_threshold_the_book_is_as_before(tmp_path):
    """Up to the threshold the writer takes the path it always took: the same sheets and
    cells whether the threshold is the number of lines or far above it."""
    lines = pd.DataFrame({"agency_code": ["AG-A", "AG-B"], "area_code": ["AREA-1", "AREA-2"]})
    (tmp_path / "at").mkdir()
    (tmp_path / "above").mkdir()
    write_reconciliation_workbook({"lines": lines}, tmp_path / "at" / "r.xlsx", lines_in_one_book=2)
    write_reconciliation_workbook({"lines": lines}, tmp_path / "above" / "r.xlsx")
    at, above = (load_workbook(tmp_path / f / "r.xlsx") for f in ("at", "above"))
    assert at.sheetnames == above.sheetnames == ["lines", EXPLANATION_SHEET]
    for name in at.sheetnames:
        assert _rows(at[name]) == _rows(above[name])
    assert _rows(at["lines"])[1:] == [("AG-A", "AREA-1"), ("AG-B", "AREA-2")]
    assert sorted(p.name for p in (tmp_path / "at").iterdir()) == ["r.xlsx"]


def test_an_area_code_that_cannot_name_a_file_stops_the_writer(tmp_path):
    lines = pd.DataFrame({"agency_code": ["AG-A", "AG-B"], "area_code": ["AREA-1", "../X"]})
    with pytest.raises(ValueError, match="cannot name a file"):
        write_reconciliation_workbook(
            {"lines": lines}, tmp_path / "reconciliation.xlsx", lines_in_one_book=0
        )
    assert not (tmp_path / "lines").exists() and not (tmp_path / "X.xlsx").exists()


def test_a_change_in_one_area_writes_that_areas_workbook_only(three_areas, monkeypatch, tmp_path):
    """Each area's workbook is kept while its area's lines are the same: a corrected file
    of AREA-2 writes AREA-2.xlsx again and links the others from the outputs it replaces;
    what the run gives is what a full run gives."""
    from tests.test_incremental_outputs import compare, inodes

    monkeypatch.setattr(workbook, "LINES_IN_ONE_BOOK", 4)
    run_month(three_areas, PERIOD, NOW)
    folder = three_areas.outputs / PERIOD
    before = inodes(folder)
    write_submission(
        three_areas.drop_zone / "c2.xlsx",
        "AG-C",
        "AREA-2",
        PERIOD,
        [line(1, 30_000, "KS-01", disbursed=2_000), line(2, 7), line(3, 9)],
        mtime=LATER,
    )
    run_month(three_areas, PERIOD, NOW + dt.timedelta(hours=1))

    after = inodes(folder)
    assert {name for name in after if name.startswith("lines/")} == {
        "lines/AREA-1.xlsx",
        "lines/AREA-2.xlsx",
        "lines/AREA-3.xlsx",
    }
    assert after["lines/AREA-1.xlsx"] == before["lines/AREA-1.xlsx"]
    assert after["lines/AREA-3.xlsx"] == before["lines/AREA-3.xlsx"]
    assert after["lines/AREA-2.xlsx"] not in before.values()
    assert after["reconciliation.xlsx"] not in before.values()  # AG-C's figures changed
    assert len(_rows(load_workbook(folder / "lines" / "AREA-2.xlsx")["lines"])) == 4
    incremental = tmp_path / "incremental"
    shutil.copytree(folder, incremental)
    run_month(three_areas, PERIOD, NOW + dt.timedelta(hours=2), full=True)
    assert compare(incremental, folder) == []

    # Nothing new: every workbook linked, the book too.
    before = inodes(folder)
    run_month(three_areas, PERIOD, NOW + dt.timedelta(hours=3))
    assert inodes(folder) == before


def test_each_areas_workbook_holds_the_cells_the_one_sheet_holds(tmp_path):
    """The area workbooks are written from Arrow slices of the month, the one sheet from
    the frame: the same cells, empty where a value is missing (an Int64, a Float64 or a
    text column), whether every area is written or only those not kept."""
    lines = pd.DataFrame(
        {
            "agency_code": ["AG-A", "AG-B", "AG-C", "AG-A", "AG-D"],
            "area_code": ["AREA-2", "AREA-1", "AREA-2", "AREA-3", "AREA-1"],
            "line_no": pd.array([1, None, 3, 4, 5], dtype="Int64"),
            "activity": pd.array(["อบรม", None, "=1+1", "ตลาด", "ทุน"], dtype="string"),
            "budget": pd.array([10.5, 20.0, None, 7.25, 0.0], dtype="Float64"),
            "row": pd.array([8, 9, None, 8, 10], dtype="Int64"),
        }
    )
    (tmp_path / "one").mkdir()
    write_reconciliation_workbook({"lines": lines}, tmp_path / "one" / "r.xlsx")
    whole = _rows(load_workbook(tmp_path / "one" / "r.xlsx")["lines"])

    def area_rows(folder, area):
        return _rows(load_workbook(folder / f"{area}.xlsx")["lines"])

    every = tmp_path / "every"
    write_lines_by_area(lines, every)
    only_two = tmp_path / "only-two"
    write_lines_by_area(lines, only_two, keep=lambda name, inputs, target: "AREA-2" not in name)
    assert sorted(p.name for p in only_two.iterdir()) == ["AREA-2.xlsx"]
    for area in ("AREA-1", "AREA-2", "AREA-3"):
        expected = [whole[0], *(row for row in whole[1:] if row[1] == area)]
        assert area_rows(every, area) == expected
    assert area_rows(only_two, "AREA-2") == area_rows(every, "AREA-2")
    assert area_rows(every, "AREA-1")[1] == ("AG-B", "AREA-1", None, None, 20, 9)
