"""The results sections of the starting templates (issue #29), built into network.docx and
agency.docx by `scripts/build_templates.py`; `oneplan.report.results_section` gives their
variables and templates/README.md lists them.

- network.docx: what the partners achieved together, a table of the items with an
  indicator (co-funded items first, under a shaded row each group), each partner's part
  named, then the items without an indicator with what the partners wrote; one sentence
  when the area has none.
- agency.docx, per area: the agency's part of each item it works on, its progress and
  what it wrote, and the item's total against its target with the partners' parts.
"""

from __future__ import annotations

from build_templates import FILL, grouped_table, loop_table, para

RESULTS_TEXTS = {
    "th": {
        "results": "ผลการดำเนินงานตามแผนชุมชน",
        "h_results": [
            "โครงการ / ตัวชี้วัด (หน่วยนับ)",
            "ผลงานรวม / ค่าเป้าหมาย",
            "ความก้าวหน้า / สถานะ",
            "ผลงานของแต่ละภาคี",
        ],
        "indicator": "ตัวชี้วัด:",
        "reached": "ผู้ได้รับประโยชน์",
        "results_note": "ภาคีที่มีเครื่องหมาย - ยังไม่มีผลงานที่นับได้ (ยังไม่รายงาน หรือรายงานในหน่วยนับอื่น) "
        "ผู้ได้รับประโยชน์เป็นผลรวมตามที่แต่ละภาคีรายงาน อาจนับครัวเรือนหรือบุคคลเดียวกันซ้ำกันได้",
        "written": "ผลการดำเนินงานอื่นที่ภาคีรายงาน (โครงการที่ยังไม่กำหนดตัวชี้วัด)",
        "h_written": ["โครงการ", "ผลการดำเนินงานที่ภาคีรายงาน"],
        "agency_results": "ผลการดำเนินงาน",
        "agency_note": "{{ results_note }} ภาคีที่มีเครื่องหมาย - ยังไม่มีผลงานที่นับได้",
        "h_agency_results": [
            "โครงการ / ผลการดำเนินงานที่รายงาน",
            "ผลงานของหน่วยงาน / สถานะ",
            "ผลงานรวมของโครงการ (ทุกภาคี)",
        ],
        "with": "ร่วมกับ",
        # Column widths (cm, besides the title's): Thai short names (พช.อำเภอควนขนุน 25) fit
        # 4.1 cm; `ยังไม่มีผลงาน` and `กำลังดำเนินการ` need 2.6 and 3.1 cm unbroken.
        "w_results": [2.9, 2.6, 4.1],
        "w_agency_results": [3.1, 5.6],
    },
    "en": {
        "results": "Results against the community plan",
        "h_results": [
            "Plan item / indicator (unit)",
            "Delivered / target",
            "Progress / state",
            "Each partner's part",
        ],
        "indicator": "Indicator:",
        "reached": "Reached:",
        "results_note": "A partner marked - has no counted result yet (none reported, or reported "
        "in another unit). Reached: the sum of what each partner reported; partners may count "
        "the same households or people.",
        "written": "Other results reported (plan items without an indicator)",
        "h_written": ["Plan item", "Results the partners reported"],
        "agency_results": "Results",
        "agency_note": "{{ results_note }} A partner marked - has no counted result yet.",
        "h_agency_results": [
            "Plan item / results reported",
            "Your part / progress",
            "Item total (all partners)",
        ],
        "with": "with",
        # English names are long (Khuan Khanun District Community Development Office): the
        # partners' column is wider, the figures' narrower (`4 of 12`, `on track`).
        "w_results": [2.4, 2.4, 5.8],
        "w_agency_results": [2.4, 7.0],
    },
}


def network_results_section(doc, t: dict) -> None:
    """What the partners achieved together in the area (`results`)."""
    para(doc, t["results"], "Heading 1")
    para(doc, "{{ results.sentence }}")
    para(doc, "{%p if results.groups %}")
    grouped_table(
        doc,
        t["h_results"],
        "g in results.groups",
        [("{{ g.title }}", 4)],
        "r in g.items",
        [
            [
                "{{ r.plan_item_id }} {{ r.title }}",
                t["indicator"] + " {{ r.indicator }}{% if r.unit %} ({{ r.unit }}){% endif %}",
                "{%p if r.beneficiaries %}",
                t["reached"] + " {{ r.beneficiaries }}",
                "{%p endif %}",
            ],
            "{{ r.delivered_of_target }}",
            ["{{ r.progress }}", "{{ r.state }}"],
            # Every partner of the item by name, "-" for one with no counted part: a cell
            # always keeps a paragraph (one without any is no valid Word table cell).
            [
                "{%p for p in r.partners %}",
                "{{ p.agency_name }} {{ p.quantity }}",
                "{%p else %}",
                "-",
                "{%p endfor %}",
            ],
        ],
        [FILL, *t["w_results"]],
        keep_last=True,  # its last row stays with the note under it
    )
    para(doc, t["results_note"], "Table Text")
    para(doc, "{%p endif %}")
    para(doc, "{%p if results.written %}")
    para(doc, t["written"], "Heading 2")
    loop_table(
        doc,
        t["h_written"],
        "w in results.written",
        [
            "{{ w.plan_item_id }} {{ w.title }}",
            ["{%p for x in w.texts %}", "{{ x.agency_name }}: {{ x.text }}", "{%p endfor %}"],
        ],
        [6.0, FILL],
    )
    para(doc, "{%p endif %}")


def agency_results_section(doc, t: dict) -> None:
    """The agency's results in an area (`area.results`), when it works on any item
    followed by results."""
    para(doc, "{%p if area.results %}")
    para(doc, t["agency_results"], "Heading 2")
    loop_table(
        doc,
        t["h_agency_results"],
        "r in area.results",
        [
            [
                "{{ r.plan_item_id }} {{ r.title }}",
                "{%p if r.result != '-' %}",
                "{{ r.result }}",
                "{%p endif %}",
            ],
            ["{{ r.part }}", "{{ r.progress }}"],
            # The item's total against its target, then its other partners by name, each
            # with its part.
            [
                "{{ r.total_text }}",
                "{%p for p in r.partners %}",
                "{% if loop.first %}"
                + t["with"]
                + " {% endif %}{{ p.agency_name }} {{ p.quantity }}",
                "{%p endfor %}",
            ],
        ],
        [FILL, *t["w_agency_results"]],
    )
    para(doc, t["agency_note"], "Table Text")
    para(doc, "{%p endif %}")
