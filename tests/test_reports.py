"""What the Word reports say: names, Thai period, amounts and words, statuses, problems."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from docx import Document
from lxml import etree

from oneplan.month.run import run_month
from oneplan.settings import PROJECT_ROOT
from tests.builders import line, write_submission
from tests.conftest import PERIOD, copy_of_month

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
# The demo's month as its reports are made on 3 Dec 2026 (07:00 in Bangkok): after its
# latest file (รพ.สต.แพรกหา's, 2 Dec), before the network's deadline (10 Dec).
DEMO_NOW = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)


def document_text(path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def reports(tmp_path_factory, month_inputs):
    """The reports of the `month` fixture's month run at NOW: made once in the module for
    the tests that only read them."""
    settings = copy_of_month(month_inputs.parent, tmp_path_factory.mktemp("month-reports"))
    run_month(settings, PERIOD, NOW)
    return settings.outputs / PERIOD / "reports"


def test_agency_report_content(reports):
    text = document_text(reports / "AG-A.docx")
    assert "หน่วยงาน หน่วยงาน AG-A\n" in text  # addressed by name, not `ถึง … (AG-A)`
    assert "ประจำเดือนพฤศจิกายน 2569   ปีงบประมาณ พ.ศ. 2570" in text
    assert "งวด" not in text and "ถึง" not in text
    # 60,000 + 12,500.50 + 100, with its words on a line of their own
    assert "งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม 72,600.50 บาท\n" in text
    assert "\n(เจ็ดหมื่นสองพันหกร้อยบาทห้าสิบสตางค์)\n" in text
    assert "สอดคล้องกับแผนชุมชน 60,000.00 บาท (ร้อยละ 82.64 ของงบประมาณที่สนับสนุน)" in text
    assert "สถานะการส่งแบบรายงาน: ส่งแล้ว (ใช้ข้อมูลประจำเดือนพฤศจิกายน 2569 จากไฟล์ a.xlsx)" in text
    assert "1 | กิจกรรม 1 | KS-01\n- | 60,000.00 | 0.00 | สอดคล้องกับแผน" in text
    assert "3 | กิจกรรม 3 | ZZ-9\n- | 100.00 | 0.00 | ไม่พบรหัสในแผน" in text
    assert "รายการงบประมาณ B4 | ควรตรวจสอบ (นับแล้ว) | ช่อง B4: รหัสโครงการ 'ZZ-9'" in text
    # KS-01 is co-funded with AG-B; KS-02 (สวัสดิการ) is not in AG-A's categories.
    assert (
        "KS-01 โครงการ KS-01 | 100,000.00 | 100,000.00 | หน่วยงาน AG-A (60.00%)\nหน่วยงาน AG-B (40.00%)"
        in text
    )
    assert "โครงการในแผนชุมชนที่ยังขาดงบประมาณ ในหมวดที่เกี่ยวข้องกับภารกิจของท่าน" in text
    assert "แผนในกระเป๋า" not in text


def test_missing_agency_gets_a_report_too(reports):
    text = document_text(reports / "AG-C.docx")
    assert "ยังไม่ส่ง" in text
    assert "ศูนย์ประสานงานยังไม่ได้รับแบบรายงานงบประมาณของหน่วยงานสำหรับพื้นที่นี้ ประจำเดือนพฤศจิกายน 2569" in text
    assert (
        "กรุณาส่งแบบรายงาน (ไฟล์ Excel .xlsx) ของตำบล AREA-1 ประจำเดือนพฤศจิกายน 2569 ภายในวันที่ 10 ธ.ค. 2569"
        in text
    )
    assert "(รหัสหน่วยงาน AG-C รหัสพื้นที่ AREA-1)" in text
    assert "งบประมาณที่หน่วยงานสนับสนุน" not in text  # no zero totals that read like "no budget"


def body_texts(path) -> list[str]:
    """The document's paragraphs and table rows, in the order they are read."""
    texts = []
    for block in Document(path).iter_inner_content():
        if hasattr(block, "rows"):
            texts += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            texts.append(block.text)
    return texts


def test_rejected_agency_report_says_why_and_what_to_send(month):
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 100)],
        line_columns=["line_no", "activity"],
    )
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "AG-C.docx")
    assert "สถานะการส่งแบบรายงาน: แบบรายงานไม่ผ่านการตรวจสอบ" in text
    assert "จึงยังไม่นำตัวเลขในแบบรายงานมานับ" in text
    assert "ไฟล์ใช้ไม่ได้" not in text
    assert "ไฟล์ c.xlsx" in text  # the problems under the file they were found in
    assert "ไม่มีคอลัมน์ 'งบประมาณ'" in text  # the reason, from the problems table
    # What to fix comes first, then when to send it again, then what the plan still needs.
    texts = body_texts(month.outputs / PERIOD / "reports" / "AG-C.docx")
    problems = texts.index("ปัญหาที่พบในแบบรายงาน")
    reason = next(i for i, t in enumerate(texts) if "ไม่มีคอลัมน์ 'งบประมาณ'" in t)
    resend = texts.index("กรุณาแก้ไขตามหัวข้อปัญหาที่พบ แล้วส่งแบบรายงานใหม่ภายในวันที่ 10 ธ.ค. 2569")
    still_needed = texts.index("โครงการในแผนชุมชนที่ยังขาดงบประมาณ ในหมวดที่เกี่ยวข้องกับภารกิจของท่าน")
    assert problems < reason < resend < still_needed
    assert texts.count("ปัญหาที่พบในแบบรายงาน") == 1
    assert "กรุณาส่งแบบรายงาน (ไฟล์ Excel .xlsx)" not in text  # that is for a missing file


def test_network_report_content(reports):
    text = document_text(reports / "network_AREA-1.docx")
    assert (
        "สรุปผลการบูรณาการแผนชุมชน\nตำบล AREA-1\nประจำเดือนพฤศจิกายน 2569   ปีงบประมาณ พ.ศ. 2570\n"
        in text
    )
    assert "งบประมาณที่แผนต้องการ 150,000.00 บาท\n(หนึ่งแสนห้าหมื่นบาทถ้วน)" in text
    assert (
        "งบประมาณที่ตรงตามความต้องการของแผน (ไม่นับส่วนที่เกินรายโครงการ) 100,000.00 บาท คิดเป็นร้อยละ 66.67"
    ) in text
    assert "สัดส่วนงบประมาณของภาคีที่สอดคล้องกับแผน ร้อยละ 88.81" in text
    # Plain spaces before the units: after a no-break space LibreOffice breaks the unit
    # inside a syllable (`1 หน่|วยงาน`).
    assert (
        "โครงการในแผน 3 โครงการ ได้แก่ ยังไม่ได้รับงบประมาณ 1 โครงการ"
        " ได้รับงบครบ 1 โครงการ ไม่ต้องใช้งบประมาณ 1 โครงการ"
        " (ในจำนวนนี้มีภาคีสนับสนุนร่วม 1 โครงการ)"
    ) in text
    assert "ภาคีเครือข่าย 3 หน่วยงาน: ส่งแบบรายงานแล้ว 2 หน่วยงาน ยังไม่ส่ง 1 หน่วยงาน" in text
    assert "\u00a0" not in text
    assert "ภาคีที่ควรติดตาม: หน่วยงาน AG-C (ยังไม่ส่ง)" in text
    # The plan items by category, each with its partners and their shares (co-funding
    # once: no separate table repeats the items).
    assert (
        "1 | KS-01 โครงการ KS-01\nได้รับงบครบ โดย หน่วยงาน AG-A (60.00%), หน่วยงาน AG-B (40.00%)"
        " | 100,000.00 | 0.00"
    ) in text
    assert "2 | KS-02 โครงการ KS-02\nยังไม่ได้รับงบประมาณ | 50,000.00 | 50,000.00" in text
    assert text.count("KS-01 โครงการ KS-01") == 1
    # The first month of a fiscal year has no change section.
    assert "การเปลี่ยนแปลงจากเดือนก่อน" not in text and "งวด" not in text


def test_workbook_text_is_printed_as_text_never_run_as_a_template(month):
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 100, "KS-01", activity="A < B & C {{ 7*7 }} {% if 1 %}x{% endif %}")],
    )
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "AG-C.docx")
    assert "A < B & C {{ 7*7 }} {% if 1 %}x{% endif %}" in text
    assert "49" not in text


def test_english_reports(month):
    import dataclasses

    english = dataclasses.replace(month, lang="en")
    run_month(english, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "AG-A.docx")
    assert "Report for November 2026   FY 2027 (B.E. 2570)" in text
    assert "Submission status: submitted (figures of November 2026, from file a.xlsx)" in text
    assert "Aligned with the community plan 60,000.00 baht (82.64% of total)" in text
    assert "3 | กิจกรรม 3 | ZZ-9\n- | 100.00 | 0.00 | unknown plan item" in text
    assert "1 | กิจกรรม 1 | KS-01\n- | 60,000.00 | 0.00 | yes" in text
    assert "Please check (counted) | Cell B4: plan item 'ZZ-9' is not in the community plan" in text
    network = document_text(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    assert "Of which meets the plan's needs: 100,000.00 baht (66.67% coverage)" in network
    assert "Funding gap 50,000.00 baht" in network
    assert "Share of partner budgets aligned with the plan: 88.81%" in network
    assert (
        "3 plan items: 1 unfunded, 1 funded, 1 needing no budget (1 of them co-funded)." in network
    )
    assert "3 partners: 2 submitted, 1 missing." in network


def test_second_period_shows_the_change_since_the_previous_run(month):
    run_month(month, "2026-10", NOW)
    run_month(month, PERIOD, NOW)
    agency = document_text(month.outputs / PERIOD / "reports" / "AG-A.docx")
    assert "สถานะเดือนก่อน (ตุลาคม 2569): ยังไม่ส่ง" in agency
    network = document_text(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    assert "การเปลี่ยนแปลงจากเดือนก่อน\nเทียบกับเดือน ตุลาคม 2569" in network
    assert "+100,000.00" in network  # KS-01 committed went from 0 to 100,000 baht


def test_plan_problems_appear_in_the_network_summary(month):
    from tests.builders import plan_item, write_plan

    write_plan(
        month.inputs,
        [plan_item(item="KS-01", required=100_000), plan_item(item="KS-01", required=5)],
    )
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    assert "ปัญหาที่พบในแผนชุมชนและทะเบียนภาคี" in text
    assert "plan/plan.xlsx" in text and "รหัสโครงการ KS-01 ซ้ำกับ" in text


def test_reports_rendered_with_templates_prepared_once_equal_docxtpls_own(tmp_path):
    # The renderer patches and compiles each template once a process, and skips docxtpl's
    # steps that would not change a report (listing without a line break, parsing and
    # writing again XML that is well-formed): the documents hold the same XML, and a text
    # that holds a line break still breaks its line.
    from oneplan.report.reports import ReportRenderer

    document = Document()
    document.add_heading("{{ name }}", level=1)
    document.add_paragraph("{{ note }}")
    table = document.add_table(rows=3, cols=3)
    table.rows[0].cells[0].text = "{%tr for row in rows %}"
    table.rows[1].cells[0].text = "{{ row.code }}"
    table.rows[1].cells[1].text = "{{ row.amount }}"
    table.rows[1].cells[2].text = "{{ row.nothing }}{{ row.keys is defined }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    _save_as_templates(document, tmp_path)
    renderer = ReportRenderer(tmp_path, "th")
    rows = [{"code": "KS-01", "amount": "1,000.00"}, {"code": "KS-02", "amount": "{{ x }}"}]
    notes = ("ก & ข <ค>", "'ตลาด' \"เขียว\"", "", "บรรทัดแรก\nบรรทัดสอง")
    for note in notes:
        context = {"name": "หน่วยงาน", "note": note, "rows": rows}
        _plain_docxtpl(tmp_path / "th" / "agency.docx", context, tmp_path / "plain.docx")
        plain = _part(tmp_path / "plain.docx", "word/document.xml")
        for attempt in ("first", "second"):
            renderer.render("agency", dict(context), tmp_path / f"{attempt}.docx")
            ours = _part(tmp_path / f"{attempt}.docx", "word/document.xml")
            assert canonical(ours) == canonical(plain), note
        if "\n" in note:  # docxtpl's listing step ran, and its parse: the same bytes
            assert ours == plain
    assert b"<w:br/>" in ours  # the line break survived
    assert "True" in document_text(tmp_path / "first.docx")  # a dict's own attribute


def canonical(xml: bytes) -> bytes:
    """XML written one way only (Canonical XML): equal when the documents are the same."""
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_a_template_whose_tags_break_the_xml_is_recovered_as_docxtpl_recovers_it(tmp_path):
    # An `if` opened in a paragraph and closed in a table cell: when false, the rendered
    # XML skips from inside one to inside the other, and docxtpl's parser recovers it.
    from oneplan.report.reports import ReportRenderer

    document = Document()
    document.add_paragraph("ก {% if show %}")
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = "{% endif %} ข"
    document.add_paragraph("ค")
    _save_as_templates(document, tmp_path)
    for show in (True, False):
        ReportRenderer(tmp_path, "th").render("agency", {"show": show}, tmp_path / "ours.docx")
        _plain_docxtpl(tmp_path / "th" / "agency.docx", {"show": show}, tmp_path / "plain.docx")
        ours = _part(tmp_path / "ours.docx", "word/document.xml")
        assert ours == _part(tmp_path / "plain.docx", "word/document.xml")
    assert document_text(tmp_path / "ours.docx") == "ก  ข"  # recovered: a Word file again


def _save_as_templates(document, folder) -> None:
    """The document as both Thai templates (agency and network) under `folder`."""
    (folder / "th").mkdir(exist_ok=True)
    for kind in ("agency", "network"):
        document.save(folder / "th" / f"{kind}.docx")


def _plain_docxtpl(template, context, target):
    import jinja2
    from docxtpl import DocxTemplate

    plain = DocxTemplate(template)
    plain.render(context, jinja2.Environment(autoescape=True))
    plain.save(target)


def _part(path, name) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as docx:
        assert docx.testzip() is None
        return docx.read(name)


def test_a_template_with_column_loops_renders_as_docxtpl_renders_it(tmp_path):
    from oneplan.report.reports import ReportRenderer

    document = Document()
    table = document.add_table(rows=2, cols=3)
    table.rows[0].cells[0].text = "{%tc for c in columns %}"
    table.rows[0].cells[1].text = "{{ c }}"
    table.rows[0].cells[2].text = "{%tc endfor %}"
    table.rows[1].cells[0].text = "รวม"
    _save_as_templates(document, tmp_path)
    context = {"columns": ["ก", "ข", "ค"]}
    renderer = ReportRenderer(tmp_path, "th")
    renderer.render("agency", dict(context), tmp_path / "ours.docx")
    assert renderer.template("agency").cells_change  # docxtpl's table fixing ran
    _plain_docxtpl(tmp_path / "th" / "agency.docx", context, tmp_path / "plain.docx")
    ours = _part(tmp_path / "ours.docx", "word/document.xml")
    assert ours == _part(tmp_path / "plain.docx", "word/document.xml")
    cells = [c.text for c in Document(tmp_path / "ours.docx").tables[0].rows[0].cells]
    assert cells == ["ก", "ข", "ค"]


def test_a_chart_becomes_a_picture_part_of_its_report(reports):
    report = reports / "network_AREA-1.docx"
    relationships = _part(report, "word/_rels/document.xml.rels")
    assert b'Target="media/oneplan_picture1.png"' in relationships
    assert b'Extension="png"' in _part(report, "[Content_Types].xml")
    assert _part(report, "word/media/oneplan_picture1.png").startswith(b"\x89PNG")
    (shape,) = Document(report).inline_shapes
    assert round(shape.width.mm) == 140


def test_a_template_with_jinja_in_its_header_is_rendered_by_docxtpl(tmp_path):
    from oneplan.report.docx.compiled import compilable
    from oneplan.report.reports import ReportRenderer

    document = Document()
    document.sections[0].header.paragraphs[0].text = "หน่วยงาน {{ name }}"
    document.add_paragraph("{{ name }}")
    _save_as_templates(document, tmp_path)
    assert not compilable(tmp_path / "th" / "agency.docx")
    ReportRenderer(tmp_path, "th").render("agency", {"name": "กขค"}, tmp_path / "ours.docx")
    rendered = Document(tmp_path / "ours.docx")
    assert rendered.sections[0].header.paragraphs[0].text == "หน่วยงาน กขค"
    assert rendered.paragraphs[0].text == "กขค"


def test_the_report_environment_prints_values_as_jinja_does():
    # Its own escaping of plain strings and its lookup of dict keys must not change what a
    # template prints, whatever the value.
    import jinja2
    from markupsafe import Markup

    from oneplan.report.reports import CompileOnceEnvironment

    class Html:
        def __html__(self):
            return "<i>html</i>"

    class Text(str):
        pass

    source = (
        "{% for v in values %}[{{ v }}|{{ row.a }}|{{ row.keys }}|{{ row.missing }}]{% endfor %}"
    )
    values = ["<a & 'b' \"c\">", Markup("<b>"), 12, None, 1.5, Html(), Text("<t>"), "", "ก"]
    context = {"values": values, "row": {"a": "<x>", "keys": "k"}}
    ours = CompileOnceEnvironment(autoescape=True).from_string(source).render(context)
    assert ours == jinja2.Environment(autoescape=True).from_string(source).render(context)
    assert "&lt;a &amp; &#39;b&#39; &#34;c&#34;&gt;" in ours and "<i>html</i>" in ours


def test_a_template_with_whitespace_control_renders_as_docxtpl_renders_it(tmp_path):
    # `{%-` and `-%}` strip the line docxtpl puts before each paragraph: such a template
    # keeps those lines (a template without them is compiled without).
    from oneplan.report.reports import ReportRenderer

    document = Document()
    document.add_paragraph("{% for x in xs %}ก {{- x -}} ข {% endfor %}")
    document.add_paragraph("ค {%- if show %} ง{% endif %}")
    document.add_paragraph("จ")
    _save_as_templates(document, tmp_path)
    renderer = ReportRenderer(tmp_path, "th")
    for show in (True, False):
        context = {"xs": ["1", "2"], "show": show}
        renderer.render("agency", dict(context), tmp_path / "ours.docx")
        _plain_docxtpl(tmp_path / "th" / "agency.docx", context, tmp_path / "plain.docx")
        ours = _part(tmp_path / "ours.docx", "word/document.xml")
        assert canonical(ours) == canonical(_part(tmp_path / "plain.docx", "word/document.xml"))
    assert renderer.template("agency").paragraph_lines
    assert document_text(tmp_path / "ours.docx").startswith("ก1ข ก2ข")


def test_pictures_of_a_report_are_numbered_apart_from_each_other(tmp_path):
    from docx.shared import Mm

    from oneplan.report.docx.pictures import Picture
    from oneplan.report.reports import ReportRenderer

    png = _one_pixel_png()
    document = Document()
    document.add_paragraph("ก {{ first }}")
    document.add_paragraph("ข {{ second }}")
    _save_as_templates(document, tmp_path)
    context = {"first": Picture(png, Mm(20)), "second": Picture(png, Mm(30))}
    ReportRenderer(tmp_path, "th").render("agency", context, tmp_path / "ours.docx")
    shapes = Document(tmp_path / "ours.docx").inline_shapes
    assert [round(shape.width.mm) for shape in shapes] == [20, 30]
    body = etree.fromstring(_part(tmp_path / "ours.docx", "word/document.xml"))
    ids = body.xpath("//wp:docPr/@id", namespaces={"wp": WORDPROCESSING_DRAWING})
    assert len(ids) == len(set(ids)) == 2


WORDPROCESSING_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _one_pixel_png() -> bytes:
    import numpy as np

    from oneplan.report.charts import png

    return png(np.zeros((1, 1, 3), dtype=np.uint8))


def test_the_shipped_templates_are_proven_to_render_well_formed_xml():
    import jinja2
    from docxtpl import DocxTemplate

    from oneplan.report.docx.wellformed import always_well_formed

    for path in sorted((PROJECT_ROOT / "templates").glob("*/*.docx")):
        template = DocxTemplate(path)
        template.render_init()
        body = template.patch_xml(template.get_xml())
        assert always_well_formed(body, jinja2.Environment(autoescape=True)), path


@pytest.mark.parametrize(
    "body",
    [
        "<w:p>{% if a %}<w:r>{% endif %}</w:r></w:p>",  # a branch that leaves an element open
        "<w:p>{% for x in xs %}</w:p><w:p>{% endfor %}</w:p>",  # a loop that closes one
        "<w:p><w:t>{{ x|safe }}</w:t></w:p>",  # printed as XML, unescaped
        "<w:p><w:t>{{ make() }}</w:t></w:p>",  # a call: its value may be markup
        '<w:p w:val="{{ x }}"><w:t/></w:p>',  # a Jinja tag inside an XML tag
        "<w:p>{% set x %}<w:r>{% endset %}{{ x }}</w:p>",  # a captured block
        "<w:p><w:r></w:p></w:r>",  # wrongly nested text
    ],
)
def test_templates_whose_xml_depends_on_the_data_are_not_proven(body):
    import jinja2

    from oneplan.report.docx.wellformed import always_well_formed

    assert not always_well_formed(body, jinja2.Environment(autoescape=True))
    balanced = "<w:p>{% if a %}<w:r><w:t>{{ x.y }}</w:t></w:r>{% else %}<w:r/>{% endif %}</w:p>"
    assert always_well_formed(balanced, jinja2.Environment(autoescape=True))


def test_a_character_xml_forbids_is_dropped_as_docxtpl_drops_it(tmp_path):
    # A proven template's report is still checked for characters XML does not allow (an
    # agency's text may hold a vertical tab): docxtpl's parser recovers such a document.
    from oneplan.report.reports import ReportRenderer

    document = Document()
    document.add_paragraph("{{ activity }}")
    _save_as_templates(document, tmp_path)
    renderer = ReportRenderer(tmp_path, "th")
    assert renderer.template("agency").proven
    context = {"activity": "ตลาด\x0bเขียว"}
    renderer.render("agency", dict(context), tmp_path / "ours.docx")
    _plain_docxtpl(tmp_path / "th" / "agency.docx", context, tmp_path / "plain.docx")
    ours = _part(tmp_path / "ours.docx", "word/document.xml")
    assert ours == _part(tmp_path / "plain.docx", "word/document.xml")
    Document(tmp_path / "ours.docx")  # a Word file python-docx can open


def test_a_process_prepares_its_templates_again_when_one_changes(tmp_path):
    import os

    from oneplan.report.reports import renderer_for

    document = Document()
    document.add_paragraph("ก {{ name }}")
    _save_as_templates(document, tmp_path)
    first = renderer_for(tmp_path, "th")
    assert renderer_for(tmp_path, "th") is first  # every batch of a run: prepared once
    document.paragraphs[0].text = "ข {{ name }}"
    _save_as_templates(document, tmp_path)
    changed = tmp_path / "th" / "agency.docx"
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    renderer_for(tmp_path, "th").render("agency", {"name": "ค"}, tmp_path / "out.docx")
    assert document_text(tmp_path / "out.docx") == "ข ค"


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("ตลาดเขียว 1,250.00 บาท", True),
        ("tab\there, lines\r\nand a replacement character \ufffd", True),
        ("\x00", False),
        ("vertical\x0btab", False),
        ("form\x0cfeed", False),
        ("unit\x1fseparator", False),
        ("ไม่ใช่อักขระ\ufffe", False),
        ("\uffff", False),
    ],
)
def test_characters_xml_forbids_are_found_in_the_utf8_bytes(text, allowed):
    from oneplan.report.docx.wellformed import only_xml_characters

    assert only_xml_characters(text.encode()) is allowed


def test_literal_brace_marks_are_removed_as_docxtpl_removes_them(tmp_path):
    # docxtpl marks braces meant literally (`{_{`) and removes the marks from the whole
    # rendered text, an agency's own text included: ours gives the same document.
    from oneplan.report.reports import ReportRenderer

    document = Document()
    document.add_paragraph("{{ activity }}")
    _save_as_templates(document, tmp_path)
    renderer = ReportRenderer(tmp_path, "th")
    for activity in ("ตลาด {_{ เขียว }_}", "ไม่มีวงเล็บ", "{ ปีกกา } เดี่ยว", "a_}b{_c"):
        context = {"activity": activity}
        renderer.render("agency", dict(context), tmp_path / "ours.docx")
        _plain_docxtpl(tmp_path / "th" / "agency.docx", context, tmp_path / "plain.docx")
        ours = _part(tmp_path / "ours.docx", "word/document.xml")
        assert ours == _part(tmp_path / "plain.docx", "word/document.xml"), activity


CENTRE = {
    "centre_name": "ศูนย์ประสานงานเครือข่ายทดสอบ",
    "centre_address": "หมู่ที่ 3 ตำบลแพรกหา อำเภอควนขนุน จังหวัดพัทลุง 93110",
    "centre_phone": "074-123456",
    "centre_email": "centre@example.or.th",
    "signatory_name": "นางสาวอรุณี ศรีสุข",
    "signatory_position": "ผู้ประสานงานเครือข่าย",
}


def test_every_report_is_headed_and_signed_by_the_centre(month):
    import dataclasses

    run_month(dataclasses.replace(month, **CENTRE), PERIOD, NOW)
    for name in ("AG-A.docx", "AG-C.docx", "network_AREA-1.docx"):
        document = Document(month.outputs / PERIOD / "reports" / name)
        head = [p.text for p in document.paragraphs[:3]]
        assert head[:2] == [CENTRE["centre_name"], CENTRE["centre_address"]], name
        assert head[2].startswith(("รายงานผล", "สรุปผล")), name
        contact, signature = document.tables[-1].rows[0].cells  # the last thing in it
        assert [p.text for p in contact.paragraphs] == [
            "ศูนย์ประสานงานเครือข่ายทดสอบ",
            "โทร. 074-123456",
            "อีเมล centre@example.or.th",
        ]
        assert [p.text for p in signature.paragraphs] == [
            "ผู้ออกรายงาน",
            "(นางสาวอรุณี ศรีสุข)",
            "ผู้ประสานงานเครือข่าย",
        ]
    missing = document_text(month.outputs / PERIOD / "reports" / "AG-C.docx")
    assert "ขอแบบฟอร์มเปล่าได้จากศูนย์ประสานงานเครือข่ายทดสอบ" in missing


def test_a_report_without_a_centre_shows_nothing_of_one(reports):
    for name in ("AG-A.docx", "network_AREA-1.docx"):
        document = Document(reports / name)
        assert document.paragraphs[0].text.startswith(("รายงานผล", "สรุปผล")), name
        text = document_text(reports / name)
        assert "ผู้ออกรายงาน" not in text and "โทร." not in text and "()" not in text
        last = document.tables[-1].rows[0].cells[0].text
        assert "ศูนย์" not in last  # the last table is the report's own


def test_only_the_signatory_set_signs_without_empty_lines(month):
    import dataclasses

    run_month(dataclasses.replace(month, signatory_name="นายสมชาย ใจดี"), PERIOD, NOW)
    document = Document(month.outputs / PERIOD / "reports" / "AG-A.docx")
    assert document.paragraphs[0].text.startswith("รายงานผล")  # no centre name to head it
    contact, signature = document.tables[-1].rows[0].cells
    assert [p.text for p in signature.paragraphs] == ["ผู้ออกรายงาน", "(นายสมชาย ใจดี)"]
    assert [p.text for p in contact.paragraphs] == [""]


def test_the_centres_logo_heads_every_report(month, tmp_path):
    import dataclasses

    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 200), "navy").save(logo)
    result = run_month(dataclasses.replace(month, centre_logo=str(logo)), PERIOD, NOW)
    assert result.notes == []
    agency = Document(month.outputs / PERIOD / "reports" / "AG-A.docx")
    (shape,) = agency.inline_shapes
    assert (round(shape.width.mm), round(shape.height.mm)) == (30, 15)  # within 30 x 20 mm
    network = Document(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    assert [round(s.width.mm) for s in network.inline_shapes] == [30, 140]  # logo, chart

    logo.write_text("not a picture")
    result = run_month(dataclasses.replace(month, centre_logo=str(logo)), PERIOD, NOW)
    assert result.notes == [
        f"ตราสัญลักษณ์ของศูนย์ (centre_logo = {logo}) ไม่ใช่ภาพ PNG, JPEG หรือ GIF "
        "รายงานจึงออกโดยไม่มีตราสัญลักษณ์"
    ]  # in the run's language
    assert not Document(month.outputs / PERIOD / "reports" / "AG-A.docx").inline_shapes


def test_reports_say_when_their_figures_date_from(month):
    run_month(month, PERIOD, NOW)
    reports = month.outputs / PERIOD / "reports"
    # Each report from the latest file it reflects: AG-A's own a.xlsx, saved on 10 Nov 2026
    # 09:00 UTC (16:00 in Bangkok); the area's summary, and AG-C's report (AG-C sent no
    # file: its report reflects its area's), b.xlsx, received last, saved on 12 Nov 2026
    # 00:00 UTC (07:00 in Bangkok).
    latest = "ข้อมูล ณ วันที่ 12 พ.ย. 2569 07:00 น. (UTC+7) ตามแบบรายงานที่ได้รับล่าสุด"
    own = "ข้อมูล ณ วันที่ 10 พ.ย. 2569 16:00 น. (UTC+7) ตามแบบรายงานที่ได้รับล่าสุด"
    assert own in document_text(reports / "AG-A.docx")
    assert latest in document_text(reports / "AG-B.docx")
    assert latest in document_text(reports / "AG-C.docx")
    assert latest in document_text(reports / "network_AREA-1.docx")
    run_month(month, "2026-10", NOW)  # a month no file was sent for
    text = document_text(month.outputs / "2026-10" / "reports" / "network_AREA-1.docx")
    (line,) = [t for t in text.splitlines() if t.startswith("ข้อมูล ณ วันที่")]
    assert line.endswith("(UTC+7) ตามเวลาที่ประมวลผล")


def test_what_people_read_is_in_plan_and_dictionary_order(month):
    import pandas as pd

    from tests.builders import agency, write_registry

    write_registry(
        month.inputs,
        [
            {**agency("AG-A", "AREA-1"), "short_name": "อบต.ข"},
            {**agency("AG-B", "AREA-1"), "short_name": "กองทุน ก"},
            {**agency("AG-C", "AREA-1"), "short_name": "ธ.ก.ส."},
        ],
    )
    run_month(month, PERIOD, NOW)
    network = Document(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    items, _, submissions = network.tables[:3]
    rows = [row.cells[0].text + " " + row.cells[1].text.split("\n")[0] for row in items.rows]
    # The plan lists เกษตร (KS-01, KS-03) before สวัสดิการ (KS-02): in character code order
    # สวัสดิการ comes first. Within a category, by priority.
    assert rows[1:] == [
        "หมวดเกษตร (ครอบคลุม 100.00%) หมวดเกษตร (ครอบคลุม 100.00%)",
        "1 KS-01 โครงการ KS-01",
        "3 KS-03 โครงการ KS-03",
        "หมวดสวัสดิการ (ครอบคลุม 0.00%) หมวดสวัสดิการ (ครอบคลุม 0.00%)",
        "2 KS-02 โครงการ KS-02",
    ]
    assert "ได้รับงบครบ โดย กองทุน ก (40.00%), อบต.ข (60.00%)" in items.rows[2].cells[1].text
    # Agencies by their short names, in Thai dictionary order.
    assert [row.cells[0].text for row in submissions.rows[1:]] == ["กองทุน ก", "ธ.ก.ส.", "อบต.ข"]
    agency_report = document_text(month.outputs / PERIOD / "reports" / "AG-A.docx")
    assert "หน่วยงาน หน่วยงาน AG-A\n" in agency_report  # its own full name heads it
    assert "กองทุน ก (40.00%)\nอบต.ข (60.00%)" in agency_report
    # What machines read keeps the contract's order by code.
    tables = month.outputs / PERIOD / "tables"
    categories = pd.read_parquet(tables / "categories.parquet")["category"].tolist()
    assert categories == ["สวัสดิการ", "เกษตร"]
    agencies = pd.read_parquet(tables / "agencies.parquet")["agency_code"].tolist()
    assert agencies == ["AG-A", "AG-B", "AG-C"]


def test_rows_skipped_for_information_are_not_the_agencys_problems(month):
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 500, "KS-02"), {"line_no": None, "activity": "รวม", "budget": 500}],
    )
    result = run_month(month, PERIOD, NOW)
    assert [(i.agency_code, i.severity, i.code) for i in result.issues] == [
        ("AG-A", "warning", "plan_item_unknown"),
        ("AG-C", "info", "total_row_skipped"),
    ]
    text = document_text(month.outputs / PERIOD / "reports" / "AG-C.docx")
    assert "ปัญหาที่พบในแบบรายงาน\nไม่พบปัญหาในแบบรายงาน" in text
    assert "แจ้งเพื่อทราบ" not in text and "รวม" not in text.split("ปัญหาที่พบ")[1]


def test_the_demos_network_summaries_take_at_most_four_pages(demo_reports, tmp_path):
    # Three pages of money and submissions, and the partners' results (#29) since.
    import re
    import shutil

    from oneplan.report.pdf import convert_folder

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make system-deps installs it)")
    summaries = sorted(demo_reports.glob("network_*.docx"))
    # CODI's report of two areas too: its issuer's block ends its last page with the
    # report's last section (its record of reporting on time), never alone on a page.
    for path in [*summaries, demo_reports / "CODI.docx"]:
        shutil.copy(path, tmp_path / path.name)
    convert_folder(tmp_path)
    pages = {
        path.stem: len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))
        for path in sorted(tmp_path.glob("*.pdf"))
    }
    assert len(pages) == len(summaries) + 1 == 3
    codi = pages.pop("CODI")
    assert all(1 <= count <= 4 for count in pages.values()), pages
    if shutil.which("pdftotext") is not None:
        last = subprocess.run(
            ["pdftotext", "-f", str(codi), "-l", str(codi), str(tmp_path / "CODI.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "การส่งแบบรายงานตามกำหนด" in last and "ผู้ประสานงานเครือข่าย" in last, last


# The demo agencies' usual short names (the registry's ชื่อย่อ column), as the demo's
# registry gives them.
DEMO_SHORT_NAMES = {
    "BAAC-KKN": "ธ.ก.ส. สาขาควนขนุน",
    "CDD-KKN": "พช.อำเภอควนขนุน",
    "CODI": "พอช.",
    "DOAE-KKN": "สนง.เกษตรอำเภอควนขนุน",
    "HPH-PKH": "รพ.สต.แพรกหา",
    "LHSF-PKH": "กองทุนสุขภาพตำบลแพรกหา",
    "NGO-TLS": "มูลนิธิลุ่มน้ำทะเลสาบสงขลาฯ",
    "SAO-LSN": "อบต.ลำสินธุ์",
    "SAO-PKH": "อบต.แพรกหา",
    "THAIHEALTH": "สสส.",
}


def with_short_names(registry) -> None:
    """The demo registry with its ชื่อย่อ column (added when the demo's has none)."""
    import openpyxl

    book = openpyxl.load_workbook(registry)
    sheet = book.worksheets[0]
    for header in sheet.iter_rows(max_row=10):
        values = [cell.value for cell in header]
        if "รหัสหน่วยงาน" in values:
            break
    if "ชื่อย่อ" in values:
        return
    code_column, column, row = values.index("รหัสหน่วยงาน") + 1, len(values) + 1, header[0].row
    sheet.cell(row, column, "ชื่อย่อ")
    for number in range(row + 1, sheet.max_row + 1):
        code = sheet.cell(number, code_column).value
        if code in DEMO_SHORT_NAMES:
            sheet.cell(number, column, DEMO_SHORT_NAMES[code])
    book.save(registry)


def test_support_other_than_money_is_said_after_the_activity(month):
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [{**line(1, 500, "KS-02"), "support_type": "สิ่งของ"}, line(2, 300, "KS-02")],
        line_columns=["line_no", "plan_item_id", "activity", "budget", "support_type"],
    )
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "AG-C.docx")
    assert "1 | กิจกรรม 1 (สิ่งของ) | KS-02" in text
    assert "2 | กิจกรรม 2 | KS-02" in text  # money: nothing added


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory):
    """The demo month's reports (the demo's inputs and centre), rendered once."""
    from oneplan.demo import DEMO_PERIOD, write_demo_inputs
    from oneplan.demo.centre import DEMO_CENTRE
    from oneplan.settings import Settings

    folder = tmp_path_factory.mktemp("demo")
    write_demo_inputs(folder / "inputs")
    with_short_names(folder / "inputs" / "agencies.xlsx")
    settings = Settings(
        inputs=folder / "inputs", outputs=folder / "outputs", state=folder / "state", **DEMO_CENTRE
    )
    run_month(settings, DEMO_PERIOD, DEMO_NOW)
    return folder / "outputs" / DEMO_PERIOD / "reports"


def headings(path, style: str = "Heading 1") -> list[str]:
    return [p.text for p in Document(path).paragraphs if p.style.name == style]


def test_an_agencys_areas_are_in_thai_dictionary_order_of_their_names(demo_reports):
    # By code PLG-LSN (ลำสินธุ์) comes first; by name แพรกหา does, as the e-mails list them.
    for agency in ("CODI", "BAAC-KKN"):
        assert headings(demo_reports / f"{agency}.docx") == [
            "พื้นที่ที่หน่วยงานทำงาน",  # its footprint: it works in two areas
            "พื้นที่ ตำบลแพรกหา",
            "พื้นที่ ตำบลลำสินธุ์",
            "การส่งแบบรายงานตามกำหนด ในรอบ 12 เดือนที่ผ่านมา",  # the agency's own record
        ]


def test_an_agency_in_two_areas_sees_its_footprint_across_them(demo_reports):
    # CODI: ตำบลแพรกหา (อำเภอควนขนุน) 137,500.50 baht of the area's 573,500.50 committed;
    # ตำบลลำสินธุ์ (อำเภอศรีนครินทร์) 165,000 of 275,000: 23.98% and 60.00%.
    document = Document(demo_reports / "CODI.docx")
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows[1:]]
    assert rows == [
        ["ตำบลแพรกหา", "อำเภอควนขนุน จังหวัดพัทลุง", "ส่งแล้ว", "137,500.50", "137,500.50", "23.98%"],
        ["ตำบลลำสินธุ์", "อำเภอศรีนครินทร์ จังหวัดพัทลุง", "ส่งแล้ว", "165,000.00", "165,000.00", "60.00%"],
    ]
    texts = body_texts(demo_reports / "CODI.docx")
    assert any(t.startswith("หน่วยงานทำงานร่วมกับแผนชุมชน 2 พื้นที่ ใน 2 อำเภอ 1 จังหวัด") for t in texts)
    # An agency of one area has no footprint section.
    assert "พื้นที่ที่หน่วยงานทำงาน" not in body_texts(demo_reports / "SAO-PKH.docx")


def test_an_area_no_file_came_for_has_no_problems_section(demo_reports):
    # BAAC-KKN sent nothing for ลำสินธุ์ (missing) and nothing new for แพรกหา (last
    # month's figures carried forward): no "problems found" for a workbook never sent.
    texts = body_texts(demo_reports / "BAAC-KKN.docx")
    assert "สถานะการส่งแบบรายงาน: ยังไม่ส่ง" in texts
    assert "ปัญหาที่พบในแบบรายงาน" not in texts and "ไม่พบปัญหาในแบบรายงาน" not in texts
    # CODI sent a file for each of its areas: each says what was found in it (in ตำบลแพรกหา
    # a warning: its 2 meetings of OR-01 are as many as พช.อำเภอควนขนุน reported).
    codi = body_texts(demo_reports / "CODI.docx")
    assert codi.count("ปัญหาที่พบในแบบรายงาน") == 2
    assert codi.count("ไม่พบปัญหาในแบบรายงาน") == 1


def test_nothing_counted_is_a_dash_in_the_submissions_table(demo_reports):
    rows = {
        area: {
            row.cells[0].text: [cell.text for cell in row.cells[1:]]
            for row in Document(demo_reports / f"network_{area}.docx").tables[-2].rows[1:]
        }
        for area in ("PLG-PKH", "PLG-LSN")
    }
    assert rows["PLG-PKH"]["กองทุนสุขภาพตำบลแพรกหา"] == ["แบบรายงานไม่ผ่านการตรวจสอบ", "-", "-", "-"]
    assert rows["PLG-LSN"]["ธ.ก.ส. สาขาควนขนุน"] == ["ยังไม่ส่ง", "-", "-", "-"]
    assert rows["PLG-PKH"]["อบต.แพรกหา"] == ["ส่งแล้ว", "4", "320,000.00", "43.75%"]


def test_what_ends_a_report_keeps_with_the_issuers_block(demo_reports):
    # LHSF-PKH's file was rejected: its area ends with the plan items still short of
    # funds, then its record of reporting on time ends the report. Each table's last row
    # (only) stays on the page of what follows it: the issuer's block is never alone.
    document = Document(demo_reports / "LHSF-PKH.docx")
    issuer, record, before = document.tables[-1], document.tables[-2], document.tables[-3]
    assert "ผู้ออกรายงาน" in issuer.rows[0].cells[1].text
    assert record.rows[0].cells[0].text == "เดือน"

    def keeps(table) -> list[bool]:
        return [
            all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
            for row in table.rows[1:]
        ]

    assert keeps(record) == [True]  # one month: November 2569
    assert keeps(before) == [False, True]
    # An area's heading and status line stay with what follows them.
    status = next(p for p in document.paragraphs if p.text.startswith("สถานะการส่งแบบรายงาน"))
    assert status.paragraph_format.keep_with_next
    assert document.styles["Heading 1"].paragraph_format.keep_with_next


def test_the_columns_names_fill_hold_them_without_breaking_a_word(demo_reports):
    # At 12 pt (bold in headers) with 0.1 cm margins each side: รายการ needs 1.55 cm,
    # มูลนิธิลุ่มน้ำทะเลสาบสงขลาฯ 5.1 cm, องค์กรชุมชน (a category) 2.35 cm, and the first
    # line of ประเพณีและวัฒนธรรม 2.4 cm.
    from docx.shared import Cm

    def widths(path, header: str) -> dict[str, float]:
        table = next(t for t in Document(path).tables if t.rows[0].cells[0].text == header)
        return {cell.text: cell.width / Cm(1) for cell in table.rows[0].cells}

    network = demo_reports / "network_PLG-LSN.docx"
    assert widths(network, "ภาคี")["ภาคี"] >= 5.1  # work outside the plan, by partner
    for table in Document(network).tables:
        for cell in table.rows[0].cells:
            if cell.text == "รายการ":
                assert cell.width / Cm(1) >= 1.55
    agency = demo_reports / "SAO-LSN.docx"
    assert widths(agency, "ที่")["รหัสในแผน / หมวด"] >= 2.4
    assert widths(agency, "ลำดับความสำคัญ")["หมวด"] >= 2.35


def test_a_reports_properties_name_it_its_centre_and_the_time_of_its_data(month, demo_reports):
    from oneplan.demo.centre import DEMO_CENTRE

    codi = Document(demo_reports / "CODI.docx").core_properties
    assert codi.author == codi.last_modified_by == DEMO_CENTRE["centre_name"]
    assert codi.title == (
        "รายงานผลการบูรณาการงบประมาณกับแผนชุมชน – สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) – พฤศจิกายน 2569"
    )
    # Each report's data date from the latest file it reflects: CODI's latest own file was
    # received on 16 Nov 2569 at 14:30 in Bangkok; ตำบลแพรกหา's latest (รพ.สต.แพรกหา's,
    # after its own deadline) on 2 Dec at 11:00.
    stamp = dt.datetime(2026, 11, 16, 7, 30, tzinfo=dt.UTC)
    assert codi.created == codi.modified == stamp
    summary = Document(demo_reports / "network_PLG-PKH.docx").core_properties
    assert summary.title == "สรุปผลการบูรณาการแผนชุมชน – ตำบลแพรกหา – พฤศจิกายน 2569"
    assert summary.created == dt.datetime(2026, 12, 2, 4, 0, tzinfo=dt.UTC)
    # Without a centre, oneplan is the author; the same data make the same properties.
    run_month(month, PERIOD, NOW)
    path = month.outputs / PERIOD / "reports" / "AG-A.docx"
    first = _part(path, "docProps/core.xml")
    properties = Document(path).core_properties
    assert properties.author == "oneplan"
    assert properties.created == dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)  # a.xlsx's time
    run_month(month, PERIOD, NOW + dt.timedelta(days=3))
    assert _part(path, "docProps/core.xml") == first


def test_the_demos_results_name_each_partners_part(demo_reports):
    # ตำบลแพรกหา, November 2569 (2 of 12 months of FY 2570 elapsed): SW-01's 150 new
    # members, 25 by พช.อำเภอควนขนุน and 30 by พอช. (อบต.แพรกหา funds it, no count);
    # HL-01's 180 of 400 by สสส. (รพ.สต.แพรกหา's 150 'ราย' are in another unit: not counted).
    def results(path, header: str) -> dict[str, list[str]]:
        table = next(t for t in Document(path).tables if t.rows[0].cells[0].text == header)
        rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        return {row[0].split()[0]: row[1:] for row in rows if row[0] != row[1]}

    network = results(demo_reports / "network_PLG-PKH.docx", "โครงการ / ตัวชี้วัด (หน่วยนับ)")
    # Co-funded items first (in the plan's order), then EN-01, which no partner has begun.
    assert list(network) == ["OR-01", "KS-01", "SW-01", "DB-01", "HL-01", "EN-01"]
    assert network["SW-01"] == [
        "55 จาก 150",
        "36.67%\nตามเป้า",
        "พช.อำเภอควนขนุน 25\nพอช. 30\nอบต.แพรกหา -",
    ]
    assert network["HL-01"] == ["180 จาก 400", "45.00%\nตามเป้า", "รพ.สต.แพรกหา -\nสสส. 180"]
    assert network["EN-01"] == ["0 จาก 2,000", "0.00%\nยังไม่มีผลงาน", "-"]
    lam_sin = results(demo_reports / "network_PLG-LSN.docx", "โครงการ / ตัวชี้วัด (หน่วยนับ)")
    assert lam_sin["SW-01"] == ["20 จาก 150", "13.33%\nต่ำกว่าเป้า", "พอช. 20\nอบต.ลำสินธุ์ -"]
    # CODI's own part of SW-01 in ตำบลแพรกหา, beside its co-funders'.
    codi = results(demo_reports / "CODI.docx", "โครงการ / ผลการดำเนินงานที่รายงาน")
    assert codi["SW-01"] == [
        "30 คน\nเสร็จแล้ว",
        "55 จาก 150 คน (36.67%) ตามเป้า\nร่วมกับ พช.อำเภอควนขนุน 25\nอบต.แพรกหา -",
    ]
