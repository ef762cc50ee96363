"""The demo's community plan: the network, its two areas and the plan items of fiscal year
2570 (a data table: one row per plan item, as the planning team wrote them)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_FISCAL_YEAR = 2570
NETWORK = "เครือข่ายสินธุ์แพรทอง"

PROVINCE = "พัทลุง"
# Each area: its name, its district (as the planning team types it) and its geocode (the
# Department of Provincial Administration's 6-digit sub-district code).
AREAS = {
    "PLG-PKH": ("ตำบลแพรกหา", "ควนขนุน", "930516"),
    "PLG-LSN": ("ตำบลลำสินธุ์", "ศรีนครินทร์", "931104"),
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


@dataclass(frozen=True)
class Measure:
    """What a plan item is to deliver this fiscal year: its indicator, unit, the indicator's
    value before the year (baseline) and the year's target."""

    indicator: str
    unit: str
    baseline: int | None
    target: int


# The items whose results the network follows (the others have no indicator yet).
MEASURES: dict[tuple[str, str], Measure] = {
    ("PLG-PKH", "OR-01"): Measure("การประชุมคณะทำงานศูนย์ประสานงาน", "ครั้ง", 8, 12),
    ("PLG-PKH", "KS-01"): Measure("ครัวเรือนที่ได้รับเมล็ดพันธุ์จากธนาคาร", "ครัวเรือน", 20, 80),
    ("PLG-PKH", "SW-01"): Measure("สมาชิกใหม่ของกองทุนสวัสดิการ", "คน", 620, 150),
    ("PLG-PKH", "DB-01"): Measure("ครัวเรือนที่จัดทำบัญชีครัวเรือน", "ครัวเรือน", 35, 120),
    ("PLG-PKH", "HL-01"): Measure("ผู้ได้รับการคัดกรองเบาหวานและความดัน", "คน", None, 400),
    ("PLG-PKH", "EN-01"): Measure("ต้นไม้ที่ปลูกริมคลอง", "ต้น", 500, 2000),
    ("PLG-LSN", "OR-01"): Measure("การประชุมคณะทำงานศูนย์ประสานงาน", "ครั้ง", 6, 12),
    ("PLG-LSN", "SW-01"): Measure("สมาชิกใหม่ของกองทุนสวัสดิการ", "คน", 410, 150),
    ("PLG-LSN", "EN-01"): Measure("ต้นไม้ที่ปลูกในป่าชุมชน", "ต้น", 1200, 3000),
}


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
