"""Build the starting Word templates in templates/<lang>/ (agency.docx, network.docx).

The committed .docx files are what oneplan renders; coordinators edit them in Word. Run
this script only to regenerate them from scratch (it overwrites edits made in Word):

    .venv/bin/python scripts/build_templates.py

Layout: A4 portrait, margins 2.5 cm left, 2.0 cm right/top/bottom (16.5 cm of text width);
TH Sarabun New throughout (14 pt text, 12 pt tables), set in every font slot including the
complex-script one Word uses for Thai (`w:cs`, `w:szCs`, `w:bCs`). Tables use fixed column
widths that add up to at most the text width; amount columns fit `1,234,567.89` at 12 pt.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FONT = "TH Sarabun New"
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "DCE6F1"  # light blue-grey behind table header rows

TEXT_WIDTH = 16.5  # cm: A4 is 21 cm wide, less margins of 2.5 cm (left) and 2.0 cm (right)
CELL_MARGIN = 0.1  # cm, left and right inside every table cell
# Column widths in cm. At 12 pt Sarabun "1,234,567.89" is about 2.4 cm, "+1,234,567.89" 2.65 cm
# and "100.00%" 1.65 cm; each column also holds 2 x CELL_MARGIN.
AMOUNT = 2.7
CHANGE = 2.95
PERCENT = 1.95
FILL = None  # the one column of a table that takes the width left over (titles, activities)

# Schema order of the children of some property elements: Word rejects files whose
# elements are out of order, so new children are inserted at their place.
ORDER = {
    "w:rPr": (
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline"
        " w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color"
        " w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd"
        " w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
    ),
    "w:pPr": (
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr"
        " w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap"
        " w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd"
        " w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap"
        " w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId"
        " w:cnfStyle w:rPr w:sectPr w:pPrChange"
    ),
    "w:tblPr": (
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize"
        " w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd"
        " w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription w:tblPrChange"
    ),
    "w:trPr": (
        "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit"
        " w:trHeight w:tblHeader w:tblCellSpacing w:jc w:hidden w:ins w:del w:trPrChange"
    ),
    "w:tcPr": (
        "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar"
        " w:textDirection w:tcFitText w:vAlign w:hideMark w:headers w:cellIns w:cellDel"
        " w:cellMerge w:tcPrChange"
    ),
}


def put(parent, tag: str, **attrs: str):
    """The child `tag` of a property element, created at its schema place if missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        sequence = ORDER[parent.tag.replace(qn("w:"), "w:")].split()
        parent.insert_element_before(child, *sequence[sequence.index(tag) + 1 :])
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


def set_font(style, size: float, bold: bool | None = None, color: RGBColor | None = None):
    """Font of a style, the same in the Latin and the complex-script (Thai) slots."""
    rpr = style.element.get_or_add_rPr()
    fonts = put(rpr, "w:rFonts")
    for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{slot}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = put(rpr, tag)
            element.attrib.pop(qn("w:val"), None)
            if not bold:
                element.set(qn("w:val"), "0")
    if color is not None:
        style.font.color.rgb = color
    for tag in ("w:sz", "w:szCs"):
        put(rpr, tag, val=str(round(size * 2)))
    for tag in ("w:spacing", "w:kern"):  # character spacing of the default Title style
        element = rpr.find(qn(tag))
        if element is not None:
            rpr.remove(element)
    return style


def bold(run) -> None:
    """Bold in both slots: Word shows Thai text bold only with `w:bCs`."""
    run.bold = True
    put(run._r.get_or_add_rPr(), "w:bCs")


def rule_below(paragraph_properties, space_pt: int = 4) -> None:
    """A thin (0.75 pt) navy line under a paragraph."""
    borders = put(paragraph_properties, "w:pBdr")
    for child in list(borders):
        borders.remove(child)
    line = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", str(space_pt))):
        line.set(qn(f"w:{name}"), value)
    line.set(qn("w:color"), str(NAVY))
    borders.append(line)


def paragraph_style(doc, name: str, size: float, base: str = "Normal"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return set_font(style, size)


def clean_defaults(doc) -> None:
    """Document defaults without theme fonts (Calibri/Cambria), Thai as the complex script."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{slot}"), None)
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{slot}"), FONT)
    for color in styles.iter(qn("w:color")):  # theme blues of the unused built-in styles
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)
        if color.get(qn("w:val")) not in ("auto", "000000"):
            color.set(qn("w:val"), str(NAVY))
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        put(rpr, tag, val="28")
    # Thai text takes the complex-script language; Latin text, digits and punctuation take
    # the western one (LibreOffice breaks "(36.00%)" apart when that one is Thai too).
    put(rpr, "w:lang", val="en-US", eastAsia="en-US", bidi="th-TH")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    put(ppr, "w:spacing", after="0", line="240", lineRule="auto")


def page_numbers(section) -> None:
    """'- 2 -' centred at the top of every page but the first, as in Thai official papers."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


def new_document(title: str) -> Document:
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "oneplan"
    doc.core_properties.comments = ""
    doc.core_properties.last_modified_by = "oneplan"
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    clean_defaults(doc)

    normal = set_font(doc.styles["Normal"], 14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.0
    set_font(doc.styles["Header"], 14)

    title = set_font(doc.styles["Title"], 20, bold=True, color=NAVY)
    title_pf = title.paragraph_format
    title_pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_pf.space_before, title_pf.space_after = Pt(0), Pt(4)
    borders = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is not None:  # the default Title has a blue line under it; ours is elsewhere
        borders.getparent().remove(borders)

    info = paragraph_style(doc, "Report Info", 14)
    info.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    info.paragraph_format.space_after = Pt(0)

    for name, size, before, after in (("Heading 1", 16, 14, 4), ("Heading 2", 14, 10, 2)):
        heading = set_font(doc.styles[name], size, bold=True, color=NAVY)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True

    table_text = paragraph_style(doc, "Table Text", 12)
    table_text.paragraph_format.space_before = Pt(1)
    table_text.paragraph_format.space_after = Pt(1)
    table_text.paragraph_format.line_spacing = 1.0
    set_font(doc.styles["Table Grid"], 12)

    page_numbers(section)
    return doc


def para(doc, text: str, style: str | None = None, strong: bool = False):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    if strong:
        bold(run)
    return paragraph


def info_block(doc, lines: list[str]) -> None:
    """Centred lines under the title (first one bold), closed by a thin rule."""
    for index, text in enumerate(lines):
        paragraph = para(doc, text, "Report Info", strong=index == 0)
    paragraph.paragraph_format.space_after = Pt(10)
    rule_below(paragraph._p.get_or_add_pPr(), space_pt=6)


NUMBER_KEYS = ("budget", "required", "committed", "disbursed", "gap", "covered", "coverage")
NUMBER_KEYS += ("share", "ratio", "change")
COUNT_KEYS = ("line_no", "priority", "lines_count")


def alignment(placeholder: str):
    """Amounts and percentages right-aligned, small counts centred, text left-aligned."""
    if any(key in placeholder for key in NUMBER_KEYS):
        return WD_ALIGN_PARAGRAPH.RIGHT
    if any(key in placeholder for key in COUNT_KEYS):
        return WD_ALIGN_PARAGRAPH.CENTER
    return WD_ALIGN_PARAGRAPH.LEFT


def fill_cell(cell, texts: list[str], align, strong: bool = False) -> None:
    """Cell paragraphs in the "Table Text" style (12 pt), one per text."""
    for index, text in enumerate(texts):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = "Table Text"
        if text:
            run = paragraph.add_run(text)
            if strong:
                bold(run)
        if not text.startswith("{%"):
            paragraph.alignment = align


def loop_table(doc, headers: list[str], loop: str, cells: list, widths: list) -> None:
    """A table whose body row repeats for each item of `loop` (docxtpl `{%tr %}` rows).

    A cell is a placeholder, or a list of them for several paragraphs in one cell.
    """
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, start, body, end = table.rows
    for cell, text in zip(header.cells, headers, strict=True):
        fill_cell(cell, [text], WD_ALIGN_PARAGRAPH.CENTER, strong=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        put(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=HEADER_FILL)
    # Header row repeats on every page; a body row is never split across pages.
    put(header._tr.get_or_add_trPr(), "w:tblHeader")
    put(body._tr.get_or_add_trPr(), "w:cantSplit")
    for cell, value in zip(body.cells, cells, strict=True):
        texts = value if isinstance(value, list) else [value]
        fill_cell(cell, texts, alignment(texts[0]))
    for row, tag in ((start, "{%tr for " + loop + " %}"), (end, "{%tr endfor %}")):
        for cell in row.cells:
            fill_cell(cell, [""], WD_ALIGN_PARAGRAPH.LEFT)
        row.cells[0].paragraphs[0].add_run(tag)
    set_widths(table, widths)


def set_widths(table, widths: list) -> None:
    """Fixed column widths that both Word and LibreOffice honour (grid, cells, fixed layout).

    One width may be FILL: that column gets what is left of the text width.
    """
    total = round(Cm(TEXT_WIDTH).twips)
    twips = [None if width is FILL else round(Cm(width).twips) for width in widths]
    if FILL in widths:
        twips[widths.index(FILL)] = total - sum(t for t in twips if t is not None)
    if sum(twips) > total or min(twips) < round(Cm(0.6).twips):
        raise ValueError(f"column widths {widths} do not fit {TEXT_WIDTH} cm")
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    tbl_pr = table._tbl.tblPr
    put(tbl_pr, "w:tblW", w=str(sum(twips)), type="dxa")
    margins = put(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        margin = margins.find(qn(f"w:{side}"))
        if margin is None:
            margin = OxmlElement(f"w:{side}")
            margins.append(margin)
        margin.set(qn("w:w"), str(round(Cm(CELL_MARGIN).twips)))
        margin.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        column.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, twips, strict=True):
            cell.width = Twips(width)


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
            "ที่",
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
        "h_next": ["ลำดับ", "รหัส", "โครงการ", "หมวด", "งบที่ต้องการ", "จัดสรรแล้ว", "ยังขาด"],
        "no_next": "ไม่มีโครงการในหมวดของท่านที่ยังรองบประมาณ",
        "problems": "ปัญหาที่พบในแบบรายงาน",
        "plan_problems": "ปัญหาที่พบในแผนชุมชนและทะเบียนภาคี (แถวที่มีข้อผิดพลาดไม่ถูกนับ)",
        "h_problems": ["ไฟล์", "ตำแหน่ง", "ระดับ", "รายละเอียด"],
        "no_problems": "ไม่พบปัญหาในแบบรายงาน",
        "rejected_rows": "แถวที่ไม่นับเพราะมีข้อผิดพลาด",
        "previous_status": "สถานะงวดก่อน",
        "nothing_counts": "ยังไม่มีข้อมูลที่นับได้ในงวดนี้",
        "missing_text": "ศูนย์ประสานงานยังไม่ได้รับแบบรายงานงบประมาณของหน่วยงานสำหรับพื้นที่นี้ในงวด {{ period_text }}",
        "rejected_text": "ได้รับไฟล์แบบรายงานแล้ว แต่ไฟล์ใช้ไม่ได้ด้วยเหตุผลในหัวข้อ 'ปัญหาที่พบในแบบรายงาน' ด้านล่าง จึงยังไม่นับงบประมาณ",
        "what_to_send": "กรุณาส่งแบบรายงาน (ไฟล์ Excel .xlsx) ของพื้นที่ {{ area.area_name }} งวด {{ period_text }} ที่มีแผ่นงาน 'ข้อมูลหน่วยงาน' (รหัสหน่วยงาน {{ agency.code }}, รหัสพื้นที่ {{ area.area_code }}) และแผ่นงาน 'รายการงบประมาณ' หนึ่งแถวต่อหนึ่งรายการ พร้อมรหัสโครงการในแผนที่สนับสนุน ขอแบบฟอร์มเปล่าได้จากศูนย์ประสานงาน",
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
        "h_items": ["ลำดับ", "โครงการ / หมวด", "ต้องการ", "จัดสรร", "ยังขาด", "สถานะ / ภาคี"],
        "category": "หมวด",
        "no_items": "ไม่มีโครงการในแผนชุมชนของพื้นที่นี้",
        "no_categories": "ยังไม่มีตัวเลขรายหมวด",
        "co_funded": "โครงการที่หลายภาคีสนับสนุนร่วมกัน",
        "h_co_funded": ["รหัส", "โครงการ", "ต้องการ", "จัดสรรรวม", "ภาคี งบ (สัดส่วน)"],
        "no_co_funded": "ไม่มีโครงการที่หลายภาคีสนับสนุนร่วมกัน",
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
        "status_changes": "ภาคีที่สถานะการส่งแบบรายงานเปลี่ยนไป",
        "h_status_changes": ["ภาคี", "สถานะงวดก่อน", "สถานะงวดนี้"],
        "no_previous": "ยังไม่มีงวดก่อนหน้าในปีงบประมาณนี้ให้เปรียบเทียบ",
        "items_count": "จำนวนโครงการ: ยังไม่มีงบ {{ headline.item_counts.unfunded }} ได้บางส่วน {{ headline.item_counts.partial }} ครบ {{ headline.item_counts.funded }} เกิน {{ headline.item_counts.over }} ไม่ต้องใช้งบ {{ headline.item_counts.no_budget_needed }} สนับสนุนร่วม {{ headline.co_funded_items }}",
        "agency_count": "ภาคี: ส่งแล้ว {{ headline.agency_counts.submitted }} ส่งแก้ไข {{ headline.agency_counts.resubmitted }} ใช้ข้อมูลงวดก่อน {{ headline.agency_counts.carried_forward }} ยังไม่ส่ง {{ headline.agency_counts.missing }} ไฟล์ใช้ไม่ได้ {{ headline.agency_counts.rejected }}",
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
            "In plan",
        ],
        "no_lines": "No line counts this period",
        "cofund": "Plan items co-funded with other partners",
        "h_cofund": ["Item", "Title", "Required", "Committed", "Partners and shares"],
        "no_cofund": "No plan item is co-funded with another partner",
        "next": "Plan items in your categories still waiting for funds",
        "h_next": ["Rank", "Item", "Title", "Category", "Required", "Committed", "Gap"],
        "no_next": "No plan item of your categories is waiting for funds",
        "problems": "Problems found in your workbook",
        "plan_problems": "Problems found in the community plan and the partner registry (rows with errors are left out)",
        "h_problems": ["File", "Place", "Severity", "Details"],
        "no_problems": "No problem was found",
        "rejected_rows": "Rows not counted because of errors",
        "previous_status": "Status in the previous period",
        "nothing_counts": "Nothing counts for this period yet",
        "missing_text": "The coordination centre has not received your budget workbook for this area for {{ period_text }}.",
        "rejected_text": "Your workbook arrived but could not be used, for the reasons under 'Problems found in your workbook' below; its budget does not count yet.",
        "what_to_send": "Please send the submission workbook (Excel .xlsx) for {{ area.area_name }}, {{ period_text }}: a sheet 'ข้อมูลหน่วยงาน' (agency code {{ agency.code }}, area code {{ area.area_code }}) and a sheet 'รายการงบประมาณ' with one row per budget line and the plan item it funds. The coordination centre can send you a blank template.",
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
            "Rank",
            "Plan item / category",
            "Required",
            "Committed",
            "Gap",
            "Status / partners",
        ],
        "category": "Category:",
        "no_items": "The area's plan has no items",
        "no_categories": "No figures by category yet",
        "co_funded": "Co-funded plan items",
        "h_co_funded": ["Item", "Title", "Required", "Committed", "Partner budget (share)"],
        "no_co_funded": "No plan item is co-funded by several partners",
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
        "status_changes": "Partners whose submission status changed",
        "h_status_changes": ["Partner", "Previous status", "Status"],
        "no_previous": "No earlier period of this fiscal year to compare with",
        "items_count": "Plan items: unfunded {{ headline.item_counts.unfunded }}, partly funded {{ headline.item_counts.partial }}, funded {{ headline.item_counts.funded }}, over-committed {{ headline.item_counts.over }}, needing no budget {{ headline.item_counts.no_budget_needed }}, co-funded {{ headline.co_funded_items }}",
        "agency_count": "Partners: submitted {{ headline.agency_counts.submitted }}, resubmitted {{ headline.agency_counts.resubmitted }}, carried forward {{ headline.agency_counts.carried_forward }}, missing {{ headline.agency_counts.missing }}, rejected {{ headline.agency_counts.rejected }}",
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
    doc = new_document(t["agency_title"])
    para(doc, t["agency_title"], "Title")
    info_block(
        doc,
        [
            f"{t['for']} {{{{ agency.name }}}} ({{{{ agency.code }}}})",
            f"{t['period']} {{{{ period_text }}}}   {t['fy']} {{{{ fiscal_year }}}}",
            f"{t['generated']} {{{{ generated }}}}",
        ],
    )
    para(doc, "{%p for area in areas %}")
    para(doc, f"{t['area']} {{{{ area.area_name }}}} ({{{{ area.area_code }}}})", "Heading 1")
    para(
        doc,
        f"{t['status']}: {{{{ area.status }}}}{{% if area.source_file != '-' %}} — {t['source']} {{{{ area.source_period }}}}, {t['file']} {{{{ area.source_file }}}}{{% endif %}}",
    )
    para(doc, "{%p if has_previous %}")
    para(
        doc,
        f"{t['previous_status']} ({{{{ previous_period_text }}}}): {{{{ area.previous_status }}}}",
    )
    para(doc, "{%p endif %}")
    para(doc, '{%p if area.status_code in ("missing", "rejected") %}')
    para(doc, t["nothing_counts"], "Heading 2")
    para(doc, "{%p if area.status_code == 'missing' %}")
    para(doc, t["missing_text"])
    para(doc, "{%p else %}")
    para(doc, t["rejected_text"])
    para(doc, "{%p endif %}")
    para(doc, t["what_to_send"])
    para(doc, "{%p else %}")
    para(doc, t["totals"], "Heading 2")
    para(
        doc,
        f"{t['total_budget']} {{{{ area.total_budget }}}} {t['baht']} {{% if area.total_budget_words %}}({{{{ area.total_budget_words }}}}){{% endif %}}",
        strong=True,
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
        [0.9, 1.45, FILL, 2.0, AMOUNT, AMOUNT, 1.65, 1.95],
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
            ["{%p for p in c.partners %}", "{{ p.agency_name }} ({{ p.share }})", "{%p endfor %}"],
        ],
        [1.45, FILL, AMOUNT, AMOUNT, 5.6],
    )
    para(doc, "{%p endif %}")
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
        [1.25, 1.45, FILL, 2.0, AMOUNT, AMOUNT, AMOUNT],
    )
    para(doc, t["problems"], "Heading 2")
    optional_table(
        doc,
        "area.issues",
        t["no_problems"],
        t["h_problems"],
        "i in area.issues",
        ["{{ i.source_file }}", "{{ i.place }}", "{{ i.severity }}", "{{ i.message }}"],
        [4.0, 2.4, 2.2, FILL],
    )
    para(doc, "{%p endfor %}")
    return doc


def network_template(t: dict) -> Document:
    doc = new_document(t["network_title"])
    para(doc, t["network_title"], "Title")
    info_block(
        doc,
        [
            f"{t['area']} {{{{ area.name }}}} ({{{{ area.code }}}})",
            f"{t['period']} {{{{ period_text }}}}   {t['fy']} {{{{ fiscal_year }}}}",
            f"{t['generated']} {{{{ generated }}}}",
        ],
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
        strong=True,
    )
    para(doc, f"{t['aligned_share']} {{{{ headline.aligned_share }}}}")
    para(doc, t["items_count"])
    para(doc, t["agency_count"])
    para(doc, t["by_category"], "Heading 1")
    para(doc, "{{ coverage_chart }}")
    optional_table(
        doc,
        "categories",
        t["no_categories"],
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
        [FILL, AMOUNT, AMOUNT, AMOUNT, AMOUNT, 2.1],
    )
    # Nine facts per item do not fit 16.5 cm at 12 pt: the code goes before the title, the
    # category under it, and the partners under the status.
    para(doc, t["items"], "Heading 1")
    optional_table(
        doc,
        "items",
        t["no_items"],
        t["h_items"],
        "i in items",
        [
            "{{ i.priority }}",
            ["{{ i.plan_item_id }} {{ i.title }}", f"{t['category']} {{{{ i.category }}}}"],
            "{{ i.required }}",
            "{{ i.committed }}",
            "{{ i.gap }}",
            [
                "{{ i.status }}",
                '{%p for code in i.agencies.split(", ") if code != "-" %}',
                "{{ code }}",
                "{%p endfor %}",
            ],
        ],
        [1.25, FILL, AMOUNT, AMOUNT, AMOUNT, 2.65],
    )
    # One partner a line: partners_text is "name budget (share), …" and amounts have no
    # space after their thousands commas.
    para(doc, t["co_funded"], "Heading 1")
    optional_table(
        doc,
        "co_funded",
        t["no_co_funded"],
        t["h_co_funded"],
        "c in co_funded",
        [
            "{{ c.plan_item_id }}",
            "{{ c.title }}",
            "{{ c.required }}",
            "{{ c.committed }}",
            [
                '{%p for p in c.partners_text.split(", ") %}',
                "{{ p }}",
                "{%p endfor %}",
            ],
        ],
        [1.45, 3.6, AMOUNT, AMOUNT, FILL],
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
        [4.0, 1.55, AMOUNT, FILL],
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
        [FILL, 3.0, 3.25, 1.55, AMOUNT, PERCENT],
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
        [1.45, FILL, AMOUNT, CHANGE, AMOUNT, CHANGE],
    )
    para(doc, "{%p if status_changes %}")
    para(doc, t["status_changes"], "Heading 2")
    loop_table(
        doc,
        t["h_status_changes"],
        "s in status_changes",
        ["{{ s.agency_name }}", "{{ s.previous_status }}", "{{ s.status }}"],
        [FILL, 3.5, 3.5],
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    para(doc, t["no_previous"])
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan_issues %}")
    para(doc, t["plan_problems"], "Heading 1")
    loop_table(
        doc,
        t["h_problems"],
        "i in plan_issues",
        ["{{ i.source_file }}", "{{ i.place }}", "{{ i.severity }}", "{{ i.message }}"],
        [4.0, 2.4, 2.2, FILL],
    )
    para(doc, "{%p endif %}")
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
