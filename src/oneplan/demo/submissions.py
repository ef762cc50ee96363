"""The demo's submissions: the partner workbooks of the drop zone, each with what it is
typed like (title rows, merged cells, its own headers, Thai digits, พ.ศ. dates) and what the
run for `DEMO_PERIOD` should make of it (`DemoFile.expect`).

Longer than 300 lines: a data table (one `DemoFile` per workbook) whose fourteen
entries refer to one another (a corrected file supersedes an earlier one, a copy repeats
another byte for byte, co-funded plan items add up across files): split, the expectations
could no longer be read and checked together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from oneplan.schemas import SUBMISSION_LINES
from oneplan.values.periods import BANGKOK

DEMO_PERIOD = "2026-11"


def thai_header(schema, name: str) -> str:
    """The Thai header of column `name` of a table schema (as in schemas.py)."""
    return schema.columns[name].metadata["th"]


def bangkok(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    """A moment in Bangkok time (a demo file's received time)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


# Header texts of the lines sheet, by column name (Thai, as in schemas.py).
_H = {name: thai_header(SUBMISSION_LINES, name) for name in SUBMISSION_LINES.columns}
STANDARD_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (name, _H[name])
    for name in (
        "line_no", "plan_item_id", "activity", "category", "village", "budget",
        "disbursed", "support_type", "start_date", "end_date", "note",
    )
)  # fmt: skip


# The results columns some partners have added to their workbooks (#29).
RESULT_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (name, _H[name]) for name in ("progress", "quantity", "unit", "households", "people", "result")
)


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
        received=bangkok(2026, 10, 30, 11, 20),
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
        received=bangkok(2026, 11, 5, 9, 30),
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
        received=bangkok(2026, 11, 11, 13, 10),
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
        received=bangkok(2026, 11, 10, 10, 0),
        title=("แบบรายงานงบประมาณภาคีพัฒนา เครือข่ายสินธุ์แพรทอง",),
        columns=STANDARD_COLUMNS + RESULT_COLUMNS,
        lines=(
            _line(1, "OR-01", "งบดำเนินงานศูนย์ประสานงานองค์กรชุมชนตำบลลำสินธุ์", "องค์กรชุมชน",
                  100_000, 50_000, progress="กำลังดำเนินการ", quantity=2,
                  result="ประชุมคณะทำงานศูนย์ฯ ต.ค. และ พ.ย."),
            _line(2, "LD-01", "สำรวจข้อมูลที่ดินและจัดทำผังการใช้ที่ดินร่วม (โฉนดชุมชน)", "ที่ดินทำกิน",
                  30_000, 5_000, progress="กำลังดำเนินการ", households=42,
                  result="สำรวจแปลงแล้ว 42 แปลง"),
            _line(3, "SW-01", "สมทบกองทุนสวัสดิการชุมชนตำบลลำสินธุ์", "สวัสดิการ", 35_000, 35_000,
                  progress="เสร็จแล้ว", quantity=20, unit="คน", people=20,
                  result="สมทบเงินกองทุนครบแล้ว รับสมาชิกใหม่ 20 คน"),
        ),
        expect="submitted; co-funds LSN OR-01 with SAO-LSN (100,000 + 50,000 = 150,000 = "
               "required: funded) and LSN SW-01; LSN LD-01 partial. Results: LSN OR-01 2 of 12 "
               "meetings (on track, 2/12 of the year gone), LSN SW-01 20 of 150 people (behind)",
    ),
    DemoFile(
        path="พัฒนาชุมชน/แบบรายงาน_พช.ควนขนุน_พ.ย.69.xlsx",
        agency="CDD-KKN", area="PLG-PKH", period="พฤศจิกายน 2569",
        reporter="นางสาวสุนิสา แก้วมณี", phone="074-681-157", email="khuankhanun@cdd.example.go.th",
        received=bangkok(2026, 11, 12, 10, 15),
        title=("แบบรายงานงบประมาณภาคีพัฒนาตามแผนชุมชนตำบลแพรกหา",
               "สำนักงานพัฒนาชุมชนอำเภอควนขนุน งวดเดือนพฤศจิกายน 2569"),
        numbered_blank_rows=4,
        columns=STANDARD_COLUMNS + RESULT_COLUMNS,
        lines=(
            _line(1, "DB-01", "อบรมการจัดทำบัญชีครัวเรือนและวางแผนแก้หนี้", "หนี้สิน", 45_000, 20_000,
                  start=_D(2026, 10, 15), end="31 มี.ค. 2570", progress="อยู่ระหว่างดำเนินการ",
                  quantity="๔๐", households=40, result="อบรมบัญชีครัวเรือนแล้ว 2 รุ่น"),
            _line(2, "SW-01", "สมทบกองทุนสวัสดิการชุมชนตำบลแพรกหา", "สวัสดิการ", 30_000, 30_000,
                  progress="เสร็จแล้ว", quantity=25, unit="คน", people=25,
                  result="รับสมัครสมาชิกใหม่ 25 คน"),
            _line(3, "OR-01 ศูนย์ประสานงานองค์กรชุมชนตำบลแพรกหา",
                  "เจ้าหน้าที่พัฒนาชุมชนประจำศูนย์ประสานงาน สัปดาห์ละ 2 วัน", "องค์กรชุมชน",
                  24_000, 4_000, "บุคลากร", progress="กำลังดำเนินการ", quantity="สอง",
                  result="ร่วมประชุมคณะทำงานศูนย์ฯ 2 ครั้ง"),
            _line(4, None, "ส่งเสริมผลิตภัณฑ์ OTOP ตำบลแพรกหา", "เศรษฐกิจชุมชน", 25_000, 0,
                  note="งานตามนโยบายกรม"),
        ),
        expect="submitted; 124,000 total, 99,000 aligned (DB-01, SW-01, OR-01 as 'code + title'), "
               "25,000 outside the plan; 4 pre-numbered empty rows skipped silently. Results in "
               "Thai digits and words: DB-01 40 households, SW-01 25 people, OR-01 2 meetings "
               "(the same as CODI's: warning quantity_same_as_partner)",
    ),
    DemoFile(
        path="อบต/SAO-LSN รายงาน 2569-11.xlsx",
        agency="SAO-LSN", area="PLG-LSN", period="2569-11",
        reporter="นายสมชาย ชูช่วย", phone="074-610-482", email="saraban@lamsin.example.go.th",
        received=bangkok(2026, 11, 13, 15, 0),
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
        received=bangkok(2026, 11, 15, 16, 45),
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
        received=bangkok(2026, 11, 16, 8, 5),
        lines=(),
        copy_of="อบต/อบต.แพรกหา แบบรายงานภาคี พย 2569.xlsx",
        expect="byte-identical copy of the SAO-PKH file (forwarded by e-mail): the same submission, "
               "recorded once with an info issue; SAO-PKH stays 'submitted', not 'resubmitted'",
    ),
    DemoFile(
        path="CODI/codi_phraekha_nov2026.xlsx",
        agency="CODI", area="PLG-PKH", period=_D(2026, 11, 1),
        reporter="นางสาวอรทัย พรหมแก้ว", phone="081-540-4471", email="south@codi.example.or.th",
        received=bangkok(2026, 11, 16, 14, 30),
        columns=STANDARD_COLUMNS + RESULT_COLUMNS,
        lines=(
            _line(1, "OR-01", "งบดำเนินงานศูนย์ประสานงานองค์กรชุมชนตำบล (สภาองค์กรชุมชน)",
                  "องค์กรชุมชน", "80,000.00 บาท", "40,000 บาท", progress="กำลังดำเนินการ",
                  quantity=2, unit="ครั้ง", result="ประชุมคณะทำงานศูนย์ฯ ประจำเดือน"),
            _line(2, "SW-01", "สมทบกองทุนสวัสดิการชุมชน (งบสมทบจากรัฐ)", "สวัสดิการ", 45_000, 45_000,
                  progress="เสร็จแล้ว", quantity=30, people=30,
                  result="สมทบเงินกองทุนแล้ว สมาชิกใหม่ 30 คน"),
            _line(3, "DB-01", "สินเชื่อแก้หนี้ผ่านองค์กรชุมชน (ค่าบริหารจัดการ)", "หนี้สิน",
                  "12,500.50 บาท", None, progress="กำลังดำเนินการ", quantity="15 ครัวเรือน",
                  households=15),
        ),
        expect="submitted (period as a real Excel date in Nov 2026); amounts typed as text; "
               "137,500.50 total, all aligned; co-funds PKH OR-01, SW-01 and DB-01. Results: "
               "PKH OR-01 2 + CDD-KKN's 2 = 4 of 12 meetings, SW-01 30 + 25 = 55 of 150 people, "
               "DB-01 15 + 40 = 55 of 120 households: all on track",
    ),
    DemoFile(
        path="รพ.สต.แพรกหา/รายงานงบ รพสต แพรกหา 11-2569.xlsx",
        agency="HPH-PKH", area="PLG-PKH", period="11/2569",
        reporter="นางกัลยา สุขเกษม", phone="074-682-260", email="hph.phraekha@moph.example.go.th",
        received=bangkok(2026, 12, 2, 11, 0),  # a day after its own deadline (agencies.py)
        columns=(
            ("line_no", "ที่"), ("village", _H["village"]), ("activity", "กิจกรรม"),
            ("plan_item_id", _H["plan_item_id"]), ("category", _H["category"]),
            ("support_type", _H["support_type"]), ("budget", _H["budget"]),
            ("disbursed", "เบิกจ่าย"), ("source", "แหล่งงบประมาณ"), ("note", _H["note"]),
            ("quantity", "ปริมาณผลงานสะสม"), ("unit", "หน่วย"),
        ),
        lines=(
            _line(1, "HL-01", "คัดกรองเบาหวานความดันและติดตามกลุ่มเสี่ยง", "สุขภาพ", 10_000, 5_000,
                  "บุคลากร", village="ม.2", source="งบ สปสช.", quantity=150, unit="ราย"),
            _line(2, "SW-02", "เยี่ยมบ้านผู้ป่วยติดเตียงร่วมกับ อสม.", "สวัสดิการ", 12_000, 3_000,
                  "บุคลากร", source="เงินบำรุง รพ.สต."),
            _line(3, "HL-02", "ส่งเสริมการใช้สมุนไพรในครัวเรือน", "สุขภาพ", 8_000, 2_000,
                  "สิ่งของ", source="เงินบำรุง รพ.สต."),
        ),
        expect="submitted; own column order and headers (ที่, กิจกรรม, เบิกจ่าย, extra column); "
               "line 3 names HL-02, not in the PKH plan: warning unknown_item, counted as "
               "unaligned; 30,000 total, 22,000 aligned. Its HL-01 result of 150 in 'ราย' is "
               "not the plan's unit (คน): warning unit_mismatch, not added to the item",
    ),
    DemoFile(
        path="เกษตรอำเภอ/DOAE-KKN_PLG-PKH_2026-11_แก้ไข.xlsx",
        agency="DOAE-KKN", area="PLG-PKH", period="11/2569",
        reporter="นายประเสริฐ ทองขาว", phone="074-681-204", email="khuankhanun@doae.example.go.th",
        received=bangkok(2026, 11, 18, 14, 0),
        title=("แบบรายงานงบประมาณภาคีพัฒนา (ฉบับแก้ไข)",),
        columns=STANDARD_COLUMNS + RESULT_COLUMNS,
        merge_category=(1, 3),
        lines=(
            _line(1, "KS-01", "สนับสนุนเมล็ดพันธุ์ผักพื้นบ้านและอุปกรณ์ธนาคารเมล็ดพันธุ์", "เกษตร",
                  55_000, "12,500.50", "สิ่งของ", village="3",
                  start="1/11/2569", end="2027-09-30", note="แก้ไขงบประมาณจาก 50,000 เป็น 55,000",
                  progress="กำลังดำเนินการ", quantity=30, households=30,
                  result="แจกเมล็ดพันธุ์ผักพื้นบ้าน 30 ครัวเรือน"),
            _line(2, "KS-02", "อบรมการผลิตผักปลอดภัย (GAP) และตลาดเขียว", "เกษตร", 40_000, 8_000,
                  village="5"),
            _line(3, None, "แปลงสาธิตการปลูกพืชแซมในสวนปาล์มน้ำมัน", "เกษตร", 15_000, 0),
        ),
        expect="resubmitted: supersedes the first DOAE-KKN file; category merged down 3 rows; "
               "110,000 total, 95,000 aligned (KS-01 55,000, KS-02 40,000), 20,500.50 disbursed; "
               "KS-01 30 of 80 households delivered",
    ),
    DemoFile(
        path="กองทุนสุขภาพตำบล/กองทุนหลักประกันสุขภาพ_แพรกหา_พย69.xlsx",
        agency="LHSF-PKH", area="PLG-PKH", period="พฤศจิกายน 2569",
        reporter="นายอนันต์ รักษ์ทอง", phone="089-731-2290", email="lhsf@phraekha.example.go.th",
        received=bangkok(2026, 11, 19, 9, 40),
        # งบประมาน: the common misspelling of งบประมาณ, which no alias can know.
        columns=_with_header(STANDARD_COLUMNS, budget="งบประมาน (บาท)", disbursed="จ่ายแล้ว"),
        lines=(
            _line(1, "HL-01", "อบรมอาสาสมัครสาธารณสุขเรื่องลดเสี่ยงลดโรค", "สุขภาพ", 25_000, 0),
            _line(2, "SW-02", "จัดซื้อวัสดุอุปกรณ์ดูแลผู้ป่วยติดเตียง", "สวัสดิการ", 20_000, 0,
                  "สิ่งของ"),
        ),
        expect="rejected at file level: the budget column is headed 'งบประมาน (บาท)' (misspelt), "
               "so the required column งบประมาณ is missing; the issue names header row 1, "
               "its columns and the closest match 'งบประมาน (บาท)'; LHSF-PKH/PLG-PKH status "
               "'rejected'",
    ),
    DemoFile(
        path="สสส/ThaiHealth_PLG-PKH_Nov2026.xlsx",
        agency="THAIHEALTH", area="PLG-PKH", period="พฤศจิกายน 2569",
        reporter="นางสาวพิมพ์ชนก เพชรรัตน์", phone="02-343-1500",
        email="community@thaihealth.example.or.th",
        received=bangkok(2026, 11, 19, 16, 20),
        columns=STANDARD_COLUMNS + RESULT_COLUMNS,
        lines=(
            _line(1, "HL-01", "จัดกิจกรรมลดเสี่ยงลดโรค 3อ. 2ส. ในชุมชน", "สุขภาพ", 20_000, 6_000,
                  village="2", progress="กำลังดำเนินการ", quantity="180 คน", people=180,
                  result="คัดกรองแล้ว พบกลุ่มเสี่ยง 32 คน"),
            _line(2, "HL-01", "ค่าตอบแทนวิทยากรออกกำลังกาย", "สุขภาพ", 8_000, 9_500, village="2"),
            _line(3, None, "รณรงค์งานบุญประเพณีปลอดเหล้า", "สุขภาพ", 15_000, 5_000),
        ),
        expect="submitted; line 2 disbursed 9,500 > budget 8,000: row-level error "
               "disbursed_over_budget, excluded; 2 lines, 35,000 total, 20,000 aligned; "
               "co-funds PKH HL-01 with HPH-PKH (20,000 + 10,000 = 30,000: funded); HL-01 180 of "
               "400 people screened (HPH-PKH's 150 is in another unit)",
    ),
    DemoFile(
        path="NGO/มูลนิธิลุ่มน้ำ_ลำสินธุ์_2569-11.xlsx",
        agency="NGO-TLS", area="PLG-LSN", period="พ.ย. 2569",
        reporter="นายธีรวัฒน์ ด้วงแก้ว", phone="086-957-7788", email="office@tlsfoundation.example.org",
        received=bangkok(2026, 11, 20, 10, 30),
        columns=STANDARD_COLUMNS + RESULT_COLUMNS,
        lines=(
            _line(1, "EN-01", "ปลูกต้นไม้ในป่าชุมชนและจัดทำธนาคารต้นไม้", "สิ่งแวดล้อม", 20_000, 5_000,
                  "สิ่งของ", village="หมู่ ๖", start="1 ธันวาคม 2569", end="30 ก.ย. 2570",
                  progress="กำลังดำเนินการ", quantity="๘๐๐", unit="ต้น", households=65,
                  result="ปลูกต้นไม้แล้ว 800 ต้น"),
            _line(2, None, "ศึกษาดูงานเครือข่ายลุ่มน้ำทะเลสาบสงขลา", "การเรียนรู้", "๑๘,๐๐๐", "๑๘,๐๐๐",
                  progress="เสร็จแล้ว", people=24),
            _line(3, "", "สำรวจความหลากหลายทางชีวภาพต้นน้ำลำสินธุ์", "สิ่งแวดล้อม", 25_000, 0,
                  progress="เสร็จแล้ว"),
        ),
        expect="submitted; mostly work outside the plan (amounts in Thai digits); 63,000 total, "
               "20,000 aligned (LSN EN-01 partial), 43,000 unaligned; EN-01 800 of 3,000 trees; "
               "line 3 done with nothing disbursed: warning done_without_disbursement",
    ),
)
# fmt: on
