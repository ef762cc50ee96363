"""The problems sheet of a feedback copy (`ปัญหาที่พบ`) written as a worksheet part: the
same rows, texts, links, formats, widths and frozen header as the openpyxl path writes
(`oneplan.report.feedback`), every text an inline string (never a formula)."""

from __future__ import annotations

import copy

from lxml import etree
from openpyxl.utils.cell import get_column_letter

from oneplan.issues import Issue, severity_label
from oneplan.report.feedback_words import (
    COLUMN_WIDTHS,
    FILL_COLOURS,
    HEADER_FILL,
    HEADERS,
    NOTES_TITLE,
)
from oneplan.report.feedback_xml.package import MAIN, Unsupported, q
from oneplan.report.feedback_xml.styles import Styles

_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def listing_sheet(issues: list[Issue], sheet_names: list[str], styles: Styles) -> etree._Element:
    """The worksheet listing `issues` (problems first, then what is only recorded);
    `sheet_names` are the workbook's own sheets (a problem in one links to its cell)."""
    root = etree.Element(q(MAIN, "worksheet"), nsmap={None: MAIN})
    properties = etree.SubElement(root, q(MAIN, "sheetPr"))
    etree.SubElement(properties, q(MAIN, "tabColor"), rgb="00C00000")
    dimension = etree.SubElement(root, q(MAIN, "dimension"))
    views = etree.SubElement(root, q(MAIN, "sheetViews"))
    view = etree.SubElement(views, q(MAIN, "sheetView"), workbookViewId="0")
    etree.SubElement(
        view, q(MAIN, "pane"), ySplit="1", topLeftCell="A2", activePane="bottomLeft", state="frozen"
    )
    etree.SubElement(view, q(MAIN, "selection"), pane="bottomLeft", activeCell="A1", sqref="A1")
    etree.SubElement(root, q(MAIN, "sheetFormatPr"), baseColWidth="8", defaultRowHeight="15")
    columns = etree.SubElement(root, q(MAIN, "cols"))
    for number, width in enumerate(COLUMN_WIDTHS, start=1):
        etree.SubElement(
            columns,
            q(MAIN, "col"),
            min=str(number),
            max=str(number),
            width=str(width),
            customWidth="1",
        )
    data = etree.SubElement(root, q(MAIN, "sheetData"))
    links: list[tuple[str, str]] = []
    header = styles.listing(font="bold", fill=HEADER_FILL)
    _row(data, 1, [(text, header) for text in HEADERS])
    problems = [i for i in issues if i.shown_to_agency]
    notes = [i for i in issues if not i.shown_to_agency]
    last = 1
    for number, issue in enumerate(problems, start=1):
        last = _issue_row(data, number + 1, number, issue, sheet_names, styles, links)
    if notes:
        title_row = len(problems) + 3  # a blank row between
        _row(data, title_row, [(NOTES_TITLE, styles.listing(font="bold"))])
        for number, issue in enumerate(notes, start=1):
            last = _issue_row(data, title_row + number, number, issue, sheet_names, styles, links)
    dimension.set("ref", f"A1:G{last}")
    if links:
        hyperlinks = etree.SubElement(root, q(MAIN, "hyperlinks"))
        for reference, location in links:
            etree.SubElement(hyperlinks, q(MAIN, "hyperlink"), ref=reference, location=location)
    etree.SubElement(
        root,
        q(MAIN, "pageMargins"),
        left="0.75",
        right="0.75",
        top="1",
        bottom="1",
        header="0.5",
        footer="0.5",
    )
    return root


def _issue_row(data, row, number, issue, sheet_names, styles, links) -> int:
    wrap = styles.listing(wrap=True)
    fill = FILL_COLOURS.get(issue.severity, "")
    where = issue.cell or (f"แถว {issue.row}" if issue.row else "-")
    linked = issue.sheet in sheet_names and bool(issue.cell)
    cells = [
        (number, 0),
        (severity_label(issue, "th"), styles.listing(fill=fill, wrap=True)),
        (issue.sheet or "ทั้งไฟล์", 0),
        (where, styles.listing(font="link") if linked else 0),
        (issue.message_th, wrap),
        (issue.message_en, wrap),
        (issue.code, 0),
    ]
    _row(data, row, cells)
    if linked:
        quoted = issue.sheet.replace("'", "''")
        links.append((f"D{row}", f"'{quoted}'!{issue.cell}"))
    return row


_ROW = q(MAIN, "row")
_COLUMNS = [get_column_letter(column) for column in range(1, 8)]


def _text_cell() -> etree._Element:
    """A cell of inline text, the model each cell of the sheet is copied from (one copy
    makes its three elements at once: a third faster than making them one by one)."""
    cell = etree.Element(q(MAIN, "c"), r="", t="inlineStr", nsmap={None: MAIN})
    etree.SubElement(etree.SubElement(cell, q(MAIN, "is")), q(MAIN, "t"), {_SPACE: "preserve"})
    return cell


_TEXT_CELL = _text_cell()


def _row(data: etree._Element, row: int, cells: list[tuple[object, int]]) -> None:
    element = etree.SubElement(data, _ROW, r=str(row))
    for letter, (value, style) in zip(_COLUMNS, cells, strict=False):
        cell = copy.deepcopy(_TEXT_CELL)
        cell.set("r", f"{letter}{row}")
        if style:
            cell.set("s", str(style))
        try:
            cell[0][0].text = "" if value is None else str(value)
        except ValueError as exc:  # a character XML cannot hold: openpyxl's path decides
            raise Unsupported(f"text: {exc}") from None
        element.append(cell)
