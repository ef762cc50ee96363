"""What the Word reports say: names, Thai period, amounts and words, statuses, problems."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from lxml import etree

from oneplan.month.run import run_month
from oneplan.settings import PROJECT_ROOT
from tests.builders import line, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def document_text(path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_agency_report_content(month):
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "AG-A.docx")
    assert "หน่วยงาน AG-A (AG-A)" in text
    assert "พฤศจิกายน 2569" in text
    assert "72,600.50" in text  # 60,000 + 12,500.50 + 100
    assert "เจ็ดหมื่นสองพันหกร้อยบาทห้าสิบสตางค์" in text
    assert "ส่งแล้ว" in text  # submitted
    assert "1 | KS-01 | กิจกรรม 1 | - | 60,000.00 | 0.00 | เงิน | ตรงแผน" in text
    assert "ช่อง B4: รหัสโครงการ 'ZZ-9' ไม่มีในแผนชุมชน" in text
    # KS-01 is co-funded with AG-B; KS-02 (สวัสดิการ) is not in AG-A's categories.
    assert "หน่วยงาน AG-B (40.00%)" in text


def test_missing_agency_gets_a_report_too(month):
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "AG-C.docx")
    assert "ยังไม่ส่ง" in text
    assert "ยังไม่ได้รับแบบรายงานงบประมาณของหน่วยงานสำหรับพื้นที่นี้ในงวด พฤศจิกายน 2569" in text
    assert "กรุณาส่งแบบรายงาน" in text and "รหัสหน่วยงาน AG-C, รหัสพื้นที่ AREA-1" in text
    assert "งบประมาณรวม" not in text  # no zero totals that read like "no budget"


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
    assert "ไฟล์ใช้ไม่ได้" in text and "กรุณาส่งแบบรายงาน" in text
    assert "ไม่มีคอลัมน์ 'งบประมาณ'" in text  # the reason, from the problems table


def test_network_report_content(month):
    run_month(month, PERIOD, NOW)
    text = document_text(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    assert "ตำบล AREA-1 (AREA-1)" in text
    assert "150,000.00" in text  # required
    assert "หนึ่งแสนห้าหมื่นบาทถ้วน" in text
    assert "ได้งบครบ" in text and "ยังไม่มีงบ" in text and "ไม่ต้องใช้งบ" in text
    assert "ยังไม่มีงวดก่อนหน้าในปีงบประมาณนี้ให้เปรียบเทียบ" in text


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
    assert "November 2026" in text
    assert "submitted" in text
    assert "Cell B4: plan item 'ZZ-9' is not in the community plan" in text


def test_second_period_shows_the_change_since_the_previous_run(month):
    run_month(month, "2026-10", NOW)
    run_month(month, PERIOD, NOW)
    agency = document_text(month.outputs / PERIOD / "reports" / "AG-A.docx")
    assert "สถานะงวดก่อน (ตุลาคม 2569): ยังไม่ส่ง" in agency
    network = document_text(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    assert "เทียบกับงวด ตุลาคม 2569" in network
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


def test_a_chart_becomes_a_picture_part_of_its_report(month):
    run_month(month, PERIOD, NOW)
    report = month.outputs / PERIOD / "reports" / "network_AREA-1.docx"
    relationships = _part(report, "word/_rels/document.xml.rels")
    assert b'Target="media/oneplan_picture1.png"' in relationships
    assert b'Extension="png"' in _part(report, "[Content_Types].xml")
    assert _part(report, "word/media/oneplan_picture1.png").startswith(b"\x89PNG")
    (shape,) = Document(report).inline_shapes
    assert round(shape.width.mm) == 150


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
