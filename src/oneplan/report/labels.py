"""Words the reports show for codes (statuses, alignment, severities), in Thai and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "th": {
        "submitted": "ส่งแล้ว",
        "resubmitted": "ส่งฉบับแก้ไขแล้ว",
        "carried_forward": "ใช้ข้อมูลงวดก่อน",
        "rejected": "ไฟล์ใช้ไม่ได้",
        "missing": "ยังไม่ส่ง",
        "unfunded": "ยังไม่มีงบ",
        "partial": "ได้งบบางส่วน",
        "funded": "ได้งบครบ",
        "over": "งบเกิน",
        "no_budget_needed": "ไม่ต้องใช้งบ",
        "aligned": "ตรงแผน",
        "unknown_item": "รหัสไม่มีในแผน",
        "unaligned": "นอกแผน",
        "error": "ข้อผิดพลาด",
        "warning": "คำเตือน",
        "info": "ข้อมูล",
        "cash": "เงิน",
        "in_kind": "สิ่งของ",
        "staff": "บุคลากร",
        "none": "-",
    },
    "en": {
        "submitted": "submitted",
        "resubmitted": "resubmitted",
        "carried_forward": "carried forward",
        "rejected": "rejected",
        "missing": "missing",
        "unfunded": "unfunded",
        "partial": "partly funded",
        "funded": "funded",
        "over": "over-committed",
        "no_budget_needed": "needs no budget",
        "aligned": "in the plan",
        "unknown_item": "unknown plan item",
        "unaligned": "outside the plan",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "cash": "cash",
        "in_kind": "in kind",
        "staff": "staff",
        "none": "-",
    },
}


def label(code: str | None, lang: str) -> str:
    if not code:
        return LABELS[lang]["none"]
    return LABELS[lang].get(code, code)
