"""Writing the demo's workbooks with openpyxl: the plan, the registry and each submission,
styled as partner staff style them (TH Sarabun New, boxed tables, title rows, merged cells),
saved as .xlsx bytes that depend on their content only (fixed document properties and zip
entry times: the same call always writes the same bytes)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.demo.agencies import AGENCIES
from oneplan.demo.plan import AREAS, DEMO_FISCAL_YEAR, MEASURES, NETWORK, PLAN_ITEMS, PROVINCE
from oneplan.demo.submissions import DemoFile, thai_header
from oneplan.schemas import (
    PLAN,
    REGISTRY,
    SUBMISSION_INFO,
    SUBMISSION_INFO_SHEET,
    SUBMISSION_LINES,
)

FONT_NAME = "TH Sarabun New"
_FIXED_DOC_TIME = dt.datetime(2026, 10, 1, 8, 0, 0)  # document properties (UTC, naive)
_FIXED_ZIP_TIME = (2026, 10, 1, 8, 0, 0)
_AMOUNT_FORMAT = "#,##0.00"
_DATE_FORMAT = "d/m/yyyy"

PLAN_SHEET = PLAN.metadata["sheet_th"]
REGISTRY_SHEET = REGISTRY.metadata["sheet_th"]
INFO_SHEET = SUBMISSION_INFO_SHEET[0]
LINES_SHEET = SUBMISSION_LINES.metadata["sheet_th"]

INFO_LABEL = {f.name: f.th for f in SUBMISSION_INFO}


_TITLE_FONT = Font(name=FONT_NAME, size=18, bold=True)
_HEADER_FONT = Font(name=FONT_NAME, size=14, bold=True)
_BODY_FONT = Font(name=FONT_NAME, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_AMOUNT_COLUMNS = {"budget", "disbursed", "required_budget"}
_WIDTHS = {
    "line_no": 7, "plan_item_id": 14, "activity": 48, "category": 14, "village": 9,
    "budget": 16, "disbursed": 16, "support_type": 14, "start_date": 13, "end_date": 13,
    "note": 30, "area_code": 11, "area_name": 14, "district": 13, "province": 11,
    "geocode": 13, "fiscal_year": 11, "title": 48,
    "strategy": 40, "priority": 11, "required_budget": 18, "lead": 32, "agency_code": 13,
    "name_th": 44, "name_en": 44, "type": 13, "email": 40, "contact": 40,
    "categories": 36, "areas": 20, "short_name": 24, "recipient_position": 48,
    "deadline_days": 16, "indicator": 34, "unit": 10, "baseline": 10, "target": 12,
    "progress": 16, "quantity": 12, "households": 14, "people": 14, "result": 40,
}  # fmt: skip


def _write_table(
    ws: Worksheet,
    title: Iterable[str],
    columns: Sequence[tuple[str, str]],
    rows: Iterable[dict],
) -> tuple[int, int]:
    """Title rows, a header row and data rows; returns (header row, last row), 1-based."""
    n_cols = len(columns)
    r = 0
    for text in title:
        r += 1
        ws.cell(r, 1, text).font = _TITLE_FONT
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
    if r:
        r += 1  # a blank row between the title and the table, as forms have
    header_row = r + 1
    for c, (name, header) in enumerate(columns, start=1):
        cell = ws.cell(header_row, c, header)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(name, 16)
    r = header_row
    for row in rows:
        r += 1
        for c, (name, _header) in enumerate(columns, start=1):
            value = row.get(name)
            cell = ws.cell(r, c, value)
            cell.font, cell.border = _BODY_FONT, _BOX
            if name in _AMOUNT_COLUMNS and isinstance(value, int | float):
                cell.number_format = _AMOUNT_FORMAT
            elif isinstance(value, dt.datetime):
                cell.number_format = _DATE_FORMAT
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    return header_row, r


def plan_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    columns = [("no", "ที่")] + [
        (name, thai_header(PLAN, name))
        for name in (
            "area_code", "area_name", "district", "province", "geocode", "fiscal_year",
            "plan_item_id", "category", "title", "strategy", "priority", "village", "lead",
            "required_budget", "indicator", "unit", "baseline", "target",
        )
    ]  # fmt: skip
    rows = []
    for no, item in enumerate(PLAN_ITEMS, start=1):
        rows.append({
            "no": no, "area_code": item.area, "area_name": AREAS[item.area][0],
            "district": AREAS[item.area][1], "province": PROVINCE,
            "geocode": AREAS[item.area][2],
            "fiscal_year": DEMO_FISCAL_YEAR, "plan_item_id": item.code,
            "category": item.category, "title": item.title, "strategy": item.strategy,
            "priority": item.priority, "village": item.village, "lead": item.lead,
            "required_budget": item.required,
            **_measure_cells(MEASURES.get((item.area, item.code))),
        })  # fmt: skip
    title = (
        f"แผนชุมชน{NETWORK} จังหวัดพัทลุง ปีงบประมาณ {DEMO_FISCAL_YEAR}",
        "ตำบลแพรกหา อำเภอควนขนุน และตำบลลำสินธุ์ อำเภอศรีนครินทร์",
    )
    header_row, last = _write_table(ws, title, columns, rows)
    # The area name is merged down over each area's rows, as the planning team typed it.
    name_col = 3
    start = header_row + 1
    for area in AREAS:
        count = sum(1 for item in PLAN_ITEMS if item.area == area)
        ws.merge_cells(
            start_row=start, start_column=name_col, end_row=start + count - 1, end_column=name_col
        )
        ws.cell(start, name_col).alignment = Alignment(vertical="center")
        start += count
    ws.cell(
        last + 2, 1, "หมายเหตุ: แผนผ่านการรับรองจากเวทีประชาคมตำบล เมื่อวันที่ 20 กันยายน 2569"
    ).font = _BODY_FONT
    return wb


def registry_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    names = (
        "agency_code", "name_th", "short_name", "recipient_position", "name_en", "type",
        "email", "contact", "categories", "areas", "deadline_days",
    )  # fmt: skip
    columns = [(name, thai_header(REGISTRY, name)) for name in names]
    rows = [
        {"agency_code": a.code, "name_th": a.name_th, "short_name": a.short_name,
         "recipient_position": a.recipient_position, "name_en": a.name_en, "type": a.type,
         "email": a.email, "contact": a.contact, "categories": a.categories, "areas": a.areas,
         "deadline_days": a.deadline_days}
        for a in AGENCIES
    ]  # fmt: skip
    _write_table(ws, (f"ทะเบียนภาคีพัฒนา{NETWORK} จังหวัดพัทลุง",), columns, rows)
    return wb


def _agency_name(code: str) -> str:
    for agency in AGENCIES:
        if agency.code == code:
            return agency.name_th
    return "สำนักงานประมงอำเภอควนขนุน"  # the agency the registry does not know


def _measure_cells(measure) -> dict:
    """The plan row's indicator columns (blank for an item without an indicator)."""
    if measure is None:
        return {}
    return {
        "indicator": measure.indicator,
        "unit": measure.unit,
        "baseline": measure.baseline,
        "target": measure.target,
    }


def submission_workbook(sub: DemoFile) -> Workbook:
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    values = [
        ("agency_code", sub.agency), ("area_code", sub.area), ("period", sub.period),
        ("reported_by", sub.reporter), ("phone", sub.phone), ("email", sub.email),
    ]  # fmt: skip
    if sub.info_form:
        # A printed form: a title, labels in column B, values in column D.
        info.cell(1, 2, "ข้อมูลหน่วยงานผู้รายงาน").font = _TITLE_FONT
        info.cell(3, 2, "ชื่อหน่วยงาน").font = _HEADER_FONT
        info.cell(3, 4, _agency_name(sub.agency)).font = _BODY_FONT
        label_col, value_col, r = 2, 4, 3
    else:
        label_col, value_col, r = 1, 2, 0
    for name, value in values:
        r += 1
        info.cell(r, label_col, INFO_LABEL[name]).font = _HEADER_FONT
        cell = info.cell(r, value_col, value)
        cell.font = _BODY_FONT
        if isinstance(value, dt.datetime):
            cell.number_format = "mmmm yyyy"
    info.column_dimensions[get_column_letter(label_col)].width = 18
    info.column_dimensions[get_column_letter(value_col)].width = 44

    ws = wb.create_sheet(LINES_SHEET)
    lines = list(sub.lines)
    header_row, last = _write_table(ws, sub.title, sub.columns, lines)
    names = [name for name, _ in sub.columns]
    if sub.merge_category:
        first, end = sub.merge_category
        c = names.index("category") + 1
        ws.merge_cells(
            start_row=header_row + first, start_column=c, end_row=header_row + end, end_column=c
        )
        ws.cell(header_row + first, c).alignment = Alignment(vertical="center")
    r = last
    next_no = len(lines) + 1
    for _ in range(sub.numbered_blank_rows):
        r += 1
        ws.cell(r, names.index("line_no") + 1, next_no).border = _BOX
        next_no += 1
    if sub.total_row:
        # รวม merged over the text columns left of the budget, sums typed in as numbers.
        r += 1
        budget_col = names.index("budget") + 1
        ws.cell(r, 1, "รวม").font = _HEADER_FONT
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=budget_col - 1)
        for name in ("budget", "disbursed"):
            total = sum(float(line[name] or 0) for line in lines)
            cell = ws.cell(r, names.index(name) + 1, total)
            cell.font, cell.number_format = _HEADER_FONT, _AMOUNT_FORMAT
    for note in sub.notes:
        r += 2
        ws.cell(r, 1, note).font = _BODY_FONT
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes that depend on its content only (no clock)."""
    wb.properties.creator = NETWORK
    wb.properties.lastModifiedBy = NETWORK
    wb.properties.created = _FIXED_DOC_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    fixed = _FIXED_DOC_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for entry in src.infolist():
            data = src.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + fixed.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, data)
    return out.getvalue()
