"""Words the reports (and the pages and messages that share them) show for codes:
statuses, alignment and support types, in Thai and English. (Severities are worded by
the issue catalogue: `oneplan.issues.severity_label`.)

The Thai words follow the review of the reports' Thai (`ไม่ผ่านการตรวจสอบ`, not
`ใช้ไม่ได้`; `เดือนก่อน`, not `งวดก่อน`, which reads as an instalment).
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "th": {
        "submitted": "ส่งแล้ว",
        "resubmitted": "ส่งฉบับแก้ไขแล้ว",
        "carried_forward": "ใช้ข้อมูลเดือนก่อน",
        "rejected": "แบบรายงานไม่ผ่านการตรวจสอบ",
        "missing": "ยังไม่ส่ง",
        "unfunded": "ยังไม่ได้รับงบประมาณ",
        "partial": "ได้รับงบบางส่วน",
        "funded": "ได้รับงบครบ",
        "over": "ได้รับงบเกินความต้องการ",
        "no_budget_needed": "ไม่ต้องใช้งบประมาณ",
        "aligned": "สอดคล้องกับแผน",
        "unknown_item": "ไม่พบรหัสในแผน",
        "unaligned": "นอกแผน",
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
        "aligned": "yes",
        "unknown_item": "unknown plan item",
        "unaligned": "outside the plan",
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


# A period's timeliness (`oneplan.timeliness`): its own words, as "missing" there means
# past the deadline, where a submission status "missing" means nothing sent yet.
TIMELINESS_LABELS: dict[str, dict[str, str]] = {
    "th": {
        "on_time": "ส่งทันกำหนด",
        "late": "ส่งหลังกำหนด",
        "pending": "ยังไม่ส่ง (ยังไม่ถึงกำหนด)",
        "missing": "ไม่ส่ง (เลยกำหนดแล้ว)",
    },
    "en": {
        "on_time": "on time",
        "late": "late",
        "pending": "pending (not yet due)",
        "missing": "missing (past the deadline)",
    },
}


def timeliness_label(status: str, lang: str) -> str:
    return TIMELINESS_LABELS[lang if lang in TIMELINESS_LABELS else "th"][status]
