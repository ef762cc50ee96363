"""What both writers of a feedback copy write alike (`oneplan.report.feedback` with
openpyxl, `oneplan.report.feedback_xml` in the package's XML): the problems sheet's name,
headings and colours, and the fill of each severity."""

from __future__ import annotations

PROBLEMS_SHEET = "ปัญหาที่พบ"
# severity -> the RRGGBB of its fill: red for an error, yellow for a warning.
FILL_COLOURS = {"error": "FFC7CE", "warning": "FFEB9C"}
HEADER_FILL = "DDEBF7"
HEADERS = ["ที่", "ระดับ", "แผ่นงาน", "ช่อง", "ปัญหาและวิธีแก้ไข", "Problem and what to do", "รหัส"]
NOTES_TITLE = "แจ้งเพื่อทราบ (ไม่ใช่ปัญหา ไม่ต้องแก้ไข) / For your information (nothing to fix)"
COLUMN_WIDTHS = (6, 30, 18, 10, 70, 60, 22)


def comment_text(message_th: str, message_en: str) -> str:
    """A problem's comment on its cell: Thai, a blank line, English."""
    return f"{message_th}\n\n{message_en}"
