"""Small workbooks built with openpyxl for the tests: plans, registries, submissions.

Rows are given as dicts keyed by the spec's English column names; headers are written in
Thai (as agencies do) unless `english=True`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from oneplan.schemas import PLAN, REGISTRY, SUBMISSION_LINES

DEFAULT_MTIME = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)


def _headers(schema, columns, english):
    return [schema.columns[c].metadata["en" if english else "th"] for c in columns]


def write_table(
    path: Path,
    sheet: str,
    schema,
    rows: list[dict],
    *,
    columns=None,
    english: bool = False,
    title_rows: list[str] = (),
) -> Path:
    columns = columns or list(schema.columns)
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for title in title_rows:
        ws.append([title])
    ws.append(_headers(schema, columns, english))
    for row in rows:
        ws.append([row.get(c) for c in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def plan_item(
    area="AREA-1",
    item="KS-01",
    required=100_000,
    category="เกษตร",
    *,
    fiscal_year=2570,
    title=None,
    priority=1,
    village=None,
) -> dict:
    return {
        "area_code": area,
        "area_name": f"ตำบล {area}",
        "fiscal_year": fiscal_year,
        "plan_item_id": item,
        "category": category,
        "title": title or f"โครงการ {item}",
        "priority": priority,
        "required_budget": required,
        "village": village,
    }


def write_plan(inputs: Path, items: list[dict], name: str = "plan.xlsx") -> Path:
    """The plan's columns; the place columns (district, province, geocode) only when some
    item gives them, so that other columns keep their letters."""
    places = ("district", "province", "geocode")
    columns = [c for c in PLAN.columns if c not in places or any(c in i for i in items)]
    return write_table(inputs / "plan" / name, "แผนชุมชน", PLAN, items, columns=columns)


def agency(code: str, areas: str = "", categories: str = "", name: str | None = None) -> dict:
    return {
        "agency_code": code,
        "name_th": name or f"หน่วยงาน {code}",
        "areas": areas,
        "categories": categories,
        "email": f"{code.lower()}@example.org",
    }


def write_registry(inputs: Path, agencies: list[dict]) -> Path:
    return write_table(inputs / "agencies.xlsx", "ภาคี", REGISTRY, agencies)


def line(
    line_no: int,
    budget,
    item: str | None = None,
    *,
    disbursed=None,
    activity=None,
    category=None,
    village=None,
) -> dict:
    return {
        "line_no": line_no,
        "plan_item_id": item,
        "activity": activity or f"กิจกรรม {line_no}",
        "category": category,
        "village": village,
        "budget": budget,
        "disbursed": disbursed,
    }


def write_submission(
    path: Path,
    agency_code: str,
    area_code: str,
    period,
    lines: list[dict],
    *,
    mtime: dt.datetime = DEFAULT_MTIME,
    line_columns=None,
) -> Path:
    book = Workbook()
    info = book.active
    info.title = "ข้อมูลหน่วยงาน"
    info.append(["แบบรายงานงบประมาณภาคี"])
    for label, value in (("รหัสหน่วยงาน", agency_code), ("รหัสพื้นที่", area_code), ("งวดรายงาน", period)):
        info.append([label, value])
    sheet = book.create_sheet("รายการงบประมาณ")
    columns = line_columns or list(SUBMISSION_LINES.columns)
    sheet.append(_headers(SUBMISSION_LINES, columns, False))
    for row in lines:
        sheet.append([row.get(c) for c in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    set_mtime(path, mtime)
    return path


def set_mtime(path: Path, when: dt.datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


class Formula:
    """A formula cell; `value` is its cached result (None: no cached value, as openpyxl writes)."""

    def __init__(self, text: str, value=None):
        self.text = text
        self.value = value


def write_grid(
    path: Path,
    sheets: dict[str, list[list]],
    *,
    merges: dict[str, list[str]] | None = None,
    mtime: dt.datetime = DEFAULT_MTIME,
) -> Path:
    """A workbook laid out cell by cell, as people make them (xlsxwriter, so that formulas
    can carry cached values as Excel saves them)."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, Formula):
                    if value.value is None:  # as openpyxl writes it: no result stored
                        sheet.write_formula(r, c, value.text, None, "")
                    else:
                        sheet.write_formula(r, c, value.text, None, value.value)
                elif isinstance(value, dt.date | dt.datetime):
                    stamp = (
                        value
                        if isinstance(value, dt.datetime)
                        else dt.datetime(value.year, value.month, value.day)
                    )
                    sheet.write_datetime(r, c, stamp, date_format)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_range(cell_range, None)
    book.close()
    set_mtime(path, mtime)
    return path


def info_rows(agency_code="AG-C", area_code="AREA-1", period="2026-11") -> list[list]:
    return [
        ["แบบรายงานงบประมาณภาคี"],
        ["รหัสหน่วยงาน", agency_code],
        ["รหัสพื้นที่", area_code],
        ["งวดรายงาน", period],
    ]


def bangkok_moment(text: str) -> dt.datetime:
    """A moment of Bangkok time written `YYYY-MM-DD HH:MM` (a test's fixed clock)."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Asia/Bangkok"))
