"""The words of the reports' results sections (`oneplan.report.results_section`), in Thai
and English: how an item's result stands against the share of the fiscal year elapsed,
how an agency's part is progressing, and the sentences that say what "on track" means.

An item's state (`ตามเป้า`) and a part's progress (`ยังไม่เริ่ม`) are different things: an
item is on track by its figures; a partner says whether its own work has started. A count
and its unit are apart by a plain space, as in the headline sentences
(`oneplan.report.headline`).
"""

from __future__ import annotations

from fractions import Fraction

from oneplan.report.formats import percent, percent_text
from oneplan.schemas import PROGRESS_TH
from oneplan.values.numbers import missing

STATE_WORDS = {
    "th": {
        "on_track": "ตามเป้า",
        "behind": "ต่ำกว่าเป้า",
        "not_started": "ยังไม่มีผลงาน",
        "no_target": "ไม่มีค่าเป้าหมาย",
    },
    "en": {
        "on_track": "on track",
        "behind": "behind",
        "not_started": "not started",
        "no_target": "no target",
    },
}
# The states as the network summary's sentence counts them.
COUNTED_WORDS = {
    "th": {"on_track": "ผลงานตามเป้า", "behind": "ผลงานต่ำกว่าเป้า", "not_started": "ยังไม่มีผลงาน"},
    "en": {"on_track": "on track", "behind": "behind", "not_started": "not started"},
}
PROGRESS_WORDS = {
    "th": PROGRESS_TH,
    "en": {"not_started": "not started", "ongoing": "ongoing", "done": "done"},
}
WORDS = {
    "th": {
        "co_funded": "โครงการที่ภาคีสนับสนุนร่วมกัน",
        "single": "โครงการอื่นที่มีตัวชี้วัด",
        "not_counted": "ยังไม่มีผลงานที่นับได้",
        "with": "ร่วมกับ",
        "of": "จาก",
        "total": "รวม",
        "households": "ครัวเรือน",
        "people": "คน",
    },
    "en": {
        "co_funded": "Co-funded plan items",
        "single": "Other plan items with an indicator",
        "not_counted": "no counted result yet",
        "with": "with",
        "of": "of",
        "total": "in all",
        "households": "households",
        "people": "people",
    },
}


def state_label(state: str | None, lang: str) -> str:
    return STATE_WORDS[lang].get(state or "", "-")


def progress_label(progress: str | None, lang: str) -> str:
    return PROGRESS_WORDS[lang].get(progress or "", "-")


def on_track_meaning(elapsed: Fraction, lang: str) -> str:
    """What "on track" means this month: `ตามเป้า หมายถึง ผลงานสะสมไม่น้อยกว่าสัดส่วนของ
    ปีงบประมาณที่ผ่านไป คือ 2 ใน 12 เดือน หรือร้อยละ 16.67 ของค่าเป้าหมาย`."""
    months, share = elapsed * 12, float(elapsed)
    if lang == "th":
        return (
            "ตามเป้า หมายถึง ผลงานสะสมไม่น้อยกว่าสัดส่วนของปีงบประมาณที่ผ่านไป"
            f" คือ {months} ใน 12 เดือน หรือ{percent_text(share, lang)} ของค่าเป้าหมาย"
        )
    return (
        "On track means a result to date of at least the share of the fiscal year elapsed"
        f" ({months} of 12 months, {percent(share)} of the target)."
    )


def network_sentence(counts: dict[str, int], untargeted: int, elapsed: Fraction, lang: str) -> str:
    """How the area's items with a target stand, and what on track means; `untargeted`
    items have an indicator but no target. A state no item has is left out."""
    tracked = sum(counts.values())
    words = COUNTED_WORDS[lang]
    shown = [(words[state], counts[state]) for state in words if counts.get(state)]
    if lang == "th":
        parts = []
        if tracked:
            parts.append(
                f"โครงการที่มีค่าเป้าหมาย {tracked} โครงการ ได้แก่ "
                + " ".join(f"{word} {count} โครงการ" for word, count in shown)
            )
        if untargeted:
            parts.append(f"โครงการที่มีตัวชี้วัดแต่ยังไม่มีค่าเป้าหมาย {untargeted} โครงการ")
        text = " ".join(parts)
        return text + (f" ({on_track_meaning(elapsed, lang)})" if tracked else "")
    parts = []
    if tracked:
        parts.append(
            f"{tracked} plan item{'s' if tracked != 1 else ''} with a target: "
            + ", ".join(f"{count} {word}" for word, count in shown)
        )
    if untargeted:
        parts.append(f"{untargeted} with an indicator but no target")
    text = "; ".join(parts) + "."
    return text + (f" {on_track_meaning(elapsed, lang)}" if tracked else "")


def nothing_sentence(written: bool, lang: str) -> str:
    """The area has no item with an indicator: said in one sentence, never an empty table."""
    if lang == "th":
        text = "ยังไม่มีโครงการในแผนของพื้นที่นี้ที่กำหนดตัวชี้วัดและค่าเป้าหมาย"
        return text + ("" if written else " และยังไม่มีภาคีรายงานผลการดำเนินงาน")
    text = "No plan item of this area has an indicator and a target yet"
    return text + ("." if written else ", and no partner has reported results.")


def beneficiaries(households: object, people: object, lang: str) -> str:
    """`55 ครัวเรือน 30 คน` as the partners reported them; "" when none did."""
    words = WORDS[lang]
    found = [
        f"{int(count):,} {words[kind]}"
        for kind, count in (("households", households), ("people", people))
        if not missing(count)
    ]
    return " ".join(found)
