"""reconciliation.xlsx as the coordinator opens it: sheets, headers, formats, empty cells."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from oneplan.report.workbook import EXPLANATION_SHEET, write_reconciliation_workbook


def test_tables_become_sheets_with_their_formats_and_empty_cells(tmp_path):
    items = pd.DataFrame(
        {
            "area_code": ["AREA-1", "AREA-1"],
            "plan_item_id": ["KS-01", "=1+1"],
            "category": ["เกษตร", None],
            "title": ["ธนาคารเมล็ดพันธุ์", "ฝาย"],
            "priority": pd.array([1, None], dtype="Int64"),
            "required": [100_000.5, float("nan")],
        }
    )
    path = tmp_path / "reconciliation.xlsx"
    write_reconciliation_workbook({"plan_items": items}, path)
    book = load_workbook(path)
    assert book.sheetnames == ["plan_items", EXPLANATION_SHEET]
    sheet = book["plan_items"]
    assert [c.value for c in sheet[1]] == list(items.columns)
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert (sheet["F2"].value, sheet["F2"].number_format) == (100_000.5, "#,##0.00")
    assert (sheet["E2"].value, sheet["E3"].value, sheet["F3"].value) == (1, None, None)
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("=1+1", "s")  # text, not a formula
    assert sheet["C3"].value is None


def test_a_table_longer_than_a_sheet_is_a_note_pointing_at_its_parquet_file(tmp_path):
    lines = pd.DataFrame({"agency_code": ["AG-A"] * 5, "area_code": ["AREA-1"] * 5})
    path = tmp_path / "reconciliation.xlsx"
    write_reconciliation_workbook({"lines": lines}, path, max_rows=3)
    sheet = load_workbook(path)["lines"]
    assert sheet.max_row == 2
    assert "tables/lines.parquet" in sheet["A2"].value and "5 แถว" in sheet["A2"].value


def test_amounts_in_satang_become_baht_exactly():
    from oneplan.report.tables import in_baht

    satang = [123_456, 1, -5, None, 2**53 - 1, 10]
    columns = ["required", "committed", "covered", "gap"]
    frame = pd.DataFrame(
        {
            "area_code": ["AREA-1"] * 6,
            "category": ["เกษตร"] * 6,
            **dict.fromkeys(columns, satang),
            "coverage": [0.5] * 6,
            **dict.fromkeys(["items_on_track", "items_behind", "items_not_started"], [0] * 6),
        },
        dtype=object,
    )
    baht = in_baht(frame, "categories")["required"]
    assert baht.dtype == "Float64"
    assert baht.tolist()[:4] == [1234.56, 0.01, -0.05, pd.NA]
    assert baht[4] == (2**53 - 1) / 100 and baht[5] == 0.1
