"""reconciliation.xlsx: one sheet per output table and a `คำอธิบาย` sheet explaining them.

Written by rustpy-xlsxwriter (rust_xlsxwriter underneath) straight from the frames: a
month's lines sheet has up to hundreds of thousands of rows, which a writer called cell
by cell from Python takes most of a minute to write. Text from agencies' workbooks is
always written as text, never as a formula or a link. A table with more rows than a sheet
holds gets a note pointing at its parquet file instead.

A month of more than `LINES_IN_ONE_BOOK` lines keeps its `lines` sheet out of the book:
the lines go to one workbook per area, `lines/<area_code>.xlsx` beside it, each with the
same header row and a `คำอธิบาย` sheet, and the book's `คำอธิบาย` says where they are.

Each file has its own inputs hash (`oneplan.report.reuse`): the book's is every table but
the lines it no longer holds; an area's workbook's is its area's slice of the lines. A run
gives the writer the earlier outputs' `keep` (`Earlier.reuse`): a file whose inputs are
the same is linked from them, and only the others are written, so that one corrected file
rewrites its own area's workbook, not a thousand.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from rustpy_xlsxwriter import FastExcel, Format

from oneplan.report.reuse import digest, frame_digest
from oneplan.schemas import CODE_PATTERN, OUTPUT_TABLES

EXCEL_MAX_ROWS = 1_048_576
EXPLANATION_SHEET = "คำอธิบาย"
EXPLANATION_COLUMNS = ["แผ่นงาน (sheet)", "คอลัมน์ (column)", "คำอธิบาย"]
NUMBER_FORMATS = {"amount": "#,##0.00", "ratio": "0.0000", "integer": "0", "quantity": "General"}
LINES_FOLDER = "lines"

# Up to this many lines, the `lines` sheet stays in reconciliation.xlsx, as it always was:
# a network's month (tens of agencies, a few thousand lines) is far below it. Above it one
# sheet stops being usable: at 100,000 lines the book is 6.4 MB, LibreOffice Calc takes 4 s
# to open it (16 s at 500,000 lines, 32 MB) and every run of the period rewrites the whole
# sheet (1 s; 5 s at 500,000). An area's own workbook opens in 2 s, Calc's start-up, and
# is a file of its own that a run can rewrite alone; writing all the areas' books costs twice
# the one sheet, 4 ms a workbook (docs/performance.md, "The lines sheet of a large month").
# Not a setting: it is about what a spreadsheet opens, not about a coordinator's choice.
LINES_IN_ONE_BOOK = 100_000


# Links the earlier outputs' file of the same inputs hash to a target and says whether it
# did (`oneplan.report.reuse.Earlier.reuse`): (name in the period folder, inputs, target).
Keep = Callable[[str, str, Path], bool]


def write_reconciliation_workbook(
    tables: dict[str, pd.DataFrame],
    path: Path,
    max_rows: int = EXCEL_MAX_ROWS,
    lines_in_one_book: int | None = None,
    keep: Keep | None = None,
    frames: dict[str, str] | None = None,
) -> dict[str, str]:
    """The book at `path`; with more lines than `lines_in_one_book` (`LINES_IN_ONE_BOOK`
    unless given), also the folder `lines/` beside it, one workbook per area. The inputs
    hash of each, by its name in `path`'s folder; a file `keep` links is not written.
    `frames`: the tables' `frame_digest`s, when the caller has them."""
    if lines_in_one_book is None:
        lines_in_one_book = LINES_IN_ONE_BOOK
    lines = tables.get("lines")
    moved = lines is not None and len(lines) > lines_in_one_book
    if frames is None:
        frames = {name: frame_digest(frame) for name, frame in tables.items()}
    held = [[name, frames[name]] for name in tables if not (moved and name == "lines")]
    inputs = {
        path.name: digest(
            "workbook", held, [len(lines), lines_in_one_book] if moved else None, max_rows
        )
    }
    if keep is None or not keep(path.name, inputs[path.name], path):
        book = FastExcel(str(path)).freeze(row=1)
        for name, frame in tables.items():
            if not (moved and name == "lines"):
                book = _sheet(book, name, frame, max_rows)
        explanation = _explanation(OUTPUT_TABLES)
        if moved:
            explanation = _with_moved_lines_note(explanation, len(lines), lines_in_one_book)
        _explanation_sheet(book, explanation).save()
    if moved:
        areas = tables["plan_items"]["area_code"] if "plan_items" in tables else []
        inputs |= write_lines_by_area(lines, path.parent / LINES_FOLDER, areas, max_rows, keep)
    return inputs


def write_lines_by_area(
    lines: pd.DataFrame,
    folder: Path,
    areas=(),
    max_rows: int = EXCEL_MAX_ROWS,
    keep: Keep | None = None,
) -> dict[str, str]:
    """`folder/<area_code>.xlsx` for each area of `areas` (the plan's) and of the lines: its
    lines, in their order, under the `lines` sheet's header, and a `คำอธิบาย` sheet. An area
    without lines gets the header alone. Each workbook's inputs hash (its area's code and
    lines), by its name in `folder`'s parent; one that `keep` links is not written."""
    rows = lines.groupby("area_code", sort=False, dropna=False).indices
    codes = sorted(set(rows) | {code for code in areas if not pd.isna(code)}, key=str)
    for code in codes:
        if not isinstance(code, str) or re.fullmatch(CODE_PATTERN, code) is None:
            # Counted lines are of an area of the plan, whose codes are checked.
            raise ValueError(f"a line's area code {code!r} cannot name a file")
    inputs = _area_inputs(lines, rows, codes, max_rows, folder.name)
    folder.mkdir(exist_ok=True)  # `keep` may have made it, linking a first area's workbook
    to_write = [
        code
        for code in codes
        if keep is None
        or not keep(f"{folder.name}/{code}.xlsx", inputs[code], folder / f"{code}.xlsx")
    ]
    cells, positions = _cells_of_areas(lines, rows, [code for code in to_write if code in rows])
    none = np.array([], dtype=np.intp)
    described = _explanation({"lines": OUTPUT_TABLES["lines"]})
    sheets, names, texts = (described[column].tolist() for column in EXPLANATION_COLUMNS)
    for code in to_write:
        mine = positions.get(code, none)
        book = FastExcel(str(folder / f"{code}.xlsx")).freeze(row=1)
        if len(mine) + 1 > max_rows:
            book = _sheet(book, "lines", cells.take(mine).to_pandas(), max_rows)
        else:
            book = _cells_sheet(book, "lines", cells.take(mine))
        note = (
            f"รายการงบประมาณที่นับของพื้นที่ {code} จำนวน {len(mine):,} รายการ "
            f"(แผ่นงาน lines ของ reconciliation.xlsx เฉพาะพื้นที่นี้); "
            f"รายการของทุกพื้นที่อยู่ที่ tables/lines.parquet"
        )
        values = [["lines", *sheets], [None, *names], [note, *texts]]
        explanation = pa.table(dict(zip(EXPLANATION_COLUMNS, values, strict=True)))
        _explanation_sheet(book, explanation).save()
    return {f"{folder.name}/{code}.xlsx": inputs[code] for code in codes}


def _cells_of_areas(
    lines: pd.DataFrame, rows: dict[str, np.ndarray], areas: list[str]
) -> tuple[pa.Table, dict[str, np.ndarray]]:
    """The cells of the lines of `areas` as one Arrow table, and each area's rows in it.

    Converted once, in the writer's own form: a frame per area would be converted again
    by the writer (a third of a small workbook's cost). An Int64 column's missing values
    are nulls, empty cells, as `_cells` makes them. All areas: the month's lines as they
    are (no reordered copy of the month); some: their lines only, area after area."""
    if len(areas) == len(rows):
        return pa.Table.from_pandas(lines, preserve_index=False), rows
    ends = np.cumsum([len(rows[code]) for code in areas], dtype=np.intp)
    starts = ends - [len(rows[code]) for code in areas]
    order = np.concatenate([rows[code] for code in areas]) if areas else []
    cells = pa.Table.from_pandas(lines.take(order), preserve_index=False)
    return cells, {
        code: np.arange(start, end) for code, start, end in zip(areas, starts, ends, strict=True)
    }


def _area_inputs(lines: pd.DataFrame, rows: dict, codes: list, max_rows: int, folder: str) -> dict:
    """Each area's workbook's inputs hash: its code (an area without lines has a book of its
    own too) and its slice of the lines (their columns, types and values, in order), hashed
    from the month's row hashes taken once."""
    hashes = pd.util.hash_pandas_object(lines, index=False).to_numpy()
    schema = [[str(column), str(dtype)] for column, dtype in lines.dtypes.items()]
    none = np.array([], dtype=np.intp)
    inputs = {}
    for code in codes:
        mine = hashes[rows.get(code, none)]
        values = hashlib.sha256(mine.tobytes()).hexdigest()
        inputs[code] = digest("lines workbook", folder, code, schema, len(mine), values, max_rows)
    return inputs


def _sheet(book: FastExcel, name: str, frame: pd.DataFrame, max_rows: int) -> FastExcel:
    """The sheet `name` of the output table `frame` (a note instead, when it is too long)."""
    if len(frame) + 1 > max_rows:
        frame = _too_long_note(name, frame)
    return _cells_sheet(book, name, _cells(frame))


def _cells_sheet(book: FastExcel, name: str, cells: pd.DataFrame | pa.Table) -> FastExcel:
    """The sheet `name` of the output table whose cells (`_cells`) are `cells`."""
    schema = OUTPUT_TABLES[name]
    names = cells.column_names if isinstance(cells, pa.Table) else cells.columns
    kinds = {column: schema.columns[column].metadata["kind"] for column in names}
    return book.sheet(
        name,
        cells,
        column_widths={column: _width(column, kind) for column, kind in kinds.items()},
        column_formats={
            column: Format().set_num_format(NUMBER_FORMATS[kind])
            for column, kind in kinds.items()
            if kind in NUMBER_FORMATS
        },
        header_format=_header(),
    )


def _explanation(schemas: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (name, column_name, column.description or "")
            for name, schema in schemas.items()
            for column_name, column in schema.columns.items()
        ],
        columns=EXPLANATION_COLUMNS,
    )


def _with_moved_lines_note(explanation: pd.DataFrame, count: int, limit: int) -> pd.DataFrame:
    """The explanation with, before the lines' columns, a row saying where the lines are."""
    note = (
        f"แผ่นงาน lines ไม่อยู่ในไฟล์นี้: เดือนนี้มีรายการ {count:,} รายการ เกิน {limit:,} รายการ "
        f"จึงแยกเป็นไฟล์ละหนึ่งพื้นที่ในโฟลเดอร์ lines/ ชื่อไฟล์เป็นรหัสพื้นที่ "
        f"(lines/<รหัสพื้นที่>.xlsx) มีคอลัมน์เดียวกับที่อธิบายด้านล่าง; "
        f"รายการของทุกพื้นที่ในตารางเดียวอยู่ที่ tables/lines.parquet"
    )
    first = int((explanation[EXPLANATION_COLUMNS[0]] == "lines").idxmax())
    row = pd.DataFrame([("lines", None, note)], columns=EXPLANATION_COLUMNS)
    return pd.concat([explanation.iloc[:first], row, explanation.iloc[first:]], ignore_index=True)


def _explanation_sheet(book: FastExcel, explanation: pd.DataFrame | pa.Table) -> FastExcel:
    return book.sheet(
        EXPLANATION_SHEET,
        explanation,
        column_widths=[14, 20, 90],
        header_format=_header(),
    )


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
