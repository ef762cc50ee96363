"""The one definition of each table: the inputs' columns, headers, types and checks, the
frames the month hands to the reconciliation, and the output tables' columns.

Each table is a pandera `DataFrameSchema`. A column's `metadata` carries what the readers
and writers need besides its type and checks:

- `th`, `en`: the header as the spec writes it in Thai and in English (the English one is
  also the machine name); `aliases`: other headers offices use for it. Headers are compared
  normalised (`oneplan.values.text.normalize_header`): a unit in brackets, a colon or star
  after it, case, spacing and `_` do not matter, so an alias is written once, bare
  (`จำนวนเงิน` also finds `จำนวนเงิน (บาท)`);
- `kind`: how a cell is parsed (`text`, `code`, `amount`, `integer`, `date`, `village`,
  `fiscal_year`, `list`, `code_list`, `support_type`, `quantity`, `count`, `progress`);
- `input_required`: the column must be present in the workbook (a missing one rejects the
  file) and its cells must be filled (an empty one excludes the row);
- `description`: the Thai explanation written to the outputs.

Checks are named by the issue code they raise (see `oneplan.issues`), so that pandera's
failure cases translate to issues in one place (`oneplan.check.schema`).

Longer than 300 lines: the data tables of every input and output table, kept in one module
so that each table has one definition and the output tables' order is read in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

CODE_PATTERN = r"^[A-Z0-9-]{1,32}$"


def _column(
    th: str,
    en: str,
    kind: str,
    *,
    required: bool = False,
    description: str = "",
    aliases: tuple[str, ...] = (),
    checks: list[pa.Check] | None = None,
    dtype: object = None,
) -> pa.Column:
    return pa.Column(
        dtype,
        checks=checks or [],
        nullable=not required,
        required=required,
        coerce=False,
        title=th,
        description=description,
        metadata={
            "th": th,
            "en": en,
            "kind": kind,
            "aliases": aliases,
            "input_required": required,
        },
    )


def _non_negative() -> pa.Check:
    return pa.Check(lambda s: s.isna() | (s >= 0), name="amount_negative", element_wise=False)


def _at_least_one() -> pa.Check:
    return pa.Check(lambda s: s.isna() | (s >= 1), name="integer_invalid")


def _code_format() -> pa.Check:
    return pa.Check(
        lambda s: s.isna() | s.astype("string").str.fullmatch(CODE_PATTERN).fillna(False),
        name="code_invalid",
    )


AMOUNT = "Int64"  # whole satang, nullable
INTEGER = "Int64"
_VILLAGE = ("หมู่", "หมู่บ้าน", "ม.", "moo")
_EMAIL = ("อีเมล์", "e-mail", "อีเมลผู้รับรายงาน")

PLAN = pa.DataFrameSchema(
    {
        "area_code": _column(
            "รหัสพื้นที่",
            "area_code",
            "code",
            required=True,
            checks=[_code_format()],
            aliases=("รหัสตำบล", "area", "area code"),
            description="รหัสพื้นที่ (ตำบล/เครือข่าย)",
        ),
        "area_name": _column(
            "ชื่อพื้นที่",
            "area_name",
            "text",
            aliases=("ชื่อตำบล", "ตำบล", "พื้นที่"),
            description="ชื่อพื้นที่ เช่น ตำบลแพรกหา",
        ),
        # The area's place in the country (`oneplan.check.hierarchy`): optional, the roll-ups
        # of districts and provinces are made of them.
        "district": _column(
            "อำเภอ",
            "district",
            "text",
            aliases=("ชื่ออำเภอ", "อำเภอ/เขต", "เขต", "district"),
            description="อำเภอที่พื้นที่นี้สังกัด เช่น ควนขนุน (พื้นที่หนึ่งมีอำเภอเดียว)",
        ),
        "province": _column(
            "จังหวัด",
            "province",
            "text",
            aliases=("ชื่อจังหวัด", "province"),
            description="จังหวัดที่พื้นที่นี้สังกัด เช่น พัทลุง",
        ),
        "geocode": _column(
            "รหัสภูมิศาสตร์",
            "geocode",
            "code",
            aliases=("geocode", "geo code", "รหัสเขตการปกครอง", "รหัสกรมการปกครอง", "dopa code"),
            description="รหัสตำบล 6 หลักของกรมการปกครอง ถ้าทราบ (2 หลักแรก = จังหวัด, 4 หลักแรก = อำเภอ)",
        ),
        "fiscal_year": _column(
            "ปีงบประมาณ",
            "fiscal_year",
            "fiscal_year",
            required=True,
            dtype=INTEGER,
            aliases=("ปีงบ", "ปี", "ปีงบประมาณ พ.ศ.", "fiscal year"),
            description="ปีงบประมาณ พ.ศ.",
        ),
        "plan_item_id": _column(
            "รหัสโครงการ",
            "plan_item_id",
            "code",
            required=True,
            checks=[_code_format()],
            aliases=("รหัส", "รหัสแผน", "รหัสโครงการ/กิจกรรม", "รหัสกิจกรรม", "plan item"),
            description="รหัสโครงการ/กิจกรรมในแผน",
        ),
        "category": _column(
            "หมวด",
            "category",
            "text",
            required=True,
            aliases=("หมวดหมู่", "หมวดแผน", "หมวดของแผน", "ประเด็น", "ประเด็นแผน"),
            description="หมวดของแผน",
        ),
        "title": _column(
            "ชื่อโครงการ",
            "title",
            "text",
            required=True,
            aliases=("ชื่อกิจกรรม", "ชื่อโครงการ/กิจกรรม", "โครงการ/กิจกรรม", "โครงการ", "กิจกรรม"),
            description="ชื่อโครงการ/กิจกรรม",
        ),
        "strategy": _column("ยุทธศาสตร์", "strategy", "text", description="ยุทธศาสตร์"),
        "priority": _column(
            "ลำดับความสำคัญ",
            "priority",
            "integer",
            dtype=INTEGER,
            checks=[_at_least_one()],
            aliases=("ความสำคัญ", "ลำดับความสำคัญของโครงการ"),
            description="ลำดับความสำคัญ (1 = สำคัญที่สุด)",
        ),
        "required_budget": _column(
            "งบประมาณที่ต้องการ",
            "required_budget",
            "amount",
            required=True,
            dtype=AMOUNT,
            checks=[_non_negative()],
            # In the plan, a bare "budget" is what the item needs.
            aliases=("งบประมาณ", "งบประมาณที่ใช้", "งบประมาณที่ขอ", "จำนวนเงิน", "วงเงิน"),
            description="งบประมาณที่ต้องการ (บาท)",
        ),
        "village": _column("หมู่ที่", "village", "village", aliases=_VILLAGE, description="หมู่ที่"),
        "lead": _column(
            "ผู้รับผิดชอบ",
            "lead",
            "text",
            aliases=("หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบโครงการ"),
            description="ผู้รับผิดชอบ",
        ),
        # What the item is to deliver this year (`oneplan.reconcile.results`): optional.
        "indicator": _column(
            "ตัวชี้วัด",
            "indicator",
            "text",
            aliases=("ตัวชี้วัดโครงการ", "ตัวชี้วัดความสำเร็จ", "ตัวชี้วัดผลผลิต", "indicator"),
            description="ตัวชี้วัดของโครงการ เช่น ครัวเรือนที่ได้รับการอบรม (ว่าง = ไม่ติดตามผลงาน)",
        ),
        "unit": _column(
            "หน่วยนับ",
            "unit",
            "text",
            aliases=("หน่วย", "หน่วยของตัวชี้วัด", "unit"),
            description="หน่วยนับของตัวชี้วัด เช่น ครัวเรือน, ไร่, คน",
        ),
        "baseline": _column(
            "ค่าฐาน",
            "baseline",
            "quantity",
            aliases=("ค่าฐานเดิม", "ข้อมูลฐาน", "ผลงานก่อนปีนี้", "baseline"),
            description="ค่าของตัวชี้วัดก่อนเริ่มปีงบประมาณ (แสดงไว้ ไม่นับรวมในผลงานปีนี้)",
        ),
        "target": _column(
            "ค่าเป้าหมาย",
            "target",
            "quantity",
            # Not a bare เป้าหมาย: many plans hold their target group in words under it.
            aliases=("ค่าเป้าหมายปีนี้", "ค่าเป้าหมายของปี", "เป้าหมายเชิงปริมาณ", "target"),
            description="ผลงานที่ตั้งเป้าไว้ในปีงบประมาณนี้ ตามหน่วยนับ",
        ),
    },
    name="plan",
    strict=False,
    metadata={
        "sheet_th": "แผนชุมชน",
        "sheet_en": "plan",
        "key": "plan_item_id",
        "amounts": ["required_budget"],
    },
)

REGISTRY = pa.DataFrameSchema(
    {
        "agency_code": _column(
            "รหัสหน่วยงาน",
            "agency_code",
            "code",
            required=True,
            checks=[_code_format()],
            aliases=("รหัสภาคี", "รหัส", "agency"),
            description="รหัสหน่วยงาน",
        ),
        "name_th": _column(
            "ชื่อหน่วยงาน",
            "name_th",
            "text",
            required=True,
            aliases=("ชื่อภาคี", "หน่วยงาน", "ชื่อหน่วยงานภาษาไทย", "name"),
            description="ชื่อหน่วยงาน",
        ),
        "name_en": _column("ชื่อภาษาอังกฤษ", "name_en", "text", description="ชื่อภาษาอังกฤษ"),
        "short_name": _column(
            "ชื่อย่อ",
            "short_name",
            "text",
            aliases=("ชื่อเรียก", "ชื่อที่ใช้เรียก"),
            description="ชื่อที่ใช้เรียกกันทั่วไป เช่น อบต.แพรกหา, ธ.ก.ส. (ว่าง: ใช้ชื่อหน่วยงาน)",
        ),
        "recipient_position": _column(
            "ตำแหน่งผู้รับหนังสือ",
            "recipient_position",
            "text",
            aliases=("ตำแหน่งผู้รับ", "เรียน"),
            description="ตำแหน่งผู้รับหนังสือ เช่น นายกองค์การบริหารส่วนตำบลแพรกหา (ว่าง: ใช้ชื่อหน่วยงาน)",
        ),
        "type": _column(
            "ประเภท", "type", "text", aliases=("ประเภทหน่วยงาน",), description="ประเภทหน่วยงาน"
        ),
        "email": _column("อีเมล", "email", "list", aliases=_EMAIL, description="อีเมลที่ส่งรายงาน"),
        "contact": _column(
            "ผู้ประสานงาน",
            "contact",
            "text",
            aliases=("ผู้ติดต่อ", "ชื่อผู้ประสานงาน", "ผู้ประสาน"),
            description="ผู้ประสานงาน",
        ),
        "categories": _column(
            "หมวดที่เกี่ยวข้อง",
            "categories",
            "list",
            aliases=("หมวด", "หมวดงาน", "ภารกิจ"),
            description="หมวดของแผนที่หน่วยงานทำงาน",
        ),
        "areas": _column(
            "พื้นที่",
            "areas",
            "code_list",
            aliases=("รหัสพื้นที่", "พื้นที่รับผิดชอบ", "พื้นที่ที่ต้องรายงาน"),
            description="พื้นที่ที่ต้องส่งแบบรายงานทุกเดือน",
        ),
        "deadline_days": _column(
            "กำหนดส่ง (วันหลังสิ้นเดือน)",
            "deadline_days",
            "integer",
            dtype=INTEGER,
            checks=[_at_least_one()],
            aliases=("ส่งภายใน", "จำนวนวันกำหนดส่ง", "deadline days"),
            description=(
                "กำหนดส่งของหน่วยงานนี้ นับเป็นจำนวนวันหลังวันสิ้นเดือน (ส่งได้ถึง 23:59 น. ของวันนั้น) "
                "ว่าง = ตามกำหนดส่งของเครือข่าย"
            ),
        ),
    },
    name="registry",
    strict=False,
    metadata={"sheet_th": "ภาคี", "sheet_en": "agencies", "key": "agency_code", "amounts": []},
)

SUBMISSION_LINES = pa.DataFrameSchema(
    {
        "line_no": _column(
            "ลำดับ",
            "line_no",
            "integer",
            required=True,
            dtype=INTEGER,
            checks=[_at_least_one()],
            aliases=("ลำดับที่", "ที่", "ข้อ", "เลขที่", "รายการที่", "no", "no.", "#"),
            description="ลำดับรายการในแบบรายงาน",
        ),
        "plan_item_id": _column(
            "รหัสโครงการในแผน",
            "plan_item_id",
            "code",
            aliases=(
                "รหัสโครงการ",
                "รหัสโครงการในแผนชุมชน",
                "รหัสโครงการตามแผน",
                "รหัสโครงการตามแผนชุมชน",
                "รหัสในแผน",
                "รหัสแผน",
                "รหัสแผนชุมชน",
                "plan item",
                "plan item code",
            ),
            description="รหัสโครงการในแผนที่รายการนี้สนับสนุน (ว่าง = นอกแผน)",
        ),
        "activity": _column(
            "ชื่อกิจกรรม",
            "activity",
            "text",
            required=True,
            aliases=(
                "กิจกรรม",
                "ชื่อโครงการ",
                "โครงการ",
                "ชื่อโครงการ/กิจกรรม",
                "โครงการ/กิจกรรม",
                "ชื่อกิจกรรม/โครงการ",
                "รายการ",
                "ชื่อรายการ",
                "รายการกิจกรรม",
                "activity name",
                "project",
            ),
            description="ชื่อกิจกรรม",
        ),
        "category": _column(
            "หมวด",
            "category",
            "text",
            aliases=("หมวดหมู่", "หมวดแผน", "หมวดของแผน", "ประเด็น", "ประเด็นแผน"),
            description="หมวด",
        ),
        "village": _column("หมู่ที่", "village", "village", aliases=_VILLAGE, description="หมู่ที่"),
        "budget": _column(
            "งบประมาณ",
            "budget",
            "amount",
            required=True,
            dtype=AMOUNT,
            checks=[_non_negative()],
            aliases=(
                "จำนวนเงิน",
                "จำนวนเงินงบประมาณ",
                "วงเงิน",
                "วงเงินงบประมาณ",
                "งบประมาณที่ได้รับ",
                "งบประมาณที่ได้รับจัดสรร",
                "งบประมาณที่จัดสรร",
                "งบประมาณที่สนับสนุน",
                "งบที่สนับสนุน",
                "งบ",
                "มูลค่า",
                "มูลค่าการสนับสนุน",
                "allocated",
            ),
            description="งบประมาณที่จัดสรร (บาท)",
        ),
        "disbursed": _column(
            "เบิกจ่ายสะสม",
            "disbursed",
            "amount",
            dtype=AMOUNT,
            checks=[_non_negative()],
            aliases=(
                "เบิกจ่าย",
                "เบิกจ่ายแล้ว",
                "เบิกจ่ายจริง",
                "ผลการเบิกจ่าย",
                "ผลการเบิกจ่ายสะสม",
                "ผลเบิกจ่าย",
                "ยอดเบิกจ่าย",
                "ยอดเบิกจ่ายสะสม",
                "จ่ายแล้ว",
                "ใช้จ่ายแล้ว",
                "spent",
                "disbursement",
            ),
            description="เบิกจ่ายสะสมถึงเดือนนี้ (บาท)",
        ),
        "support_type": _column(
            "ประเภทการสนับสนุน",
            "support_type",
            "support_type",
            aliases=("ลักษณะการสนับสนุน", "รูปแบบการสนับสนุน", "ประเภท", "support"),
            description="เงิน / สิ่งของ / บุคลากร",
        ),
        "start_date": _column(
            "วันเริ่ม",
            "start_date",
            "date",
            aliases=("วันที่เริ่ม", "วันเริ่มต้น", "วันที่เริ่มต้น", "เริ่ม", "วันเริ่มโครงการ", "start"),
            description="วันเริ่ม",
        ),
        "end_date": _column(
            "วันสิ้นสุด",
            "end_date",
            "date",
            aliases=(
                "วันที่สิ้นสุด",
                "สิ้นสุด",
                "วันสิ้นสุดโครงการ",
                "วันแล้วเสร็จ",
                "วันที่แล้วเสร็จ",
                "end",
            ),
            description="วันสิ้นสุด",
        ),
        "note": _column(
            "หมายเหตุ", "note", "text", aliases=("notes", "remark", "remarks"), description="หมายเหตุ"
        ),
        # The line's results (`oneplan.reconcile.results`): optional, none of them required.
        "progress": _column(
            "สถานะการดำเนินงาน",
            "progress",
            "progress",
            # Not a bare สถานะ: offices use it for other things (อนุมัติแล้ว, a budget's status).
            aliases=("สถานะการดำเนินการ", "สถานะโครงการ", "สถานะกิจกรรม", "ความก้าวหน้า", "progress"),
            description="ยังไม่เริ่ม / กำลังดำเนินการ / เสร็จแล้ว",
        ),
        "quantity": _column(
            "ผลงานสะสม",
            "quantity",
            "quantity",
            # Not a bare ผลงาน or ผลผลิต: offices head their outputs in words with them.
            aliases=(
                "ผลงานสะสมของรายการนี้",
                "ปริมาณผลงานสะสม",
                "ผลผลิตสะสม",
                "quantity",
                "delivered",
            ),
            description="ผลงานสะสมถึงเดือนนี้ เฉพาะส่วนที่รายการนี้ทำได้ ตามหน่วยนับของตัวชี้วัด",
        ),
        "unit": _column(
            "หน่วยนับ",
            "unit",
            "text",
            aliases=("หน่วย", "หน่วยนับผลงาน", "unit"),
            description="หน่วยนับของผลงาน (ว่าง = หน่วยนับของโครงการในแผน)",
        ),
        "households": _column(
            "ครัวเรือนที่ได้รับประโยชน์",
            "households",
            "count",
            aliases=("ครัวเรือนผู้ได้รับประโยชน์", "จำนวนครัวเรือนที่ได้รับประโยชน์", "households"),
            description="จำนวนครัวเรือนที่ได้รับประโยชน์จากรายการนี้",
        ),
        "people": _column(
            "ผู้ได้รับประโยชน์",
            "people",
            "count",
            aliases=("จำนวนผู้ได้รับประโยชน์", "ผู้รับประโยชน์", "จำนวนคนที่ได้รับประโยชน์", "people"),
            description="จำนวนคนที่ได้รับประโยชน์จากรายการนี้",
        ),
        "result": _column(
            "ผลการดำเนินงาน",
            "result",
            "text",
            aliases=("ผลการดำเนินการ", "ผลลัพธ์", "สรุปผล", "สรุปผลการดำเนินงาน", "result"),
            description="ผลการดำเนินงานโดยย่อ",
        ),
    },
    checks=[
        pa.Check(
            # A negative budget is its own error; comparing with it would report twice.
            lambda df: (
                df["disbursed"].isna()
                | df["budget"].isna()
                | (df["budget"] < 0)
                | (df["disbursed"] <= df["budget"])
            ),
            name="disbursed_over_budget",
        ),
        pa.Check(
            lambda df: (
                df["end_date"].isna()
                | df["start_date"].isna()
                | (pd.to_datetime(df["end_date"]) >= pd.to_datetime(df["start_date"]))
            ),
            name="end_before_start",
        ),
    ],
    name="submission_lines",
    strict=False,
    metadata={
        "sheet_th": "รายการงบประมาณ",
        "sheet_en": "lines",
        "key": "line_no",
        "amounts": ["budget", "disbursed"],
        # The cell a frame-wide check points at.
        "check_columns": {"disbursed_over_budget": "disbursed", "end_before_start": "end_date"},
        # The columns the frame-wide checks read.
        "frame_check_columns": ["budget", "disbursed", "start_date", "end_date"],
    },
)


@dataclass(frozen=True)
class InfoField:
    name: str
    th: str
    required: bool
    kind: str
    aliases: tuple[str, ...] = ()  # other labels a form may give it (compared normalised)


SUBMISSION_INFO_SHEET = ("ข้อมูลหน่วยงาน", "info")
SUBMISSION_INFO = (
    InfoField("agency_code", "รหัสหน่วยงาน", True, "code", ("รหัสภาคี", "agency")),
    InfoField("area_code", "รหัสพื้นที่", True, "code", ("รหัสตำบล", "area")),
    InfoField(
        "period",
        "ประจำเดือน",
        True,
        "period",
        ("งวดรายงาน", "เดือนที่รายงาน", "รายงานประจำเดือน", "ข้อมูลประจำเดือน", "เดือน"),
    ),
    InfoField("reported_by", "ผู้รายงาน", False, "text", ("ชื่อผู้รายงาน", "ผู้กรอกข้อมูล")),
    InfoField("phone", "โทรศัพท์", False, "text", ("เบอร์โทรศัพท์", "เบอร์โทร", "โทร")),
    InfoField("email", "อีเมล", False, "text", _EMAIL),
)

SUPPORT_TYPES = {
    "cash": ("เงิน", "เงินสด", "cash", "money"),
    "in_kind": ("สิ่งของ", "in-kind", "in kind", "in_kind", "วัสดุ"),
    "staff": ("บุคลากร", "staff", "คน", "personnel"),
}
SUPPORT_TYPE_TH = {"cash": "เงิน", "in_kind": "สิ่งของ", "staff": "บุคลากร"}

# A line's progress, and how offices write it (compared without spaces, case ignored).
PROGRESS_STATUSES = {
    "not_started": (
        "ยังไม่เริ่ม",
        "ยังไม่ได้เริ่ม",
        "ยังไม่ดำเนินการ",
        "ยังไม่ได้ดำเนินการ",
        "ยังไม่เริ่มดำเนินการ",
        "not started",
        "not_started",
    ),
    "ongoing": (
        "กำลังดำเนินการ",
        "อยู่ระหว่างดำเนินการ",
        "ระหว่างดำเนินการ",
        "ดำเนินการอยู่",
        "กำลังทำ",
        "ongoing",
        "in progress",
    ),
    "done": (
        "เสร็จแล้ว",
        "เสร็จ",
        "แล้วเสร็จ",
        "เสร็จสิ้น",
        "ดำเนินการแล้ว",
        "ดำเนินการแล้วเสร็จ",
        "ดำเนินการเสร็จแล้ว",
        "done",
        "completed",
        "complete",
        "finished",
    ),
}
PROGRESS_TH = {"not_started": "ยังไม่เริ่ม", "ongoing": "กำลังดำเนินการ", "done": "เสร็จแล้ว"}


def checked_columns(schema: pa.DataFrameSchema) -> list[str]:
    """The columns validation reads: those with checks, a type or a value required, and
    those the frame-wide checks use (`frame_check_columns`). A frame of these alone is
    validated as the whole table would be: the other columns are optional and unchecked.
    """
    frame_wide = set(schema.metadata.get("frame_check_columns", []))
    return [
        name
        for name, column in schema.columns.items()
        if column.checks
        or column.dtype is not None
        or not column.nullable
        or column.required
        or name in frame_wide
    ]


def header_names(column: pa.Column) -> list[str]:
    """Every header a column is recognised by (Thai, English, aliases)."""
    meta = column.metadata
    return [meta["th"], meta["en"], *meta["aliases"]]


# --- the reconciliation's input frames ---------------------------------------------------
# What the month hands to the reconciliation (`oneplan.reconcile.frames`): one row per
# submission, and one row per line that counts (amounts in satang).

RECEIVED_SUBMISSION_COLUMNS = [
    "submission_id",
    "source_file",
    "sha256",
    "agency_code",
    "area_code",
    "period",
    "received_at",
    "received_seq",
    "rejected",
    "identified",
    "rejected_rows",
]

COUNTED_LINE_COLUMNS = [
    "submission_id",
    "line_no",
    "plan_item_id",
    "activity",
    "category",
    "village",
    "budget",
    "disbursed",
    "support_type",
    "note",
    "progress",
    "quantity",
    "unit",
    "households",
    "people",
    "result",
    "sheet",
    "row",
]


# --- output tables -----------------------------------------------------------------------
# The columns of reconciliation.xlsx and tables/*.parquet, in the order outputs.md gives,
# with the Thai explanation written to the `คำอธิบาย` sheet. `kind` says how a value is
# written: amounts are kept in satang inside oneplan and written as baht.


def _out(description: str, kind: str = "text") -> pa.Column:
    return pa.Column(
        None, nullable=True, required=True, description=description, metadata={"kind": kind}
    )


_LEVEL = "ระดับ: network ทั้งเครือข่าย, province จังหวัด, district อำเภอ"
_PLACES = {
    "province": "จังหวัด (ว่าง = ไม่ระบุจังหวัดในแผน หรือทั้งเครือข่าย)",
    "district": "อำเภอ (ว่าง = ไม่ระบุอำเภอในแผน หรือทั้งจังหวัด)",
}


def _coverage_columns() -> dict[str, pa.Column]:
    """The coverage figures of a set of plan items (a category of an area, of a district,
    a province or the network: `reconciliation.md`)."""
    return {
        "required": _out("งบที่ต้องการรวม (บาท)", "amount"),
        "committed": _out("งบที่จัดสรรรวม (บาท)", "amount"),
        "covered": _out("งบที่ครอบคลุม = Σ min(จัดสรร, ต้องการ) รายโครงการ (บาท)", "amount"),
        "gap": _out("งบที่ยังขาดรวม (บาท)", "amount"),
        "coverage": _out("สัดส่วนที่ครอบคลุม = ครอบคลุม ÷ ต้องการ", "ratio"),
    }


def _result_count_columns() -> dict[str, pa.Column]:
    """How many plan items with a target stand where (`oneplan.reconcile.results`): counts
    only, as quantities of different units are never added."""
    return {
        "items_on_track": _out(
            "โครงการที่มีค่าเป้าหมาย ผลงานตามเป้า (ไม่น้อยกว่าสัดส่วนของปีที่ผ่านไป)", "integer"
        ),
        "items_behind": _out("โครงการที่มีค่าเป้าหมาย ผลงานต่ำกว่าสัดส่วนของปีที่ผ่านไป", "integer"),
        "items_not_started": _out("โครงการที่มีค่าเป้าหมาย ยังไม่มีผลงาน", "integer"),
    }


_PROGRESS_STATUS = "สถานะการดำเนินงาน: not_started ยังไม่เริ่ม, ongoing กำลังดำเนินการ, done เสร็จแล้ว"


def _level_columns(keys: list[str]) -> dict[str, pa.Column]:
    """The columns of a roll-up level: its place, then its figures (`oneplan.rollup`)."""
    coverage = _coverage_columns()
    return {
        **{key: _out(_PLACES[key]) for key in keys},
        "areas": _out("จำนวนพื้นที่", "integer"),
        "areas_without_partners": _out("จำนวนพื้นที่ที่ยังไม่มีภาคีจัดสรรงบประมาณเลย", "integer"),
        "plan_items": _out("จำนวนโครงการในแผนของปีงบประมาณ", "integer"),
        **{name: column for name, column in coverage.items() if name != "coverage"},
        "excess": _out("งบที่เกินความต้องการรวม รายโครงการ (บาท)", "amount"),
        "coverage": coverage["coverage"],
        "coverage_lowest": _out("สัดส่วนที่ครอบคลุมของพื้นที่ที่ต่ำที่สุด", "ratio"),
        "coverage_median": _out("สัดส่วนที่ครอบคลุมของพื้นที่ ค่ามัธยฐาน", "ratio"),
        "coverage_highest": _out("สัดส่วนที่ครอบคลุมของพื้นที่ที่สูงที่สุด", "ratio"),
        "weakest_areas": _out("รหัสพื้นที่ที่ครอบคลุมต่ำที่สุด 5 อันดับ คั่นด้วย ', '"),
        "items_unfunded": _out("โครงการที่ยังไม่ได้รับงบประมาณ", "integer"),
        "items_partial": _out("โครงการที่ได้รับงบบางส่วน", "integer"),
        "items_funded": _out("โครงการที่ได้รับงบครบ", "integer"),
        "items_over": _out("โครงการที่ได้รับงบเกินความต้องการ", "integer"),
        "items_no_budget_needed": _out("โครงการที่ไม่ต้องใช้งบประมาณ", "integer"),
        "co_funded_items": _out("โครงการที่สนับสนุนร่วมกันตั้งแต่ 2 ภาคีขึ้นไป", "integer"),
        "agencies": _out("จำนวนหน่วยงานที่มีรายการนับในพื้นที่เหล่านี้", "integer"),
        "total_budget": _out("งบประมาณที่ภาคีนำมาในพื้นที่เหล่านี้ รวม (บาท)", "amount"),
        "aligned_budget": _out("งบประมาณที่สอดคล้องกับแผน (บาท)", "amount"),
        "aligned_share": _out("สัดส่วนงบประมาณที่สอดคล้องกับแผน", "ratio"),
        "expected": _out("จำนวนแบบรายงานที่ต้องส่ง (หน่วยงาน × พื้นที่)", "integer"),
        "reported": _out("ส่งแล้ว (ทันกำหนดและหลังกำหนด)", "integer"),
        "on_time": _out("ส่งทันกำหนด", "integer"),
        "late": _out("ส่งหลังกำหนด", "integer"),
        "pending": _out("ยังไม่ส่ง ยังไม่ถึงกำหนด", "integer"),
        "missing": _out("ไม่ส่ง เลยกำหนดแล้ว", "integer"),
        "reporting_rate": _out("อัตราการส่ง = ส่งแล้ว ÷ ต้องส่ง", "ratio"),
        "on_time_rate": _out("อัตราการส่งทันกำหนด = ทันกำหนด ÷ ต้องส่ง", "ratio"),
        **_result_count_columns(),
    }


OUTPUT_TABLES: dict[str, pa.DataFrameSchema] = {
    "plan_items": pa.DataFrameSchema(
        {
            "area_code": _out("รหัสพื้นที่"),
            "plan_item_id": _out("รหัสโครงการในแผนชุมชน"),
            "category": _out("หมวดของแผน"),
            "title": _out("ชื่อโครงการ"),
            "priority": _out("ลำดับความสำคัญ (1 = สำคัญที่สุด, ว่าง = ต่ำสุด)", "integer"),
            "required": _out("งบประมาณที่ต้องการตามแผน (บาท)", "amount"),
            "committed": _out("งบประมาณที่ภาคีทุกรายจัดสรรให้โครงการนี้ (บาท)", "amount"),
            "disbursed": _out("เบิกจ่ายสะสมของภาคีทุกรายในโครงการนี้ (บาท)", "amount"),
            "gap": _out("งบที่ยังขาด = ต้องการ − จัดสรร ถ้าไม่ติดลบ (บาท)", "amount"),
            "excess": _out("งบที่เกิน = จัดสรร − ต้องการ ถ้าไม่ติดลบ (บาท)", "amount"),
            "coverage": _out("สัดส่วนที่ได้รับ = จัดสรร ÷ ต้องการ (ว่างเมื่อไม่ต้องใช้งบประมาณ)", "ratio"),
            "n_agencies": _out("จำนวนภาคีที่สนับสนุนโครงการนี้", "integer"),
            "co_funded": _out("สนับสนุนร่วมกันตั้งแต่ 2 ภาคีขึ้นไป (บูรณาการงบประมาณ)", "boolean"),
            "status": _out(
                "สถานะ: unfunded ยังไม่ได้รับงบประมาณ, partial ได้รับงบบางส่วน, funded ได้รับงบครบ, "
                "over ได้รับงบเกินความต้องการ, no_budget_needed ไม่ต้องใช้งบประมาณ"
            ),
            "agencies": _out("รหัสภาคีที่สนับสนุน คั่นด้วย ', '"),
            "committed_change": _out(
                "งบจัดสรรที่เปลี่ยนจากเดือนก่อน (บาท; ว่างเมื่อไม่มีข้อมูลเดือนก่อน)", "amount"
            ),
            "disbursed_change": _out(
                "เบิกจ่ายที่เปลี่ยนจากเดือนก่อน (บาท; ว่างเมื่อไม่มีข้อมูลเดือนก่อน)", "amount"
            ),
        },
        name="plan_items",
    ),
    "agencies": pa.DataFrameSchema(
        {
            "agency_code": _out("รหัสหน่วยงาน"),
            "area_code": _out("รหัสพื้นที่"),
            "status": _out(
                "สถานะการส่ง: submitted ส่งแล้ว, resubmitted ส่งฉบับแก้ไขแล้ว, carried_forward ใช้ข้อมูลเดือนก่อน, rejected แบบรายงานไม่ผ่านการตรวจสอบ, missing ยังไม่ส่ง"
            ),
            "source_period": _out("เดือนของแบบรายงานที่นับ"),
            "source_file": _out("ไฟล์ที่นับ (ตำแหน่งในโฟลเดอร์รับไฟล์)"),
            "lines": _out("จำนวนรายการที่นับ", "integer"),
            "rejected_rows": _out("จำนวนแถวที่ไม่นับเพราะมีข้อผิดพลาด", "integer"),
            "total_budget": _out("งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม (บาท)", "amount"),
            "aligned_budget": _out("งบประมาณที่สอดคล้องกับโครงการในแผน (บาท)", "amount"),
            "unaligned_budget": _out("งบประมาณนอกแผน (บาท)", "amount"),
            "alignment_ratio": _out("สัดส่วนงบประมาณที่สอดคล้องกับแผน", "ratio"),
            "disbursed": _out("เบิกจ่ายสะสม (บาท)", "amount"),
            "disbursement_rate": _out("อัตราการเบิกจ่าย", "ratio"),
            "previous_status": _out("สถานะในเดือนก่อน (ว่างเมื่อไม่มี)"),
        },
        name="agencies",
    ),
    "lines": pa.DataFrameSchema(
        {
            "agency_code": _out("รหัสหน่วยงาน"),
            "area_code": _out("รหัสพื้นที่"),
            "source_period": _out("เดือนของแบบรายงาน"),
            "line_no": _out("ลำดับในแบบรายงาน", "integer"),
            "plan_item_id": _out("รหัสโครงการในแผน (ว่าง = นอกแผน)"),
            "activity": _out("ชื่อกิจกรรม"),
            "category": _out("หมวด"),
            "budget": _out("งบประมาณ (บาท)", "amount"),
            "disbursed": _out("เบิกจ่ายสะสม (บาท)", "amount"),
            "support_type": _out("ประเภทการสนับสนุน: cash เงิน, in_kind สิ่งของ, staff บุคลากร"),
            "progress": _out(_PROGRESS_STATUS + " (ว่าง = ไม่ได้ระบุ)"),
            "quantity": _out("ผลงานสะสมของรายการนี้ ตามที่หน่วยงานรายงาน", "quantity"),
            "unit": _out("หน่วยนับของผลงาน (ว่าง = หน่วยนับของโครงการในแผน)"),
            "households": _out("ครัวเรือนที่ได้รับประโยชน์ ตามที่หน่วยงานรายงาน", "integer"),
            "people": _out("คนที่ได้รับประโยชน์ ตามที่หน่วยงานรายงาน", "integer"),
            "result": _out("ผลการดำเนินงานโดยย่อ"),
            "alignment": _out("aligned สอดคล้องกับแผน, unknown_item ไม่พบรหัสในแผน, unaligned นอกแผน"),
            "source_file": _out("ไฟล์ที่อ่าน (ตำแหน่งในโฟลเดอร์รับไฟล์)"),
            "sheet": _out("แผ่นงาน"),
            "row": _out("แถวในแผ่นงาน", "integer"),
        },
        name="lines",
    ),
    "categories": pa.DataFrameSchema(
        {
            "area_code": _out("รหัสพื้นที่"),
            "category": _out("หมวดของแผน"),
            **_coverage_columns(),
            **_result_count_columns(),
        },
        name="categories",
    ),
    # What the partners delivered, item by item (`oneplan.reconcile.results`).
    "results": pa.DataFrameSchema(
        {
            "area_code": _out("รหัสพื้นที่"),
            "plan_item_id": _out("รหัสโครงการในแผนชุมชน"),
            "category": _out("หมวดของแผน"),
            "title": _out("ชื่อโครงการ"),
            "indicator": _out("ตัวชี้วัดตามแผน (ว่าง = ไม่มีตัวชี้วัด มีเพียงผลที่ภาคีรายงาน)"),
            "unit": _out("หน่วยนับของตัวชี้วัด"),
            "baseline": _out("ค่าฐานก่อนเริ่มปีงบประมาณ (แสดงไว้ ไม่นับรวม)", "quantity"),
            "target": _out("ค่าเป้าหมายของปีงบประมาณ", "quantity"),
            "delivered": _out("ผลงานสะสมของทุกภาคีรวมกัน = Σ ส่วนของแต่ละภาคีในหน่วยนับเดียวกัน", "quantity"),
            "progress": _out("ความก้าวหน้า = ผลงานรวม ÷ ค่าเป้าหมาย", "ratio"),
            "expected_progress": _out("สัดส่วนของปีงบประมาณที่ผ่านไป (ตุลาคม = 1/12)", "ratio"),
            "state": _out(
                "on_track ตามเป้า, behind ต่ำกว่าเป้า, not_started ยังไม่มีผลงาน, no_target ไม่มีค่าเป้าหมาย"
            ),
            "progress_status": _out(
                _PROGRESS_STATUS + " (เสร็จเมื่อทุกภาคีเสร็จ, ยังไม่เริ่มเมื่อไม่มีภาคีใดเริ่ม)"
            ),
            "co_funded": _out("สนับสนุนร่วมกันตั้งแต่ 2 ภาคีขึ้นไป", "boolean"),
            "n_reporting": _out("จำนวนภาคีที่รายงานผลงานที่นับ", "integer"),
            "agencies": _out("รหัสภาคีที่รายงานผลงานที่นับ คั่นด้วย ', '"),
            "households": _out("ครัวเรือนที่ได้รับประโยชน์ รวมตามที่แต่ละภาคีรายงาน (อาจนับซ้ำกัน)", "integer"),
            "people": _out("คนที่ได้รับประโยชน์ รวมตามที่แต่ละภาคีรายงาน (อาจนับซ้ำกัน)", "integer"),
            "delivered_change": _out("ผลงานรวมที่เปลี่ยนจากเดือนก่อน (ว่างเมื่อไม่มีข้อมูลเดือนก่อน)", "quantity"),
        },
        name="results",
    ),
    "result_contributions": pa.DataFrameSchema(
        {
            "area_code": _out("รหัสพื้นที่"),
            "plan_item_id": _out("รหัสโครงการในแผนชุมชน"),
            "agency_code": _out("รหัสภาคี"),
            "quantity": _out(
                "ส่วนของผลงานที่ภาคีนี้รายงานและนับเข้าโครงการ (ว่าง = ไม่ได้รายงาน)", "quantity"
            ),
            "unit": _out("หน่วยนับของตัวชี้วัด"),
            "households": _out("ครัวเรือนที่ได้รับประโยชน์ ตามที่ภาคีนี้รายงาน", "integer"),
            "people": _out("คนที่ได้รับประโยชน์ ตามที่ภาคีนี้รายงาน", "integer"),
            "progress": _out(_PROGRESS_STATUS + " ของรายการของภาคีนี้"),
            "results": _out("ผลการดำเนินงานที่ภาคีนี้เขียน คั่นด้วย '; '"),
            "quantity_change": _out("ส่วนของผลงานที่เปลี่ยนจากเดือนก่อน (ว่างเมื่อไม่มีข้อมูล)", "quantity"),
        },
        name="result_contributions",
    ),
    "timeliness": pa.DataFrameSchema(
        {
            "agency_code": _out("รหัสหน่วยงาน"),
            "area_code": _out("รหัสพื้นที่"),
            "period": _out("เดือนที่รายงาน"),
            "deadline": _out("กำหนดส่งของหน่วยงานนี้ (เวลาท้องถิ่น พร้อมส่วนต่างจาก UTC)"),
            "status": _out(
                "การส่งตามกำหนด: on_time ส่งทันกำหนด, late ส่งหลังกำหนด, "
                "pending ยังไม่ส่ง (ยังไม่ถึงกำหนด), missing ไม่ส่ง (เลยกำหนดแล้ว)"
            ),
            "first_arrived_at": _out(
                "เวลาที่ได้รับไฟล์แรกที่ผ่านการตรวจสอบ (เวลาที่ oneplan ได้รับ หรือเวลาที่ผู้ประสานงานบันทึกไว้)"
            ),
            "minutes_late": _out("ส่งช้ากว่ากำหนด (นาที; ว่างเมื่อทันกำหนดหรือยังไม่ส่ง)", "integer"),
            "arrival_recorded": _out(
                "หมายเหตุของผู้ประสานงาน เมื่อเวลาที่ได้รับไฟล์แรกถูกบันทึกด้วยคำสั่ง oneplan received"
            ),
            "corrections": _out("จำนวนฉบับแก้ไขที่ส่งหลังไฟล์แรก (ยังนับการส่งตามเวลาของไฟล์แรก)", "integer"),
            "last_arrived_at": _out("เวลาที่ได้รับฉบับแก้ไขล่าสุด (ว่างเมื่อไม่มี)"),
            "rejected_files": _out("จำนวนไฟล์ของเดือนนี้ที่ไม่ผ่านการตรวจสอบ", "integer"),
        },
        name="timeliness",
    ),
    # The roll-ups (`oneplan.rollup`): one table per level of the hierarchy of areas.
    "network": pa.DataFrameSchema(_level_columns([]), name="network"),
    "provinces": pa.DataFrameSchema(_level_columns(["province"]), name="provinces"),
    "districts": pa.DataFrameSchema(_level_columns(["province", "district"]), name="districts"),
    "level_categories": pa.DataFrameSchema(
        {
            "level": _out(_LEVEL),
            "province": _out(_PLACES["province"]),
            "district": _out(_PLACES["district"]),
            "category": _out("หมวดของแผน"),
            **_coverage_columns(),
            **_result_count_columns(),
        },
        name="level_categories",
    ),
    "level_unfunded": pa.DataFrameSchema(
        {
            "level": _out(_LEVEL),
            "province": _out(_PLACES["province"]),
            "district": _out(_PLACES["district"]),
            "rank": _out("ลำดับ (ความสำคัญสูงสุดก่อน แล้วงบที่ต้องการมากก่อน)", "integer"),
            "area_code": _out("รหัสพื้นที่"),
            "plan_item_id": _out("รหัสโครงการในแผนชุมชน"),
            "title": _out("ชื่อโครงการ"),
            "category": _out("หมวดของแผน"),
            "priority": _out("ลำดับความสำคัญ (1 = สำคัญที่สุด, ว่าง = ต่ำสุด)", "integer"),
            "required": _out("งบประมาณที่ต้องการตามแผน (บาท) ยังไม่มีภาคีจัดสรร", "amount"),
        },
        name="level_unfunded",
    ),
    "issues": pa.DataFrameSchema(
        {
            "source_file": _out("ไฟล์ที่พบปัญหา"),
            "agency_code": _out("รหัสหน่วยงาน (ถ้าอ่านได้)"),
            "area_code": _out("รหัสพื้นที่ (ถ้าอ่านได้)"),
            "sheet": _out("แผ่นงาน"),
            "cell": _out("ช่อง เช่น F12"),
            "row": _out("แถว", "integer"),
            "column": _out("คอลัมน์ (ชื่อภาษาอังกฤษตามข้อกำหนด)"),
            "severity": _out(
                "ระดับ: error ต้องแก้ไข (แถวหรือไฟล์นั้นยังไม่นับ), warning ควรตรวจสอบ (นับแล้ว), "
                "info แจ้งเพื่อทราบ (ไม่ใช่ปัญหา)"
            ),
            "code": _out("รหัสปัญหา"),
            "message_th": _out("คำอธิบายภาษาไทย"),
            "message_en": _out("คำอธิบายภาษาอังกฤษ"),
        },
        name="issues",
    ),
}


def output_columns(table: str) -> list[str]:
    return list(OUTPUT_TABLES[table].columns)
