"""reconciliation.xlsx: one sheet per output table and a `คำอธิบาย` sheet explaining them.

Written with xlsxwriter in constant-memory mode. Text from agencies' workbooks is always
written as text, never as a formula or a link. A table with more rows than a sheet holds
gets a note pointing at its parquet file instead.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from oneplan.schemas import OUTPUT_TABLES

EXCEL_MAX_ROWS = 1_048_576
EXPLANATION_SHEET = "คำอธิบาย"
NUMBER_FORMATS = {"amount": "#,##0.00", "ratio": "0.0000", "integer": "0"}


def write_reconciliation_workbook(
    tables: dict[str, pd.DataFrame], path: Path, max_rows: int = EXCEL_MAX_ROWS
) -> None:
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "font_name": "Sarabun"})
    formats = {kind: book.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
    for name, frame in tables.items():
        sheet = book.add_worksheet(name)
        schema = OUTPUT_TABLES[name]
        columns = list(frame.columns)
        sheet.write_row(0, 0, columns, header)
        sheet.freeze_panes(1, 0)
        for col, column in enumerate(columns):
            kind = schema.columns[column].metadata["kind"]
            width = 14 if kind in NUMBER_FORMATS else max(12, min(40, len(column) + 4))
            sheet.set_column(col, col, width, formats.get(kind))
        if len(frame) + 1 > max_rows:
            sheet.write_string(
                1,
                0,
                f"ตารางนี้มี {len(frame):,} แถว เกินที่ Excel รับได้ ดูทั้งตารางที่ tables/{name}.parquet "
                f"/ This table has {len(frame):,} rows, more than a sheet holds: see tables/{name}.parquet",
            )
            continue
        for row_index, values in enumerate(frame.itertuples(index=False, name=None), start=1):
            for col, value in enumerate(values):
                if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                    continue
                if isinstance(value, str):
                    sheet.write_string(row_index, col, value)
                elif isinstance(value, bool | np.bool_):
                    sheet.write_boolean(row_index, col, value)
                else:
                    sheet.write_number(row_index, col, value)
    _write_explanation(book, header)
    book.close()


def _write_explanation(book: xlsxwriter.Workbook, header) -> None:
    sheet = book.add_worksheet(EXPLANATION_SHEET)
    sheet.write_row(0, 0, ["แผ่นงาน (sheet)", "คอลัมน์ (column)", "คำอธิบาย"], header)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 90)
    row = 1
    for name, schema in OUTPUT_TABLES.items():
        for column_name, column in schema.columns.items():
            sheet.write_string(row, 0, name)
            sheet.write_string(row, 1, column_name)
            sheet.write_string(row, 2, column.description or "")
            row += 1
