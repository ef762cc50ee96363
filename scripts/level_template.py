"""The starting Word template of the roll-up reports (templates/<lang>/level.docx): one per
province, and per district when the settings ask (`oneplan.report.level_report` gives
its variables; templates/README.md lists them). Built by `scripts/build_templates.py`
with the same page, fonts and tables as the other reports.

The first page is the overview: the place, its money and coverage, its plan items and who
reported. Then a table of its districts (or areas), its coverage by category as a chart,
and what needs attention.
"""

from __future__ import annotations

from build_templates import (
    AMOUNT,
    COUNT,
    FILL,
    amount_line,
    conditional,
    heading_block,
    issuer_block,
    loop_table,
    new_document,
    optional_table,
    para,
    problems_table,
)

LEVEL_TEXTS = {
    "th": {
        "title": "รายงานภาพรวมการบูรณาการแผนชุมชน",
        "areas_line": "ครอบคลุม {{ overview.areas }} พื้นที่{% if overview.districts %} ใน "
        "{{ overview.districts }} อำเภอ{% endif %} ภาคีที่สนับสนุน {{ overview.agencies }} หน่วยงาน",
        "required": "งบประมาณที่แผนชุมชนต้องการ รวม",
        "committed": "งบประมาณที่ภาคีจัดสรร รวม",
        "covered": "งบประมาณที่ตรงตามความต้องการของแผน (ไม่นับส่วนที่เกินรายโครงการ)",
        "covered_share": "คิดเป็น{{ overview.coverage_text }}",
        "gap": "งบประมาณที่ยังขาด",
        "excess": "งบประมาณที่เกินความต้องการรายโครงการ รวม {{ overview.excess }} บาท",
        "spread": "ความครอบคลุมของแต่ละพื้นที่ ต่ำสุด {{ overview.lowest }} ค่ากลาง "
        "{{ overview.median }} สูงสุด {{ overview.highest }}",
        "aligned": "สัดส่วนงบประมาณของภาคีที่สอดคล้องกับแผนชุมชน {{ overview.aligned_share }}",
        "without_partners": "พื้นที่ที่ยังไม่มีภาคีจัดสรรงบประมาณเลย {{ overview.areas_without_partners }} พื้นที่",
        "h_parts": ["อำเภอ", "พื้นที่", "งบที่ต้องการ", "ได้รับ", "ครอบคลุม", "ยังขาด", "ส่งรายงาน"],
        "h_area_parts": ["พื้นที่", "งบที่ต้องการ", "ได้รับ", "ครอบคลุม", "ยังขาด", "ส่งรายงาน"],
        "by_category": "ความครอบคลุมของแผนรายหมวด",
        "attention": "พื้นที่และโครงการที่ควรติดตาม",
        "weakest": "พื้นที่ที่ได้รับงบประมาณครอบคลุมแผนน้อยที่สุด",
        "h_weakest": ["พื้นที่", "อำเภอ", "ครอบคลุม", "ยังขาด"],
        "unfunded": "โครงการสำคัญที่ยังไม่มีภาคีสนับสนุน",
        "h_unfunded": ["ลำดับความสำคัญ", "โครงการ", "พื้นที่", "หมวด", "งบที่ต้องการ"],
        "no_unfunded": "ทุกโครงการที่ต้องใช้งบประมาณมีภาคีสนับสนุนแล้ว",
        "not_reporting": "ภาคีที่ยังไม่ส่งแบบรายงานเมื่อเลยกำหนดแล้ว",
        "h_not_reporting": ["พื้นที่", "ภาคีที่ยังไม่ส่ง"],
        "all_reported": "ไม่มีภาคีที่เลยกำหนดส่งแล้วยังไม่ส่งแบบรายงาน",
        "plan_problems": "ปัญหาที่พบในแผนชุมชนของพื้นที่เหล่านี้",
        "baht": "บาท",
    },
    "en": {
        "title": "Community plan integration: overview",
        "areas_line": "{{ overview.areas }} areas{% if overview.districts %} in "
        "{{ overview.districts }} districts{% endif %}, {{ overview.agencies }} partner agencies",
        "required": "Budget the community plans require, in total",
        "committed": "Budget committed by partners, in total",
        "covered": "Of which meets the plans' needs:",
        "covered_share": "({{ overview.coverage }} coverage)",
        "gap": "Funding gap",
        "excess": "Committed beyond what plan items require: {{ overview.excess }} baht",
        "spread": "Coverage of the areas: lowest {{ overview.lowest }}, median "
        "{{ overview.median }}, highest {{ overview.highest }}",
        "aligned": "Share of partner budgets aligned with the plans: {{ overview.aligned_share }}",
        "without_partners": "Areas where no partner commits any budget: {{ overview.areas_without_partners }}",
        "h_parts": ["District", "Areas", "Required", "Committed", "Coverage", "Gap", "Reported"],
        "h_area_parts": ["Area", "Required", "Committed", "Coverage", "Gap", "Reported"],
        "by_category": "Plan coverage by category",
        "attention": "Areas and plan items to follow up",
        "weakest": "Areas with the lowest coverage",
        "h_weakest": ["Area", "District", "Coverage", "Gap"],
        "unfunded": "Plan items of highest priority no partner funds yet",
        "h_unfunded": ["Priority", "Plan item", "Area", "Category", "Required"],
        "no_unfunded": "Every plan item that needs a budget has a partner",
        "not_reporting": "Partners with no report past their deadline",
        "h_not_reporting": ["Area", "Partners"],
        "all_reported": "No partner is past its deadline without a report",
        "plan_problems": "Problems found in these areas' community plans",
        "baht": "baht",
    },
}

PERCENT = 2.1  # "ครอบคลุม" in bold on one line


def level_template(t: dict):
    doc = new_document(t["title"])
    heading_block(doc, t, t["title"], "{{ place.name }}")
    para(doc, t["areas_line"])
    amount_line(doc, t, t["required"], "overview.required", "overview.required_words")
    amount_line(doc, t, t["committed"], "overview.committed", "overview.committed_words")
    para(doc, f"{t['covered']} {{{{ overview.covered }}}} {t['baht']} {t['covered_share']}")
    amount_line(doc, t, t["gap"], "overview.gap", "overview.gap_words", strong=True)
    conditional(doc, "overview.has_excess", t["excess"])
    para(doc, t["spread"])
    para(doc, t["aligned"])
    conditional(doc, "overview.areas_without_partners", t["without_partners"], strong=True)
    para(doc, "{{ overview.items_text }}")
    conditional(doc, "overview.reporting", "{{ overview.reporting }}")
    para(doc, "{{ parts_title }}", "Heading 1")
    row = [
        "{{ p.name }}",
        "{{ p.areas }}",
        "{{ p.required }}",
        "{{ p.committed }}",
        "{{ p.coverage }}",
        "{{ p.gap }}",
        "{{ p.reporting }}",
    ]
    para(doc, "{%p if place.kind == 'province' %}")
    loop_table(
        doc, t["h_parts"], "p in parts", row, [FILL, COUNT, AMOUNT, AMOUNT, PERCENT, AMOUNT, 1.8]
    )
    para(doc, "{%p else %}")  # a district's areas: no count of areas
    area_row = [cell for cell in row if cell != "{{ p.areas }}"]
    loop_table(
        doc, t["h_area_parts"], "p in parts", area_row, [FILL, AMOUNT, AMOUNT, PERCENT, AMOUNT, 1.8]
    )
    para(doc, "{%p endif %}")
    para(doc, t["by_category"], "Heading 1")
    para(doc, "{{ coverage_chart }}", "Picture")
    para(doc, t["attention"], "Heading 1")
    para(doc, "{%p if weakest %}")
    para(doc, t["weakest"], "Heading 2")
    loop_table(
        doc,
        t["h_weakest"],
        "w in weakest",
        ["{{ w.area_name }}", "{{ w.district }}", "{{ w.coverage }}", "{{ w.gap }}"],
        [FILL, 5.0, PERCENT, AMOUNT],
    )
    para(doc, "{%p endif %}")
    para(doc, t["unfunded"], "Heading 2")
    optional_table(
        doc,
        "unfunded",
        t["no_unfunded"],
        loop_table,
        t["h_unfunded"],
        "u in unfunded",
        [
            "{{ u.priority }}",
            "{{ u.title }}",
            "{{ u.area_name }}",
            "{{ u.category }}",
            "{{ u.required }}",
        ],
        [1.4, FILL, 3.2, 2.4, AMOUNT],
    )
    # Who is past the deadline without a report: known when the month's timeliness is.
    para(doc, "{%p if not_reporting is not none %}")
    para(doc, t["not_reporting"], "Heading 2")
    optional_table(
        doc,
        "not_reporting",
        t["all_reported"],
        loop_table,
        t["h_not_reporting"],
        "n in not_reporting",
        ["{{ n.area_name }}", "{{ n.agencies }}"],
        [4.5, FILL],
        True,
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan_issue_files %}")
    para(doc, t["plan_problems"], "Heading 1")
    problems_table(doc, t, "plan_issue_files")
    para(doc, "{%p endif %}")
    issuer_block(doc, t)
    return doc
