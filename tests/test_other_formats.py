"""Workbooks saved as Excel 97-2003 (.xls) and OpenDocument (.ods) are read as .xlsx are.

The same month is written three times: its submissions as .xlsx, as .xls (xlwt) and as
.ods (odfpy), one of them with known problems (text and Thai-digit amounts, a formula
without a value, a total row, a merged amount, an unknown plan item, dates as cells and
as พ.ศ. text); then the plan and the registry as .ods. Each gives the .xlsx month's lines,
figures, issue codes and cells. The months run once for the module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from oneplan.check.cells import key_validator
from oneplan.month.run import run_month
from oneplan.read.guard import inspect_workbook
from oneplan.read.limits import UnreadableWorkbook
from oneplan.read.submission import inspect_file, read_submission
from oneplan.receive.files import fingerprint, unrecorded
from oneplan.report.feedback_words import FILL_COLOURS, PROBLEMS_SHEET
from oneplan.schemas import SUBMISSION_LINES
from tests.builders import Formula, info_rows, line, write_grid, write_submission
from tests.conftest import PERIOD, write_month
from tests.hostile_other_formats import BROKEN_OTHER_FORMATS
from tests.other_formats import WRITERS, saved_as, write_ods, write_xls
from tests.test_reading import HEADER

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
INFO, LINES = "ข้อมูลหน่วยงาน", "รายการงบประมาณ"
LINE_NUMBER = key_validator(SUBMISSION_LINES)

# AG-C's workbook, with a problem or a note on most rows (columns as HEADER: A line,
# B plan item, C activity, D category, E village, F budget, G disbursed, H support,
# I start, J end, K note).
KNOWN_PROBLEMS = [
    HEADER,
    [1, "KS-01", "อบรม", None, None, 1000, None, None, dt.date(2026, 11, 3), "30 พ.ย. 2569"],
    [],
    [2, "ks-01", "ปลูกผัก", None, None, "๘๐,๐๐๐ บาท"],
    [None, None, "รวม", None, None, Formula("=SUM(F2:F4)")],
    [3, "KS-02", "ตลาด", None, None, Formula("=1000*3")],
    [4, "ZZ-9", "ทางเท้า", None, None, 2500, 500],
    [5, "KS-02", "ซ่อมศาลา", None, None, "ห้าพัน"],
    [6, "KS-03", "ลานกีฬา", None, None, 4000],
    [7, "KS-03", "ลานกีฬา (ต่อ)", None, None, None],
    [None, None, None, None, None, Formula("=F8+F9")],
    ["หมายเหตุ: ข้อมูล ณ วันที่ 30 พ.ย. 2569"],
]
KNOWN_MERGES = ["F9:F10"]  # one amount merged across lines 6 and 7


def received(path):
    return unrecorded(fingerprint(path, path.name), NOW)


def read(path):
    file = received(path)
    return read_submission(file, inspect_file(file), LINE_NUMBER)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_workbook_is_read_alike_in_each_format(tmp_path, suffix):
    grid = {INFO: info_rows(), LINES: KNOWN_PROBLEMS}
    merges = {LINES: KNOWN_MERGES}
    expected = read(write_grid(tmp_path / "c.xlsx", grid, merges=merges))
    other = read(WRITERS[suffix](tmp_path / f"c{suffix}", grid, merges=merges))
    assert other.opened and other.info == expected.info
    assert [(i.sheet, i.cell, i.code) for i in other.issues + other.lines.issues] == [
        (i.sheet, i.cell, i.code) for i in expected.issues + expected.lines.issues
    ]
    assert other.lines.header_row == expected.lines.header_row == 1
    # Whole numbers come as int from .xls and as float from the others: equal values.
    assert other.lines.rows == expected.lines.rows
    assert other.lines.rows.skipped[0].cell == "C5"  # the total row, where the clerk sees it
    assert other.lines.rows.merged_amounts == expected.lines.rows.merged_amounts != {}


def _known_month(root, submissions: str = ".xlsx", reference: str = ".xlsx"):
    """The `month` fixture's folders with AG-C's known problems, the submissions and the
    plan and registry written in the formats given."""
    settings = write_month(root)
    drop = settings.drop_zone
    write_grid(
        drop / "c.xlsx",
        {INFO: info_rows("AG-C"), LINES: KNOWN_PROBLEMS},
        merges={LINES: KNOWN_MERGES},
    )
    if submissions != ".xlsx":
        for path in sorted(drop.rglob("*.xlsx")):
            saved_as(path, submissions)
    if reference != ".xlsx":
        saved_as(settings.inputs / "plan" / "plan.xlsx", reference)
        saved_as(settings.inputs / "agencies.xlsx", reference)
    return settings


VARIANTS = {
    "xlsx": (".xlsx", ".xlsx"),
    "xls": (".xls", ".xlsx"),
    "ods": (".ods", ".xlsx"),
    "ods reference": (".xlsx", ".ods"),
}


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    """Each variant's settings and run, run once."""
    runs = {}
    for name, formats in VARIANTS.items():
        settings = _known_month(tmp_path_factory.mktemp(name.replace(" ", "-")), *formats)
        runs[name] = (settings, run_month(settings, PERIOD, NOW))
    return runs


def _stem(path: str) -> str:
    return path.rsplit(".", 1)[0]


def _figures(settings) -> dict:
    folder = settings.outputs / PERIOD
    tables = {
        name: pd.read_parquet(folder / "tables" / f"{name}.parquet")
        for name in ("plan_items", "agencies", "lines", "categories")
    }
    for table in tables.values():
        if "source_file" in table:
            table["source_file"] = table["source_file"].map(_stem, na_action="ignore")
    summary = json.loads((folder / "summary.json").read_text())
    return {**tables, "areas": summary["areas"], "files": summary["files"]}


def _issues(result) -> list[tuple]:
    return sorted(
        (_stem(i.source_file), i.sheet, i.cell, i.severity, i.code) for i in result.issues
    )


@pytest.mark.parametrize("variant", ["xls", "ods", "ods reference"])
def test_a_month_in_another_format_gives_the_xlsx_months_figures(months, variant):
    settings, result = months[variant]
    expected_settings, expected = months["xlsx"]
    assert len(_issues(expected)) >= 8
    assert _issues(result) == _issues(expected)
    figures, expected_figures = _figures(settings), _figures(expected_settings)
    for name in ("plan_items", "agencies", "lines", "categories"):
        pd.testing.assert_frame_equal(figures[name], expected_figures[name])
    assert figures["areas"] == expected_figures["areas"]
    assert figures["files"] == expected_figures["files"]


@pytest.mark.parametrize("variant", ["xls", "ods"])
def test_the_known_problems_are_told_on_their_cells(months, variant):
    """Written by hand: what AG-C's workbook gives."""
    _, result = months[variant]
    found = [(i.cell, i.severity, i.code) for i in result.issues if _stem(i.source_file) == "c"]
    assert found == [
        ("C5", "info", "total_row_skipped"),
        ("F6", "error", "formula_no_value"),  # =1000*3, saved without its value
        ("B7", "warning", "plan_item_unknown"),
        ("F8", "error", "amount_invalid"),  # ห้าพัน
        ("F9", "warning", "merged_amount"),  # F9:F10 counts once, on line 6
        ("F10", "error", "value_missing"),
        ("F11", "info", "total_row_skipped"),  # =F8+F9, no label
        ("A12", "info", "note_row_skipped"),
    ]
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-C"]
    # 1,000 + ๘๐,๐๐๐ + 2,500 + 4,000 baht
    assert (agency["source_file"], agency["total_budget"]) == (f"c.{variant}", 8_750_000)


@pytest.mark.parametrize("variant,suffix", [("xls", ".xls"), ("ods", ".ods")])
def test_the_feedback_copy_is_an_xlsx_of_the_clerks_values_marked(months, variant, suffix):
    settings, result = months[variant]
    copy = settings.outputs / PERIOD / "feedback" / f"AG-C_AREA-1_{PERIOD}.xlsx"
    book = load_workbook(copy)
    assert book.sheetnames == [PROBLEMS_SHEET, INFO, LINES]
    problems = book[PROBLEMS_SHEET]
    note = problems["A1"].value
    assert suffix in note and "แปลงเป็น .xlsx" in note and "keep sending" in note
    assert [c.value for c in problems[2]][:4] == ["ที่", "ระดับ", "แผ่นงาน", "ช่อง"]
    lines = book[LINES]
    # The clerk's values where they were.
    assert (lines["B2"].value, lines["F4"].value, lines["C5"].value) == (
        "KS-01",
        "๘๐,๐๐๐ บาท",
        "รวม",
    )
    assert lines["I2"].value.date() == dt.date(2026, 11, 3)
    assert "F9:F10" in {str(r) for r in lines.merged_cells.ranges}
    marked = [
        i
        for i in result.issues
        if _stem(i.source_file) == "c" and i.sheet == LINES and i.severity in FILL_COLOURS
    ]
    assert len(marked) >= 5

    def shown_at(reference):  # a cell of a merged range is marked on its first cell
        merged = next((r for r in lines.merged_cells.ranges if reference in r), None)
        return merged.start_cell.coordinate if merged else reference

    for issue in marked:
        cell = lines[shown_at(issue.cell)]
        colours = {FILL_COLOURS[i.severity] for i in marked if shown_at(i.cell) == cell.coordinate}
        assert cell.fill.fgColor.rgb[-6:] in colours, issue.cell
        assert issue.message_th in cell.comment.text, issue.cell
    listed = {row[3].value for row in problems.iter_rows(min_row=3)}
    assert {i.cell for i in marked} <= listed


def test_an_ods_sent_after_an_xls_supersedes_it(month):
    drop = month.drop_zone
    saved_as(drop / "a.xlsx", ".xls")
    write_submission(
        drop / "a-corrected.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 55_000, "KS-01")],
        mtime=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    )
    saved_as(drop / "a-corrected.xlsx", ".ods")
    result = run_month(month, PERIOD, NOW)
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-A"]
    assert (agency["status"], agency["source_file"], agency["total_budget"]) == (
        "resubmitted",
        "a-corrected.ods",
        5_500_000,
    )


def test_broken_xls_and_ods_files_are_rejected_and_the_rest_counts(month):
    clean = run_month(dataclasses.replace(month), PERIOD, NOW)
    clean_items = clean.reconciliation.plan_items.copy()
    expected = {
        name: builder(month.drop_zone / name) for name, builder in BROKEN_OTHER_FORMATS.items()
    }
    result = run_month(month, PERIOD, NOW)
    for name, code in expected.items():
        rejections = [
            i.code for i in result.issues if i.source_file == name and i.severity == "error"
        ]
        assert rejections == [code], name
    assert result.summary["files"]["rejected"] == len(BROKEN_OTHER_FORMATS)
    pd.testing.assert_frame_equal(result.reconciliation.plan_items, clean_items)


def test_xlsb_and_csv_stay_refused_naming_the_formats_read(tmp_path):
    for name in ("book.xlsb", "lines.csv"):
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04")
        with pytest.raises(UnreadableWorkbook) as refused:
            inspect_workbook(path)
        assert refused.value.code == "file_type_unsupported"
        assert refused.value.details["accepted"] == ".xlsx, .xlsm, .xls, .ods"


def test_an_xls_renamed_xlsx_is_read_as_the_xls_it_is(tmp_path):
    path = write_xls(tmp_path / "c.xls", {INFO: info_rows(), LINES: KNOWN_PROBLEMS[:2]})
    renamed = path.rename(tmp_path / "c.xlsx")
    submission = read(renamed)
    assert submission.opened and submission.lines.rows.numbers == [2]


def test_an_ods_as_libreoffice_saves_it_trailing_repeats_and_all(tmp_path):
    """LibreOffice closes each sheet with empty rows repeated to the sheet's end: they
    reach nowhere, and the grid stays the table's."""
    path = write_ods(tmp_path / "c.ods", {INFO: info_rows(), LINES: KNOWN_PROBLEMS[:2]})
    tail = (
        b'<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        b'table:number-columns-repeated="1024"/></table:table-row></table:table>'
    )
    from tests.other_formats import rewrite_part

    rewrite_part(path, "content.xml", lambda xml: xml.replace(b"</table:table>", tail))
    assert read(path).lines.rows.numbers == [2]


def test_a_converted_copy_keeps_the_clerks_sheet_names_that_xlsx_refuses(tmp_path):
    from oneplan.report.feedback import write_feedback

    path = write_ods(tmp_path / "c.ods", {"แผน/ผล [1]": [["x", 1]], LINES: [["y"]]})
    target = tmp_path / "copy.xlsx"
    assert write_feedback(path, [], target)
    assert load_workbook(target).sheetnames == [PROBLEMS_SHEET, "แผน_ผล _1_", LINES]
    with zipfile.ZipFile(target) as package:
        assert "xl/workbook.xml" in package.namelist()
