"""The network summary's headline sentences, with their units, as the review of the
reports' Thai proposes: how many plan items of each status, how many partners sent what,
and whom to follow up. A status no item or partner has is left out of its sentence.

A count and its unit are apart by a plain space: after a no-break space LibreOffice breaks
the unit inside a syllable (`1 หน่|วยงาน`)."""

from __future__ import annotations

ITEM_WORDS = {
    "th": {
        "unfunded": "ยังไม่ได้รับงบประมาณ",
        "partial": "ได้รับงบบางส่วน",
        "funded": "ได้รับงบครบ",
        "over": "ได้รับงบเกินความต้องการ",
        "no_budget_needed": "ไม่ต้องใช้งบประมาณ",
    },
    "en": {
        "unfunded": "unfunded",
        "partial": "partly funded",
        "funded": "funded",
        "over": "over-committed",
        "no_budget_needed": "needing no budget",
    },
}
AGENCY_WORDS = {
    "th": {
        "submitted": "ส่งแบบรายงานแล้ว",
        "resubmitted": "ส่งฉบับแก้ไขแล้ว",
        "carried_forward": "ใช้ข้อมูลเดือนก่อน",
        "missing": "ยังไม่ส่ง",
        "rejected": "แบบรายงานไม่ผ่านการตรวจสอบ",
    },
    "en": {
        "submitted": "submitted",
        "resubmitted": "resubmitted",
        "carried_forward": "carried forward",
        "missing": "missing",
        "rejected": "rejected",
    },
}


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def items_sentence(counts: dict[str, int], co_funded: int, lang: str) -> str:
    """`โครงการในแผน 11 โครงการ ได้แก่ ยังไม่ได้รับงบประมาณ 1 โครงการ … (ในจำนวนนี้มี
    ภาคีสนับสนุนร่วม 6 โครงการ)` / `11 plan items: 1 unfunded, … (6 of them co-funded)`."""
    total = sum(counts.values())
    words = ITEM_WORDS[lang]
    shown = [(words[status], counts[status]) for status in words if counts.get(status)]
    if lang == "th":
        if not total:
            return "ยังไม่มีโครงการในแผนของพื้นที่นี้"
        text = f"โครงการในแผน {total} โครงการ ได้แก่ " + " ".join(
            f"{word} {count} โครงการ" for word, count in shown
        )
        return text + (f" (ในจำนวนนี้มีภาคีสนับสนุนร่วม {co_funded} โครงการ)" if co_funded else "")
    if not total:
        return "The area's plan has no items yet."
    text = _counted(total, "plan item", "plan items") + ": "
    text += ", ".join(f"{count} {word}" for word, count in shown)
    return text + (f" ({co_funded} of them co-funded)" if co_funded else "") + "."


def agencies_sentence(counts: dict[str, int], lang: str) -> str:
    """`ภาคีเครือข่าย 9 หน่วยงาน: ส่งแบบรายงานแล้ว 5 หน่วยงาน …` / `9 partners: 5 submitted, …`."""
    total = sum(counts.values())
    words = AGENCY_WORDS[lang]
    shown = [(words[status], counts[status]) for status in words if counts.get(status)]
    if lang == "th":
        if not total:
            return "ยังไม่มีภาคีเครือข่ายในพื้นที่นี้"
        return f"ภาคีเครือข่าย {total} หน่วยงาน: " + " ".join(
            f"{word} {count} หน่วยงาน" for word, count in shown
        )
    if not total:
        return "No partner works in this area yet."
    text = _counted(total, "partner", "partners") + ": "
    return text + ", ".join(f"{count} {word}" for word, count in shown) + "."


def follow_up_sentence(names_and_statuses: list[tuple[str, str]], lang: str) -> str:
    """The partners whose figures are not in yet (missing, rejected), named; '' if none."""
    if not names_and_statuses:
        return ""
    words = AGENCY_WORDS[lang]
    named = ", ".join(f"{name} ({words[status]})" for name, status in names_and_statuses)
    return ("ภาคีที่ควรติดตาม: " if lang == "th" else "To follow up: ") + named


# The statuses as the sentence says them: it is read after the deadline's day, so that
# `ไม่ส่ง` needs no `(เลยกำหนดแล้ว)`.
SAID_SHORT = {
    "th": {"late": "ส่งหลังกำหนด", "missing": "ไม่ส่ง"},
    "en": {"late": "late", "missing": "missing"},
}


def timeliness_sentence(rows: list, names: dict[str, str], lang: str) -> str:
    """Who reported by the deadline in an area (`oneplan.timeliness`), to follow the
    agencies' sentence (which says how many sent): `ส่งทันกำหนด 2 จาก 4 หน่วยงาน (ร้อยละ
    50.00) ส่งหลังกำหนด: ธ.ก.ส. (2 วัน 10 ชั่วโมง) ไม่ส่ง: อบต.แพรกหา`;
    '' when the area expects nobody. Agencies not yet due are counted (`ยังไม่ถึงกำหนดส่ง 2
    หน่วยงาน`), not named: the follow-up line names those that sent nothing. `rows` are the
    area's timeliness rows, `names` agency code -> name."""
    from oneplan.report.formats import percent_text
    from oneplan.values.money import ratio
    from oneplan.values.text import in_thai_dictionary_order
    from oneplan.values.times import duration_words

    if not rows:
        return ""
    expected, on_time = len(rows), sum(row.status == "on_time" for row in rows)
    share = percent_text(ratio(on_time, expected), lang)  # the area's on-time rate
    parts = [
        f"ส่งทันกำหนด {on_time} จาก {expected} หน่วยงาน ({share})"
        if lang == "th"
        else f"{on_time} of {expected} on time ({share})"
    ]
    for status in ("late", "missing"):
        found = in_thai_dictionary_order(
            [r for r in rows if r.status == status],
            name=lambda r: names.get(r.agency_code, r.agency_code),
        )
        if found:
            listed = ", ".join(
                names.get(r.agency_code, r.agency_code)
                + (f" ({duration_words(r.minutes_late, lang)})" if status == "late" else "")
                for r in found
            )
            parts.append(f"{SAID_SHORT[lang].get(status, status)}: {listed}")
    pending = sum(row.status == "pending" for row in rows)
    if pending:  # counted, not named: they may still send in time
        parts.append(
            f"ยังไม่ถึงกำหนดส่ง {pending} หน่วยงาน" if lang == "th" else f"{pending} not yet due"
        )
    return " ".join(parts) if lang == "th" else "; ".join(parts) + "."
