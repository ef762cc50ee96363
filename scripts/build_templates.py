"""Build the starting Word templates in templates/<lang>/ (agency.docx, network.docx).

The committed .docx files are what oneplan renders; coordinators edit them in Word. Run
this script only to regenerate them from scratch (it overwrites edits made in Word):

    .venv/bin/python scripts/build_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FONT = "TH Sarabun New"


def set_font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    rpr = style.element.get_or_add_rPr()
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = rpr.makeelement(qn("w:szCs"), {})
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(int(size * 2)))
    if bold and rpr.find(qn("w:bCs")) is None:
        rpr.append(rpr.makeelement(qn("w:bCs"), {}))


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    set_font(doc.styles["Normal"], 14)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    navy = RGBColor(0x1F, 0x3A, 0x5F)
    set_font(doc.styles["Title"], 22, bold=True, color=navy)
    set_font(doc.styles["Heading 1"], 18, bold=True, color=navy)
    set_font(doc.styles["Heading 2"], 16, bold=True, color=navy)
    set_font(doc.styles["Table Grid"], 12)
    return doc


def para(doc, text: str, style: str | None = None, bold: bool = False):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    return paragraph


def loop_table(doc, headers: list[str], loop: str, cells: list[str], widths: list[float]) -> None:
    """A table whose body row repeats for each item of `loop` (docxtpl `{%tr %}` rows)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, header in enumerate(headers):
        cell = table.rows[0].cells[index]
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
        shading = cell._tc.get_or_add_tcPr().makeelement(
            qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): "DDEBF7"}
        )
        cell._tc.get_or_add_tcPr().append(shading)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for index, value in enumerate(cells):
        table.rows[2].cells[index].text = value
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)
    # Header row repeats on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


def number_cells(doc) -> None:
    """Right-align cells holding amounts or percentages (heuristic on the placeholder)."""
    for table in doc.tables:
        for cell in table.rows[2].cells if len(table.rows) > 2 else []:
            text = cell.text
            if any(
                k in text
                for k in (
                    "budget",
                    "required",
                    "committed",
                    "disbursed",
                    "gap",
                    "covered",
                    "coverage",
                    "share",
                    "ratio",
                    "lines_count",
                )
            ):
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


T = {
    "th": {
        "agency_title": "รายงานผลการบูรณาการงบประมาณกับแผนชุมชน",
        "for": "ถึง",
        "period": "งวดรายงาน",
        "fy": "ปีงบประมาณ",
        "generated": "จัดทำเมื่อ",
        "area": "พื้นที่",
        "status": "สถานะการส่งแบบรายงาน",
        "source": "ข้อมูลที่ใช้: งวด",
        "file": "ไฟล์",
        "totals": "สรุปงบประมาณ",
        "total_budget": "งบประมาณรวม",
        "aligned": "ตรงกับแผนชุมชน",
        "unaligned": "นอกแผนชุมชน",
        "disbursed": "เบิกจ่ายสะสม",
        "of_total": "ของงบประมาณรวม",
        "lines": "รายการงบประมาณ",
        "h_lines": [
            "ลำดับ",
            "รหัสในแผน",
            "กิจกรรม",
            "หมวด",
            "งบประมาณ",
            "เบิกจ่าย",
            "ประเภท",
            "ความสอดคล้อง",
        ],
        "no_lines": "ไม่มีรายการที่นับในงวดนี้",
        "cofund": "โครงการที่สนับสนุนร่วมกับภาคีอื่น (บูรณาการงบประมาณ)",
        "h_cofund": ["รหัส", "โครงการ", "งบที่ต้องการ", "จัดสรรรวม", "ภาคีและสัดส่วน"],
        "no_cofund": "ไม่มีโครงการที่สนับสนุนร่วมกับภาคีอื่น",
        "next": "โครงการในหมวดของท่านที่ยังรองบประมาณ (แผนในกระเป๋า)",
        "h_next": ["ลำดับความสำคัญ", "รหัส", "โครงการ", "หมวด", "งบที่ต้องการ", "จัดสรรแล้ว", "ยังขาด"],
        "no_next": "ไม่มีโครงการในหมวดของท่านที่ยังรองบประมาณ",
        "problems": "ปัญหาที่พบในแบบรายงาน",
        "h_problems": ["ไฟล์", "ตำแหน่ง", "ระดับ", "รายละเอียด"],
        "no_problems": "ไม่พบปัญหาในแบบรายงาน",
        "rejected_rows": "แถวที่ไม่นับเพราะมีข้อผิดพลาด",
        "network_title": "สรุปผลการบูรณาการแผนชุมชน",
        "headline": "ภาพรวม",
        "required": "งบประมาณที่แผนต้องการ",
        "committed": "งบประมาณที่ภาคีจัดสรร",
        "covered": "ส่วนที่ครอบคลุมความต้องการ",
        "gap": "งบประมาณที่ยังขาด",
        "coverage": "ความครอบคลุม",
        "aligned_share": "สัดส่วนงบของภาคีที่ตรงแผน",
        "by_category": "ความครอบคลุมรายหมวด",
        "h_categories": ["หมวด", "ต้องการ", "จัดสรร", "ครอบคลุม", "ยังขาด", "ความครอบคลุม"],
        "items": "โครงการตามลำดับความสำคัญ",
        "h_items": ["ลำดับ", "รหัส", "โครงการ", "หมวด", "ต้องการ", "จัดสรร", "ยังขาด", "สถานะ", "ภาคี"],
        "co_funded": "โครงการที่หลายภาคีสนับสนุนร่วมกัน",
        "h_co_funded": ["รหัส", "โครงการ", "ต้องการ", "จัดสรรรวม", "ภาคี งบ (สัดส่วน)"],
        "outside": "งานนอกแผนชุมชนแยกตามภาคี",
        "h_outside": ["ภาคี", "จำนวนรายการ", "งบประมาณ", "กิจกรรม"],
        "no_outside": "ไม่มีงานนอกแผน",
        "submissions": "การส่งแบบรายงานของภาคี",
        "h_submissions": ["ภาคี", "สถานะ", "งวดข้อมูล", "รายการ", "งบประมาณ", "ตรงแผน"],
        "no_submissions": "ยังไม่มีภาคีในพื้นที่นี้",
        "changes": "การเปลี่ยนแปลงจากงวดก่อน",
        "since": "เทียบกับงวด",
        "h_changes": ["รหัส", "โครงการ", "จัดสรร", "เปลี่ยนแปลง", "เบิกจ่าย", "เปลี่ยนแปลง"],
        "no_changes": "งบประมาณของโครงการไม่เปลี่ยนแปลงจากงวดก่อน",
        "h_status_changes": ["ภาคี", "สถานะงวดก่อน", "สถานะงวดนี้"],
        "no_previous": "ยังไม่มีงวดก่อนหน้าในปีงบประมาณนี้ให้เปรียบเทียบ",
        "items_count": "จำนวนโครงการ: ยังไม่มีงบ {{ headline.items.unfunded }} ได้บางส่วน {{ headline.items.partial }} ครบ {{ headline.items.funded }} เกิน {{ headline.items.over }} ไม่ต้องใช้งบ {{ headline.items.no_budget_needed }} สนับสนุนร่วม {{ headline.co_funded_items }}",
        "agency_count": "ภาคี: ส่งแล้ว {{ headline.agencies.submitted }} ส่งแก้ไข {{ headline.agencies.resubmitted }} ใช้ข้อมูลงวดก่อน {{ headline.agencies.carried_forward }} ยังไม่ส่ง {{ headline.agencies.missing }} ไฟล์ใช้ไม่ได้ {{ headline.agencies.rejected }}",
        "baht": "บาท",
    },
    "en": {
        "agency_title": "Budget alignment with the community plan",
        "for": "To",
        "period": "Period",
        "fy": "Fiscal year",
        "generated": "Prepared on",
        "area": "Area",
        "status": "Submission status",
        "source": "Figures from period",
        "file": "file",
        "totals": "Budget summary",
        "total_budget": "Total budget",
        "aligned": "In the community plan",
        "unaligned": "Outside the plan",
        "disbursed": "Disbursed to date",
        "of_total": "of the total budget",
        "lines": "Budget lines",
        "h_lines": [
            "No.",
            "Plan item",
            "Activity",
            "Category",
            "Budget",
            "Disbursed",
            "Type",
            "Alignment",
        ],
        "no_lines": "No line counts this period",
        "cofund": "Plan items co-funded with other partners",
        "h_cofund": ["Item", "Title", "Required", "Committed", "Partners and shares"],
        "no_cofund": "No plan item is co-funded with another partner",
        "next": "Plan items in your categories still waiting for funds",
        "h_next": ["Priority", "Item", "Title", "Category", "Required", "Committed", "Gap"],
        "no_next": "No plan item of your categories is waiting for funds",
        "problems": "Problems found in your workbook",
        "h_problems": ["File", "Place", "Severity", "Details"],
        "no_problems": "No problem was found",
        "rejected_rows": "Rows not counted because of errors",
        "network_title": "Community plan integration summary",
        "headline": "Headline figures",
        "required": "Budget the plan requires",
        "committed": "Budget committed by partners",
        "covered": "Of which covers the plan's needs",
        "gap": "Still missing",
        "coverage": "Coverage",
        "aligned_share": "Share of partners' money following the plan",
        "by_category": "Coverage by category",
        "h_categories": ["Category", "Required", "Committed", "Covered", "Gap", "Coverage"],
        "items": "Plan items by priority",
        "h_items": [
            "Priority",
            "Item",
            "Title",
            "Category",
            "Required",
            "Committed",
            "Gap",
            "Status",
            "Partners",
        ],
        "co_funded": "Co-funded plan items",
        "h_co_funded": ["Item", "Title", "Required", "Committed", "Partner budget (share)"],
        "outside": "Work outside the plan, by partner",
        "h_outside": ["Partner", "Lines", "Budget", "Activities"],
        "no_outside": "No work outside the plan",
        "submissions": "Submissions by partner",
        "h_submissions": ["Partner", "Status", "Figures from", "Lines", "Budget", "In plan"],
        "no_submissions": "No partner in this area yet",
        "changes": "Change since the previous period",
        "since": "compared with",
        "h_changes": ["Item", "Title", "Committed", "Change", "Disbursed", "Change"],
        "no_changes": "No plan item's figures changed since the previous period",
        "h_status_changes": ["Partner", "Previous status", "Status"],
        "no_previous": "No earlier period of this fiscal year to compare with",
        "items_count": "Plan items: unfunded {{ headline.items.unfunded }}, partly funded {{ headline.items.partial }}, funded {{ headline.items.funded }}, over-committed {{ headline.items.over }}, needing no budget {{ headline.items.no_budget_needed }}, co-funded {{ headline.co_funded_items }}",
        "agency_count": "Partners: submitted {{ headline.agencies.submitted }}, resubmitted {{ headline.agencies.resubmitted }}, carried forward {{ headline.agencies.carried_forward }}, missing {{ headline.agencies.missing }}, rejected {{ headline.agencies.rejected }}",
        "baht": "baht",
    },
}


def optional_table(doc, items: str, empty: str, *table_args) -> None:
    para(doc, "{%p if " + items + " %}")
    loop_table(doc, *table_args)
    para(doc, "{%p else %}")
    para(doc, empty)
    para(doc, "{%p endif %}")


def agency_template(t: dict) -> Document:
    doc = new_document()
    para(doc, t["agency_title"], "Title")
    para(doc, f"{t['for']} {{{{ agency.name }}}} ({{{{ agency.code }}}})", bold=True)
    para(
        doc,
        f"{t['period']} {{{{ period_text }}}}   {t['fy']} {{{{ fiscal_year }}}}   {t['generated']} {{{{ generated }}}}",
    )
    para(doc, "{%p for area in areas %}")
    para(doc, f"{t['area']} {{{{ area.area_name }}}} ({{{{ area.area_code }}}})", "Heading 1")
    para(
        doc,
        f"{t['status']}: {{{{ area.status }}}} — {t['source']} {{{{ area.source_period }}}}, {t['file']} {{{{ area.source_file }}}}",
    )
    para(doc, t["totals"], "Heading 2")
    para(
        doc,
        f"{t['total_budget']} {{{{ area.total_budget }}}} {t['baht']} {{% if area.total_budget_words %}}({{{{ area.total_budget_words }}}}){{% endif %}}",
        bold=True,
    )
    para(
        doc,
        f"{t['aligned']} {{{{ area.aligned_budget }}}} {t['baht']} ({{{{ area.alignment_ratio }}}} {t['of_total']})",
    )
    para(doc, f"{t['unaligned']} {{{{ area.unaligned_budget }}}} {t['baht']}")
    para(
        doc,
        f"{t['disbursed']} {{{{ area.disbursed }}}} {t['baht']} ({{{{ area.disbursement_rate }}}})",
    )
    para(doc, f"{t['rejected_rows']}: {{{{ area.rejected_rows }}}}")
    para(doc, t["lines"], "Heading 2")
    optional_table(
        doc,
        "area.lines",
        t["no_lines"],
        t["h_lines"],
        "l in area.lines",
        [
            "{{ l.line_no }}",
            "{{ l.plan_item_id }}",
            "{{ l.activity }}",
            "{{ l.category }}",
            "{{ l.budget }}",
            "{{ l.disbursed }}",
            "{{ l.support_type }}",
            "{{ l.alignment }}",
        ],
        [1.1, 1.8, 4.6, 2.0, 2.3, 2.3, 1.6, 1.9],
    )
    para(doc, t["cofund"], "Heading 2")
    optional_table(
        doc,
        "area.co_funded",
        t["no_cofund"],
        t["h_cofund"],
        "c in area.co_funded",
        [
            "{{ c.plan_item_id }}",
            "{{ c.title }}",
            "{{ c.required }}",
            "{{ c.committed }}",
            "{{ c.partners_text }}",
        ],
        [1.8, 4.8, 2.4, 2.4, 6.1],
    )
    para(doc, t["next"], "Heading 2")
    optional_table(
        doc,
        "area.opportunities",
        t["no_next"],
        t["h_next"],
        "o in area.opportunities",
        [
            "{{ o.priority }}",
            "{{ o.plan_item_id }}",
            "{{ o.title }}",
            "{{ o.category }}",
            "{{ o.required }}",
            "{{ o.committed }}",
            "{{ o.gap }}",
        ],
        [1.6, 1.8, 5.0, 2.2, 2.3, 2.3, 2.3],
    )
    para(doc, t["problems"], "Heading 2")
    optional_table(
        doc,
        "area.issues",
        t["no_problems"],
        t["h_problems"],
        "i in area.issues",
        ["{{ i.source_file }}", "{{ i.place }}", "{{ i.severity }}", "{{ i.message }}"],
        [3.6, 2.6, 1.8, 9.5],
    )
    para(doc, "{%p endfor %}")
    number_cells(doc)
    return doc


def network_template(t: dict) -> Document:
    doc = new_document()
    para(doc, t["network_title"], "Title")
    para(doc, f"{t['area']} {{{{ area.name }}}} ({{{{ area.code }}}})", bold=True)
    para(
        doc,
        f"{t['period']} {{{{ period_text }}}}   {t['fy']} {{{{ fiscal_year }}}}   {t['generated']} {{{{ generated }}}}",
    )
    para(doc, t["headline"], "Heading 1")
    para(
        doc,
        f"{t['required']} {{{{ headline.required }}}} {t['baht']} {{% if headline.required_words %}}({{{{ headline.required_words }}}}){{% endif %}}",
    )
    para(
        doc,
        f"{t['committed']} {{{{ headline.committed }}}} {t['baht']} {{% if headline.committed_words %}}({{{{ headline.committed_words }}}}){{% endif %}}",
    )
    para(
        doc,
        f"{t['covered']} {{{{ headline.covered }}}} {t['baht']} — {t['coverage']} {{{{ headline.coverage }}}}",
    )
    para(
        doc,
        f"{t['gap']} {{{{ headline.gap }}}} {t['baht']} {{% if headline.gap_words %}}({{{{ headline.gap_words }}}}){{% endif %}}",
        bold=True,
    )
    para(doc, f"{t['aligned_share']} {{{{ headline.aligned_share }}}}")
    para(doc, t["items_count"])
    para(doc, t["agency_count"])
    para(doc, t["by_category"], "Heading 1")
    loop_table(
        doc,
        t["h_categories"],
        "c in categories",
        [
            "{{ c.category }}",
            "{{ c.required }}",
            "{{ c.committed }}",
            "{{ c.covered }}",
            "{{ c.gap }}",
            "{{ c.coverage }}",
        ],
        [4.0, 2.7, 2.7, 2.7, 2.7, 2.2],
    )
    para(doc, t["items"], "Heading 1")
    loop_table(
        doc,
        t["h_items"],
        "i in items",
        [
            "{{ i.priority }}",
            "{{ i.plan_item_id }}",
            "{{ i.title }}",
            "{{ i.category }}",
            "{{ i.required }}",
            "{{ i.committed }}",
            "{{ i.gap }}",
            "{{ i.status }}",
            "{{ i.agencies }}",
        ],
        [1.2, 1.6, 3.8, 1.8, 2.1, 2.1, 2.1, 1.7, 2.1],
    )
    para(doc, t["co_funded"], "Heading 1")
    optional_table(
        doc,
        "co_funded",
        "-",
        t["h_co_funded"],
        "c in co_funded",
        [
            "{{ c.plan_item_id }}",
            "{{ c.title }}",
            "{{ c.required }}",
            "{{ c.committed }}",
            "{{ c.partners_text }}",
        ],
        [1.6, 4.4, 2.3, 2.3, 6.9],
    )
    para(doc, t["outside"], "Heading 1")
    optional_table(
        doc,
        "outside_plan",
        t["no_outside"],
        t["h_outside"],
        "o in outside_plan",
        [
            "{{ o.agency_name }}",
            "{{ o.lines_count }}",
            "{{ o.unaligned_budget }}",
            "{{ o.activities }}",
        ],
        [4.5, 1.8, 2.7, 8.5],
    )
    para(doc, t["submissions"], "Heading 1")
    optional_table(
        doc,
        "submissions",
        t["no_submissions"],
        t["h_submissions"],
        "s in submissions",
        [
            "{{ s.agency_name }}",
            "{{ s.status }}",
            "{{ s.source_period }}",
            "{{ s.lines_count }}",
            "{{ s.total_budget }}",
            "{{ s.alignment_ratio }}",
        ],
        [5.5, 2.8, 2.9, 1.5, 2.8, 2.0],
    )
    para(doc, t["changes"], "Heading 1")
    para(doc, "{%p if has_previous %}")
    para(doc, f"{t['since']} {{{{ previous_period_text }}}}")
    optional_table(
        doc,
        "changes",
        t["no_changes"],
        t["h_changes"],
        "c in changes",
        [
            "{{ c.plan_item_id }}",
            "{{ c.title }}",
            "{{ c.committed }}",
            "{{ c.committed_change }}",
            "{{ c.disbursed }}",
            "{{ c.disbursed_change }}",
        ],
        [1.6, 5.5, 2.6, 2.6, 2.6, 2.6],
    )
    para(doc, "{%p if status_changes %}")
    loop_table(
        doc,
        t["h_status_changes"],
        "s in status_changes",
        ["{{ s.agency_name }}", "{{ s.previous_status }}", "{{ s.status }}"],
        [8.0, 4.7, 4.8],
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    para(doc, t["no_previous"])
    para(doc, "{%p endif %}")
    number_cells(doc)
    return doc


def main() -> None:
    for lang, texts in T.items():
        folder = TEMPLATES / lang
        folder.mkdir(parents=True, exist_ok=True)
        agency_template(texts).save(folder / "agency.docx")
        network_template(texts).save(folder / "network.docx")
        print(f"wrote {folder}/agency.docx and network.docx")


if __name__ == "__main__":
    main()
