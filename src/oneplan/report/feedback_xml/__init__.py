"""Feedback copies written by editing the workbook package's XML, not by a round trip
through openpyxl: the agency's zip is copied, and only the parts a copy changes are
parsed and written again (the workbook, its relations and content types, the styles, the
marked sheets, their comments and drawings), with the problems sheet added as a new part.

It writes what the openpyxl path (`oneplan.report.feedback`) writes, as openpyxl reads
both back: the same cells filled in the same colours, the same comment texts, the same
problems sheet first. `write_feedback` there chooses; this path raises `Unsupported` for
what it does not edit, and openpyxl writes that copy:

- a package that is not a plain workbook (`.xlsm` macros, a template) or whose XML parts
  do not parse safely (`package.Parts`);
- a workbook already holding a sheet named `ปัญหาที่พบ` (a feedback copy sent back);
- a problem on a chartsheet or a dialog sheet; a sheet with threaded comments, or with a
  comments part but no legacy drawing; rows or cells without their references;
- a text holding a character XML cannot hold.

Only for packages that passed the guard (`oneplan.read.guard`): every copy the month
writes is of a submission that was opened (`feedback_names`). The parts parsed are
checked for a DTD first and parsed without entities (`package`).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from openpyxl.utils.cell import get_column_letter

from oneplan.atomic import written_whole
from oneplan.failpoints import checkpoint
from oneplan.issues import Issue
from oneplan.report.feedback_words import FILL_COLOURS, PROBLEMS_SHEET, comment_text
from oneplan.report.feedback_xml.cells import Cells
from oneplan.report.feedback_xml.comments import write_comments
from oneplan.report.feedback_xml.listing import listing_sheet
from oneplan.report.feedback_xml.package import MAIN, REL, Parts, Unsupported, q
from oneplan.report.feedback_xml.styles import Styles

__all__ = ["Unsupported", "write_feedback_xml"]

WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_OFFICE_DOCUMENT = f"{REL}/officeDocument"


def write_feedback_xml(source: Path, issues: list[Issue], target: Path) -> None:
    """Write the annotated copy of `source` to `target`, or raise `Unsupported`."""
    parts = Parts(source.read_bytes())
    workbook = _workbook_part(parts)
    book = parts.xml(workbook)
    sheets = book.find(q(MAIN, "sheets"))
    if sheets is None:
        raise Unsupported("a workbook without sheets")
    targets = {rel_id: part for rel_id, _, part in parts.relationships(workbook)}
    by_name = {
        sheet.get("name", ""): targets.get(sheet.get(q(REL, "id")), "")
        for sheet in sheets.iterfind(q(MAIN, "sheet"))
    }
    if PROBLEMS_SHEET in by_name:
        raise Unsupported("the workbook has a problems sheet already")
    styles = Styles(parts, workbook)
    marked: dict[str, Cells] = {}
    notes: dict[str, dict[str, list[str]]] = {}
    shared = _SharedStrings(parts, workbook)
    for issue in issues:
        if issue.sheet in by_name and issue.cell and issue.severity in FILL_COLOURS:
            part = by_name[issue.sheet]
            if part not in marked:
                if part not in parts or parts.content_type(part) != WORKSHEET_TYPE:
                    raise Unsupported(f"sheet {issue.sheet!r} is not a worksheet")
                marked[part] = Cells(parts.xml(part), styles, shared)
            cells, rgb = marked[part], FILL_COLOURS[issue.severity]
            if issue.code == "column_missing" and issue.row:
                cells.fill_written(issue.row, rgb)
            row, column = cells.writable(issue.cell)
            cells.fill(row, column, rgb)
            reference = f"{get_column_letter(column)}{row}"
            text = comment_text(issue.message_th, issue.message_en)
            notes.setdefault(part, {}).setdefault(reference, []).append(text)
    for part, cells in marked.items():
        cells.finish()
        write_comments(parts, part, cells.root, notes[part])
    _add_listing(parts, workbook, book, sheets, listing_sheet(issues, list(by_name), styles))
    with written_whole(target) as temporary:  # hidden until whole (`oneplan.atomic`)
        parts.write(temporary)
        checkpoint("feedback_saved")


def _workbook_part(parts: Parts) -> str:
    found = [part for _, kind, part in parts.relationships("") if kind == _OFFICE_DOCUMENT]
    if len(found) != 1 or parts.content_type(found[0]) != WORKBOOK_TYPE:
        raise Unsupported("not a plain workbook (macros, a template, or no workbook part)")
    return found[0]


class _SharedStrings:
    """The workbook's shared strings, parsed when a text is first asked for."""

    def __init__(self, parts: Parts, workbook: str):
        self._parts = parts
        self._named = [
            p for _, kind, p in parts.relationships(workbook) if kind.endswith("/sharedStrings")
        ]
        self._texts: list[str] | None = None

    def __call__(self, index: int) -> str:
        if self._texts is None:
            root = self._parts.xml(self._named[0], edit=False) if self._named else None
            items = root.iterfind(q(MAIN, "si")) if root is not None else ()
            self._texts = [_text(item) for item in items]
        return self._texts[index] if 0 <= index < len(self._texts) else ""


def _text(item: etree._Element) -> str:
    plain = item.findtext(q(MAIN, "t")) or ""
    return plain + "".join(run.findtext(q(MAIN, "t")) or "" for run in item.iterfind(q(MAIN, "r")))


def _add_listing(parts: Parts, workbook: str, book, sheets, listing: etree._Element) -> None:
    """The problems sheet as a new worksheet part, first of the workbook's sheets, and the
    sheet indexes the workbook part holds moved along (its view, its sheets' names)."""
    name = parts.free_name("xl/worksheets/sheet{}.xml")
    parts.add(name, listing)
    parts.declare(name, WORKSHEET_TYPE)
    rel_id = parts.relate(workbook, "worksheet", name)
    numbers = [int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()]
    sheet = etree.Element(
        q(MAIN, "sheet"), name=PROBLEMS_SHEET, sheetId=str(max(numbers, default=0) + 1)
    )
    sheet.set(q(REL, "id"), rel_id)
    sheets.insert(0, sheet)
    for defined in book.iter(q(MAIN, "definedName")):
        local = defined.get("localSheetId")
        if local is not None and local.isdigit():
            defined.set("localSheetId", str(int(local) + 1))
    views = book.find(q(MAIN, "bookViews"))
    if views is None:
        views = etree.Element(q(MAIN, "bookViews"))
        sheets.addprevious(views)
    view = views.find(q(MAIN, "workbookView"))
    if view is None:
        view = etree.SubElement(views, q(MAIN, "workbookView"))
    view.set("activeTab", "0")
    view.set("firstSheet", "0")
