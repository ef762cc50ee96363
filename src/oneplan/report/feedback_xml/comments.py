"""The comments of one worksheet of a feedback copy: its comments part (added, or the
sheet's own extended) and the legacy VML drawing Excel shows them with.

A comment on a cell that has one already appends to its text, as the openpyxl path does
(`old text`, a blank line, the new one), and is then by oneplan. The shapes written are
openpyxl's (`openpyxl.comments.shape_writer`): 320×160 notes, hidden until pointed at.
`Unsupported`: a sheet with threaded (modern) comments, with a comments part but no
legacy drawing, or whose drawing lxml cannot parse.
"""

from __future__ import annotations

import copy

from lxml import etree

from oneplan.report.feedback_xml.cells import position
from oneplan.report.feedback_xml.package import MAIN, REL, Parts, Unsupported, q

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
VML, OFFICE, EXCEL = (
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    ("urn:schemas-microsoft-com:office:excel"),
)
AUTHOR = "oneplan"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# What follows `legacyDrawing` in a worksheet (its schema's order), or may wrap it.
_AFTER = {
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst", "AlternateContent",
}  # fmt: skip


def text_of(comment: etree._Element) -> str:
    """A comment's text stripped of formatting, as openpyxl reads it."""
    body = comment.find(q(MAIN, "text"))
    if body is None:
        return ""
    snippets = [body.findtext(q(MAIN, "t")) or ""]
    snippets += [run.findtext(q(MAIN, "t")) or "" for run in body.iterfind(q(MAIN, "r"))]
    return "".join(snippets)


def write_comments(parts: Parts, part: str, sheet: etree._Element, notes: dict) -> None:
    """Add `notes` (reference -> its texts, in order) to the worksheet `part`."""
    rels = parts.relationships(part)
    if any(kind.endswith("/threadedComment") for _, kind, _ in rels):
        raise Unsupported("threaded comments")
    by_id = {rel_id: target for rel_id, _, target in rels}
    existing = [target for _, kind, target in rels if kind.endswith("/comments")]
    legacy = sheet.find(q(MAIN, "legacyDrawing"))
    if existing and legacy is None:
        raise Unsupported("comments without their drawing")
    if existing:
        comments = parts.xml(existing[0])
    else:
        name = parts.free_name("xl/comments{}.xml")
        comments = etree.Element(q(MAIN, "comments"), nsmap={None: MAIN})
        parts.add(name, comments)
        parts.relate(part, "comments", name)
        parts.declare(name, COMMENTS_TYPE)
    if legacy is not None:
        drawing = parts.xml(by_id.get(legacy.get(q(REL, "id")), ""))
    else:
        drawing = _new_drawing(parts)
        name = parts.free_name("xl/drawings/vmlDrawing{}.vml")
        parts.add(name, drawing)
        parts.declare_extension("vml", VML_TYPE)
        legacy = etree.Element(q(MAIN, "legacyDrawing"), nsmap={"r": REL})
        legacy.set(q(REL, "id"), parts.relate(part, "vmlDrawing", name))
        _insert_legacy(sheet, legacy)
    shown = _shapes(drawing)
    listed = _comment_list(comments)
    author = _author(comments)
    shapes = _Shapes(drawing)
    for reference, texts in notes.items():
        comment = listed.get(reference)
        if comment is None:
            comment = etree.SubElement(
                comments.find(q(MAIN, "commentList")), q(MAIN, "comment"), ref=reference
            )
            texts = list(texts)
        else:
            texts = [text_of(comment), *texts]
        comment.set("authorId", str(author))
        for child in list(comment):
            comment.remove(child)
        body = etree.SubElement(comment, q(MAIN, "text"))
        line = etree.SubElement(body, q(MAIN, "t"))
        line.set(_SPACE, "preserve")
        line.text = "\n\n".join(texts)
        row, column = position(reference)
        if (row - 1, column - 1) not in shown:
            shapes.add(row - 1, column - 1)
    _sort(comments)


def _comment_list(comments: etree._Element) -> dict[str, etree._Element]:
    listing = comments.find(q(MAIN, "commentList"))
    if listing is None:
        listing = etree.SubElement(comments, q(MAIN, "commentList"))
    return {c.get("ref", ""): c for c in listing.iterfind(q(MAIN, "comment"))}


def _author(comments: etree._Element) -> int:
    authors = comments.find(q(MAIN, "authors"))
    if authors is None:
        authors = etree.Element(q(MAIN, "authors"))
        comments.insert(0, authors)
    names = [a.text or "" for a in authors.iterfind(q(MAIN, "author"))]
    if AUTHOR in names:
        return names.index(AUTHOR)
    etree.SubElement(authors, q(MAIN, "author")).text = AUTHOR
    return len(names)


def _sort(comments: etree._Element) -> None:
    listing = comments.find(q(MAIN, "commentList"))
    ordered = sorted(listing, key=lambda c: position(c.get("ref", "A1")))
    listing[:] = ordered


def _insert_legacy(sheet: etree._Element, legacy: etree._Element) -> None:
    later = [child for child in sheet if etree.QName(child).localname in _AFTER]
    if later:
        later[0].addprevious(legacy)
    else:
        sheet.append(legacy)


def _new_drawing(parts: Parts) -> etree._Element:
    """A VML drawing for notes, its shape ids in a block of 1,024 no other drawing uses."""
    blocks = [0]
    for name in parts.names:
        if name.lower().endswith(".vml"):
            for idmap in parts.xml(name, edit=False).iter(q(OFFICE, "idmap")):
                blocks += [int(n) for n in idmap.get("data", "").split(",") if n.strip().isdigit()]
    root = etree.Element("xml", nsmap={"v": VML, "o": OFFICE, "x": EXCEL})
    layout = etree.SubElement(root, q(OFFICE, "shapelayout"), {q(VML, "ext"): "edit"})
    etree.SubElement(
        layout, q(OFFICE, "idmap"), {q(VML, "ext"): "edit", "data": str(max(blocks) + 1)}
    )
    return root


def _shapes(drawing: etree._Element) -> set[tuple[int, int]]:
    """The (row, column), from 0, of each note the drawing shows."""
    shown = set()
    for data in drawing.iter(q(EXCEL, "ClientData")):
        if data.get("ObjectType") == "Note":
            row, column = data.findtext(q(EXCEL, "Row")), data.findtext(q(EXCEL, "Column"))
            if row and column and row.strip().isdigit() and column.strip().isdigit():
                shown.add((int(row), int(column)))
    return shown


class _Shapes:
    """The notes' shapes a drawing gets: its shape type for notes added once, and each
    shape copied from one made as openpyxl's `shape_writer` makes them, numbered on from
    the drawing's highest shape id."""

    def __init__(self, drawing: etree._Element):
        self._drawing = drawing
        self._template: etree._Element | None = None
        idmap = drawing.find(f"{q(OFFICE, 'shapelayout')}/{q(OFFICE, 'idmap')}")
        block = (idmap.get("data", "1") if idmap is not None else "1").split(",")[0] or 1
        numbers = [int(block) * 1024]
        for shape in drawing.iter(q(VML, "shape")):
            tail = (shape.get("id") or "").removeprefix("_x0000_s")
            if tail.isdigit():
                numbers.append(int(tail))
        self._last = max(numbers)

    def add(self, row: int, column: int) -> None:
        if self._template is None:
            self._template = _note_shape(self._drawing)
        shape = copy.deepcopy(self._template)
        self._last += 1
        shape.set("id", f"_x0000_s{self._last:04d}")
        data = shape[-1]
        data[-2].text, data[-1].text = str(row), str(column)
        self._drawing.append(shape)


def _note_shape(drawing: etree._Element) -> etree._Element:
    """A note's shape (its id, row and column to set), and the drawing's shape type for
    notes, added unless it has one."""
    if drawing.find(f"{q(VML, 'shapetype')}[@id='_x0000_t202']") is None:
        kind = etree.SubElement(
            drawing,
            q(VML, "shapetype"),
            {"id": "_x0000_t202", "coordsize": "21600,21600", q(OFFICE, "spt"): "202"},
            path="m,l,21600r21600,l21600,xe",
        )
        etree.SubElement(kind, q(VML, "stroke"), joinstyle="miter")
        etree.SubElement(
            kind, q(VML, "path"), {"gradientshapeok": "t", q(OFFICE, "connecttype"): "rect"}
        )
    style = (
        "position:absolute; margin-left:59.25pt;margin-top:1.5pt;width:320px;height:160px;"
        "z-index:1;visibility:hidden"
    )
    # Made in the drawing (its namespaces), then taken out as the model of the others.
    shape = etree.SubElement(
        drawing, q(VML, "shape"), {"id": "", "type": "#_x0000_t202", "style": style}
    )
    drawing.remove(shape)
    shape.set("fillcolor", "#ffffe1")
    shape.set(q(OFFICE, "insetmode"), "auto")
    etree.SubElement(shape, q(VML, "fill"), color2="#ffffe1")
    etree.SubElement(shape, q(VML, "shadow"), color="black", obscured="t")
    etree.SubElement(shape, q(VML, "path"), {q(OFFICE, "connecttype"): "none"})
    box = etree.SubElement(shape, q(VML, "textbox"), style="mso-direction-alt:auto")
    etree.SubElement(box, "div", style="text-align:left")
    data = etree.SubElement(shape, q(EXCEL, "ClientData"), ObjectType="Note")
    for flag in ("MoveWithCells", "SizeWithCells"):
        etree.SubElement(data, q(EXCEL, flag))
    etree.SubElement(data, q(EXCEL, "AutoFill")).text = "False"
    etree.SubElement(data, q(EXCEL, "Row"))
    etree.SubElement(data, q(EXCEL, "Column"))
    return shape
