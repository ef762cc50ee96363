"""The catalogue of issue kinds: every issue code with its severity and its message
templates in Thai and in English, the one place where they are written, and the words
for each severity.

Every message says where the problem is, what is wrong, whether the line or the file still
counts, and what to do about it. Dates are filled as a clerk writes them (`1 พ.ย. 2569`,
`1 Nov 2026`) and places by their Thai names (`oneplan.issues.records.make_issue`).

Longer than 300 lines: a data table (one entry per code), kept whole in one module so that
the codes and their wording are read and reviewed together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# What each severity means for the clerk, as the agency's workbook, report and page say it.
# An error on a line leaves that line out; an error on the whole file leaves the file out.
SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "th": {
        "error": "ต้องแก้ไข (รายการนี้ยังไม่นับ)",
        "file_error": "ต้องแก้ไข (แบบรายงานนี้ยังไม่นับ)",
        "warning": "ควรตรวจสอบ (นับแล้ว)",
        "info": "แจ้งเพื่อทราบ",
    },
    "en": {
        "error": "Must fix (this line is not counted yet)",
        "file_error": "Must fix (this file is not counted yet)",
        "warning": "Please check (counted)",
        "info": "For your information",
    },
}


@dataclass(frozen=True)
class IssueKind:
    severity: Severity
    message_th: str
    message_en: str
    # Parts said only when their value is known: {name}_part in a template is the part
    # (Thai, English) filled, or nothing when the value `name` is empty.
    optional: dict[str, tuple[str, str]] = field(default_factory=dict)


_RESEND_TH = "แล้วส่งใหม่"
_NOT_COUNTED_TH = "จึงยังไม่นับแบบรายงานนี้"
_NOT_COUNTED_EN = "so this submission is not counted yet"
_ROW_TH = "แถวนี้จึงยังไม่นับ"
_ROW_EN = "so this row is not counted yet"
_SAVE_AS_TH = (
    "กรุณาเปิดไฟล์ใน Excel หรือ LibreOffice แล้วเลือก บันทึกเป็น (Save As) ชนิด Excel Workbook (.xlsx) "
    "แล้วส่งใหม่"
)
_SAVE_AS_EN = (
    "open it in Excel or LibreOffice, use Save As > Excel Workbook (.xlsx) and send it again"
)

# code -> severity and message templates; {where} is filled with "ช่อง F12: " / "Cell F12: "
# (or the row, or nothing for a whole-file problem), other fields by the caller.
CATALOGUE: dict[str, IssueKind] = {
    # --- whole file -------------------------------------------------------------------
    "file_unreadable": IssueKind(
        "error",
        f"เปิดไฟล์นี้ไม่ได้ (ไฟล์อาจเสียหายหรือบันทึกไม่สมบูรณ์) {_NOT_COUNTED_TH} {_SAVE_AS_TH} "
        "(รายละเอียด: {reason})",
        f"The file cannot be opened (it may be damaged or not fully saved), {_NOT_COUNTED_EN}; "
        f"{_SAVE_AS_EN} (details: {{reason}})",
    ),
    "file_type_unsupported": IssueKind(
        "error",
        f"ระบบรับไฟล์ชนิด {{suffix}} ไม่ได้ {_NOT_COUNTED_TH} ระบบอ่านเฉพาะไฟล์ชนิด {{accepted}} "
        f"กรุณาบันทึกเป็นชนิดใดชนิดหนึ่งนี้ (หรือกรอกในแบบรายงานของศูนย์ประสานงาน) {_RESEND_TH}",
        f"Files of type {{suffix}} cannot be accepted, {_NOT_COUNTED_EN}; only {{accepted}} "
        "workbooks are read: save it as one of them (or fill in the centre's form) and send it "
        "again",
    ),
    "file_empty": IssueKind(
        "error",
        f"ไฟล์ว่างเปล่า (0 ไบต์) อาจเลือกไฟล์ผิดหรือบันทึกไม่สำเร็จ {_NOT_COUNTED_TH} "
        f"กรุณาตรวจสอบไฟล์ {_RESEND_TH}",
        f"The file is empty (0 bytes): it may be the wrong file or was not saved properly, "
        f"{_NOT_COUNTED_EN}; check the file and send it again",
    ),
    "file_too_large": IssueKind(
        "error",
        f"ไฟล์มีขนาด {{size}} ไบต์ เกินขนาดที่รับได้ ({{limit}} ไบต์) {_NOT_COUNTED_TH} "
        f"กรุณาส่งเฉพาะแบบรายงาน (ลบรูปภาพหรือแผ่นงานอื่นที่ไม่เกี่ยวข้องออก) {_RESEND_TH}",
        f"The file is {{size}} bytes, more than the {{limit}} bytes accepted, {_NOT_COUNTED_EN}; "
        "keep only the submission workbook (remove pictures and unrelated sheets) and send it "
        "again",
    ),
    "file_encrypted": IssueKind(
        "error",
        f"ไฟล์นี้ตั้งรหัสผ่านไว้ ระบบเปิดอ่านไม่ได้ {_NOT_COUNTED_TH} กรุณาเอารหัสผ่านออก "
        f"(Excel: แฟ้ม > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน แล้วลบรหัสผ่าน; LibreOffice: "
        f"บันทึกเป็น แล้วเอาเครื่องหมายที่ บันทึกด้วยรหัสผ่าน ออก) บันทึก {_RESEND_TH}",
        f"The workbook is password-protected and cannot be read, {_NOT_COUNTED_EN}; remove the "
        "password (Excel: File > Info > Protect Workbook > Encrypt with Password, clear it; "
        "LibreOffice: Save As, untick Save with password), save and send it again",
    ),
    "file_not_workbook": IssueKind(
        "error",
        f"ไฟล์นี้ไม่ใช่สมุดงานที่ระบบอ่านได้ (.xlsx, .xls หรือ .ods) แต่เป็น {{found}} {_NOT_COUNTED_TH} "
        f"{_SAVE_AS_TH}",
        f"This is not a workbook oneplan reads (.xlsx, .xls or .ods) but {{found}}, "
        f"{_NOT_COUNTED_EN}; {_SAVE_AS_EN}",
    ),
    "file_bomb": IssueKind(
        "error",
        "ระบบเปิดไฟล์นี้ไม่ได้ เพราะโครงสร้างภายในไฟล์ต่างจากไฟล์ Excel ทั่วไป "
        f"(มักเกิดจากโปรแกรมที่ใช้บันทึกไฟล์) {_NOT_COUNTED_TH} {_SAVE_AS_TH}",
        "The file could not be opened because its internal structure is unusual for an Excel "
        f"workbook (often the doing of the program that saved it), {_NOT_COUNTED_EN}; "
        f"{_SAVE_AS_EN}",
    ),
    "sheet_too_large": IssueKind(
        "error",
        f"แผ่นงาน {{sheet}} ใช้พื้นที่ {{cells}} ช่อง เกินที่ระบบรับได้ ({{limit}} ช่อง) อาจมีข้อมูล"
        f"หลงอยู่ไกลจากตาราง {_NOT_COUNTED_TH} กรุณาลบแถวและคอลัมน์ที่ไม่ใช้ออก "
        f"(หรือคัดลอกตารางลงแบบรายงานเปล่า) {_RESEND_TH}",
        f"Sheet {{sheet}} spans {{cells}} cells, more than the limit of {{limit}} cells (a stray "
        f"value may sit far from the table), {_NOT_COUNTED_EN}; delete unused rows and "
        "columns (or copy the table into a blank form) and send it again",
    ),
    "workbook_too_large": IssueKind(
        "error",
        f"แผ่นงานทุกแผ่นในไฟล์นี้รวมกันใช้พื้นที่ {{cells}} ช่อง เกินที่ระบบรับได้ ({{limit}} ช่อง) "
        f"{_NOT_COUNTED_TH} กรุณาลบแผ่นงานที่ไม่เกี่ยวข้อง และแถวและคอลัมน์ที่ไม่ใช้ออก "
        f"(หรือคัดลอกตารางลงแบบรายงานเปล่า) {_RESEND_TH}",
        f"The sheets of this file together span {{cells}} cells, more than the limit of "
        f"{{limit}} cells, {_NOT_COUNTED_EN}; delete unrelated sheets and unused rows and "
        "columns (or copy the table into a blank form) and send it again",
    ),
    "file_reader_stopped": IssueKind(
        "error",
        "โปรแกรมอ่านไฟล์ .xls/.ods หยุดทำงานขณะอ่านไฟล์นี้ (ไฟล์อาจเสียหาย หรือต้องใช้หน่วยความจำหรือเวลา"
        f"เกินที่กำหนด) {_NOT_COUNTED_TH} ระบบจะลองอ่านอีกครั้งในรอบถัดไป หากยังอ่านไม่ได้ {_SAVE_AS_TH} "
        "(รายละเอียด: {reason})",
        "The reader of .xls/.ods files stopped while reading this file (it may be damaged, or "
        f"need more memory or time than allowed), {_NOT_COUNTED_EN}; it will be read again in "
        f"the next run; if it still cannot be read, {_SAVE_AS_EN} (details: {{reason}})",
    ),
    "file_changing": IssueKind(
        "error",
        "ไฟล์นี้ยังบันทึกไม่เสร็จขณะที่ระบบอ่าน (ขนาดไฟล์เปลี่ยนระหว่างอ่าน) จึงยังไม่นับในรอบนี้ "
        "ระบบจะอ่านใหม่ในรอบถัดไปเอง ไม่ต้องดำเนินการใด ๆ",
        "The file was not yet fully saved when it was read (its size changed while reading), "
        "so it is not counted in this run; it will be read again in the next run: nothing "
        "to do",
    ),
    "sheet_missing": IssueKind(
        "error",
        f"ไม่พบแผ่นงาน '{{sheet_th}}' ในไฟล์ (แผ่นงานที่มี: {{found}}) {_NOT_COUNTED_TH} "
        "กรุณาตั้งชื่อแผ่นงานให้ตรงกับแบบรายงาน ('{sheet_th}') หรือคัดลอกข้อมูลลงแบบรายงานเปล่า"
        f"ฉบับล่าสุด {_RESEND_TH}",
        f"No sheet named '{{sheet_th}}' ('{{sheet_en}}') in the file (sheets found: {{found}}), "
        f"{_NOT_COUNTED_EN}; rename the sheet as in the form ('{{sheet_th}}') or copy the data "
        "into the latest blank form, and send it again",
    ),
    "header_not_found": IssueKind(
        "error",
        f"แผ่นงาน {{sheet}}: ไม่พบแถวหัวตารางใน 20 แถวแรก (หัวคอลัมน์ เช่น {{expected}}) "
        f"{_NOT_COUNTED_TH} กรุณาอย่าเปลี่ยนชื่อหัวคอลัมน์ของแบบรายงาน และลบหัวเรื่องหรือข้อความ"
        f"ที่เกินมาด้านบนตาราง {_RESEND_TH}",
        f"Sheet {{sheet}}: no header row in the first 20 rows (headers such as {{expected}}), "
        f"{_NOT_COUNTED_EN}; keep the form's column headers as they are, delete titles above "
        "the table and send it again",
    ),
    "column_missing": IssueKind(
        "error",
        f"แผ่นงาน {{sheet}} แถวหัวตาราง (แถว {{header_row}}) ไม่มีคอลัมน์ '{{header_th}}' ซึ่งต้องมี "
        f"{_NOT_COUNTED_TH} หัวคอลัมน์ที่พบในแถวนี้: {{found}}{{closest_part}} "
        f"กรุณาแก้หัวคอลัมน์ให้เป็น '{{header_th}}' ตามแบบรายงาน (หรือเพิ่มคอลัมน์นี้ถ้ายังไม่มี "
        f"หรือคัดลอกข้อมูลลงแบบรายงานเปล่าฉบับล่าสุด) {_RESEND_TH}",
        f"Sheet {{sheet}}: the header row (row {{header_row}}) has no column '{{header_th}}' "
        f"({{header_en}}), which is required, {_NOT_COUNTED_EN}. Headers found in that row: "
        "{found}.{closest_part} Rename the header to '{header_th}' as in the form (or add the "
        "column if it is not there, or copy the data into the latest blank form), then send "
        "it again",
        optional={
            "closest": (
                " หัวคอลัมน์ที่ใกล้เคียงที่สุดคือ '{closest}' (ช่อง {closest_cell})",
                " The closest is '{closest}' (cell {closest_cell}).",
            ),
        },
    ),
    "info_missing": IssueKind(
        "error",
        f"แผ่นงาน {{sheet}}: ยังไม่ได้กรอก '{{label_th}}' ระบบไม่ทราบว่าแบบรายงานนี้เป็นของ"
        f"หน่วยงาน พื้นที่ หรือเดือนใด {_NOT_COUNTED_TH} กรุณากรอกช่องนี้ {_RESEND_TH}",
        "Sheet {sheet}: '{label_th}' ({label_en}) is not filled in: without it the "
        "submission's agency, area or month is unknown, so it is not counted yet; fill it in "
        "and send it again",
    ),
    "agency_unknown": IssueKind(
        "error",
        f"{{where}}รหัสหน่วยงาน '{{value}}' ไม่มีในทะเบียนภาคี {_NOT_COUNTED_TH} กรุณาใส่รหัสหน่วยงาน"
        "ของท่านตามที่ศูนย์ประสานงานกำหนด (มีอยู่ในแบบรายงานเปล่าที่ศูนย์ส่งให้){closest_part} "
        f"ถ้ายังไม่มีรหัส กรุณาติดต่อศูนย์ประสานงาน แล้วส่งใหม่",
        f"{{where}}agency code '{{value}}' is not in the partner registry, {_NOT_COUNTED_EN}; "
        "enter your agency's code as the centre gave it (it is on the blank form the centre "
        "sent){closest_part}; if you have none, ask the centre, then send it again",
        optional={
            "closest": (
                " หากหมายถึง '{closest}' ให้แก้เป็นรหัสนี้",
                " (if you meant '{closest}', correct it to that)",
            )
        },
    ),
    "area_unknown": IssueKind(
        "error",
        f"{{where}}รหัสพื้นที่ '{{value}}' ไม่มีในแผนชุมชน {_NOT_COUNTED_TH}{{valid_part}} "
        f"กรุณาแก้รหัสพื้นที่ {_RESEND_TH}",
        f"{{where}}area code '{{value}}' is not in any community plan, {_NOT_COUNTED_EN}."
        "{valid_part} Correct the area code and send it again",
        optional={"valid": (" รหัสพื้นที่ที่ใช้ได้: {valid}", " Valid areas: {valid}.")},
    ),
    "period_invalid": IssueKind(
        "error",
        f"{{where}}เดือนที่รายงาน '{{value}}' อ่านไม่ได้ {_NOT_COUNTED_TH} กรุณาพิมพ์เดือนและปี พ.ศ. "
        f"ที่รายงาน เช่น พฤศจิกายน 2569 หรือ 11/2569 {_RESEND_TH}",
        f"{{where}}the month reported, '{{value}}', cannot be read, {_NOT_COUNTED_EN}; type the "
        "month and year, e.g. 2026-11, 11/2569 or พฤศจิกายน 2569, and send it again",
    ),
    "duplicate_file": IssueKind(
        "info",
        "ไฟล์นี้เหมือนกับไฟล์ {original} ทุกประการ จึงนับเป็นแบบรายงานฉบับเดียวกัน (นับครั้งเดียว) "
        "ไม่ต้องดำเนินการใด ๆ",
        "This file is identical in every respect to {original}, so it is counted once, as the "
        "same submission; nothing to do",
    ),
    "internal_error": IssueKind(
        "error",
        "ระบบประมวลผลไฟล์นี้ไม่สำเร็จเนื่องจากข้อขัดข้องของระบบเอง ไม่ได้เกิดจากแบบรายงานของท่าน "
        "จึงยังไม่นับในรอบนี้ ศูนย์ประสานงานได้รับแจ้งแล้ว ท่านไม่ต้องดำเนินการใด ๆ",
        "A processing fault, not caused by your workbook, stopped this file from being read, "
        "so it is not counted in this run; the centre has been told and there is nothing for "
        "you to do",
    ),
    "zero_line_replacement": IssueKind(
        "warning",
        "แบบรายงานนี้ไม่มีรายการงบประมาณเลย และเป็นฉบับล่าสุดของเดือน{period} จึงใช้แทนฉบับก่อนหน้า "
        "({replaced}) ซึ่งมีรายการงบประมาณ {replaced_lines} รายการ ผลคือเดือนนี้ไม่นับงบประมาณของ"
        "หน่วยงานนี้ใน{area} หากตั้งใจรายงานว่าไม่มีงบประมาณ ไม่ต้องดำเนินการใด ๆ หากส่งแบบรายงาน"
        "เปล่ามาโดยไม่ได้ตั้งใจ กรุณาเปิดแบบรายงานฉบับที่มีรายการ ตรวจสอบ บันทึก แล้วส่งใหม่",
        "This workbook lists no budget lines and, as the latest one for {period}, replaces the "
        "earlier one ({replaced}, {replaced_lines} lines): none of this agency's budget in "
        "{area} is counted this month. If you meant to report nothing, there is nothing to "
        "do; if a blank form was sent by mistake, open the workbook with your lines, check "
        "it, save it and send it again",
    ),
    # --- one row ----------------------------------------------------------------------
    "value_missing": IssueKind(
        "error",
        f"{{where}}ยังไม่ได้กรอก '{{header_th}}' ซึ่งต้องกรอก {_ROW_TH} กรุณากรอกให้ครบ",
        f"{{where}}'{{header_en}}' is required but empty, {_ROW_EN}; fill it in",
    ),
    "amount_invalid": IssueKind(
        "error",
        f"{{where}}'{{value}}' ไม่ใช่จำนวนเงิน {_ROW_TH} กรุณาพิมพ์เป็นตัวเลข เช่น 12500 หรือ 12,500.50",
        f"{{where}}'{{value}}' is not an amount, {_ROW_EN}; write a number such as 12500 or "
        "12,500.50",
    ),
    "amount_negative": IssueKind(
        "error",
        f"{{where}}{{header_th}}ติดลบ ({{value}} บาท) {_ROW_TH} กรุณาใส่จำนวนที่ไม่ติดลบ หากเป็นการคืนเงิน "
        "ให้ลดยอดในรายการเดิมแทน",
        f"{{where}}{{header_en}} is negative ({{value}} baht), {_ROW_EN}; enter a positive amount (for "
        "a return, reduce the original line instead)",
    ),
    "amount_too_precise": IssueKind(
        "error",
        f"{{where}}'{{value}}' มีทศนิยมเกิน 2 ตำแหน่ง {_ROW_TH} กรุณาปัดเศษให้เหลือทศนิยม 2 ตำแหน่ง (สตางค์)",
        f"{{where}}'{{value}}' has more than 2 decimal places, {_ROW_EN}; round it to 2 decimal "
        "places (satang)",
    ),
    "disbursed_over_budget": IssueKind(
        "error",
        f"{{where}}เบิกจ่ายสะสม ({{value}} บาท) มากกว่างบประมาณ ({{budget}} บาท) {_ROW_TH} "
        "กรุณาตรวจสอบว่าใส่ตัวเลขสลับคอลัมน์หรือไม่ หากงบประมาณเพิ่มขึ้น ให้แก้ยอดงบประมาณให้เป็นปัจจุบัน",
        f"{{where}}disbursed ({{value}} baht) is more than the budget ({{budget}} baht), {_ROW_EN}; "
        "check whether the two columns were swapped; if the budget grew, update it",
    ),
    "formula_no_value": IssueKind(
        "error",
        f"{{where}}มีสูตร (={{value}}) แต่ไม่มีค่าที่คำนวณไว้ {_ROW_TH} กรุณาเปิดไฟล์ใน Excel "
        "ให้คำนวณแล้วบันทึกใหม่ หรือพิมพ์ตัวเลขแทนสูตร",
        f"{{where}}holds a formula (={{value}}) without a calculated value, {_ROW_EN}; open the "
        "file in Excel, let it calculate and save it, or type the number",
    ),
    "date_invalid": IssueKind(
        "error",
        f"{{where}}'{{value}}' ไม่ใช่วันที่ {_ROW_TH} กรุณาพิมพ์วันที่ เช่น 1 ต.ค. 2569 หรือ 1/10/2569",
        f"{{where}}'{{value}}' is not a date, {_ROW_EN}; write a date such as 1 ต.ค. 2569 or "
        "1/10/2569",
    ),
    "end_before_start": IssueKind(
        "error",
        f"{{where}}วันสิ้นสุด ({{value}}) อยู่ก่อนวันเริ่ม ({{start}}) {_ROW_TH} กรุณาตรวจสอบว่า"
        "ใส่วันที่สลับช่องกันหรือพิมพ์ปีผิดหรือไม่ แล้วแก้ไข",
        f"{{where}}the end date ({{value}}) is before the start date ({{start}}), {_ROW_EN}; "
        "check whether the two were swapped or the year mistyped, and correct it",
    ),
    "integer_invalid": IssueKind(
        "error",
        f"{{where}}'{{value}}' ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป {_ROW_TH} กรุณาแก้เป็นตัวเลข เช่น 1, 2, 3",
        f"{{where}}'{{value}}' must be a whole number of at least 1, {_ROW_EN}; write a number "
        "such as 1, 2, 3",
    ),
    "fiscal_year_invalid": IssueKind(
        "error",
        f"{{where}}ปีงบประมาณ '{{value}}' อ่านไม่ได้ {_ROW_TH} กรุณาพิมพ์ปี พ.ศ. เช่น 2570",
        f"{{where}}fiscal year '{{value}}' cannot be read, {_ROW_EN}; write the Buddhist-era "
        "year, e.g. 2570",
    ),
    "code_invalid": IssueKind(
        "error",
        f"{{where}}รหัส '{{value}}' มีอักขระที่ใช้ไม่ได้ {_ROW_TH} รหัสใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ "
        "ตัวเลข และเครื่องหมาย - ไม่เกิน 32 ตัวอักษร เช่น AG-01 กรุณาแก้รหัสตามนี้",
        f"{{where}}code '{{value}}' may only hold English letters, digits and '-', at most 32 "
        f"characters (e.g. AG-01), {_ROW_EN}; correct it",
    ),
    "line_no_duplicate": IssueKind(
        "error",
        f"{{where}}ลำดับที่ {{value}} ซ้ำกับแถว {{first_row}} {_ROW_TH} (แถว {{first_row}} นับแล้ว) "
        "กรุณาเปลี่ยนลำดับที่ให้ไม่ซ้ำกัน หรือลบแถวที่ซ้ำออก",
        f"{{where}}line number {{value}} is already used on row {{first_row}} (which counts), "
        f"{_ROW_EN}; renumber it, or delete the repeated row",
    ),
    "plan_item_duplicate": IssueKind(
        "error",
        f"{{where}}รหัสโครงการ {{value}} ซ้ำกับแถว {{first_row}}{{first_file_part}} ในพื้นที่และ"
        f"ปีงบประมาณเดียวกัน {_ROW_TH} (แถวแรกนับแล้ว) กรุณาแก้รหัสให้ไม่ซ้ำ หรือลบแถวที่ซ้ำออก",
        f"{{where}}plan item {{value}} is already defined on row {{first_row}}{{first_file_part}} "
        f"for the same area and fiscal year (which counts), {_ROW_EN}; give it its own code "
        "or delete the repeated row",
        optional={"first_file": (" ในไฟล์ {first_file}", " of {first_file}")},
    ),
    "agency_duplicate": IssueKind(
        "error",
        f"{{where}}รหัสหน่วยงาน {{value}} ซ้ำกับแถว {{first_row}} {_ROW_TH} (แถวแรกนับแล้ว) "
        "กรุณาแก้รหัสให้ไม่ซ้ำ หรือลบแถวที่ซ้ำออก",
        f"{{where}}agency code {{value}} is already used on row {{first_row}} (which counts), "
        f"{_ROW_EN}; give it its own code or delete the repeated row",
    ),
    "key_missing": IssueKind(
        "error",
        f"{{where}}แถวนี้มีจำนวนเงินแต่ไม่มี '{{header_th}}' {_ROW_TH} กรุณาใส่ '{{header_th}}' ของแถวนี้",
        f"{{where}}this row has an amount but no '{{header_en}}', {_ROW_EN}; fill in its "
        "'{header_en}'",
    ),
    # --- kept, but the agency should know ---------------------------------------------
    "plan_item_unknown": IssueKind(
        "warning",
        "{where}รหัสโครงการ '{value}' ไม่มีในแผนชุมชน{area} ปีงบประมาณ พ.ศ. {fiscal_year} "
        "จึงนับเป็นงานนอกแผน (นับงบประมาณแล้ว) หากรายการนี้สนับสนุนโครงการในแผน กรุณาใช้รหัส"
        "โครงการจากรายการในรายงาน หากไม่ใช่ ให้เว้นว่างไว้",
        "{where}plan item '{value}' is not in the community plan of {area} for {fiscal_year}, "
        "so the line is counted as outside the plan. If it funds a plan item, use that item's "
        "code from the list in the report; otherwise leave it blank",
    ),
    "category_mismatch": IssueKind(
        "warning",
        "{where}หมวด '{value}' ไม่ตรงกับหมวดของโครงการ {plan_item_id} ในแผน ('{expected}') "
        "รายการนี้ยังนับตามหมวดของแผน กรุณาใช้หมวดตามแผนตั้งแต่เดือนหน้า",
        "{where}category '{value}' differs from plan item {plan_item_id}'s category in the "
        "plan ('{expected}'); the line still counts, under the plan's category: please use "
        "the plan's category from next month",
    ),
    "village_mismatch": IssueKind(
        "warning",
        "{where}หมู่ที่ '{value}' ไม่ตรงกับหมู่ที่ของโครงการ {plan_item_id} ในแผน ({expected}) "
        "รายการนี้ยังนับตามโครงการในแผน กรุณาตรวจสอบหมู่ที่ และใช้หมู่ที่ตามแผนตั้งแต่เดือนหน้า",
        "{where}village '{value}' differs from plan item {plan_item_id}'s village in the plan "
        "({expected}); the line still counts for the plan item: please check the village and "
        "use the plan's from next month",
    ),
    "merged_amount": IssueKind(
        "warning",
        "{where}จำนวนเงินอยู่ในช่องที่ผสานไว้หลายแถว ({range}) นับจำนวนนี้ครั้งเดียวในแถวแรก "
        "หากเป็นเงินของหลายรายการ กรุณายกเลิกการผสานช่องและใส่จำนวนเงินของแต่ละรายการ",
        "{where}the amount is in a cell merged over several rows ({range}) and counts once, "
        "on the first row; if it belongs to several lines, unmerge the cells and enter each "
        "line's amount",
    ),
    # --- results of a line (none of them keeps a line's money from counting) -------------
    "quantity_invalid": IssueKind(
        "warning",
        "{where}อ่าน '{value}' ในช่อง{header_th}เป็นตัวเลขไม่ได้ จึงยังไม่นับค่านี้ (แถวนี้ยังนับตามปกติ) "
        "กรุณาพิมพ์เป็นตัวเลขไม่ติดลบ เช่น 120 หรือ ๑๒๐ หรือ 2.5",
        "{where}'{value}' in {header_en} cannot be read as a number, so this value is not "
        "counted (the row still counts); write a number of zero or more such as 120, "
        "๑๒๐ or 2.5",
    ),
    "count_invalid": IssueKind(
        "warning",
        "{where}'{value}' ในช่อง{header_th}ต้องเป็นจำนวนเต็มไม่ติดลบ จึงยังไม่นับค่านี้ "
        "(แถวนี้ยังนับตามปกติ) กรุณาพิมพ์จำนวน เช่น 35 หรือ ๓๕",
        "{where}'{value}' in {header_en} must be a whole number of zero or more, so it is not "
        "counted (the row still counts); write a number such as 35",
    ),
    "progress_invalid": IssueKind(
        "warning",
        "{where}สถานะ '{value}' อ่านไม่ได้ จึงยังไม่นับสถานะของแถวนี้ (งบประมาณนับแล้ว) "
        "กรุณาเลือก ยังไม่เริ่ม, กำลังดำเนินการ หรือ เสร็จแล้ว",
        "{where}progress '{value}' cannot be read, so the row's progress is not counted (its "
        "money is); write ยังไม่เริ่ม (not started), กำลังดำเนินการ (ongoing) or เสร็จแล้ว (done)",
    ),
    "result_without_indicator": IssueKind(
        "warning",
        "{where}รายงานผลงาน {value} ไว้กับโครงการ {plan_item_id} แต่โครงการนี้ยังไม่มีตัวชี้วัดในแผนชุมชน "
        "จึงยังไม่นับผลงานนี้เข้าโครงการ (งบประมาณนับแล้ว) หากโครงการควรมีตัวชี้วัด กรุณาแจ้งทีมแผนชุมชน "
        "หากไม่ใช่ ให้เขียนผลในช่องผลการดำเนินงานแทน",
        "{where}a quantity of {value} is reported for plan item {plan_item_id}, which has no "
        "indicator in the community plan, so it is not counted for the item (the money is); "
        "if the item should have one, tell the planning team, otherwise write the result in "
        "words in the result column",
    ),
    "unit_mismatch": IssueKind(
        "warning",
        "{where}หน่วยนับ '{value}' ไม่ตรงกับหน่วยนับของตัวชี้วัดโครงการ {plan_item_id} ในแผน "
        "('{expected}') จึงยังไม่นับผลงานของแถวนี้เข้าโครงการ (งบประมาณนับแล้ว) กรุณาแปลงผลงานเป็น "
        "'{expected}' ถ้าเป็นหน่วยเดียวกันอยู่แล้ว ให้เว้นช่องหน่วยนับว่างและไม่พิมพ์หน่วยอื่นต่อท้ายตัวเลข",
        "{where}unit '{value}' differs from the unit of plan item {plan_item_id}'s indicator "
        "in the plan ('{expected}'), so the row's quantity is not counted for the item (its "
        "money is); write the quantity in '{expected}'; if it already is, leave the unit cell "
        "blank and write no other unit after the number",
    ),
    "done_without_disbursement": IssueKind(
        "warning",
        "{where}สถานะเป็น เสร็จแล้ว แต่ยังไม่มีเบิกจ่าย (งบประมาณ {budget} บาท) รายการนี้ยังนับตามที่กรอก "
        "กรุณาตรวจสอบว่ากรอกเบิกจ่ายสะสมครบหรือไม่ หรือสถานะควรเป็น กำลังดำเนินการ",
        "{where}progress is done but nothing is disbursed (budget {budget} baht); the row counts "
        "as written: check that the cumulative disbursement is filled in, or whether the "
        "progress should be ongoing",
    ),
    "quantity_decreased": IssueKind(
        "warning",
        "{where}ผลงานสะสมของหน่วยงานนี้ในโครงการ {plan_item_id} รวมทุกรายการ {value} น้อยกว่าที่รายงานไว้"
        "ในเดือน{previous_period} ({previous}) โดยไม่มีหมายเหตุ ผลงานสะสมนับตามที่กรอกเดือนนี้ "
        "ผลงานสะสมไม่ควรลดลง หากเป็นการแก้ตัวเลขเดิม กรุณาเขียนเหตุผลในช่องหมายเหตุ",
        "{where}this agency's cumulative quantity for plan item {plan_item_id}, {value} in all "
        "its lines, is lower than it reported for {previous_period} ({previous}), without "
        "a note; this month's figure counts. A cumulative quantity should not fall: if an "
        "earlier figure is being corrected, say why in the note column",
    ),
    "quantity_same_as_partner": IssueKind(
        "warning",
        "{where}ผลงานรวมทุกรายการของหน่วยงานนี้ในโครงการ {plan_item_id} ({value}) เท่ากับที่ {partner} รายงานไว้พอดี "
        "อาจเป็นผลงานเดียวกันที่รายงานซ้ำสองหน่วยงาน ผลงานของทั้งสองยังนับรวมกัน กรุณาตรวจสอบและรายงาน"
        "เฉพาะส่วนที่หน่วยงานนี้ทำได้",
        "{where}this agency's quantity for plan item {plan_item_id} in all its lines ({value}) is exactly what "
        "{partner} reports: likely the same result reported twice; both still count, added "
        "together. Please check and report only this agency's own part",
    ),
    "registry_area_unknown": IssueKind(
        "warning",
        "{where}พื้นที่ '{value}' ของ{agency} ไม่มีในแผนชุมชน จึงไม่นับเป็นพื้นที่ที่หน่วยงานนี้"
        "ต้องส่งแบบรายงาน กรุณาตรวจสอบรหัสพื้นที่ในทะเบียนภาคี หรือเพิ่มแผนชุมชนของพื้นที่นั้น",
        "{where}area '{value}' listed for {agency} is not in any community plan, so it does "
        "not count as an area the agency must report for; check the area code in the "
        "registry or add that area's plan",
    ),
    # --- the plan's hierarchy of areas (`oneplan.check.hierarchy`) ------------------------
    # Warnings: the plan item counts; only the row's district, province or geocode is not used.
    "geocode_invalid": IssueKind(
        "warning",
        "{where}รหัสภูมิศาสตร์ '{value}' ไม่ใช่รหัสตำบล 6 หลักของกรมการปกครอง จึงไม่ใช้รหัสนี้"
        "{given_part} (โครงการในแถวนี้ยังนับตามปกติ) กรุณาแก้เป็นตัวเลข 6 หลัก เช่น 930516 หรือเว้นว่างไว้",
        "{where}geocode '{value}' is not a 6-digit sub-district code of the Department of "
        "Provincial Administration, so it is not used{given_part} (the plan item still counts); write the 6 digits, e.g. "
        "930516, or leave it blank",
        optional={"given": (" (ยังใช้{given}ที่ระบุในแถวนี้)", " (the {given} on this row still count)")},
    ),
    "geocode_unknown": IssueKind(
        "warning",
        "{where}ไม่พบตำบลรหัส {value} ในรายชื่อตำบลของกรมการปกครอง จึงไม่ใช้รหัสนี้{given_part} "
        "(โครงการในแถวนี้ยังนับตามปกติ) กรุณาตรวจสอบรหัส หรือเว้นว่างไว้",
        "{where}no sub-district has the code {value} in the Department of Provincial "
        "Administration's list, so it is not used{given_part} (the plan item still counts); check the code or leave it blank",
        optional={"given": (" (ยังใช้{given}ที่ระบุในแถวนี้)", " (the {given} on this row still count)")},
    ),
    "geocode_mismatch": IssueKind(
        "warning",
        "{where}รหัสภูมิศาสตร์ {value} คือ{coded} แต่แถวนี้ระบุ{given} จึงไม่ใช้อำเภอและจังหวัดของ"
        "แถวนี้ในการรวมตัวเลขรายอำเภอและจังหวัด (โครงการในแถวนี้ยังนับตามปกติ) กรุณาแก้รหัสหรือชื่อให้ตรงกัน",
        "{where}geocode {value} is {coded}, but this row gives {given}, so this row's district "
        "and province are not used for the district and province figures (the plan item still "
        "counts); correct the code "
        "or the names so that they agree",
    ),
    "area_place_conflict": IssueKind(
        "warning",
        "{where}{area} อยู่ใน{first} ตามแถว {first_row}{first_file_part} แต่แถวนี้ระบุ{given} "
        "พื้นที่หนึ่งสังกัดอำเภอและจังหวัดเดียว จึงใช้ตามแถว {first_row} (โครงการในแถวนี้ยังนับตามปกติ) กรุณาแก้ให้ตรงกัน",
        "{where}{area} is in {first} by row {first_row}{first_file_part}, but this row gives "
        "{given}; an area belongs to one district and province, so row {first_row} is used (the plan item still counts); "
        "correct them so that they agree",
        optional={"first_file": (" ในไฟล์ {first_file}", " of {first_file}")},
    ),
    "district_province_conflict": IssueKind(
        "warning",
        "{where}{district} อยู่ใน{first} ตามแถว {first_row}{first_file_part} "
        "และรายชื่อของกรมการปกครองไม่มีอำเภอชื่อนี้ใน{given} จึงไม่ใช้อำเภอและจังหวัดของแถวนี้ "
        "(โครงการในแถวนี้ยังนับตามปกติ) กรุณาแก้ชื่ออำเภอหรือจังหวัดให้ถูกต้อง หรือระบุรหัสภูมิศาสตร์",
        "{where}{district} is in {first} by row {first_row}{first_file_part}, and the "
        "Department of Provincial Administration's list has no district of this name in "
        "{given}, so this row's district and province are not used (the plan item still "
        "counts); correct the district or the province, or give the geocode",
        optional={"first_file": (" ในไฟล์ {first_file}", " of {first_file}")},
    ),
    # --- recorded only ----------------------------------------------------------------
    "total_row_skipped": IssueKind(
        "info",
        "{where}แถวผลรวม ('{value}') ไม่นับเป็นรายการ เพื่อไม่ให้นับยอดซ้ำ ไม่ต้องดำเนินการใด ๆ",
        "{where}the total row ('{value}') is not counted as a line, so that nothing counts "
        "twice; nothing to do",
    ),
    "note_row_skipped": IssueKind(
        "info",
        "{where}ข้อความ ('{value}') ไม่ใช่รายการงบประมาณ จึงไม่นับและข้ามไป ไม่ต้องดำเนินการใด ๆ",
        "{where}the text ('{value}') is not a budget line and was skipped (not counted); "
        "nothing to do",
    ),
}
