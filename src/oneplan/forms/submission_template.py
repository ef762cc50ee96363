"""The blank submission workbook an agency fills in (`oneplan template`).

Its info sheet is filled in for one agency, area and period; its lines sheet has the
spec's Thai headers, drop-down lists (the area's plan items with their titles, the plan's
categories, the support types, the progress statuses), input checks on amount, date and
results cells (the quantity's prompt says to report the line's own part), column widths
and a frozen header. Filled in as offered, it validates without a single issue.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from oneplan.report.feedback import set_text
from oneplan.schemas import PROGRESS_TH, SUBMISSION_INFO_SHEET, SUBMISSION_LINES, SUPPORT_TYPE_TH
from oneplan.values.periods import fiscal_year, thai_period

LINE_ROWS = 200  # rows prepared with drop-downs and checks
NUMBERED_ROWS = 30  # rows numbered in advance (a row with only its number is skipped)
LISTS_SHEET = "รายการเลือก"
FONT = "TH Sarabun New"
WIDTHS = {
    "line_no": 7,
    "plan_item_id": 34,
    "activity": 40,
    "category": 16,
    "village": 9,
    "budget": 16,
    "disbursed": 16,
    "support_type": 16,
    "start_date": 13,
    "end_date": 13,
    "note": 30,
    "progress": 18,
    "quantity": 16,
    "unit": 11,
    "households": 14,
    "people": 14,
    "result": 36,
}
# Said after a header (a trailing note in brackets is read as the header alone).
UNITS = {
    "budget": " (บาท)",
    "disbursed": " (บาท)",
    "quantity": " (เฉพาะส่วนของรายการนี้)",
    "people": " (คน)",
}
# The input message of a results cell: what co-funders each report.
QUANTITY_HELP = (
    "ผลงานสะสมถึงเดือนนี้ตามหน่วยนับของตัวชี้วัด เฉพาะส่วนที่รายการนี้ทำได้ "
    "ถ้าหลายหน่วยงานร่วมกันทำโครงการเดียวกัน ให้รายงานเฉพาะส่วนของหน่วยงานท่าน ไม่ต้องรายงานผลรวม"
)


class TemplateUnavailable(Exception):
    """No template can be made for this agency and area: said in English, and as data
    (`reason`: agency_unknown, area_in_no_plan or area_not_in_year, and its `details`)
    for a caller that says it in another language."""

    def __init__(self, reason: str, message: str, **details: object):
        super().__init__(message)
        self.reason = reason
        self.details = details


def template_for(plan, registry, agency_code: str, area_code: str, period: str):
    """The template workbook of one agency and area for `period` (`oneplan template` and the
    agency's web page); raises TemplateUnavailable when the registry has no such agency, or
    the plan no such area (in any fiscal year, or in FY(period))."""
    agencies = registry.agencies.set_index("agency_code", drop=False)
    if agency_code not in agencies.index:
        raise TemplateUnavailable(
            "agency_unknown",
            f"agency {agency_code} is not in the registry ({registry.file})",
            code=agency_code,
            file=registry.file,
        )
    if area_code not in plan.area_codes:
        areas = sorted(plan.area_codes)
        raise TemplateUnavailable(
            "area_in_no_plan",
            f"area {area_code} is in no plan; the plan's areas: {', '.join(areas)}",
            area=area_code,
            areas=areas,
        )
    year = fiscal_year(period)
    items = plan.items_of(year)
    items = items[items["area_code"] == area_code]
    if items.empty:
        years = sorted(set(plan.items.loc[plan.items["area_code"] == area_code, "fiscal_year"]))
        raise TemplateUnavailable(
            "area_not_in_year",
            f"area {area_code} has no plan items for fiscal year {year}",
            area=area_code,
            year=year,
            years=[int(y) for y in years],
        )
    names = items["area_name"].dropna()
    area_name = names.iloc[0] if len(names) else area_code
    return build_template(agencies.loc[agency_code], area_code, area_name, period, items)


def areas_listed_without(registry, agency_code: str, area_code: str) -> list[str]:
    """The areas the registry lists for the agency when it lists some but not `area_code`
    (a template for it is made, with a warning); empty otherwise."""
    rows = registry.agencies[registry.agencies["agency_code"] == agency_code]
    listed = [
        area
        for areas in rows["areas"]
        if hasattr(areas, "__iter__") and not isinstance(areas, str)
        for area in areas
    ]
    return [] if not listed or area_code in listed else listed


def build_template(
    agency: pd.Series, area_code: str, area_name: str, period: str, plan_items: pd.DataFrame
):
    """The workbook for one agency and area; `plan_items` are the area's items of FY(period)."""
    book = Workbook()
    _info_sheet(book.active, agency, area_code, area_name, period)
    lists = book.create_sheet(LISTS_SHEET)
    lines = book.create_sheet(SUBMISSION_LINES.metadata["sheet_th"])
    items = plan_items.sort_values(["priority", "plan_item_id"], na_position="last")
    choices = {
        "plan_item_id": [f"{i.plan_item_id} {i.title}" for i in items.itertuples()],
        # in the order the plan first lists them (the plan's rows keep their order)
        "category": list(dict.fromkeys(c for c in plan_items["category"] if isinstance(c, str))),
        "support_type": list(SUPPORT_TYPE_TH.values()),
        "progress": list(PROGRESS_TH.values()),
    }
    _lists_sheet(lists, choices)
    _lines_sheet(lines, choices)
    book.active = 2
    return book


def style_header(cell) -> None:
    """A header cell as every blank form shows it: bold, shaded, centred, boxed."""
    cell.font = Font(name=FONT, size=14, bold=True)
    cell.fill = PatternFill("solid", fgColor="DDEBF7")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin", color="999999")
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def _info_sheet(sheet, agency: pd.Series, area_code: str, area_name: str, period: str) -> None:
    sheet.title = SUBMISSION_INFO_SHEET[0]
    set_text(sheet["A1"], f"แบบรายงานงบประมาณภาคีในพื้นที่ {area_name} ประจำเดือน{thai_period(period)}")
    sheet["A1"].font = Font(name=FONT, size=16, bold=True)
    rows = [
        ("รหัสหน่วยงาน", agency["agency_code"]),
        ("ชื่อหน่วยงาน", agency["name_th"]),
        ("รหัสพื้นที่", area_code),
        ("ชื่อพื้นที่", area_name),
        ("ประจำเดือน", thai_period(period)),
        ("ปีงบประมาณ", str(fiscal_year(period))),
        ("ผู้รายงาน", agency.get("contact") or ""),
        ("โทรศัพท์", ""),
        ("อีเมล", ""),
    ]
    for offset, (label, value) in enumerate(rows, start=3):
        set_text(sheet.cell(row=offset, column=1), label)
        sheet.cell(row=offset, column=1).font = Font(name=FONT, size=14, bold=True)
        set_text(sheet.cell(row=offset, column=2), value)
        sheet.cell(row=offset, column=2).font = Font(name=FONT, size=14)
    set_text(
        sheet.cell(row=13, column=1),
        "กรอกรายการในแผ่นงาน 'รายการงบประมาณ' แล้วส่งไฟล์นี้กลับมายังศูนย์ประสานงาน (กรุณาอย่าแก้ไขรหัสด้านบน)",
    )
    sheet.cell(row=13, column=1).font = Font(name=FONT, size=13, italic=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 50


def _lists_sheet(sheet, choices: dict[str, list[str]]) -> None:
    for column, (name, values) in enumerate(choices.items(), start=1):
        set_text(sheet.cell(row=1, column=column), name)
        for row, value in enumerate(values, start=2):
            set_text(sheet.cell(row=row, column=column), value)
    sheet.sheet_state = "hidden"


def _lines_sheet(sheet, choices: dict[str, list[str]]) -> None:
    columns = list(SUBMISSION_LINES.columns)
    for index, name in enumerate(columns, start=1):
        column = SUBMISSION_LINES.columns[name]
        cell = sheet.cell(row=1, column=index)
        set_text(cell, column.metadata["th"] + UNITS.get(name, ""))
        style_header(cell)
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 14)
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A2"
    for number in range(1, NUMBERED_ROWS + 1):
        sheet.cell(row=number + 1, column=1, value=number)
    last = LINE_ROWS + 1
    letter = {name: get_column_letter(i) for i, name in enumerate(columns, start=1)}
    for position, (name, values) in enumerate(choices.items(), start=1):
        if not values:
            continue
        source = f"={quote_sheetname(LISTS_SHEET)}!${get_column_letter(position)}$2:${get_column_letter(position)}${len(values) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False)
        check.promptTitle = SUBMISSION_LINES.columns[name].metadata["th"]
        check.prompt = (
            "เลือกจากรายการ" if name != "plan_item_id" else "เลือกโครงการในแผน (เว้นว่าง = นอกแผน)"
        )
        check.showInputMessage = True
        if name == "category":  # a category outside the list is allowed (with a warning)
            check.showErrorMessage = False
        sheet.add_data_validation(check)
        check.add(f"{letter[name]}2:{letter[name]}{last}")
    amounts = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    amounts.error = "จำนวนเงินต้องเป็นตัวเลขไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง"
    amounts.errorTitle = "จำนวนเงินไม่ถูกต้อง"
    amounts.showErrorMessage = True
    sheet.add_data_validation(amounts)
    dates = DataValidation(
        type="date", operator="between", formula1="1", formula2="2958465", allow_blank=True
    )
    dates.error = "กรุณากรอกวันที่ เช่น 1/10/2569"
    dates.errorTitle = "วันที่ไม่ถูกต้อง"
    dates.showErrorMessage = True
    sheet.add_data_validation(dates)
    line_numbers = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True
    )
    sheet.add_data_validation(line_numbers)
    line_numbers.add(f"A2:A{last}")
    for name in ("budget", "disbursed"):
        amounts.add(f"{letter[name]}2:{letter[name]}{last}")
        for row in range(2, last + 1):
            sheet[f"{letter[name]}{row}"].number_format = "#,##0.00"
    for name in ("start_date", "end_date"):
        dates.add(f"{letter[name]}2:{letter[name]}{last}")
        for row in range(2, last + 1):
            sheet[f"{letter[name]}{row}"].number_format = "d/m/yyyy"
    _results_checks(sheet, letter, last)


def _results_checks(sheet, letter: dict[str, str], last: int) -> None:
    """The results cells: a quantity of zero or more, with what to report as its prompt;
    counts of people and households as whole numbers."""
    quantity = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    quantity.promptTitle = "ผลงานสะสม"
    quantity.prompt = QUANTITY_HELP
    quantity.showInputMessage = True
    quantity.error = "ผลงานต้องเป็นตัวเลขไม่ติดลบ"
    quantity.showErrorMessage = True
    sheet.add_data_validation(quantity)
    quantity.add(f"{letter['quantity']}2:{letter['quantity']}{last}")
    counts = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    counts.error = "กรุณากรอกจำนวนเต็มไม่ติดลบ"
    counts.showErrorMessage = True
    sheet.add_data_validation(counts)
    for name in ("households", "people"):
        counts.add(f"{letter[name]}2:{letter[name]}{last}")
