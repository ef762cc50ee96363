"""Blank starter workbooks a coordinator fills in: the community plan and the partner
registry (`oneplan starters`).

Each starter's first sheet is the table itself, named and headed exactly as the schemas
define it (`schemas.PLAN`, `schemas.REGISTRY`): the readers find it by that name. Beside it,
a help sheet explains every column from the schema (required or not, what it holds, how
to write it, the other headers that are read as it) and an example sheet shows rows as
they are filled in. The readers never read those two: only the table's sheet counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandera.pandas as pa
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from oneplan.forms.submission_template import FONT, style_header
from oneplan.report.feedback import set_text
from oneplan.schemas import PLAN, REGISTRY, header_names

HELP_SHEET = "คำอธิบาย"
EXAMPLE_SHEET = "ตัวอย่าง"
PREPARED_ROWS = 200  # rows given the amount and text formats

# How a cell of each kind is written (the rules of oneplan.check.cells), in Thai.
HOW_TO_WRITE = {
    "text": "ข้อความ",
    "code": "ตัวอักษรอังกฤษ ตัวเลข และ - ไม่เกิน 32 ตัว (ตัวพิมพ์เล็กอ่านเป็นตัวพิมพ์ใหญ่)",
    "amount": "จำนวนเงินบาท ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 12500 หรือ 12,500.50 (เลขไทยได้)",
    "integer": "จำนวนเต็มตั้งแต่ 1 ขึ้นไป (ว่าง = ต่ำสุด)",
    "fiscal_year": "ปี พ.ศ. เช่น 2570 (ปี ค.ศ. 2027 ก็อ่านเป็น 2570)",
    "village": "หมู่ที่ เช่น 3, หมู่ 3, ม.3 หรือ ๓ (อ่านเป็นหมู่เดียวกัน)",
    "list": "หลายค่าคั่นด้วย , หรือ ;",
    "code_list": "รหัสพื้นที่ในแผนชุมชน หลายพื้นที่คั่นด้วย , หรือ ;",
    "date": "วันที่ เช่น 1/10/2569 หรือ 1 ต.ค. 2569",
    "support_type": "เงิน, สิ่งของ หรือ บุคลากร",
    "quantity": "ตัวเลขไม่ติดลบ ทศนิยมได้ เช่น 120, 2.5 หรือ ๑๒๐ (ว่าง = ไม่มี)",
    "count": "จำนวนเต็มไม่ติดลบ เช่น 35 หรือ ๓๕",
    "progress": "ยังไม่เริ่ม, กำลังดำเนินการ หรือ เสร็จแล้ว",
}


@dataclass(frozen=True)
class Starter:
    """One starter workbook: where it goes in the inputs folder, its table, what one row
    is, and example rows (column name -> value, as a coordinator types them)."""

    path: str
    schema: pa.DataFrameSchema
    one_row: str
    unique: str
    examples: tuple[dict[str, object], ...]


PLAN_STARTER = Starter(
    "plan/plan.xlsx",
    PLAN,
    "หนึ่งแถวต่อหนึ่งโครงการ/กิจกรรมในแผนชุมชน วางไฟล์ไว้ในโฟลเดอร์ inputs/plan/ (มีได้หลายไฟล์ เช่น หนึ่งไฟล์ต่อพื้นที่)",
    "รหัสโครงการต้องไม่ซ้ำกันในพื้นที่และปีงบประมาณเดียวกัน",
    (
        {
            "area_code": "PLG-PKH",
            "area_name": "ตำบลแพรกหา",
            "district": "ควนขนุน",
            "province": "พัทลุง",
            "geocode": "930516",
            "fiscal_year": 2570,
            "plan_item_id": "OR-01",
            "category": "องค์กรชุมชน",
            "title": "ศูนย์ประสานงานองค์กรชุมชนตำบลแพรกหา",
            "strategy": "ยุทธศาสตร์ที่ 1 เสริมสร้างความเข้มแข็งขององค์กรชุมชน",
            "priority": 1,
            "required_budget": 200000,
            "lead": "สภาองค์กรชุมชนตำบลแพรกหา",
            "indicator": "การประชุมคณะทำงานศูนย์ประสานงาน",
            "unit": "ครั้ง",
            "baseline": 8,
            "target": 12,
        },
        {
            "area_code": "PLG-PKH",
            "area_name": "ตำบลแพรกหา",
            "district": "ควนขนุน",
            "province": "พัทลุง",
            "geocode": "930516",
            "fiscal_year": 2570,
            "plan_item_id": "KS-01",
            "category": "เกษตร",
            "title": "ธนาคารเมล็ดพันธุ์ชุมชน",
            "strategy": "ยุทธศาสตร์ที่ 2 เกษตรกรรมยั่งยืนและความมั่นคงทางอาหาร",
            "priority": 2,
            "required_budget": 85000.5,
            "village": "หมู่ 3",
            "lead": "กลุ่มเกษตรอินทรีย์บ้านแพรกหา",
            "indicator": "ครัวเรือนที่ได้รับเมล็ดพันธุ์จากธนาคาร",
            "unit": "ครัวเรือน",
            "baseline": 20,
            "target": 80,
        },
    ),
)

REGISTRY_STARTER = Starter(
    "agencies.xlsx",
    REGISTRY,
    "หนึ่งแถวต่อหนึ่งหน่วยงานภาคี ไฟล์นี้ต้องชื่อ agencies.xlsx อยู่ในโฟลเดอร์ inputs/",
    "รหัสหน่วยงานต้องไม่ซ้ำกัน",
    (
        {
            "agency_code": "SAO-PKH",
            "name_th": "องค์การบริหารส่วนตำบลแพรกหา",
            "name_en": "Phraek Ha Subdistrict Administrative Organization",
            "short_name": "อบต.แพรกหา",
            "recipient_position": "นายกองค์การบริหารส่วนตำบลแพรกหา",
            "type": "อปท.",
            "email": "saraban@phraekha.example.go.th; plan@phraekha.example.go.th",
            "contact": "นางจันทร์เพ็ญ ศรีสุวรรณ (นักวิเคราะห์นโยบายและแผน)",
            "categories": "องค์กรชุมชน, สวัสดิการ, เกษตร",
            "areas": "PLG-PKH",
        },
        {
            "agency_code": "BAAC-KKN",
            "name_th": "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน",
            "name_en": "BAAC Khuan Khanun Branch",
            "short_name": "ธ.ก.ส. สาขาควนขนุน",
            "recipient_position": "ผู้จัดการธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน",
            "type": "รัฐวิสาหกิจ",
            "email": "khuankhanun@baac.example.or.th",
            "contact": "นายวีระ หนูแก้ว",
            "categories": "หนี้สิน, เกษตร",
            "areas": "PLG-PKH",
        },
    ),
)

STARTERS = (PLAN_STARTER, REGISTRY_STARTER)


class StarterExists(Exception):
    """A starter would overwrite a file that is already there (a usage error)."""


def write_starters(folder: Path) -> list[Path]:
    """Write every starter under `folder` (as the inputs folder lays them out) and return
    their paths; raises StarterExists, writing nothing, if any of them is already there."""
    targets = [Path(folder) / starter.path for starter in STARTERS]
    if existing := [str(path) for path in targets if path.exists()]:
        raise StarterExists(", ".join(existing))
    for starter, target in zip(STARTERS, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        starter_workbook(starter).save(target)
    return targets


def starter_workbook(starter: Starter) -> Workbook:
    """The starter of one table: its blank sheet, the help sheet and the example sheet."""
    book = Workbook()
    table = book.active
    table.title = starter.schema.metadata["sheet_th"]
    _header(table, starter.schema)
    _formats(table, starter.schema, PREPARED_ROWS + 1)
    _help_sheet(book.create_sheet(HELP_SHEET), starter)
    examples = book.create_sheet(EXAMPLE_SHEET)
    _header(examples, starter.schema)
    for row, example in enumerate(starter.examples, start=2):
        for index, name in enumerate(starter.schema.columns, start=1):
            value = example.get(name)
            if value is not None:
                cell = examples.cell(row=row, column=index, value=value)
                cell.font = Font(name=FONT, size=14)
    _formats(examples, starter.schema, len(starter.examples) + 1)
    book.active = 0
    return book


def _header(sheet, schema: pa.DataFrameSchema) -> None:
    for index, column in enumerate(schema.columns.values(), start=1):
        cell = sheet.cell(row=1, column=index)
        set_text(cell, column.metadata["th"])
        style_header(cell)
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A2"


def _width(column: pa.Column) -> float:
    kind = column.metadata["kind"]
    if kind in ("amount", "fiscal_year", "integer", "village", "code"):
        return 16
    return 30


def _formats(sheet, schema: pa.DataFrameSchema, last_row: int) -> None:
    """Amounts shown with separators; codes kept as typed (Excel leaves text alone)."""
    for index, column in enumerate(schema.columns.values(), start=1):
        kind = column.metadata["kind"]
        number_format = {"amount": "#,##0.00", "code": "@", "code_list": "@"}.get(kind)
        if number_format is None:
            continue
        letter = get_column_letter(index)
        for row in range(2, last_row + 1):
            sheet[f"{letter}{row}"].number_format = number_format


def _help_sheet(sheet, starter: Starter) -> None:
    schema = starter.schema
    lines = [
        f"แผ่นงาน '{schema.metadata['sheet_th']}' (หรือ '{schema.metadata['sheet_en']}'): "
        f"{starter.one_row}",
        f"{starter.unique}; แถวหัวตารางต้องอยู่ใน 20 แถวแรก เรียงคอลัมน์แบบใดก็ได้ "
        "คอลัมน์อื่นที่เพิ่มเข้าไปจะไม่ถูกอ่าน",
        f"ดูตัวอย่างการกรอกที่แผ่นงาน '{EXAMPLE_SHEET}' (oneplan ไม่อ่านแผ่นงานนี้และแผ่นงานคำอธิบาย)",
    ]
    for row, text in enumerate(lines, start=1):
        set_text(sheet.cell(row=row, column=1), text)
        sheet.cell(row=row, column=1).font = Font(name=FONT, size=14, bold=row == 1)
    headers = ["หัวคอลัมน์", "ชื่อภาษาอังกฤษ", "ต้องกรอก", "คำอธิบาย", "วิธีกรอก", "หัวคอลัมน์อื่นที่อ่านได้"]
    top = len(lines) + 2
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(row=top, column=index)
        set_text(cell, text)
        style_header(cell)
    for row, column in enumerate(schema.columns.values(), start=top + 1):
        meta = column.metadata
        values = [
            meta["th"],
            meta["en"],
            "ต้องกรอก" if meta["input_required"] else "ไม่บังคับ",
            column.description or "",
            HOW_TO_WRITE.get(meta["kind"], ""),
            ", ".join(name for name in header_names(column)[2:]),
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index)
            set_text(cell, value)
            cell.font = Font(name=FONT, size=14)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, width in enumerate((22, 20, 12, 45, 45, 30), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
