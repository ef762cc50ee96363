"""A realistic Thai demo input folder: the สินธุ์แพรทอง network, Phatthalung, period 2026-11.

`write_demo_inputs(inputs_dir)` writes the default input layout (inputs.md)::

    inputs_dir/plan/แผนชุมชน_เครือข่ายสินธุ์แพรทอง_2570.xlsx   the community plan, FY 2570
    inputs_dir/agencies.xlsx                                   the partner registry
    inputs_dir/submissions/<sub-folders>/<workbooks>.xlsx      14 partner workbooks

Two areas: `PLG-PKH` (ตำบลแพรกหา, อำเภอควนขนุน) and `PLG-LSN` (ตำบลลำสินธุ์,
อำเภอศรีนครินทร์). The submissions are written the way partner staff really fill them in
(title rows, merged cells, a total row, notes under the table, amounts typed as text,
Thai digits, พ.ศ. dates, columns in their own order) and together exercise every agency
status of the run for 2026-11 and the typical mistakes (see `DEMO_SUBMISSIONS`).

Everything is deterministic: no randomness and no clock. Each workbook is written with
fixed document properties and fixed zip entry times, so the same call always writes the
same bytes, and each file's modification time (its received time) is set to a fixed
moment of October–November 2026, so that the corrected resubmission is received after the
file it corrects.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.schemas import (
    PLAN,
    REGISTRY,
    SUBMISSION_INFO,
    SUBMISSION_INFO_SHEET,
    SUBMISSION_LINES,
)
from oneplan.values.periods import BANGKOK

DEMO_PERIOD = "2026-11"
DEMO_FISCAL_YEAR = 2570
NETWORK = "เครือข่ายสินธุ์แพรทอง"
PLAN_FILE = "plan/แผนชุมชน_เครือข่ายสินธุ์แพรทอง_2570.xlsx"
REGISTRY_FILE = "agencies.xlsx"
SUBMISSIONS_DIR = "submissions"

FONT_NAME = "TH Sarabun New"
_FIXED_DOC_TIME = dt.datetime(2026, 10, 1, 8, 0, 0)  # document properties (UTC, naive)
_FIXED_ZIP_TIME = (2026, 10, 1, 8, 0, 0)
_AMOUNT_FORMAT = "#,##0.00"
_DATE_FORMAT = "d/m/yyyy"

PLAN_SHEET = PLAN.metadata["sheet_th"]
REGISTRY_SHEET = REGISTRY.metadata["sheet_th"]
INFO_SHEET = SUBMISSION_INFO_SHEET[0]
LINES_SHEET = SUBMISSION_LINES.metadata["sheet_th"]


def _th(schema, name: str) -> str:
    return schema.columns[name].metadata["th"]


INFO_LABEL = {f.name: f.th for f in SUBMISSION_INFO}


def _bangkok(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


# --- areas and the community plan ------------------------------------------------------

AREAS = {
    "PLG-PKH": ("ตำบลแพรกหา", "อำเภอควนขนุน"),
    "PLG-LSN": ("ตำบลลำสินธุ์", "อำเภอศรีนครินทร์"),
}

_S1 = "ยุทธศาสตร์ที่ 1 เสริมสร้างความเข้มแข็งขององค์กรชุมชนและกลไกการทำงานร่วม"
_S2 = "ยุทธศาสตร์ที่ 2 เกษตรกรรมยั่งยืนและความมั่นคงทางอาหาร"
_S3 = "ยุทธศาสตร์ที่ 3 สวัสดิการและคุณภาพชีวิต"
_S4 = "ยุทธศาสตร์ที่ 4 แก้ปัญหาหนี้สินและที่ดินทำกิน"
_S5 = "ยุทธศาสตร์ที่ 5 ทรัพยากรธรรมชาติและสิ่งแวดล้อม"
_S6 = "ยุทธศาสตร์ที่ 6 เศรษฐกิจชุมชนและการท่องเที่ยวโดยชุมชน"


@dataclass(frozen=True)
class PlanItem:
    area: str
    code: str
    category: str
    title: str
    strategy: str
    priority: int
    required: float  # baht
    village: str | None
    lead: str


# Rows in the order the planning team wrote them (by priority within each area).
# fmt: off
PLAN_ITEMS: tuple[PlanItem, ...] = (
    # ตำบลแพรกหา — required 768,500.50 baht in all
    PlanItem("PLG-PKH", "OR-01", "องค์กรชุมชน", "ศูนย์ประสานงานองค์กรชุมชนตำบลแพรกหา",
             _S1, 1, 200_000, None, "สภาองค์กรชุมชนตำบลแพรกหา"),
    PlanItem("PLG-PKH", "KS-01", "เกษตร", "ธนาคารเมล็ดพันธุ์ชุมชน",
             _S2, 2, 85_000, "หมู่ 3", "กลุ่มเกษตรอินทรีย์บ้านแพรกหา"),
    PlanItem("PLG-PKH", "SW-01", "สวัสดิการ", "กองทุนสวัสดิการชุมชนตำบลแพรกหา",
             _S3, 3, 150_000, None, "คณะกรรมการกองทุนสวัสดิการชุมชนตำบลแพรกหา"),
    PlanItem("PLG-PKH", "DB-01", "หนี้สิน",
             "แก้ไขปัญหาหนี้สินครัวเรือนด้วยบัญชีครัวเรือนและการปรับโครงสร้างหนี้",
             _S4, 4, 120_000, None, "คณะทำงานแก้หนี้ตำบลแพรกหา"),
    PlanItem("PLG-PKH", "KS-02", "เกษตร", "ผักปลอดสารพิษและตลาดเขียวชุมชน",
             _S2, 5, 60_000, "ม.5", "กลุ่มแม่บ้านเกษตรกรบ้านควนดินแดง"),
    PlanItem("PLG-PKH", "SW-02", "สวัสดิการ",
             "ดูแลผู้สูงอายุและผู้ป่วยติดบ้านติดเตียงโดยอาสาสมัครชุมชน",
             _S3, 6, 48_500.50, None, "ชมรมผู้สูงอายุตำบลแพรกหา"),
    PlanItem("PLG-PKH", "HL-01", "สุขภาพ", "ลดเสี่ยงลดโรคเบาหวานและความดันโลหิตสูง",
             _S3, 7, 30_000, "๒", "อสม. หมู่ 2"),
    PlanItem("PLG-PKH", "LD-01", "ที่ดินทำกิน", "สำรวจและจัดทำแผนที่ที่ดินทำกินรายแปลง",
             _S4, 8, 35_000, None, "คณะทำงานที่ดินตำบลแพรกหา"),
    PlanItem("PLG-PKH", "EN-01", "สิ่งแวดล้อม", "ฟื้นฟูคลองแพรกหาและปลูกป่าริมคลอง",
             _S5, 9, 40_000, "หมู่ 7", "กลุ่มอนุรักษ์คลองแพรกหา"),
    PlanItem("PLG-PKH", "OR-02", "องค์กรชุมชน",
             "เวทีประชาคมทบทวนแผนชุมชนประจำปี (ใช้แรงงานและทุนของชุมชน)",
             _S1, 10, 0, None, "สภาองค์กรชุมชนตำบลแพรกหา"),
    # ตำบลลำสินธุ์ — required 723,750.25 baht in all
    PlanItem("PLG-LSN", "OR-01", "องค์กรชุมชน", "ศูนย์ประสานงานองค์กรชุมชนตำบลลำสินธุ์",
             _S1, 1, 150_000, None, "สภาองค์กรชุมชนตำบลลำสินธุ์"),
    PlanItem("PLG-LSN", "KS-01", "เกษตร", "สวนยางยั่งยืน ปลูกพืชร่วมยางและไม้ผสมผสาน",
             _S2, 2, 120_000, "หมู่ 4", "เครือข่ายสวนยางยั่งยืนลำสินธุ์"),
    PlanItem("PLG-LSN", "SW-01", "สวัสดิการ", "กองทุนสวัสดิการชุมชนตำบลลำสินธุ์",
             _S3, 3, 100_000, None, "คณะกรรมการกองทุนสวัสดิการชุมชนตำบลลำสินธุ์"),
    PlanItem("PLG-LSN", "KS-02", "เกษตร", "แปรรูปข้าวสังข์หยดและผลผลิตชุมชน",
             _S6, 4, 75_000, "ม.2", "วิสาหกิจชุมชนข้าวสังข์หยดลำสินธุ์"),
    PlanItem("PLG-LSN", "LD-01", "ที่ดินทำกิน", "จัดการที่ดินทำกินร่วมกันแบบโฉนดชุมชน",
             _S4, 5, 50_000, None, "คณะกรรมการโฉนดชุมชนลำสินธุ์"),
    PlanItem("PLG-LSN", "DB-01", "หนี้สิน", "กองทุนแก้ไขปัญหาหนี้นอกระบบ",
             _S4, 6, 90_000, None, "คณะทำงานแก้หนี้ตำบลลำสินธุ์"),
    PlanItem("PLG-LSN", "EN-01", "สิ่งแวดล้อม", "ป่าชุมชนเทือกเขาบรรทัดและธนาคารต้นไม้",
             _S5, 7, 45_000, "หมู่ 6", "คณะกรรมการป่าชุมชนบ้านลำสินธุ์"),
    PlanItem("PLG-LSN", "HL-01", "สุขภาพ", "สมุนไพรและการแพทย์แผนไทยในครัวเรือน",
             _S3, 8, 28_750.25, None, "กลุ่มหมอพื้นบ้านลำสินธุ์"),
    PlanItem("PLG-LSN", "TR-01", "ท่องเที่ยว", "ท่องเที่ยวโดยชุมชนวิถีต้นน้ำลำสินธุ์",
             _S6, 9, 65_000, None, "กลุ่มท่องเที่ยวโดยชุมชนลำสินธุ์"),
)
# fmt: on


# --- the partner registry ----------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    code: str
    name_th: str
    name_en: str
    type: str
    email: str
    contact: str
    categories: str
    areas: str


# fmt: off
AGENCIES: tuple[Agency, ...] = (
    Agency("CDD-KKN", "สำนักงานพัฒนาชุมชนอำเภอควนขนุน",
           "Khuan Khanun District Community Development Office", "ราชการ",
           "khuankhanun@cdd.example.go.th", "นางสาวสุนิสา แก้วมณี (นักวิชาการพัฒนาชุมชน)",
           "หนี้สิน, สวัสดิการ, องค์กรชุมชน", "PLG-PKH"),
    Agency("DOAE-KKN", "สำนักงานเกษตรอำเภอควนขนุน",
           "Khuan Khanun District Agricultural Extension Office", "ราชการ",
           "khuankhanun@doae.example.go.th", "นายประเสริฐ ทองขาว (นักวิชาการส่งเสริมการเกษตร)",
           "เกษตร, ที่ดินทำกิน", "PLG-PKH"),
    Agency("SAO-PKH", "องค์การบริหารส่วนตำบลแพรกหา",
           "Phraek Ha Subdistrict Administrative Organization", "อปท.",
           "saraban@phraekha.example.go.th; plan@phraekha.example.go.th",
           "นางจันทร์เพ็ญ ศรีสุวรรณ (นักวิเคราะห์นโยบายและแผน)",
           "องค์กรชุมชน, สวัสดิการ, เกษตร, สิ่งแวดล้อม", "PLG-PKH"),
    Agency("SAO-LSN", "องค์การบริหารส่วนตำบลลำสินธุ์",
           "Lam Sin Subdistrict Administrative Organization", "อปท.",
           "saraban@lamsin.example.go.th", "นายสมชาย ชูช่วย (ปลัด อบต.)",
           "องค์กรชุมชน, สวัสดิการ, ท่องเที่ยว", "PLG-LSN"),
    Agency("CODI", "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
           "Community Organizations Development Institute", "องค์การมหาชน",
           "south@codi.example.or.th, phatthalung@codi.example.or.th",
           "นางสาวอรทัย พรหมแก้ว (เจ้าหน้าที่ประสานงานภาคใต้)",
           "องค์กรชุมชน, สวัสดิการ, ที่ดินทำกิน, หนี้สิน", "PLG-PKH, PLG-LSN"),
    Agency("BAAC-KKN", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน",
           "BAAC Khuan Khanun Branch", "รัฐวิสาหกิจ",
           "khuankhanun@baac.example.or.th", "นายวีระ หนูแก้ว (พนักงานพัฒนาลูกค้า)",
           "หนี้สิน, เกษตร", "PLG-PKH, PLG-LSN"),
    Agency("THAIHEALTH", "สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ (สสส.)",
           "Thai Health Promotion Foundation", "กองทุน",
           "community@thaihealth.example.or.th", "นางสาวพิมพ์ชนก เพชรรัตน์ (ผู้จัดการโครงการ)",
           "สุขภาพ, สิ่งแวดล้อม", "PLG-PKH"),
    Agency("HPH-PKH", "โรงพยาบาลส่งเสริมสุขภาพตำบลแพรกหา",
           "Phraek Ha Health Promoting Hospital", "ราชการ",
           "hph.phraekha@moph.example.go.th", "นางกัลยา สุขเกษม (พยาบาลวิชาชีพ)",
           "สุขภาพ, สวัสดิการ", "PLG-PKH"),
    Agency("LHSF-PKH", "กองทุนหลักประกันสุขภาพตำบลแพรกหา",
           "Phraek Ha Local Health Security Fund", "กองทุน",
           "lhsf@phraekha.example.go.th", "นายอนันต์ รักษ์ทอง (เลขานุการกองทุน)",
           "สุขภาพ, สวัสดิการ", "PLG-PKH"),
    Agency("NGO-TLS", "มูลนิธิลุ่มน้ำทะเลสาบสงขลาเพื่อชุมชน",
           "Songkhla Lake Basin Community Foundation", "NGO",
           "office@tlsfoundation.example.org", "นายธีรวัฒน์ ด้วงแก้ว (ผู้ประสานงานพื้นที่)",
           "สิ่งแวดล้อม, เกษตร, ท่องเที่ยว", "PLG-LSN"),
)
# fmt: on


# --- submissions -------------------------------------------------------------------------

# Header texts of the lines sheet, by column name (Thai, as in schemas.py).
_H = {name: _th(SUBMISSION_LINES, name) for name in SUBMISSION_LINES.columns}
STANDARD_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (name, _H[name])
    for name in (
        "line_no", "plan_item_id", "activity", "category", "village", "budget",
        "disbursed", "support_type", "start_date", "end_date", "note",
    )
)  # fmt: skip


def _with_header(columns: Sequence[tuple[str, str]], **renamed: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, renamed.get(name, header)) for name, header in columns)


@dataclass(frozen=True)
class DemoFile:
    """One demo workbook and what the run for 2026-11 should make of it."""

    path: str  # relative to submissions/
    agency: str
    area: str
    period: object  # as typed in the info sheet
    reporter: str
    phone: str
    email: str
    received: dt.datetime
    lines: tuple[dict, ...]
    columns: tuple[tuple[str, str], ...] = STANDARD_COLUMNS  # (column name, header text)
    title: tuple[str, ...] = ()
    info_form: bool = False  # a printed form: labels in column B, values in column D
    total_row: bool = False
    numbered_blank_rows: int = 0  # a form numbered in advance
    notes: tuple[str, ...] = ()
    merge_category: tuple[int, int] | None = None  # 1-based line indexes, inclusive
    copy_of: str | None = None  # a byte-identical copy of another demo file
    expect: str = ""  # what it exercises and its expected effect (for the lead's tests)


def _line(
    no,
    item,
    activity,
    category,
    budget,
    disbursed=None,
    support="เงิน",
    *,
    village=None,
    start=None,
    end=None,
    note=None,
    **extra,
) -> dict:
    return {
        "line_no": no, "plan_item_id": item, "activity": activity, "category": category,
        "village": village, "budget": budget, "disbursed": disbursed, "support_type": support,
        "start_date": start, "end_date": end, "note": note, **extra,
    }  # fmt: skip


_D = dt.datetime  # real Excel dates

# fmt: off
DEMO_SUBMISSIONS: tuple[DemoFile, ...] = (
    DemoFile(
        path="ธกส/ธกส_ควนขนุน_ตุลาคม2569.xlsx",
        agency="BAAC-KKN", area="PLG-PKH", period="ตุลาคม 2569",
        reporter="นายวีระ หนูแก้ว", phone="074-682-115", email="khuankhanun@baac.example.or.th",
        received=_bangkok(2026, 10, 30, 11, 20),
        title=("แบบรายงานการสนับสนุนงบประมาณตามแผนชุมชน", "ธ.ก.ส. สาขาควนขนุน ประจำเดือนตุลาคม 2569"),
        lines=(
            _line(1, "DB-01", "ปรับโครงสร้างหนี้และฟื้นฟูอาชีพเกษตรกรลูกค้า", "หนี้สิน", 60_000, 15_000,
                  start=_D(2026, 10, 1), end=_D(2027, 9, 30)),
            _line(2, None, "อบรมความรู้ทางการเงินแก่เยาวชนและครัวเรือน", "การเงิน", 10_000, 10_000,
                  start="1 ต.ค. 2569", end="31 ต.ค. 2569"),
        ),
        expect="carried_forward (source_period 2026-10) for BAAC-KKN/PLG-PKH: DB-01 60,000 "
               "(disbursed 15,000) + 10,000 unaligned",
    ),
    DemoFile(
        path="เกษตรอำเภอ/DOAE-KKN_PLG-PKH_2026-11.xlsx",
        agency="DOAE-KKN", area="PLG-PKH", period="2026-11",
        reporter="นายประเสริฐ ทองขาว", phone="074-681-204", email="khuankhanun@doae.example.go.th",
        received=_bangkok(2026, 11, 5, 9, 30),
        lines=(
            _line(1, "KS-01", "สนับสนุนเมล็ดพันธุ์ผักพื้นบ้านและอุปกรณ์ธนาคารเมล็ดพันธุ์", "เกษตร",
                  50_000, 10_000, "สิ่งของ", village="3"),
            _line(2, "KS-02", "อบรมการผลิตผักปลอดภัย (GAP) และตลาดเขียว", "เกษตร", 40_000, 0,
                  village="5"),
        ),
        expect="first DOAE-KKN file for 2026-11, superseded by the corrected one (not counted)",
    ),
    DemoFile(
        path="แบบรายงาน_ประมงอำเภอ_พย69.xlsx",
        agency="FISH-KKN", area="PLG-PKH", period="2026-11",
        reporter="นายสุริยา ปานแก้ว", phone="074-681-330", email="khuankhanun@fisheries.example.go.th",
        received=_bangkok(2026, 11, 11, 13, 10),
        lines=(
            _line(1, "EN-01", "ปล่อยพันธุ์ปลาพื้นเมืองในคลองแพรกหา", "สิ่งแวดล้อม", 20_000, 20_000,
                  "สิ่งของ", village="7"),
        ),
        expect="rejected at file level: agency code FISH-KKN is not in the registry; gives no "
               "agency a status; its 20,000 does not count",
    ),
    DemoFile(
        path="CODI/แบบรายงาน พอช. ลำสินธุ์ 2026-11.xlsx",
        agency="CODI", area="PLG-LSN", period="2026-11",
        reporter="นางสาวอรทัย พรหมแก้ว", phone="081-540-4471", email="south@codi.example.or.th",
        received=_bangkok(2026, 11, 10, 10, 0),
        title=("แบบรายงานงบประมาณภาคีพัฒนา เครือข่ายสินธุ์แพรทอง",),
        lines=(
            _line(1, "OR-01", "งบดำเนินงานศูนย์ประสานงานองค์กรชุมชนตำบลลำสินธุ์", "องค์กรชุมชน",
                  100_000, 50_000),
            _line(2, "LD-01", "สำรวจข้อมูลที่ดินและจัดทำผังการใช้ที่ดินร่วม (โฉนดชุมชน)", "ที่ดินทำกิน",
                  30_000, 5_000),
            _line(3, "SW-01", "สมทบกองทุนสวัสดิการชุมชนตำบลลำสินธุ์", "สวัสดิการ", 35_000, 35_000),
        ),
        expect="submitted; co-funds LSN OR-01 with SAO-LSN (100,000 + 50,000 = 150,000 = "
               "required: funded) and LSN SW-01; LSN LD-01 partial",
    ),
    DemoFile(
        path="พัฒนาชุมชน/แบบรายงาน_พช.ควนขนุน_พ.ย.69.xlsx",
        agency="CDD-KKN", area="PLG-PKH", period="พฤศจิกายน 2569",
        reporter="นางสาวสุนิสา แก้วมณี", phone="074-681-157", email="khuankhanun@cdd.example.go.th",
        received=_bangkok(2026, 11, 12, 10, 15),
        title=("แบบรายงานงบประมาณภาคีพัฒนาตามแผนชุมชนตำบลแพรกหา",
               "สำนักงานพัฒนาชุมชนอำเภอควนขนุน งวดเดือนพฤศจิกายน 2569"),
        numbered_blank_rows=4,
        lines=(
            _line(1, "DB-01", "อบรมการจัดทำบัญชีครัวเรือนและวางแผนแก้หนี้", "หนี้สิน", 45_000, 20_000,
                  start=_D(2026, 10, 15), end="31 มี.ค. 2570"),
            _line(2, "SW-01", "สมทบกองทุนสวัสดิการชุมชนตำบลแพรกหา", "สวัสดิการ", 30_000, 30_000),
            _line(3, "OR-01 ศูนย์ประสานงานองค์กรชุมชนตำบลแพรกหา",
                  "เจ้าหน้าที่พัฒนาชุมชนประจำศูนย์ประสานงาน สัปดาห์ละ 2 วัน", "องค์กรชุมชน",
                  24_000, 4_000, "บุคลากร"),
            _line(4, None, "ส่งเสริมผลิตภัณฑ์ OTOP ตำบลแพรกหา", "เศรษฐกิจชุมชน", 25_000, 0,
                  note="งานตามนโยบายกรม"),
        ),
        expect="submitted; 124,000 total, 99,000 aligned (DB-01, SW-01, OR-01 as 'code + title'), "
               "25,000 outside the plan; 4 pre-numbered empty rows skipped silently",
    ),
    DemoFile(
        path="อบต/SAO-LSN รายงาน 2569-11.xlsx",
        agency="SAO-LSN", area="PLG-LSN", period="2569-11",
        reporter="นายสมชาย ชูช่วย", phone="074-610-482", email="saraban@lamsin.example.go.th",
        received=_bangkok(2026, 11, 13, 15, 0),
        columns=_with_header(STANDARD_COLUMNS, line_no="ลำดับที่", budget="งบประมาณ (บาท)",
                             disbursed="เบิกจ่ายสะสม (บาท)"),
        lines=(
            _line(1, "OR-01", "สนับสนุนค่าดำเนินงานศูนย์ประสานงานองค์กรชุมชนตำบลลำสินธุ์",
                  "องค์กรชุมชน", 50_000, 20_000),
            _line(2, "SW-01", "สมทบกองทุนสวัสดิการชุมชนตำบลลำสินธุ์", "สวัสดิการ", 40_000, 40_000),
            _line(3, "TR-01", "ป้ายสื่อความหมายเส้นทางท่องเที่ยวชุมชน", "ท่องเที่ยว", -12_000),
            _line(4, None, "จัดงานประเพณีลากพระตำบลลำสินธุ์", "ประเพณีและวัฒนธรรม", 30_000, 30_000),
        ),
        expect="submitted; row 3 (TR-01, budget -12,000) is a row-level error amount_negative and "
               "is excluded (TR-01 stays unfunded); 3 lines, 120,000 total, 90,000 aligned",
    ),
    DemoFile(
        path="อบต/อบต.แพรกหา แบบรายงานภาคี พย 2569.xlsx",
        agency="SAO-PKH", area="PLG-PKH", period="พ.ย. 69",
        reporter="นางจันทร์เพ็ญ ศรีสุวรรณ", phone="074-610-391", email="plan@phraekha.example.go.th",
        received=_bangkok(2026, 11, 15, 16, 45),
        title=("แบบรายงานงบประมาณภาคีพัฒนาตามแผนชุมชน", "องค์การบริหารส่วนตำบลแพรกหา"),
        info_form=True,
        total_row=True,
        notes=("หมายเหตุ: ข้อมูล ณ วันที่ 15 พ.ย. 2569 ตามข้อบัญญัติงบประมาณรายจ่ายประจำปี 2570",),
        lines=(
            _line(1, "OR-01", "ค่าสาธารณูปโภคและวัสดุสำนักงานศูนย์ประสานงานองค์กรชุมชน",
                  "องค์กรชุมชน", 50_000, 15_000, start=_D(2569, 10, 1), end=_D(2570, 9, 30)),
            _line(2, "KS-01", "โรงเรือนเก็บรักษาเมล็ดพันธุ์ชุมชน", "เกษตร", 40_000, 0,
                  village="หมู่ 3"),
            _line(3, "SW-01", "สมทบกองทุนสวัสดิการชุมชนตำบลแพรกหา", "สวัสดิการ", 50_000, 50_000),
            _line(4, None, "ซ่อมแซมถนนลูกรังสายบ้านแพรกหา–บ้านควนดินแดง", "โครงสร้างพื้นฐาน",
                  180_000, 0, village="1"),
        ),
        expect="submitted; total row 'รวม' (320,000) and the note row under it are skipped (info); "
               "320,000 total, 140,000 aligned, 180,000 outside the plan (road repair); "
               "KS-01 with DOAE-KKN is over-committed",
    ),
    DemoFile(
        path="อีเมล/สำเนา_อบต.แพรกหา_พย69.xlsx",
        agency="SAO-PKH", area="PLG-PKH", period="พ.ย. 69",
        reporter="", phone="", email="",
        received=_bangkok(2026, 11, 16, 8, 5),
        lines=(),
        copy_of="อบต/อบต.แพรกหา แบบรายงานภาคี พย 2569.xlsx",
        expect="byte-identical copy of the SAO-PKH file (forwarded by e-mail): the same submission, "
               "recorded once with an info issue; SAO-PKH stays 'submitted', not 'resubmitted'",
    ),
    DemoFile(
        path="CODI/codi_phraekha_nov2026.xlsx",
        agency="CODI", area="PLG-PKH", period=_D(2026, 11, 1),
        reporter="นางสาวอรทัย พรหมแก้ว", phone="081-540-4471", email="south@codi.example.or.th",
        received=_bangkok(2026, 11, 16, 14, 30),
        lines=(
            _line(1, "OR-01", "งบดำเนินงานศูนย์ประสานงานองค์กรชุมชนตำบล (สภาองค์กรชุมชน)",
                  "องค์กรชุมชน", "80,000.00 บาท", "40,000 บาท"),
            _line(2, "SW-01", "สมทบกองทุนสวัสดิการชุมชน (งบสมทบจากรัฐ)", "สวัสดิการ", 45_000, 45_000),
            _line(3, "DB-01", "สินเชื่อแก้หนี้ผ่านองค์กรชุมชน (ค่าบริหารจัดการ)", "หนี้สิน",
                  "12,500.50 บาท", None),
        ),
        expect="submitted (period as a real Excel date in Nov 2026); amounts typed as text; "
               "137,500.50 total, all aligned; co-funds PKH OR-01, SW-01 and DB-01",
    ),
    DemoFile(
        path="รพ.สต.แพรกหา/รายงานงบ รพสต แพรกหา 11-2569.xlsx",
        agency="HPH-PKH", area="PLG-PKH", period="11/2569",
        reporter="นางกัลยา สุขเกษม", phone="074-682-260", email="hph.phraekha@moph.example.go.th",
        received=_bangkok(2026, 11, 17, 11, 0),
        columns=(
            ("line_no", "ที่"), ("village", _H["village"]), ("activity", "กิจกรรม"),
            ("plan_item_id", _H["plan_item_id"]), ("category", _H["category"]),
            ("support_type", _H["support_type"]), ("budget", _H["budget"]),
            ("disbursed", "เบิกจ่าย"), ("source", "แหล่งงบประมาณ"), ("note", _H["note"]),
        ),
        lines=(
            _line(1, "HL-01", "คัดกรองเบาหวานความดันและติดตามกลุ่มเสี่ยง", "สุขภาพ", 10_000, 5_000,
                  "บุคลากร", village="ม.2", source="งบ สปสช."),
            _line(2, "SW-02", "เยี่ยมบ้านผู้ป่วยติดเตียงร่วมกับ อสม.", "สวัสดิการ", 12_000, 3_000,
                  "บุคลากร", source="เงินบำรุง รพ.สต."),
            _line(3, "HL-02", "ส่งเสริมการใช้สมุนไพรในครัวเรือน", "สุขภาพ", 8_000, 2_000,
                  "สิ่งของ", source="เงินบำรุง รพ.สต."),
        ),
        expect="submitted; own column order and headers (ที่, กิจกรรม, เบิกจ่าย, extra column); "
               "line 3 names HL-02, not in the PKH plan: warning unknown_item, counted as "
               "unaligned; 30,000 total, 22,000 aligned",
    ),
    DemoFile(
        path="เกษตรอำเภอ/DOAE-KKN_PLG-PKH_2026-11_แก้ไข.xlsx",
        agency="DOAE-KKN", area="PLG-PKH", period="11/2569",
        reporter="นายประเสริฐ ทองขาว", phone="074-681-204", email="khuankhanun@doae.example.go.th",
        received=_bangkok(2026, 11, 18, 14, 0),
        title=("แบบรายงานงบประมาณภาคีพัฒนา (ฉบับแก้ไข)",),
        merge_category=(1, 3),
        lines=(
            _line(1, "KS-01", "สนับสนุนเมล็ดพันธุ์ผักพื้นบ้านและอุปกรณ์ธนาคารเมล็ดพันธุ์", "เกษตร",
                  55_000, "12,500.50", "สิ่งของ", village="3",
                  start="1/11/2569", end="2027-09-30", note="แก้ไขงบประมาณจาก 50,000 เป็น 55,000"),
            _line(2, "KS-02", "อบรมการผลิตผักปลอดภัย (GAP) และตลาดเขียว", "เกษตร", 40_000, 8_000,
                  village="5"),
            _line(3, None, "แปลงสาธิตการปลูกพืชแซมในสวนปาล์มน้ำมัน", "เกษตร", 15_000, 0),
        ),
        expect="resubmitted: supersedes the first DOAE-KKN file; category merged down 3 rows; "
               "110,000 total, 95,000 aligned (KS-01 55,000, KS-02 40,000), 20,500.50 disbursed",
    ),
    DemoFile(
        path="กองทุนสุขภาพตำบล/กองทุนหลักประกันสุขภาพ_แพรกหา_พย69.xlsx",
        agency="LHSF-PKH", area="PLG-PKH", period="พฤศจิกายน 2569",
        reporter="นายอนันต์ รักษ์ทอง", phone="089-731-2290", email="lhsf@phraekha.example.go.th",
        received=_bangkok(2026, 11, 19, 9, 40),
        columns=_with_header(STANDARD_COLUMNS, budget="จำนวนเงิน (บาท)"),
        lines=(
            _line(1, "HL-01", "อบรมอาสาสมัครสาธารณสุขเรื่องลดเสี่ยงลดโรค", "สุขภาพ", 25_000, 0),
            _line(2, "SW-02", "จัดซื้อวัสดุอุปกรณ์ดูแลผู้ป่วยติดเตียง", "สวัสดิการ", 20_000, 0,
                  "สิ่งของ"),
        ),
        expect="rejected at file level: the lines sheet has 'จำนวนเงิน (บาท)' instead of the "
               "required column งบประมาณ; LHSF-PKH/PLG-PKH status 'rejected'",
    ),
    DemoFile(
        path="สสส/ThaiHealth_PLG-PKH_Nov2026.xlsx",
        agency="THAIHEALTH", area="PLG-PKH", period="พฤศจิกายน 2569",
        reporter="นางสาวพิมพ์ชนก เพชรรัตน์", phone="02-343-1500",
        email="community@thaihealth.example.or.th",
        received=_bangkok(2026, 11, 19, 16, 20),
        lines=(
            _line(1, "HL-01", "จัดกิจกรรมลดเสี่ยงลดโรค 3อ. 2ส. ในชุมชน", "สุขภาพ", 20_000, 6_000,
                  village="2"),
            _line(2, "HL-01", "ค่าตอบแทนวิทยากรออกกำลังกาย", "สุขภาพ", 8_000, 9_500, village="2"),
            _line(3, None, "รณรงค์งานบุญประเพณีปลอดเหล้า", "สุขภาพ", 15_000, 5_000),
        ),
        expect="submitted; line 2 disbursed 9,500 > budget 8,000: row-level error "
               "disbursed_over_budget, excluded; 2 lines, 35,000 total, 20,000 aligned; "
               "co-funds PKH HL-01 with HPH-PKH (20,000 + 10,000 = 30,000: funded)",
    ),
    DemoFile(
        path="NGO/มูลนิธิลุ่มน้ำ_ลำสินธุ์_2569-11.xlsx",
        agency="NGO-TLS", area="PLG-LSN", period="พ.ย. 2569",
        reporter="นายธีรวัฒน์ ด้วงแก้ว", phone="086-957-7788", email="office@tlsfoundation.example.org",
        received=_bangkok(2026, 11, 20, 10, 30),
        lines=(
            _line(1, "EN-01", "ปลูกต้นไม้ในป่าชุมชนและจัดทำธนาคารต้นไม้", "สิ่งแวดล้อม", 20_000, 5_000,
                  "สิ่งของ", village="หมู่ ๖", start="1 ธันวาคม 2569", end="30 ก.ย. 2570"),
            _line(2, None, "ศึกษาดูงานเครือข่ายลุ่มน้ำทะเลสาบสงขลา", "การเรียนรู้", "๑๘,๐๐๐", "๑๘,๐๐๐"),
            _line(3, "", "สำรวจความหลากหลายทางชีวภาพต้นน้ำลำสินธุ์", "สิ่งแวดล้อม", 25_000, 0),
        ),
        expect="submitted; mostly work outside the plan (amounts in Thai digits); 63,000 total, "
               "20,000 aligned (LSN EN-01 partial), 43,000 unaligned",
    ),
)
# fmt: on


# --- writing -----------------------------------------------------------------------------

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
    "note": 30, "area_code": 11, "area_name": 14, "fiscal_year": 11, "title": 48,
    "strategy": 40, "priority": 11, "required_budget": 18, "lead": 32, "agency_code": 13,
    "name_th": 44, "name_en": 44, "type": 13, "email": 40, "contact": 40,
    "categories": 36, "areas": 20,
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


def _plan_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    columns = [("no", "ที่")] + [
        (name, _th(PLAN, name))
        for name in (
            "area_code", "area_name", "fiscal_year", "plan_item_id", "category", "title",
            "strategy", "priority", "village", "lead", "required_budget",
        )
    ]  # fmt: skip
    rows = []
    for no, item in enumerate(PLAN_ITEMS, start=1):
        rows.append({
            "no": no, "area_code": item.area, "area_name": AREAS[item.area][0],
            "fiscal_year": DEMO_FISCAL_YEAR, "plan_item_id": item.code,
            "category": item.category, "title": item.title, "strategy": item.strategy,
            "priority": item.priority, "village": item.village, "lead": item.lead,
            "required_budget": item.required,
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


def _registry_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    names = ("agency_code", "name_th", "name_en", "type", "email", "contact", "categories", "areas")
    columns = [(name, _th(REGISTRY, name)) for name in names]
    rows = [
        {"agency_code": a.code, "name_th": a.name_th, "name_en": a.name_en, "type": a.type,
         "email": a.email, "contact": a.contact, "categories": a.categories, "areas": a.areas}
        for a in AGENCIES
    ]  # fmt: skip
    _write_table(ws, (f"ทะเบียนภาคีพัฒนา{NETWORK} จังหวัดพัทลุง",), columns, rows)
    return wb


def _agency_name(code: str) -> str:
    for agency in AGENCIES:
        if agency.code == code:
            return agency.name_th
    return "สำนักงานประมงอำเภอควนขนุน"  # the agency the registry does not know


def _submission_workbook(sub: DemoFile) -> Workbook:
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


def _workbook_bytes(wb: Workbook) -> bytes:
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


def _write(path: Path, data: bytes, received: dt.datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = received.timestamp()
    os.utime(path, (stamp, stamp))


def write_demo_inputs(inputs_dir: Path) -> None:
    """Writes inputs_dir/plan/<plan workbook>.xlsx, inputs_dir/agencies.xlsx and inputs_dir/submissions/... ."""
    inputs_dir = Path(inputs_dir)
    _write(inputs_dir / PLAN_FILE, _workbook_bytes(_plan_workbook()), _bangkok(2026, 10, 1, 9, 0))
    _write(
        inputs_dir / REGISTRY_FILE,
        _workbook_bytes(_registry_workbook()),
        _bangkok(2026, 10, 2, 9, 0),
    )
    drop_zone = inputs_dir / SUBMISSIONS_DIR
    written: dict[str, bytes] = {}
    for sub in DEMO_SUBMISSIONS:
        data = written[sub.copy_of] if sub.copy_of else _workbook_bytes(_submission_workbook(sub))
        written[sub.path] = data
        _write(drop_zone / sub.path, data, sub.received)
