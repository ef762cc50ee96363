"""reconciliation.xlsx: one sheet per output table and a `คำอธิบาย` sheet explaining them.

Written by rustpy-xlsxwriter (rust_xlsxwriter underneath) straight from the frames: a
month's lines sheet has up to hundreds of thousands of rows, which a writer called cell
by cell from Python takes most of a minute to write. Text from agencies' workbooks is
always written as text, never as a formula or a link. A table with more rows than a sheet
holds gets a note pointing at its parquet file instead.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rustpy_xlsxwriter import FastExcel, Format

from oneplan.schemas import OUTPUT_TABLES

EXCEL_MAX_ROWS = 1_048_576
EXPLANATION_SHEET = "คำอธิบาย"
NUMBER_FORMATS = {"amount": "#,##0.00", "ratio": "0.0000", "integer": "0"}


def write_reconciliation_workbook(
    tables: dict[str, pd.DataFrame], path: Path, max_rows: int = EXCEL_MAX_ROWS
) -> None:
    book = FastExcel(str(path)).freeze(row=1)
    for name, frame in tables.items():
        schema = OUTPUT_TABLES[name]
        kinds = {column: schema.columns[column].metadata["kind"] for column in frame.columns}
        if len(frame) + 1 > max_rows:
            frame = _too_long_note(name, frame)
        book = book.sheet(
            name,
            _cells(frame),
            column_widths={column: _width(column, kind) for column, kind in kinds.items()},
            column_formats={
                column: Format().set_num_format(NUMBER_FORMATS[kind])
                for column, kind in kinds.items()
                if kind in NUMBER_FORMATS
            },
            header_format=_header(),
        )
    explanation = pd.DataFrame(
        [
            (name, column_name, column.description or "")
            for name, schema in OUTPUT_TABLES.items()
            for column_name, column in schema.columns.items()
        ],
        columns=["แผ่นงาน (sheet)", "คอลัมน์ (column)", "คำอธิบาย"],
    )
    book.sheet(
        EXPLANATION_SHEET,
        explanation,
        column_widths=[14, 20, 90],
        header_format=_header(),
    ).save()


def _header() -> Format:
    return Format().set_bold().set_background_color("#DDEBF7").set_font_name("Sarabun")


def _width(column: str, kind: str) -> float:
    return 14 if kind in NUMBER_FORMATS else max(12, min(40, len(column) + 4))


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as cells: a missing value (None, NA, NaN) is an empty cell."""
    if not any(str(dtype) in {"Int64", "boolean"} for dtype in frame.dtypes):
        return frame
    return frame.astype(
        {c: object for c, t in frame.dtypes.items() if str(t) in {"Int64", "boolean"}}
    )


def _too_long_note(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    note = (
        f"ตารางนี้มี {len(frame):,} แถว เกินที่ Excel รับได้ ดูทั้งตารางที่ tables/{name}.parquet "
        f"/ This table has {len(frame):,} rows, more than a sheet holds: see tables/{name}.parquet"
    )
    return pd.DataFrame([[note] + [None] * (len(frame.columns) - 1)], columns=frame.columns)
