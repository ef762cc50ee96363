"""The demo's partner registry: the agencies of the network, with their usual short names,
the office-holder their letters are addressed to, addresses, contacts, categories and areas
(a data table: one row per agency)."""

from __future__ import annotations

from dataclasses import dataclass


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
    short_name: str = ""  # ชื่อย่อ: the name people use (อบต.แพรกหา)
    recipient_position: str = ""  # ตำแหน่งผู้รับหนังสือ: who a letter is addressed to
    # กำหนดส่ง (วันหลังสิ้นเดือน): an agency's own deadline, days after the month's end
    # (None: the network's). The demo's month (November 2569) has passed both: BAAC's
    # branch closes its month by the 5th and sends nothing for November (missing); the
    # health promoting hospital reports by the 1st and sent its file on 2 Dec (late).
    deadline_days: int | None = None


# fmt: off
AGENCIES: tuple[Agency, ...] = (
    Agency("CDD-KKN", "สำนักงานพัฒนาชุมชนอำเภอควนขนุน",
           "Khuan Khanun District Community Development Office", "ราชการ",
           "khuankhanun@cdd.example.go.th", "นางสาวสุนิสา แก้วมณี (นักวิชาการพัฒนาชุมชน)",
           "หนี้สิน, สวัสดิการ, องค์กรชุมชน", "PLG-PKH",
           "พช.อำเภอควนขนุน", "พัฒนาการอำเภอควนขนุน"),
    Agency("DOAE-KKN", "สำนักงานเกษตรอำเภอควนขนุน",
           "Khuan Khanun District Agricultural Extension Office", "ราชการ",
           "khuankhanun@doae.example.go.th", "นายประเสริฐ ทองขาว (นักวิชาการส่งเสริมการเกษตร)",
           "เกษตร, ที่ดินทำกิน", "PLG-PKH",
           "สนง.เกษตรอำเภอควนขนุน", "เกษตรอำเภอควนขนุน"),
    Agency("SAO-PKH", "องค์การบริหารส่วนตำบลแพรกหา",
           "Phraek Ha Subdistrict Administrative Organization", "อปท.",
           "saraban@phraekha.example.go.th; plan@phraekha.example.go.th",
           "นางจันทร์เพ็ญ ศรีสุวรรณ (นักวิเคราะห์นโยบายและแผน)",
           "องค์กรชุมชน, สวัสดิการ, เกษตร, สิ่งแวดล้อม", "PLG-PKH",
           "อบต.แพรกหา", "นายกองค์การบริหารส่วนตำบลแพรกหา"),
    Agency("SAO-LSN", "องค์การบริหารส่วนตำบลลำสินธุ์",
           "Lam Sin Subdistrict Administrative Organization", "อปท.",
           "saraban@lamsin.example.go.th", "นายสมชาย ชูช่วย (ปลัด อบต.)",
           "องค์กรชุมชน, สวัสดิการ, ท่องเที่ยว", "PLG-LSN",
           "อบต.ลำสินธุ์", "นายกองค์การบริหารส่วนตำบลลำสินธุ์"),
    Agency("CODI", "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
           "Community Organizations Development Institute", "องค์การมหาชน",
           "south@codi.example.or.th, phatthalung@codi.example.or.th",
           "นางสาวอรทัย พรหมแก้ว (เจ้าหน้าที่ประสานงานภาคใต้)",
           "องค์กรชุมชน, สวัสดิการ, ที่ดินทำกิน, หนี้สิน", "PLG-PKH, PLG-LSN",
           "พอช.", "ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"),
    Agency("BAAC-KKN", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน",
           "BAAC Khuan Khanun Branch", "รัฐวิสาหกิจ",
           "khuankhanun@baac.example.or.th", "นายวีระ หนูแก้ว (พนักงานพัฒนาลูกค้า)",
           "หนี้สิน, เกษตร", "PLG-PKH, PLG-LSN",
           "ธ.ก.ส. สาขาควนขนุน", "ผู้จัดการธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน",
           deadline_days=5),
    Agency("THAIHEALTH", "สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ (สสส.)",
           "Thai Health Promotion Foundation", "กองทุน",
           "community@thaihealth.example.or.th", "นางสาวพิมพ์ชนก เพชรรัตน์ (ผู้จัดการโครงการ)",
           "สุขภาพ, สิ่งแวดล้อม", "PLG-PKH",
           "สสส.", "ผู้จัดการกองทุนสนับสนุนการสร้างเสริมสุขภาพ"),
    Agency("HPH-PKH", "โรงพยาบาลส่งเสริมสุขภาพตำบลแพรกหา",
           "Phraek Ha Health Promoting Hospital", "ราชการ",
           "hph.phraekha@moph.example.go.th", "นางกัลยา สุขเกษม (พยาบาลวิชาชีพ)",
           "สุขภาพ, สวัสดิการ", "PLG-PKH",
           "รพ.สต.แพรกหา", "ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบลแพรกหา", deadline_days=1),
    Agency("LHSF-PKH", "กองทุนหลักประกันสุขภาพตำบลแพรกหา",
           "Phraek Ha Local Health Security Fund", "กองทุน",
           "lhsf@phraekha.example.go.th", "นายอนันต์ รักษ์ทอง (เลขานุการกองทุน)",
           "สุขภาพ, สวัสดิการ", "PLG-PKH",
           "กองทุนสุขภาพตำบลแพรกหา", "ประธานกรรมการกองทุนหลักประกันสุขภาพตำบลแพรกหา"),
    Agency("NGO-TLS", "มูลนิธิลุ่มน้ำทะเลสาบสงขลาเพื่อชุมชน",
           "Songkhla Lake Basin Community Foundation", "NGO",
           "office@tlsfoundation.example.org", "นายธีรวัฒน์ ด้วงแก้ว (ผู้ประสานงานพื้นที่)",
           "สิ่งแวดล้อม, เกษตร, ท่องเที่ยว", "PLG-LSN",
           "มูลนิธิลุ่มน้ำทะเลสาบสงขลาฯ", "ประธานมูลนิธิลุ่มน้ำทะเลสาบสงขลาเพื่อชุมชน"),
)
# fmt: on
