"""Build the starting Word templates in templates/<lang>/ (agency.docx, network.docx, and
level.docx from `scripts/level_template.py`).

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
GROUP_FILL = "F2F2F2"  # light grey behind a group's row (a category, a file)

TEXT_WIDTH = 16.5  # cm: A4 is 21 cm wide, less margins of 2.5 cm (left) and 2.0 cm (right)
CELL_MARGIN = 0.1  # cm, left and right inside every table cell
# Column widths in cm. At 12 pt Sarabun "1,234,567.89" is about 2.4 cm, "+1,234,567.89" 2.65 cm
# and "100.00%" 1.65 cm; each column also holds 2 x CELL_MARGIN. Text columns are as wide
# as what fills them in one or two lines: a narrow column makes every row tall.
AMOUNT = 2.6
CHANGE = 2.85
COUNT = 1.6  # a count of lines under the header รายการ (1.35 cm in bold), never split
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
    normal.paragraph_format.line_spacing = 0.85
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

    for name, size, before, after in (("Heading 1", 16, 10, 2), ("Heading 2", 14, 8, 2)):
        heading = set_font(doc.styles[name], size, bold=True, color=NAVY)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True

    centre = paragraph_style(doc, "Centre", 14)
    centre.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    centre.paragraph_format.space_after = Pt(0)
    # A picture's paragraph keeps single spacing: a smaller one cuts the picture off.
    picture = paragraph_style(doc, "Picture", 14)
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.line_spacing = 1.0
    picture.paragraph_format.space_after = Pt(0)
    detail = paragraph_style(doc, "Centre Detail", 11)
    detail.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    detail.paragraph_format.space_after = Pt(6)
    words = paragraph_style(doc, "Amount Words", 14)
    words.paragraph_format.left_indent = Cm(1.0)
    signature = paragraph_style(doc, "Signature", 14)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature.paragraph_format.space_after = Pt(0)
    signature.paragraph_format.keep_with_next = True
    contact = paragraph_style(doc, "Contact", 12)
    contact.paragraph_format.space_after = Pt(0)

    table_text = paragraph_style(doc, "Table Text", 12)
    table_text.paragraph_format.space_before = Pt(1)
    table_text.paragraph_format.space_after = Pt(1)
    table_text.paragraph_format.line_spacing = 0.85
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
NUMBER_KEYS += ("share", "ratio", "change", "target", "delivered", "progress")
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


def template_row(
    table, cells: list, strong: bool = False, shade: str | None = None, keep: bool = False
) -> None:
    """Fill the table's last row: a cell is a placeholder, a list of them (several
    paragraphs in one cell), or (text, span) for a cell spanning `span` columns. A `keep`
    row stays on the page of what follows it."""
    row = table.rows[-1]
    column = 0
    for value in cells:
        text, span = value if isinstance(value, tuple) else (value, 1)
        cell = row.cells[column]
        if span > 1:
            cell = cell.merge(row.cells[column + span - 1])
        column += span
        texts = text if isinstance(text, list) else [text]
        fill_cell(
            cell, texts, alignment(texts[0]) if span == 1 else WD_ALIGN_PARAGRAPH.LEFT, strong
        )
        if shade:
            put(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=shade)
        if strong or keep:  # a group's row stays on the page of the first row of its group
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    put(row._tr.get_or_add_trPr(), "w:cantSplit")  # a row is never split across pages


def tag_row(table, tag: str) -> None:
    """A row holding only a docxtpl row tag (`{%tr … %}`): docxtpl removes it."""
    row = table.add_row()
    for cell in row.cells:
        fill_cell(cell, [""], WD_ALIGN_PARAGRAPH.LEFT)
    row.cells[0].paragraphs[0].add_run(tag)


def new_table(doc, headers: list[str]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        fill_cell(cell, [text], WD_ALIGN_PARAGRAPH.CENTER, strong=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        put(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=HEADER_FILL)
    put(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")  # repeats on every page
    return table


def body_rows(table, cells: list, last: str | None = None) -> None:
    """The row repeated for each item; with `last` (a condition true for the table's last
    row), that row in a second copy that keeps with what follows the table: a table that
    can end the report never leaves the issuer's block alone on the next page."""
    if last is None:
        table.add_row()
        template_row(table, cells)
        return
    tag_row(table, "{%tr if not (" + last + ") %}")
    table.add_row()
    template_row(table, cells)
    tag_row(table, "{%tr else %}")
    table.add_row()
    template_row(table, cells, keep=True)
    tag_row(table, "{%tr endif %}")


def loop_table(
    doc, headers: list[str], loop: str, cells: list, widths: list, keep_last: bool = False
) -> None:
    """A table whose body row repeats for each item of `loop` (docxtpl `{%tr %}` rows);
    `keep_last`: its last row stays on the page of what follows (see `body_rows`)."""
    table = new_table(doc, headers)
    tag_row(table, "{%tr for " + loop + " %}")
    body_rows(table, cells, "loop.last" if keep_last else None)
    tag_row(table, "{%tr endfor %}")
    set_widths(table, widths)


def grouped_table(
    doc,
    headers: list[str],
    groups: str,
    group_cells: list,
    items: str,
    cells: list,
    widths: list,
    keep_last: bool = False,
) -> None:
    """A table of groups: a shaded, bold row per item of `groups`, then a row per item of
    `items` (a loop within the group); `keep_last` as in `loop_table`."""
    table = new_table(doc, headers)
    tag_row(table, "{%tr for " + groups + " %}")
    table.add_row()
    template_row(table, group_cells, strong=True, shade=GROUP_FILL)
    if keep_last:
        tag_row(table, "{%tr set last_group = loop.last %}")
    tag_row(table, "{%tr for " + items + " %}")
    body_rows(table, cells, "loop.last and last_group" if keep_last else None)
    tag_row(table, "{%tr endfor %}")
    tag_row(table, "{%tr endfor %}")
    set_widths(table, widths)


def set_widths(table, widths: list) -> None:
    """Fixed column widths that both Word and LibreOffice honour (grid, cells, fixed layout).

    One width may be FILL: that column gets what is left of the text width. A cell that
    spans columns (`w:gridSpan`) is as wide as they are together.
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
        column = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = Twips(sum(twips[column : column + span]))
            column += span


T = {
    "th": {
        "agency_title": "รายงานผลการบูรณาการงบประมาณกับแผนชุมชน",
        "for": "หน่วยงาน",
        "month_line": "ประจำเดือน{{ period_text }}   {{ fiscal_year_text }}"
        "{% if period_closed %}   ปิดงวดแล้ว {{ period_closed }}{% endif %}",
        "as_of": "ข้อมูล ณ วันที่",
        "area": "พื้นที่",
        "status": "สถานะการส่งแบบรายงาน",
        "source": " (ใช้ข้อมูลประจำเดือน{{ area.source_period }} จากไฟล์ {{ area.source_file }})",
        "previous_status": "สถานะเดือนก่อน",
        "totals": "สรุปงบประมาณ",
        "total_budget": "งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม",
        "aligned": "สอดคล้องกับแผนชุมชน",
        "unaligned": "นอกแผนชุมชน",
        "disbursed": "เบิกจ่ายสะสม",
        "of_total": "ของงบประมาณที่สนับสนุน",
        "rejected_rows": "รายการที่ยังไม่นับเพราะต้องแก้ไข {{ area.rejected_rows }} รายการ (ดูหัวข้อปัญหาที่พบในแบบรายงาน)",
        "lines": "รายการงบประมาณ",
        "h_lines": ["ที่", "กิจกรรม", "รหัสในแผน / หมวด", "งบประมาณ", "เบิกจ่าย", "ความสอดคล้องกับแผน"],
        "no_lines": "ไม่มีรายการที่นับประจำเดือนนี้",
        "cofund": "โครงการที่สนับสนุนร่วมกับภาคีอื่น",
        "h_cofund": ["โครงการ", "งบที่ต้องการ", "ได้รับรวม", "ภาคีและสัดส่วน"],
        "next": "โครงการในแผนชุมชนที่ยังขาดงบประมาณ ในหมวดที่เกี่ยวข้องกับภารกิจของท่าน",
        "h_next": ["ลำดับความสำคัญ", "โครงการ", "หมวด", "งบที่ต้องการ", "ได้รับแล้ว", "ยังขาด"],
        "no_next": "ไม่มีโครงการในหมวดที่เกี่ยวข้องกับภารกิจของท่านที่ยังขาดงบประมาณ",
        "record": "การส่งแบบรายงานตามกำหนด ในรอบ 12 เดือนที่ผ่านมา",
        "footprint": "พื้นที่ที่หน่วยงานทำงาน",
        "h_footprint": [
            "พื้นที่",
            "อำเภอ / จังหวัด",
            "สถานะ",
            "งบประมาณ",
            "สอดคล้องกับแผน",
            "สัดส่วนในพื้นที่",
        ],
        "footprint_note": "สัดส่วนในพื้นที่ = งบประมาณที่สอดคล้องกับแผนของหน่วยงาน ÷ งบประมาณที่ภาคีทุกราย"
        "จัดสรรให้แผนชุมชนของพื้นที่นั้น",
        "h_record": ["เดือน", "กำหนดส่ง", "การส่งแบบรายงาน"],
        "problems": "ปัญหาที่พบในแบบรายงาน",
        "plan_problems": "ปัญหาที่พบในแผนชุมชนและทะเบียนภาคี (แถวที่ต้องแก้ไขยังไม่นับ)",
        "h_problems": ["ตำแหน่ง", "ระดับ", "รายละเอียดและวิธีแก้ไข"],
        "file_row": "ไฟล์ {{ f.source_file }}",
        "no_problems": "ไม่พบปัญหาในแบบรายงาน",
        "nothing_counts": "ยังไม่มีข้อมูลที่นับได้ประจำเดือนนี้",
        "missing_text": "{{ centre.sender }}ยังไม่ได้รับแบบรายงานงบประมาณของหน่วยงานสำหรับพื้นที่นี้ ประจำเดือน{{ period_text }}",
        "rejected_text": "ได้รับแบบรายงานแล้ว แต่แบบรายงานไม่ผ่านการตรวจสอบ ตามรายละเอียดในหัวข้อ 'ปัญหาที่พบในแบบรายงาน' ด้านล่าง จึงยังไม่นำตัวเลขในแบบรายงานมานับ",
        "fix_and_resend": "กรุณาแก้ไขตามหัวข้อปัญหาที่พบ แล้วส่งแบบรายงานใหม่ภายในวันที่ {{ deadline }}",
        "area_closed": "พื้นที่นี้ปิดงวดประจำเดือน{{ period_text }} แล้วเมื่อ {{ area.closed_on }} แบบรายงานที่ส่งมาหลังปิดงวดจะได้รับและตรวจสอบ แต่ไม่นับรวมในการสรุปประจำเดือนนี้",
        "what_to_send": "กรุณาส่งแบบรายงาน (ไฟล์ Excel .xlsx) ของ{{ area.area_name }} ประจำเดือน{{ period_text }} ภายในวันที่ {{ deadline }} โดยมีแผ่นงาน 'ข้อมูลหน่วยงาน' (รหัสหน่วยงาน {{ agency.code }} รหัสพื้นที่ {{ area.area_code }}) และแผ่นงาน 'รายการงบประมาณ' หนึ่งแถวต่อหนึ่งรายการ พร้อมรหัสโครงการในแผนที่สนับสนุน ขอแบบฟอร์มเปล่าได้จาก{{ centre.sender }}",
        "network_title": "สรุปผลการบูรณาการแผนชุมชน",
        "required": "งบประมาณที่แผนต้องการ",
        "committed": "งบประมาณที่ภาคีจัดสรร",
        "covered": "งบประมาณที่ตรงตามความต้องการของแผน (ไม่นับส่วนที่เกินรายโครงการ)",
        "covered_share": "คิดเป็น{{ headline.coverage_text }}",
        "gap": "งบประมาณที่ยังขาด",
        "aligned_share": "สัดส่วนงบประมาณของภาคีที่สอดคล้องกับแผน",
        "by_category": "ความครอบคลุมรายหมวด",
        "items": "โครงการในแผน แยกตามหมวด เรียงตามลำดับความสำคัญ",
        "h_items": ["ลำดับความสำคัญ", "โครงการ / สถานะ / ภาคีที่สนับสนุน", "งบที่ต้องการ", "ยังขาด"],
        "over_by": "(เกิน {{ i.excess }} บาท)",
        "category_row": "หมวด{{ c.category }} (ครอบคลุม {{ c.coverage }})",
        "funded_by": "โดย",
        "no_items": "ไม่มีโครงการในแผนชุมชนของพื้นที่นี้",
        "outside": "งานนอกแผนชุมชนแยกตามภาคี",
        "h_outside": ["ภาคี", "รายการ", "งบประมาณ", "กิจกรรม"],
        "submissions": "การส่งแบบรายงานของภาคี",
        "h_submissions": ["ภาคี", "สถานะ", "รายการ", "งบประมาณ", "สอดคล้องกับแผน"],
        "no_submissions": "ยังไม่มีภาคีในพื้นที่นี้",
        "changes": "การเปลี่ยนแปลงจากเดือนก่อน",
        "since": "เทียบกับเดือน",
        "h_changes": ["รหัส", "โครงการ", "ได้รับ", "เปลี่ยนแปลง", "เบิกจ่าย", "เปลี่ยนแปลง"],
        "no_changes": "งบประมาณของโครงการไม่เปลี่ยนแปลงจากเดือนก่อน",
        "status_changes": "ภาคีที่สถานะการส่งแบบรายงานเปลี่ยนไป",
        "h_status_changes": ["ภาคี", "สถานะเดือนก่อน", "สถานะเดือนนี้"],
        "no_previous": "ยังไม่มีเดือนก่อนหน้าในปีงบประมาณนี้ให้เปรียบเทียบ",
        "baht": "บาท",
        "issued_by": "ผู้ออกรายงาน",
        "phone": "โทร.",
        "email": "อีเมล",
    },
    "en": {
        "agency_title": "Budget alignment with the community plan",
        "for": "Agency:",
        "month_line": "Report for {{ period_text }}   {{ fiscal_year_text }}"
        "{% if period_closed %}   closed on {{ period_closed }}{% endif %}",
        "as_of": "Data as of",
        "area": "Area:",
        "status": "Submission status",
        "source": " (figures of {{ area.source_period }}, from file {{ area.source_file }})",
        "previous_status": "Status in the previous month",
        "totals": "Budget summary",
        "total_budget": "Budget the agency supports in this area, in total",
        "aligned": "Aligned with the community plan",
        "unaligned": "Outside the plan",
        "disbursed": "Disbursed to date",
        "of_total": "of total",
        "rejected_rows": "Lines not counted because they must be fixed: {{ area.rejected_rows }} (see the problems below)",
        "lines": "Budget lines",
        "h_lines": ["No.", "Activity", "Plan item / category", "Budget", "Disbursed", "In plan"],
        "no_lines": "No line counts this month",
        "cofund": "Plan items co-funded with other partners",
        "h_cofund": ["Plan item", "Required", "Committed", "Partners and shares"],
        "next": "Plan items still short of funds in the categories of your work",
        "h_next": ["Priority", "Plan item", "Category", "Required", "Committed", "Funding gap"],
        "no_next": "No plan item of your categories is short of funds",
        "record": "Reporting by the deadline, the last 12 months",
        "footprint": "Where the agency works",
        "h_footprint": [
            "Area",
            "District / province",
            "Status",
            "Budget",
            "In plan",
            "Share",
        ],
        "footprint_note": "Share = the agency's budget aligned with the plan ÷ what all partners "
        "commit to the area's plan",
        "h_record": ["Month", "Deadline", "Submission"],
        "problems": "Problems found in your workbook",
        "plan_problems": "Problems found in the community plan and the partner registry (rows that must be fixed are not counted)",
        "h_problems": ["Place", "Severity", "Details and how to fix"],
        "file_row": "File {{ f.source_file }}",
        "no_problems": "No problem was found",
        "nothing_counts": "Nothing counts for this month yet",
        "missing_text": "Your budget workbook for this area for {{ period_text }} has not been received by {{ centre.sender }}.",
        "rejected_text": "Your workbook arrived but did not pass the checks, for the reasons under 'Problems found in your workbook' below; its figures are not counted yet.",
        "fix_and_resend": "Please fix the problems listed above and send the workbook again by {{ deadline }}.",
        "area_closed": "This area's month ({{ period_text }}) was closed on {{ area.closed_on }}: workbooks sent after the closing are received and checked, but do not count for this month.",
        "what_to_send": "Please send the submission workbook (Excel .xlsx) for {{ area.area_name }}, {{ period_text }}, by {{ deadline }}: a sheet 'ข้อมูลหน่วยงาน' (agency code {{ agency.code }}, area code {{ area.area_code }}) and a sheet 'รายการงบประมาณ' with one row per budget line and the plan item it funds. A blank form can be had from {{ centre.sender }}.",
        "network_title": "Community plan integration summary",
        "required": "Budget the plan requires",
        "committed": "Budget committed by partners",
        "covered": "Of which meets the plan's needs:",
        "covered_share": "({{ headline.coverage }} coverage)",
        "gap": "Funding gap",
        "aligned_share": "Share of partner budgets aligned with the plan:",
        "by_category": "Coverage by category",
        "items": "Plan items by category, in order of priority",
        "h_items": ["Priority", "Plan item / status / partners", "Required", "Funding gap"],
        "over_by": "(by {{ i.excess }} baht)",
        "category_row": "{{ c.category }} ({{ c.coverage }} coverage)",
        "funded_by": "by",
        "no_items": "The area's plan has no items",
        "outside": "Work outside the plan, by partner",
        "h_outside": ["Partner", "Lines", "Budget", "Activities"],
        "submissions": "Submissions by partner",
        "h_submissions": ["Partner", "Status", "Lines", "Budget", "In plan"],
        "no_submissions": "No partner in this area yet",
        "changes": "Change since the previous month",
        "since": "compared with",
        "h_changes": ["Item", "Title", "Committed", "Change", "Disbursed", "Change"],
        "no_changes": "No plan item's figures changed since the previous month",
        "status_changes": "Partners whose submission status changed",
        "h_status_changes": ["Partner", "Previous status", "Status"],
        "no_previous": "No earlier month of this fiscal year to compare with",
        "baht": "baht",
        "issued_by": "Issued by",
        "phone": "Tel.",
        "email": "E-mail",
    },
}


def optional_table(doc, items: str, empty: str | None, make_table, *table_args) -> None:
    """A table when `items` has any, else the sentence `empty` (or nothing if None).

    The sentence stays on the page of what follows it: the issuer's block at the end of a
    report is never left alone on a page of its own after it.
    """
    para(doc, "{%p if " + items + " %}")
    make_table(doc, *table_args)
    if empty is not None:
        para(doc, "{%p else %}")
        para(doc, empty).paragraph_format.keep_with_next = True
    para(doc, "{%p endif %}")


def conditional(doc, condition: str, text: str, style: str | None = None, strong: bool = False):
    """A paragraph shown only when `condition` holds."""
    para(doc, "{%p if " + condition + " %}")
    paragraph = para(doc, text, style, strong)
    para(doc, "{%p endif %}")
    return paragraph


def centre_block(doc) -> None:
    """The issuing centre above the title: its logo, name and address (each if set)."""
    conditional(doc, "centre_logo", "{{ centre_logo }}", "Picture")
    conditional(doc, "centre.name", "{{ centre.name }}", "Centre", strong=True)
    conditional(doc, "centre.address", "{{ centre.address }}", "Centre Detail")


def heading_block(doc, t: dict, title: str, first_line: str) -> None:
    centre_block(doc)
    para(doc, title, "Title")
    info_block(
        doc,
        [
            first_line,
            t["month_line"],
            f"{t['as_of']} {{{{ data_as_of }}}} {{{{ data_as_of_note }}}}",
        ],
    )


def issuer_block(doc, t: dict) -> None:
    """Who issued the report, at its end (when any of the centre's details is set), side
    by side: the centre, its phone and e-mail (left); the signatory and position (right,
    as Thai official papers sign). Each line only when its detail is set."""
    para(doc, "{%p if centre.present %}")
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    contact, signature = table.rows[0].cells
    lines = {
        contact: [
            "{%p if centre.name or centre.contact %}",
            "{%p if centre.name %}",
            "{{ centre.name }}",
            "{%p endif %}",
            "{%p if centre.phone %}",
            t["phone"] + " {{ centre.phone }}",
            "{%p endif %}",
            "{%p if centre.email %}",
            t["email"] + " {{ centre.email }}",
            "{%p endif %}",
            "{%p else %}",
            "",
            "{%p endif %}",
        ],
        signature: [
            "{%p if centre.signatory_name or centre.signatory_position %}",
            t["issued_by"],
            "{%p if centre.signatory_name %}",
            "({{ centre.signatory_name }})",
            "{%p endif %}",
            "{%p if centre.signatory_position %}",
            "{{ centre.signatory_position }}",
            "{%p endif %}",
            "{%p else %}",
            "",
            "{%p endif %}",
        ],
    }
    for cell, texts in lines.items():
        for index, text in enumerate(texts):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.style = "Contact" if cell is contact else "Signature"
            if text:
                paragraph.add_run(text)
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)  # apart from the report
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    set_widths(table, [FILL, 7.0])
    put(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit")
    para(doc, "{%p endif %}")


def amount_line(doc, t: dict, label: str, amount: str, words: str, strong: bool = False) -> None:
    """`label amount baht`, and the amount in Thai words on a line of its own (a line
    break inside them would split a number word: ห้า|สิบ)."""
    para(doc, f"{label} {{{{ {amount} }}}} {t['baht']}", strong=strong)
    conditional(doc, words, f"({{{{ {words} }}}})", "Amount Words", strong=strong)


def problems_table(doc, t: dict, groups: str) -> None:
    grouped_table(
        doc,
        t["h_problems"],
        f"f in {groups}",
        [(t["file_row"], 3)],
        "i in f.issues",
        ["{{ i.place }}", "{{ i.severity }}", "{{ i.message }}"],
        [4.1, 2.6, FILL],
        keep_last=True,
    )


def problems_section(doc, t: dict) -> None:
    """The problems found in the area's files (a table per file), or a line saying none."""
    para(doc, t["problems"], "Heading 2")
    optional_table(doc, "area.issue_files", t["no_problems"], problems_table, t, "area.issue_files")


def agency_template(t: dict) -> Document:
    from results_template import agency_results_section  # it builds on this module

    doc = new_document(t["agency_title"])
    heading_block(doc, t, t["agency_title"], f"{t['for']} {{{{ agency.name }}}}")
    # Where the agency works, when it is more than one area (its footprint).
    para(doc, "{%p if footprint %}")
    para(doc, t["footprint"], "Heading 1")
    para(doc, "{{ footprint.sentence }}")
    loop_table(
        doc,
        t["h_footprint"],
        "f in footprint.areas",
        [
            "{{ f.area_name }}",
            "{{ f.place }}",
            "{{ f.status }}",
            "{{ f.total_budget }}",
            "{{ f.aligned_budget }}",
            "{{ f.share }}",
        ],
        [3.0, FILL, 2.5, AMOUNT, AMOUNT, 2.2],
    )
    para(doc, t["footprint_note"], "Table Text")
    para(doc, "{%p endif %}")
    para(doc, "{%p for area in areas %}")
    para(doc, f"{t['area']} {{{{ area.area_name }}}}", "Heading 1")
    # The area's heading, status lines and first section stay on one page.
    status = para(
        doc,
        f"{t['status']}: {{{{ area.status }}}}{{% if area.source_file != '-' %}}{t['source']}{{% endif %}}",
    )
    status.paragraph_format.keep_with_next = True
    previous = conditional(
        doc,
        "has_previous",
        f"{t['previous_status']} ({{{{ previous_period_text }}}}): {{{{ area.previous_status }}}}",
    )
    previous.paragraph_format.keep_with_next = True
    para(doc, '{%p if area.status_code in ("missing", "rejected") %}')
    para(doc, t["nothing_counts"], "Heading 2")
    para(doc, "{%p if area.status_code == 'missing' %}")
    para(doc, t["missing_text"])
    # A closed area (or period): nothing sent now counts, so nothing is asked.
    para(doc, "{%p if area.closed_on %}")
    para(doc, t["area_closed"])
    para(doc, "{%p else %}")
    para(doc, t["what_to_send"])
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    # A rejected file: what to fix first, then what the plan still needs.
    para(doc, t["rejected_text"])
    problems_section(doc, t)
    para(doc, "{%p if area.closed_on %}")
    para(doc, t["area_closed"])
    para(doc, "{%p else %}")
    para(doc, t["fix_and_resend"])
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    para(doc, t["totals"], "Heading 2")
    amount_line(doc, t, t["total_budget"], "area.total_budget", "area.total_budget_words", True)
    para(
        doc,
        f"{t['aligned']} {{{{ area.aligned_budget }}}} {t['baht']} ({{{{ area.alignment_text }}}} {t['of_total']})",
    )
    para(doc, f"{t['unaligned']} {{{{ area.unaligned_budget }}}} {t['baht']}")
    para(
        doc,
        f"{t['disbursed']} {{{{ area.disbursed }}}} {t['baht']} ({{{{ area.disbursement_text }}}} {t['of_total']})",
    )
    conditional(doc, "area.rejected_rows", t["rejected_rows"])
    para(doc, t["lines"], "Heading 2")
    optional_table(
        doc,
        "area.lines",
        t["no_lines"],
        loop_table,
        t["h_lines"],
        "l in area.lines",
        [
            "{{ l.line_no }}",
            # Support other than money (in kind, staff) is said after the activity.
            "{{ l.activity }}{% if l.support_type_code not in ('cash', '') %} ({{ l.support_type }}){% endif %}",
            ["{{ l.plan_item_id }}", "{{ l.category }}"],
            "{{ l.budget }}",
            "{{ l.disbursed }}",
            "{{ l.alignment }}",
        ],
        [0.9, FILL, 2.4, AMOUNT, AMOUNT, 2.0],
    )
    para(doc, "{%p if area.co_funded %}")
    para(doc, t["cofund"], "Heading 2")
    loop_table(
        doc,
        t["h_cofund"],
        "c in area.co_funded",
        [
            "{{ c.plan_item_id }} {{ c.title }}",
            "{{ c.required }}",
            "{{ c.committed }}",
            ["{%p for p in c.partners %}", "{{ p.agency_name }} ({{ p.share }})", "{%p endfor %}"],
        ],
        [FILL, AMOUNT, AMOUNT, 5.2],
    )
    para(doc, "{%p endif %}")
    agency_results_section(doc, t)  # its part of the results, beside its partners'
    para(doc, "{%p endif %}")
    para(doc, t["next"], "Heading 2")
    optional_table(
        doc,
        "area.opportunities",
        t["no_next"],
        loop_table,
        t["h_next"],
        "o in area.opportunities",
        [
            "{{ o.priority }}",
            "{{ o.plan_item_id }} {{ o.title }}",
            "{{ o.category }}",
            "{{ o.required }}",
            "{{ o.committed }}",
            "{{ o.gap }}",
        ],
        [1.3, FILL, 2.4, AMOUNT, AMOUNT, AMOUNT],
        True,  # ends a report whose last area has no file
    )
    # The problems of the files received (a rejected file's are told above; an area no
    # file came for has none to tell).
    para(
        doc, "{%p if area.status_code != 'rejected' and (area.file_received or area.issue_files) %}"
    )
    problems_section(doc, t)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    # The agency's own record over the year: each month's deadline and how it reported.
    para(doc, "{%p if record.rows %}")
    para(doc, t["record"], "Heading 1").paragraph_format.keep_with_next = True
    conditional(
        doc, "record.sentence", "{{ record.sentence }}"
    ).paragraph_format.keep_with_next = True
    loop_table(
        doc,
        t["h_record"],
        "r in record.rows",
        ["{{ r.period_text }}", "{{ r.deadline }}", "{{ r.status }}"],
        [3.6, 3.0, FILL],
        True,  # ends the report
    )
    para(doc, "{%p endif %}")
    issuer_block(doc, t)
    return doc


def network_template(t: dict) -> Document:
    from results_template import network_results_section  # it builds on this module

    doc = new_document(t["network_title"])
    heading_block(doc, t, t["network_title"], "{{ area.name }}")
    amount_line(doc, t, t["required"], "headline.required", "headline.required_words")
    amount_line(doc, t, t["committed"], "headline.committed", "headline.committed_words")
    para(doc, f"{t['covered']} {{{{ headline.covered }}}} {t['baht']} {t['covered_share']}")
    amount_line(doc, t, t["gap"], "headline.gap", "headline.gap_words", strong=True)
    para(doc, f"{t['aligned_share']} {{{{ headline.aligned_share_text }}}}")
    para(doc, "{{ headline.items_text }}")
    # Who sent what, then who reported by the deadline, in one paragraph.
    para(
        doc,
        "{{ headline.agencies_text }}{% if headline.timeliness %} {{ headline.timeliness }}{% endif %}",
    )
    conditional(doc, "headline.follow_up", "{{ headline.follow_up }}", strong=True)
    para(doc, t["by_category"], "Heading 1")
    para(doc, "{{ coverage_chart }}", "Picture")
    para(doc, t["items"], "Heading 1")
    optional_table(
        doc,
        "categories",
        t["no_items"],
        grouped_table,
        t["h_items"],
        "c in categories",
        [(t["category_row"], 2), "{{ c.required }}", "{{ c.gap }}"],
        "i in c.items",
        [
            "{{ i.priority }}",
            # The item, its status, and who funds it (with shares when several do).
            [
                "{{ i.plan_item_id }} {{ i.title }}",
                "{{ i.status }}{% if i.status_code == 'over' %} "
                + t["over_by"]
                + "{% endif %}{% if i.partners %} "
                + t["funded_by"]
                + " {% for p in i.partners %}{{ p.agency_name }}{% if i.co_funded %} ({{ p.share }}){% endif %}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}",
            ],
            "{{ i.required }}",
            "{{ i.gap }}",
        ],
        [1.4, FILL, AMOUNT, AMOUNT],
    )
    network_results_section(doc, t)  # what the partners achieved together
    para(doc, "{%p if outside_plan %}")
    para(doc, t["outside"], "Heading 1")
    loop_table(
        doc,
        t["h_outside"],
        "o in outside_plan",
        [
            "{{ o.agency_name }}",
            "{{ o.lines_count }}",
            "{{ o.unaligned_budget }}",
            "{{ o.activities }}",
        ],
        [5.3, COUNT, AMOUNT, FILL],
    )
    para(doc, "{%p endif %}")
    para(doc, t["submissions"], "Heading 1")
    optional_table(
        doc,
        "submissions",
        t["no_submissions"],
        loop_table,
        t["h_submissions"],
        "s in submissions",
        [
            "{{ s.agency_name }}",
            # The month its figures are of, when not this one (carried forward).
            "{{ s.status }}{% if s.status_code == 'carried_forward' %} ({{ s.source_period }}){% endif %}",
            "{{ s.lines_count }}",
            "{{ s.total_budget }}",
            "{{ s.alignment_ratio }}",
        ],
        [FILL, 4.3, COUNT, AMOUNT, 2.0],
        True,  # ends a summary with no earlier month and no plan problems
    )
    # The change since the previous month, when there is one this fiscal year.
    para(doc, "{%p if has_previous %}")
    para(doc, t["changes"], "Heading 1")
    para(doc, f"{t['since']} {{{{ previous_period_text }}}}")
    optional_table(
        doc,
        "changes",
        t["no_changes"],
        loop_table,
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
        True,
    )
    para(doc, "{%p if status_changes %}")
    para(doc, t["status_changes"], "Heading 2")
    loop_table(
        doc,
        t["h_status_changes"],
        "s in status_changes",
        ["{{ s.agency_name }}", "{{ s.previous_status }}", "{{ s.status }}"],
        [FILL, 4.0, 4.0],
        True,
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan_issue_files %}")
    para(doc, t["plan_problems"], "Heading 1")
    problems_table(doc, t, "plan_issue_files")
    para(doc, "{%p endif %}")
    issuer_block(doc, t)
    return doc


def main() -> None:
    from level_template import LEVEL_TEXTS, level_template  # they build on this module
    from results_template import RESULTS_TEXTS

    for lang, texts in T.items():
        folder = TEMPLATES / lang
        folder.mkdir(parents=True, exist_ok=True)
        agency_template({**texts, **RESULTS_TEXTS[lang]}).save(folder / "agency.docx")
        network_template({**texts, **RESULTS_TEXTS[lang]}).save(folder / "network.docx")
        level_template({**texts, **LEVEL_TEXTS[lang]}).save(folder / "level.docx")
        print(f"wrote {folder}/agency.docx, network.docx and level.docx")


if __name__ == "__main__":
    main()
