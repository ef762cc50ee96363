"""The XML path of feedback copies writes what the openpyxl path writes.

Each fixture is a workbook with known problems; both writers annotate it, and the copies
are compared as openpyxl reads them back: every cell's value, fill and font, every
comment's text and author, the merged ranges, the problems sheet cell by cell with its
links and formats, the sheet order and the active sheet. Every XML-path copy opens in
openpyxl without a warning, and converts with LibreOffice Calc headless (skipped, saying
so, where Calc is not installed: `make system-deps`)."""

from __future__ import annotations

import io
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from lxml import etree
from openpyxl import load_workbook

from oneplan.issues import Issue
from oneplan.report.feedback import PROBLEMS_SHEET, write_feedback, write_feedback_openpyxl
from oneplan.report.feedback_xml import Unsupported, write_feedback_xml
from tests.builders import info_rows, line, write_grid, write_submission
from tests.test_reading import HEADER

LINES = "รายการงบประมาณ"
INFO = "ข้อมูลหน่วยงาน"


def problem(severity, code, sheet, cell, row=None, th="", en="", whole_file=False) -> Issue:
    where = f"ช่อง {cell}: " if cell else ""
    return Issue(
        source_file="x.xlsx",
        severity=severity,
        code=code,
        message_th=th or f"{where}ปัญหา {code} ตรวจสอบแล้วแก้ไข",
        message_en=en or f"Cell {cell}: problem {code}, check and correct it",
        sheet=sheet,
        cell=cell,
        row=row,
        whole_file=whole_file,
    )


def both(source: Path, issues: list[Issue], tmp_path: Path) -> tuple[Path, Path]:
    reference, edited = tmp_path / "openpyxl.xlsx", tmp_path / "xml.xlsx"
    assert write_feedback_openpyxl(source, issues, reference)
    write_feedback_xml(source, issues, edited)
    return reference, edited


def opened(path: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = load_workbook(path, rich_text=False)
    assert [str(w.message) for w in caught] == []
    return book


def marks(path: Path) -> dict:
    """All that a feedback copy shows, as openpyxl reads it."""
    book = opened(path)
    shown: dict = {"sheets": book.sheetnames, "active": book.index(book.active)}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                fill = cell.fill
                seen = (
                    cell.value,
                    fill.patternType,
                    fill.fgColor.rgb if fill.patternType else None,
                    bool(cell.font.b),
                    cell.font.color.rgb if cell.font.color is not None else None,
                    cell.comment.text if cell.comment else None,
                    cell.comment.author if cell.comment else None,
                    cell.hyperlink.location if cell.hyperlink else None,
                    (cell.alignment.wrap_text, cell.alignment.vertical),
                )
                if seen != (None, None, None, False, None, None, None, None, (None, None)):
                    cells[cell.coordinate] = seen
        shown[sheet.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "freeze": sheet.freeze_panes,
        }
    listing = book[PROBLEMS_SHEET]
    shown["listing"] = {
        "tab": listing.sheet_properties.tabColor.rgb,
        "widths": {k: d.width for k, d in listing.column_dimensions.items()},
    }
    return shown


def assert_same(source: Path, issues: list[Issue], tmp_path: Path) -> dict:
    reference, edited = both(source, issues, tmp_path)
    expected, found = marks(reference), marks(edited)
    assert found == expected
    COPIES.append(edited)
    return found


COPIES: list[Path] = []  # every XML-path copy, converted by LibreOffice at the end


def test_a_submission_with_errors_warnings_and_notes(tmp_path):
    source = write_submission(
        tmp_path / "s.xlsx", "AG-C", "AREA-1", "2026-11", [line(n, 100 * n) for n in range(1, 6)]
    )
    issues = [
        problem("error", "amount_negative", LINES, "F3", 3),
        problem("warning", "plan_item_unknown", LINES, "B2", 2),  # an empty cell
        problem("warning", "category_differs", LINES, "D40", 40),  # a row the sheet lacks
        problem("info", "total_row_skipped", LINES, "C4", 4),
        problem("error", "period_missing", "", "", whole_file=True),
        problem("warning", "agency_unknown", INFO, "B2", 2),
    ]
    found = assert_same(source, issues, tmp_path)
    lines = found[LINES]["cells"]
    assert lines["F3"][1:3] == ("solid", "00FFC7CE") and "amount_negative" in lines["F3"][5]
    assert lines["D40"][2] == "00FFEB9C"
    assert "C4" not in lines or lines["C4"][5] is None  # only recorded: not marked
    assert found["sheets"] == [PROBLEMS_SHEET, INFO, LINES] and found["active"] == 0
    assert found[PROBLEMS_SHEET]["cells"]["D2"][7] == f"'{LINES}'!F3"
    assert found[PROBLEMS_SHEET]["freeze"] == "A2"


def test_merged_cells_existing_styles_and_thai_text(tmp_path):
    rows = [
        ["แบบรายงาน ไตรมาสที่ ๑"],
        HEADER,
        [1, "KS-01", "อบรมอาชีพ ผู้สูงอายุ", None, None, 500],
        [2, "KS-02", "ปลูกผักสวนครัว", None, None, "หนึ่งพัน"],
    ]
    source = write_grid(
        tmp_path / "m.xlsx",
        {INFO: info_rows(), LINES: rows},
        merges={LINES: ["A1:F1", "C3:E3"]},
    )
    _style_cells(source, LINES, {"F3": "BDD7EE", "C4": "E2EFDA"})
    issues = [
        problem("error", "amount_invalid", LINES, "F4", 4, th="ช่อง F4: จำนวนเงิน “หนึ่งพัน” ไม่ใช่ตัวเลข"),
        problem("warning", "activity_odd", LINES, "D3", 3),  # inside C3:E3: marks C3
        problem("warning", "title_odd", LINES, "B1", 1),  # inside A1:F1: marks A1
        problem("error", "amount_over", LINES, "F3", 3),  # a cell filled blue, and bold
        problem("warning", "amount_round", LINES, "F3", 3),  # a second problem, same cell
    ]
    found = assert_same(source, issues, tmp_path)
    lines = found[LINES]["cells"]
    assert lines["C3"][2] == "00FFEB9C" and lines["A1"][2] == "00FFEB9C"
    assert lines["F3"][2:4] == ("00FFEB9C", True)  # the last problem's fill; still bold
    assert lines["F3"][5].count("\n\n") == 3  # two problems, each Thai then English
    assert lines["C4"][2] == "00E2EFDA"  # a fill of the agency's own, kept


def test_a_sheet_with_comments_of_its_own(tmp_path):
    source = tmp_path / "c.xlsx"
    book = xlsxwriter.Workbook(str(source))
    info = book.add_worksheet(INFO)
    for r, row in enumerate(info_rows()):
        info.write_row(r, 0, row)
    sheet = book.add_worksheet(LINES)
    sheet.write_row(0, 0, HEADER)
    for n in range(1, 6):
        sheet.write_row(n, 0, [n, "KS-01", f"กิจกรรม {n}", None, None, 100 * n])
    sheet.write_comment("F2", "ยอดนี้ประมาณการ", {"author": "สมศรี"})
    sheet.write_comment("C5", "รอใบเสร็จ", {"author": "สมศรี"})
    book.close()
    issues = [
        problem("error", "amount_negative", LINES, "F2", 2),  # appended to the clerk's note
        problem("warning", "plan_item_unknown", LINES, "B4", 4),
    ]
    found = assert_same(source, issues, tmp_path)
    lines = found[LINES]["cells"]
    assert lines["F2"][5].startswith("ยอดนี้ประมาณการ\n\n") and lines["F2"][6] == "oneplan"
    assert lines["C5"][5:7] == ("รอใบเสร็จ", "สมศรี")  # a note on no problem: untouched


def test_a_missing_column_marks_the_header_row(tmp_path):
    source = write_submission(
        tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 100)],
        line_columns=["line_no", "activity"],
    )  # fmt: skip
    issues = [problem("error", "column_missing", LINES, "A1", 1, whole_file=True)]
    found = assert_same(source, issues, tmp_path)
    filled = [c for c, seen in found[LINES]["cells"].items() if seen[2] == "00FFC7CE"]
    assert filled == ["A1", "B1"]


def test_many_problems_on_one_sheet(tmp_path):
    source = write_submission(
        tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [line(n, n) for n in range(1, 51)]
    )
    issues = [
        problem(
            "error" if n % 3 else "warning",
            f"code_{n % 7}",
            LINES,
            f"{'BCDEFG'[n % 6]}{n + 1}",
            n + 1,
        )
        for n in range(1, 51)
    ] + [problem("info", "note_row_skipped", LINES, "A60", 60)]
    found = assert_same(source, issues, tmp_path)
    listed = found[PROBLEMS_SHEET]["cells"]
    numbers = [listed[f"A{row}"][0] for row in range(1, 55) if listed.get(f"A{row}", [None])[0]]
    assert len(numbers) == 1 + 50 + 1 + 1  # headings, problems, the notes' title, a note


def test_a_workbook_without_a_styles_part(tmp_path):
    source = write_submission(
        tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [line(n, n) for n in range(1, 4)]
    )
    _drop_styles(source)
    assert "xl/styles.xml" not in zipfile.ZipFile(source).namelist()
    issues = [problem("error", "amount_negative", LINES, "F3", 3)]
    found = assert_same(source, issues, tmp_path)
    assert found[LINES]["cells"]["F3"][2] == "00FFC7CE"


def test_a_feedback_copy_sent_back_is_written_by_openpyxl(tmp_path):
    """A workbook holding a problems sheet already is not edited: openpyxl writes it."""
    source = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, -1)])
    issues = [problem("error", "amount_negative", LINES, "F2", 2)]
    sent_back = tmp_path / "sent_back.xlsx"
    assert write_feedback(source, issues, sent_back)
    with pytest.raises(Unsupported, match="problems sheet"):
        write_feedback_xml(sent_back, issues, tmp_path / "unused.xlsx")
    again = tmp_path / "again.xlsx"
    assert write_feedback(sent_back, issues, again)
    assert load_workbook(again).sheetnames == [PROBLEMS_SHEET, INFO, LINES]


def test_write_feedback_takes_the_xml_path(tmp_path, monkeypatch):
    import oneplan.report.feedback as feedback

    def refuse(*args):
        raise AssertionError("the openpyxl path was taken")

    monkeypatch.setattr(feedback, "write_feedback_openpyxl", refuse)
    source = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, -1)])
    assert feedback.write_feedback(
        source, [problem("error", "x", LINES, "F2", 2)], tmp_path / "f.xlsx"
    )
    assert load_workbook(tmp_path / "f.xlsx")[LINES]["F2"].fill.fgColor.rgb == "00FFC7CE"


def test_every_copy_converts_with_libreoffice_calc(tmp_path):
    """Last in this module: converts every XML-path copy the tests above wrote in this
    process; run apart from them (another test worker took them), a copy of its own."""
    if not COPIES:
        source = write_submission(tmp_path / "own.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, -1)])
        issues = [problem("error", "amount_negative", LINES, "F2", 2)]
        (tmp_path / "own").mkdir()
        assert_same(source, issues, tmp_path / "own")
    probe = write_submission(tmp_path / "probe.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 1)])
    if not _converts([probe], tmp_path / "probe", "csv"):
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui: make system-deps)")
    staged = tmp_path / "staged"
    staged.mkdir()
    copies = []
    for number, copy in enumerate(COPIES):  # distinct names: every test's copy is xml.xlsx
        copies.append(staged / f"copy{number}.xlsx")
        copies[-1].write_bytes(copy.read_bytes())
    assert _converts(copies, tmp_path / "xlsx", "xlsx")
    assert _converts(copies, tmp_path / "csv", "csv")
    for copy in copies:  # the CSV holds the first sheet: the problems sheet
        text = (tmp_path / "csv" / f"{copy.stem}.csv").read_text(encoding="utf-8")
        assert text.startswith("ที่,ระดับ,แผ่นงาน,ช่อง,ปัญหาและวิธีแก้ไข,Problem and what to do,รหัส")
    for copy in copies:  # Calc's own xlsx keeps the sheets, the problems sheet first
        assert load_workbook(tmp_path / "xlsx" / copy.name).sheetnames[0] == PROBLEMS_SHEET


def _converts(paths: list[Path], out: Path, target: str) -> bool:
    """Whether `soffice --headless --convert-to` converts every file in `paths` into `out`."""
    filters = {"csv": "csv:Text - txt - csv (StarCalc):44,34,76", "xlsx": "xlsx"}
    command = [
        "soffice", f"-env:UserInstallation=file://{out.parent}/lo-profile", "--headless",
        "--convert-to", filters[target], "--outdir", str(out), *map(str, paths),
    ]  # fmt: skip
    try:
        subprocess.run(command, capture_output=True, timeout=600, check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return False
    return all((out / f"{path.stem}.{target}").is_file() for path in paths)


def _style_cells(path: Path, sheet: str, fills: dict[str, str]) -> None:
    """Give cells a fill and a bold font of their own (as a clerk formats a workbook)."""
    from openpyxl.styles import Font, PatternFill

    book = load_workbook(path)
    for reference, rgb in fills.items():
        book[sheet][reference].fill = PatternFill("solid", fgColor=rgb)
        book[sheet][reference].font = Font(bold=True)
    book.save(path)


def _drop_styles(path: Path) -> None:
    """Remove the styles part (and what names it) from a workbook package."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/styles.xml":
                continue
            if name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                root = etree.fromstring(data)
                for element in list(root):
                    if "styles" in (element.get("PartName", "") + element.get("Type", "")):
                        root.remove(element)
                data = etree.tostring(root)
            target.writestr(name, data)
