"""The catalogue of issue kinds: every issue code with its severity and its message
templates in Thai and in English, the one place where they are written.

A data table (one entry per code), kept whole in one module so that the codes and their
wording are read and reviewed together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class IssueKind:
    severity: Severity
    message_th: str
    message_en: str


# code -> severity and message templates; {where} is filled with "ช่อง F12: " / "Cell F12: "
# (or the row, or nothing for a whole-file problem), other fields by the caller.
CATALOGUE: dict[str, IssueKind] = {
    # --- whole file -------------------------------------------------------------------
    "file_unreadable": IssueKind(
        "error",
        "เปิดไฟล์นี้ไม่ได้ ({reason}) กรุณาบันทึกเป็นไฟล์ Excel (.xlsx) แล้วส่งใหม่",
        "The file cannot be opened ({reason}); save it as an Excel workbook (.xlsx) and send it again",
    ),
    "file_type_unsupported": IssueKind(
        "error",
        "ไฟล์ชนิด {suffix} ใช้ไม่ได้ กรุณาบันทึกเป็นไฟล์ Excel (.xlsx) แล้วส่งใหม่",
        "Files of type {suffix} are not accepted; save it as an Excel workbook (.xlsx) and send it again",
    ),
    "file_empty": IssueKind(
        "error",
        "ไฟล์ว่างเปล่า (0 ไบต์) อาจส่งไฟล์ผิดหรือบันทึกไม่สำเร็จ กรุณาส่งใหม่",
        "The file is empty (0 bytes); it may be the wrong file or was not saved properly; send it again",
    ),
    "file_too_large": IssueKind(
        "error",
        "ไฟล์ใหญ่เกินไป ({size} ไบต์ เกินขีดจำกัด {limit} ไบต์) กรุณาส่งเฉพาะแบบรายงาน",
        "The file is too large ({size} bytes, the limit is {limit}); send only the submission workbook",
    ),
    "file_encrypted": IssueKind(
        "error",
        "ไฟล์นี้ตั้งรหัสผ่านไว้ จึงเปิดอ่านไม่ได้ กรุณาเอารหัสผ่านออก (แฟ้ม > ข้อมูล > ป้องกันเวิร์กบุ๊ก) แล้วส่งใหม่",
        "The workbook is password-protected and cannot be read; remove the password (File > Info > Protect Workbook) and send it again",
    ),
    "file_not_workbook": IssueKind(
        "error",
        "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) แต่เป็น {found} กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx",
        "This is not an Excel workbook (.xlsx) but {found}; open it in Excel and save it as .xlsx",
    ),
    "file_bomb": IssueKind(
        "error",
        "ไฟล์มีโครงสร้างผิดปกติที่อาจเป็นอันตราย ({reason}) จึงไม่เปิดอ่าน กรุณาส่งแบบรายงานที่บันทึกจาก Excel ตามปกติ",
        "The file has an abnormal, possibly hostile structure ({reason}) and was not opened; send a workbook saved normally by Excel",
    ),
    "sheet_too_large": IssueKind(
        "error",
        "แผ่นงาน {sheet} ใช้พื้นที่ {cells} ช่อง เกินขีดจำกัด {limit} ช่อง อาจมีข้อมูลหลงอยู่ไกลจากตาราง กรุณาลบแถว/คอลัมน์ที่ไม่ใช้",
        "Sheet {sheet} spans {cells} cells, more than the limit of {limit}; a stray value may sit far from the table: delete unused rows and columns",
    ),
    "file_changing": IssueKind(
        "error",
        "ไฟล์กำลังถูกเขียนอยู่ (ขนาดเปลี่ยนระหว่างอ่าน) จะอ่านใหม่ในรอบถัดไป",
        "The file was still being written (its size changed while reading); it will be read in the next run",
    ),
    "sheet_missing": IssueKind(
        "error",
        "ไม่พบแผ่นงาน '{sheet_th}' (หรือ '{sheet_en}') ในไฟล์ แผ่นงานที่มี: {found}",
        "No sheet named '{sheet_th}' (or '{sheet_en}') in the file; sheets found: {found}",
    ),
    "header_not_found": IssueKind(
        "error",
        "แผ่นงาน {sheet}: ไม่พบแถวหัวตารางใน 20 แถวแรก (ต้องมีหัวคอลัมน์ เช่น {expected})",
        "Sheet {sheet}: no header row in the first 20 rows (expected headers such as {expected})",
    ),
    "column_missing": IssueKind(
        "error",
        "แผ่นงาน {sheet}: ไม่มีคอลัมน์ '{header_th}' ({header_en}) ในแถวหัวตาราง (แถว {header_row}) กรุณาเพิ่มคอลัมน์นี้",
        "Sheet {sheet}: column '{header_en}' ('{header_th}') is missing from the header row (row {header_row}); add it",
    ),
    "info_missing": IssueKind(
        "error",
        "แผ่นงาน {sheet}: ไม่ได้กรอก '{label_th}' ({label_en})",
        "Sheet {sheet}: '{label_en}' ('{label_th}') is not filled in",
    ),
    "agency_unknown": IssueKind(
        "error",
        "{where}รหัสหน่วยงาน '{value}' ไม่มีในทะเบียนภาคี กรุณาตรวจสอบรหัสกับศูนย์ประสานงาน",
        "{where}agency code '{value}' is not in the partner registry; check the code with the coordination centre",
    ),
    "area_unknown": IssueKind(
        "error",
        "{where}รหัสพื้นที่ '{value}' ไม่มีในแผนชุมชน กรุณาตรวจสอบรหัสพื้นที่",
        "{where}area code '{value}' is not in any community plan; check the area code",
    ),
    "period_invalid": IssueKind(
        "error",
        "{where}งวดรายงาน '{value}' อ่านไม่ได้ (ตัวอย่างที่ถูกต้อง: 2569-11, 11/2569, พฤศจิกายน 2569)",
        "{where}reporting period '{value}' cannot be read (e.g. 2026-11, 11/2569, พฤศจิกายน 2569)",
    ),
    "duplicate_file": IssueKind(
        "info",
        "ไฟล์นี้มีเนื้อหาเหมือนไฟล์ {original} ทุกไบต์ จึงนับเป็นแบบรายงานเดียวกัน",
        "This file is byte-identical to {original} and is counted as the same submission",
    ),
    "internal_error": IssueKind(
        "error",
        "oneplan ทำงานขั้นตอน '{step}' กับไฟล์นี้ไม่สำเร็จเพราะข้อผิดพลาดของโปรแกรมเอง ไม่ใช่ความผิดของหน่วยงาน ได้แจ้งผู้ประสานงานแล้ว",
        "oneplan failed at step '{step}' on this file because of a fault of its own, not the agency's; the coordinator has been told",
    ),
    # --- one row ----------------------------------------------------------------------
    "value_missing": IssueKind(
        "error",
        "{where}ไม่ได้กรอก '{header_th}' ซึ่งต้องกรอก",
        "{where}'{header_en}' is required but empty",
    ),
    "amount_invalid": IssueKind(
        "error",
        "{where}'{value}' ไม่ใช่จำนวนเงิน ต้องเป็นตัวเลข เช่น 12500 หรือ 12,500.50",
        "{where}'{value}' is not an amount; write a number such as 12500 or 12,500.50",
    ),
    "amount_negative": IssueKind(
        "error",
        "{where}{header_th}ติดลบ ({value}) ต้องเป็นจำนวนไม่ติดลบ",
        "{where}{header_en} is negative ({value}); it must not be negative",
    ),
    "amount_too_precise": IssueKind(
        "error",
        "{where}'{value}' มีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)",
        "{where}'{value}' has more than 2 decimals (satang)",
    ),
    "disbursed_over_budget": IssueKind(
        "error",
        "{where}เบิกจ่ายสะสม ({value}) มากกว่างบประมาณ ({budget})",
        "{where}disbursed ({value}) is more than the budget ({budget})",
    ),
    "formula_no_value": IssueKind(
        "error",
        "{where}มีสูตร (={value}) แต่ไม่มีค่าที่คำนวณไว้ กรุณาเปิดไฟล์ใน Excel ให้คำนวณแล้วบันทึกใหม่ หรือพิมพ์ตัวเลขแทนสูตร",
        "{where}holds a formula (={value}) without a calculated value; open the file in Excel, let it calculate and save it, or type the number",
    ),
    "date_invalid": IssueKind(
        "error",
        "{where}'{value}' ไม่ใช่วันที่ (ตัวอย่าง: 1 ต.ค. 2569 หรือ 1/10/2569)",
        "{where}'{value}' is not a date (e.g. 1 ต.ค. 2569 or 1/10/2569)",
    ),
    "end_before_start": IssueKind(
        "error",
        "{where}วันสิ้นสุด ({value}) อยู่ก่อนวันเริ่ม ({start})",
        "{where}the end date ({value}) is before the start date ({start})",
    ),
    "integer_invalid": IssueKind(
        "error",
        "{where}'{value}' ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป",
        "{where}'{value}' must be a whole number of at least 1",
    ),
    "fiscal_year_invalid": IssueKind(
        "error",
        "{where}ปีงบประมาณ '{value}' อ่านไม่ได้ (ตัวอย่าง: 2570)",
        "{where}fiscal year '{value}' cannot be read (e.g. 2570)",
    ),
    "code_invalid": IssueKind(
        "error",
        "{where}รหัส '{value}' ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข และ - ไม่เกิน 32 ตัว",
        "{where}code '{value}' may only hold letters, digits and '-', at most 32",
    ),
    "line_no_duplicate": IssueKind(
        "error",
        "{where}ลำดับที่ {value} ซ้ำกับแถว {first_row} ใช้ลำดับที่ไม่ซ้ำกัน",
        "{where}line number {value} is already used on row {first_row}; use a unique number",
    ),
    "plan_item_duplicate": IssueKind(
        "error",
        "{where}รหัสโครงการ {value} ซ้ำกับ {first} ในพื้นที่และปีงบประมาณเดียวกัน",
        "{where}plan item {value} is already defined at {first} for the same area and fiscal year",
    ),
    "agency_duplicate": IssueKind(
        "error",
        "{where}รหัสหน่วยงาน {value} ซ้ำกับแถว {first_row}",
        "{where}agency code {value} is already used on row {first_row}",
    ),
    "key_missing": IssueKind(
        "error",
        "{where}แถวนี้มีจำนวนเงินแต่ไม่มี '{header_th}' จึงไม่นับ",
        "{where}this row has an amount but no '{header_en}', so it is not counted",
    ),
    # --- kept, but the agency should know ---------------------------------------------
    "plan_item_unknown": IssueKind(
        "warning",
        "{where}รหัสโครงการ '{value}' ไม่มีในแผนชุมชนของพื้นที่ {area_code} ปีงบประมาณ {fiscal_year} จึงนับเป็นงานนอกแผน",
        "{where}plan item '{value}' is not in the community plan of {area_code} for fiscal year {fiscal_year}; counted as outside the plan",
    ),
    "category_mismatch": IssueKind(
        "warning",
        "{where}หมวด '{value}' ไม่ตรงกับหมวดของโครงการ {plan_item_id} ในแผน ('{expected}')",
        "{where}category '{value}' differs from the plan item {plan_item_id}'s category ('{expected}')",
    ),
    "village_mismatch": IssueKind(
        "warning",
        "{where}หมู่ที่ '{value}' ไม่ตรงกับหมู่ที่ของโครงการ {plan_item_id} ในแผน ({expected})",
        "{where}village '{value}' differs from the plan item {plan_item_id}'s village ({expected})",
    ),
    "merged_amount": IssueKind(
        "warning",
        "{where}จำนวนเงินอยู่ในช่องที่ผสานไว้หลายแถว ({range}) นับครั้งเดียวในแถวแรก",
        "{where}the amount is in a cell merged over several rows ({range}); it counts once, on the first row",
    ),
    "registry_area_unknown": IssueKind(
        "warning",
        "{where}พื้นที่ '{value}' ของหน่วยงาน {agency_code} ไม่มีในแผนชุมชน",
        "{where}area '{value}' listed for agency {agency_code} is not in any community plan",
    ),
    # --- recorded only ----------------------------------------------------------------
    "total_row_skipped": IssueKind(
        "info",
        "{where}แถวผลรวม ('{value}') ไม่นับเป็นรายการ",
        "{where}total row ('{value}') is not counted as a line",
    ),
    "note_row_skipped": IssueKind(
        "info",
        "{where}ข้อความ ('{value}') ไม่ใช่รายการ จึงข้ามไป",
        "{where}text ('{value}') is not a line and was skipped",
    ),
}
