"""A Word template prepared once and rendered to many documents.

docxtpl, for every document, reloads the template, prepares its XML for Jinja, compiles
it, renders it, and saves the whole package again through python-docx, recompressing
every part (the styles alone are 750 KB of XML). A month renders thousands of reports
from two templates, so `CompiledTemplate` does what is the same for every report once:

- the body, prepared by docxtpl (`patch_xml`) and compiled by Jinja;
- every other part, kept as the compressed bytes the template file holds.

A report is then Jinja over the body, docxtpl's own finishing steps on the result where
they can change it (listing, table fixing, drawing ids, recovering broken XML), and a zip
written from the kept bytes and the new body. The document's XML is docxtpl's: to the
byte where those steps run, the same XML written alike otherwise (canonical forms equal).
Whether a rendered body is broken XML is proven once for a template where its structure
allows, else checked for each report (`oneplan.report.docx.wellformed`); the zip is written
by `oneplan.report.docx.package`.

Images are `Picture`s in the context (an inline picture, as docxtpl's `InlineImage`): each
becomes a media part of its report (`oneplan.report.docx.pictures`). A template with Jinja
anywhere docxtpl renders besides the body (headers, footers, footnotes, document
properties) is not `compilable`: render it with docxtpl.

Why docxtpl is pinned to one minor version (`docxtpl>=0.20,<0.21` in pyproject.toml): this
module replays the steps of docxtpl's `render` one by one (`render_init`, `get_xml`,
`patch_xml`, `resolve_listing`, `fix_tables`, `docx_ids_index` and `fix_docpr_ids`), as
0.20 orders and defines them; another minor version may add, reorder or change a step,
and the reports would then differ from docxtpl's own. Before moving the pin, run
tests/test_reports.py: it renders templates with docxtpl itself and compares the documents.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from oneplan.report.docx.package import Package
from oneplan.report.docx.pictures import (
    Picture,
    RenderedReport,
    with_picture_types,
    with_pictures,
)
from oneplan.report.docx.properties import CORE_PART, DocumentProperties
from oneplan.report.docx.wellformed import always_well_formed, only_xml_characters, well_formed

BODY_PART = "word/document.xml"
RELATIONSHIPS_PART = "word/_rels/document.xml.rels"
CONTENT_TYPES_PART = "[Content_Types].xml"
# A text run holding a line break, tab, bell or form feed: what docxtpl's listing step
# rewrites. A rendered body without one comes out of that step unchanged.
_LISTING_CHARACTERS = re.compile(r"[\t\a\f]|<w:t(?: [^>]*)?>[^<]*\n")


def may_list(xml: str) -> bool:
    """Whether docxtpl's listing step could change this rendered XML (else it is skipped).

    Single characters are found at memory speed; the pattern only runs if one is there.
    """
    return any(c in xml for c in "\t\a\f\n") and bool(_LISTING_CHARACTERS.search(xml))


_CELL_TAGS = re.compile(r"\{%-?\s*(?:tc|colspan|cellbg|vm|hm)\b")
_BODY_START = re.compile(rb"^<w:body(?:\s+xmlns(?::\w+)?=\"[^\"]*\")*\s*>")
# Jinja in a part: `{{`, `{%` or `{#`, possibly split by Word's markup between the braces.
_JINJA = re.compile(rb"\{(?:<[^>]*>)*[{%#]")


def compilable(path: Path) -> bool:
    """Whether only the template's body holds Jinja (headers, properties etc. are kept)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name == BODY_PART or not name.endswith(".xml"):
                continue
            if _JINJA.search(archive.read(name)):
                return False
    return True


class CompiledTemplate:
    """One .docx template, prepared once per process, rendered to many documents.

    What preparing it found: `cells_change` (docxtpl's cell-level tags: its table fixing
    runs on every report), `paragraph_lines` (the body keeps a line per paragraph, for
    Jinja's whitespace control) and `proven` (every rendering is well-formed XML).
    """

    def __init__(self, path: Path, jinja: jinja2.Environment):
        self._docxtpl = DocxTemplate(path)
        self._docxtpl.render_init()
        source = self._docxtpl.get_xml()
        # docxtpl's cell-level tags change a row's cells; only then can a table need fixing.
        self.cells_change = bool(_CELL_TAGS.search(re.sub(r"<[^>]*>", "", source)))
        body = self._docxtpl.patch_xml(source)
        # docxtpl puts each paragraph on a line of its own before compiling (and joins them
        # after): Jinja's line-based whitespace control depends on it. Without whitespace
        # control the lines change nothing, and joining them again costs a scan a report.
        self.paragraph_lines = (
            bool(_WHITESPACE_CONTROL.search(body)) or jinja.trim_blocks or jinja.lstrip_blocks
        )
        if self.paragraph_lines:
            body = re.sub(r"<w:p([ >])", r"\n<w:p\1", body)
        self._body = jinja.from_string(body)
        self.proven = always_well_formed(body, jinja)
        # Drawings of the template's own may repeat (in a loop): docxtpl then numbers every
        # drawing again. A `Picture` is numbered from the document's next free id anyway.
        self._own_drawings = "docPr" in body
        # The document around the body, serialised as python-docx saves it.
        document = etree.tostring(self._docxtpl.docx.element, encoding="UTF-8", standalone=True)
        start = document.index(b"<w:body")
        end = document.rindex(b"</w:body>") + len(b"</w:body>")
        self._head, self._tail = document[:start], document[end:]
        self._first_shape_id = self._docxtpl.docx.part.next_id
        self._package = Package(
            path.read_bytes(), texts=(RELATIONSHIPS_PART, CONTENT_TYPES_PART, CORE_PART)
        )
        self.title = self._docxtpl.docx.core_properties.title  # the template's own

    def render(
        self, context: dict, target: Path, properties: DocumentProperties | None = None
    ) -> None:
        rendering = RenderedReport(self._first_shape_id)
        for value in context.values():
            if isinstance(value, Picture):
                value.rendering = rendering
        xml = _undo_preparation(self._body.render(context), self.paragraph_lines)
        if may_list(xml):
            xml = self._docxtpl.resolve_listing(xml)
        # When nothing is left for docxtpl's remaining steps to change, the rendered XML is
        # the body (docxtpl would parse and serialise it again, half a report's time; the
        # result differs only in how it writes the same XML, e.g. `<w:t/>`).
        sound = None
        if not (self.cells_change or self._own_drawings):
            sound = self._sound(xml, rendering)
        body = self._finish_as_docxtpl(xml) if sound is None else _plain_body_start(sound)
        replaced = {BODY_PART: self._head + body + self._tail}
        if rendering.media:
            replaced[RELATIONSHIPS_PART] = with_pictures(
                self._package.read(RELATIONSHIPS_PART), rendering.media
            )
            replaced[CONTENT_TYPES_PART] = with_picture_types(
                self._package.read(CONTENT_TYPES_PART), rendering.media
            )
        if properties is not None and self._package.holds(CORE_PART):
            replaced[CORE_PART] = properties.applied_to(self._package.read(CORE_PART))
        added = [(f"word/media/{name}", blob) for name, blob in rendering.media]
        target.write_bytes(self._package.write(replaced, added))

    def _sound(self, xml: str, rendering: RenderedReport) -> bytes | None:
        """The rendered body in UTF-8 if it is well-formed XML (proven for the template
        and free of characters XML does not allow, or else checked by expat), else None."""
        encoded = xml.encode()
        if self.proven and not rendering.media:
            return encoded if only_xml_characters(encoded) else None
        return encoded if well_formed(encoded) else None

    def _finish_as_docxtpl(self, xml: str) -> bytes:
        """docxtpl's last steps: its table fixing for cell tags, or the same parse (which
        recovers from XML that a template's tags left broken), then unique drawing ids."""
        if self.cells_change:
            tree = self._docxtpl.fix_tables(xml)
        else:
            tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        self._docxtpl.docx_ids_index = 1000
        self._docxtpl.fix_docpr_ids(tree)
        # Serialised on its own, the body declares the namespaces its document declares.
        return _plain_body_start(etree.tostring(tree, encoding="UTF-8", xml_declaration=False))


# Jinja's whitespace control: `{%-`, `-%}` and the like.
_WHITESPACE_CONTROL = re.compile(r"\{[{%#]-|-[}%#]\}")
# Braces docxtpl's preparation marks as meant literally: `{_{` for `{{`, and so on.
_LITERAL_BRACE_MARK = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


def _undo_preparation(xml: str, lines: bool) -> str:
    """What docxtpl's preparation added for Jinja removed: the line break before each
    paragraph (if added) and the marks in literal braces."""
    if lines:
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    # A brace is rare in a report: looking for one is a memchr, for a pair of characters
    # a scan of the whole text (as slow as a pattern).
    if ("{" in xml and "{_" in xml) or ("}" in xml and "_}" in xml):
        xml = _LITERAL_BRACE_MARK.sub("", xml)
    return xml


def _plain_body_start(body: bytes) -> bytes:
    """The body without the namespace declarations its document declares already."""
    start = _BODY_START.match(body)
    return b"<w:body>" + body[start.end() :] if start else body
