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
allows (`always_well_formed`), else checked for each report.

Images are `Picture`s in the context (an inline picture, as docxtpl's `InlineImage`): each
becomes a media part of its report. A template with Jinja anywhere docxtpl renders besides
the body (headers, footers, footnotes, document properties) is not `compilable`: render it
with docxtpl.
"""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import jinja2
from docx.image.image import Image
from docx.oxml.shape import CT_Inline
from docx.shared import Length
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree

BODY_PART = "word/document.xml"
RELATIONSHIPS_PART = "word/_rels/document.xml.rels"
CONTENT_TYPES_PART = "[Content_Types].xml"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
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


@dataclass
class Picture:
    """An inline picture in a report: PNG or JPEG bytes shown `width` wide."""

    blob: bytes
    width: Length
    _render: RenderedReport | None = field(default=None, repr=False)

    def __html__(self) -> str:  # what Jinja prints (autoescape on)
        if self._render is None:
            raise RuntimeError("a Picture is printed only while its report renders")
        return self._render.add_picture(self)


class RenderedReport:
    """The media parts one rendering adds (pictures), and the XML that shows each."""

    def __init__(self, first_shape_id: int):
        self.media: list[tuple[str, bytes]] = []
        self._shape_id = first_shape_id

    def add_picture(self, picture: Picture) -> str:
        number = len(self.media) + 1
        image = Image.from_blob(picture.blob)
        name = f"oneplan_picture{number}.{image.ext}"
        self.media.append((name, picture.blob))
        cx, cy = image.scaled_dimensions(picture.width, None)
        inline = CT_Inline.new_pic_inline(self._shape_id, f"rIdOneplan{number}", name, cx, cy)
        self._shape_id += 1
        # As docxtpl's InlineImage: the drawing closes the text run it stands in. Written
        # without the line breaks python-docx indents it with (`inline.xml`): a line break
        # would send every report that shows a picture through docxtpl's listing check.
        drawing = etree.tostring(inline, encoding="unicode")
        return (
            f"</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


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
    """One .docx template, prepared once per process, rendered to many documents."""

    def __init__(self, path: Path, jinja: jinja2.Environment):
        self._docxtpl = DocxTemplate(path)
        self._docxtpl.render_init()
        source = self._docxtpl.get_xml()
        # docxtpl's cell-level tags change a row's cells; only then can a table need fixing.
        self._cells_change = bool(_CELL_TAGS.search(re.sub(r"<[^>]*>", "", source)))
        body = self._docxtpl.patch_xml(source)
        # docxtpl puts each paragraph on a line of its own before compiling (and joins them
        # after): Jinja's line-based whitespace control depends on it. Without whitespace
        # control the lines change nothing, and joining them again costs a scan a report.
        self._lines = (
            bool(_WHITESPACE_CONTROL.search(body)) or jinja.trim_blocks or jinja.lstrip_blocks
        )
        if self._lines:
            body = re.sub(r"<w:p([ >])", r"\n<w:p\1", body)
        self._body = jinja.from_string(body)
        self._proven = always_well_formed(body, jinja)
        # Drawings of the template's own may repeat (in a loop): docxtpl then numbers every
        # drawing again. A `Picture` is numbered from the document's next free id anyway.
        self._own_drawings = "docPr" in body
        # The document around the body, serialised as python-docx saves it.
        document = etree.tostring(self._docxtpl.docx._element, encoding="UTF-8", standalone=True)
        start = document.index(b"<w:body")
        end = document.rindex(b"</w:body>") + len(b"</w:body>")
        self._head, self._tail = document[:start], document[end:]
        self._first_shape_id = self._docxtpl.docx.part.next_id
        self._package = _Package(path.read_bytes())

    def render(self, context: dict, target: Path) -> None:
        rendering = RenderedReport(self._first_shape_id)
        for value in context.values():
            if isinstance(value, Picture):
                value._render = rendering
        xml = _undo_preparation(self._body.render(context), self._lines)
        if may_list(xml):
            xml = self._docxtpl.resolve_listing(xml)
        # When nothing is left for docxtpl's remaining steps to change, the rendered XML is
        # the body (docxtpl would parse and serialise it again, half a report's time; the
        # result differs only in how it writes the same XML, e.g. `<w:t/>`).
        sound = None
        if not (self._cells_change or self._own_drawings):
            sound = self._sound(xml, rendering)
        body = self._finish_as_docxtpl(xml) if sound is None else _plain_body_start(sound)
        replaced = {BODY_PART: self._head + body + self._tail}
        if rendering.media:
            replaced[RELATIONSHIPS_PART] = _with_pictures(
                self._package.read(RELATIONSHIPS_PART), rendering.media
            )
            replaced[CONTENT_TYPES_PART] = _with_picture_types(
                self._package.read(CONTENT_TYPES_PART), rendering.media
            )
        added = [(f"word/media/{name}", blob) for name, blob in rendering.media]
        target.write_bytes(self._package.write(replaced, added))

    def _sound(self, xml: str, rendering: RenderedReport) -> bytes | None:
        """The rendered body in UTF-8 if it is well-formed XML (proven for the template
        and free of characters XML does not allow, or else checked by expat), else None."""
        encoded = xml.encode()
        if self._proven and not rendering.media:
            return encoded if _only_xml_characters(encoded) else None
        return encoded if _well_formed(encoded) else None

    def _finish_as_docxtpl(self, xml: str) -> bytes:
        """docxtpl's last steps: its table fixing for cell tags, or the same parse (which
        recovers from XML that a template's tags left broken), then unique drawing ids."""
        if self._cells_change:
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


def always_well_formed(source: str, jinja: jinja2.Environment) -> bool:
    """Whether every rendering of this prepared body is well-formed XML, whatever plain
    values the context holds: proven from the template, so that no report needs checking.

    The proof: printed values are escaped (they hold no tag); every `if` branch and `for`
    body opens and closes the same elements (however often it runs, it leaves the nesting
    as it found it); and the text between Jinja tags, blocks aside, nests properly. A
    template outside what this recognises (filters, calls, macros, captured blocks, a Jinja
    tag inside an XML tag) is not proven: its reports are checked one by one. Values that
    print their own XML (a `Picture`) and characters XML does not allow are data, checked
    per report.
    """
    try:
        body = jinja.parse(source).body
    except jinja2.TemplateSyntaxError:
        return False
    return _nesting(body) == ((), ())


def _nesting(body: list[nodes.Node]) -> tuple[tuple, tuple] | None:
    """What `body` leaves of the element nesting: the elements it closes that it did not
    open, and those it opens and leaves open; None when that depends on the data."""
    closed: list[str] = []
    opened: list[str] = []
    for node in body:
        if isinstance(node, nodes.Output):
            for part in node.nodes:
                if isinstance(part, nodes.TemplateData):
                    if not _follow_tags(part.data, closed, opened):
                        return None
                elif not _escaped_text(part):
                    return None
        elif isinstance(node, (nodes.If, nodes.For)):
            parts = [node.body, node.else_]
            if isinstance(node, nodes.If):
                parts += [branch.body for branch in node.elif_]
            if any(_nesting(part) != ((), ()) for part in parts):
                return None
        elif not isinstance(node, nodes.Assign):  # `{% set %}` prints nothing
            return None
    return tuple(closed), tuple(opened)


_TAG = re.compile(r"<(/?)([^\s<>/]+)[^<>]*?(/?)>")


def _follow_tags(text: str, closed: list[str], opened: list[str]) -> bool:
    """Apply the tags of a text between Jinja tags to the nesting; False when it cannot be
    followed (a tag cut by a Jinja tag, a comment or declaration, a wrong closing tag)."""
    outside = _TAG.sub("", text)
    if "<" in outside or ">" in outside:
        return False
    for closing, name, empty in _TAG.findall(text):
        if name.startswith(("!", "?")):
            return False
        if empty:
            continue
        if not closing:
            opened.append(name)
        elif opened:
            if opened.pop() != name:
                return False
        else:
            closed.append(name)
    return True


# Expressions whose printed value is the escaped text of a context value: no filter or call
# (a filter like `safe` or a macro's output prints XML as it is).
_TEXT_EXPRESSIONS = (
    nodes.Name,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Const,
    nodes.Concat,
    nodes.CondExpr,
    nodes.BinExpr,
    nodes.UnaryExpr,
    nodes.Compare,
    nodes.Operand,
    nodes.Test,
    nodes.Slice,
)


def _escaped_text(expression: nodes.Node) -> bool:
    return all(isinstance(node, _TEXT_EXPRESSIONS) for node in _expression_nodes(expression))


def _expression_nodes(node: nodes.Node):
    yield node
    for child in node.iter_child_nodes():
        yield from _expression_nodes(child)


# Characters XML 1.0 does not allow in a document (docxtpl's listing step has made tabs,
# line and page breaks markup already).
_NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NOT_XML_SEQUENCES = ("\ufffe".encode(), "\uffff".encode())


def _only_xml_characters(utf8: bytes) -> bool:
    """Whether UTF-8 text is free of those characters. Looked for in the bytes: each such
    control character is a byte of its own (every byte of a longer character is 0x80 or
    more), U+FFFE and U+FFFF three bytes found nowhere else; a few times faster than a
    pattern over the text, on a report's hundreds of kilobytes."""
    if len(utf8.translate(None, _NOT_XML_BYTES)) != len(utf8):
        return False
    # Both start with the byte 0xEF, rare in Thai text: found by memchr, where looking for
    # the three bytes would scan the whole text.
    return b"\xef" not in utf8 or not any(sequence in utf8 for sequence in _NOT_XML_SEQUENCES)


def _well_formed(xml: str | bytes) -> bool:
    """Whether the XML is well-formed (a template's tags can leave it broken, for instance
    an `{% if %}` in a paragraph closed in a table cell). Expat, without building a tree."""
    try:
        expat.ParserCreate().Parse(xml, True)
    except expat.ExpatError:
        return False
    return True


def _with_pictures(relationships: bytes, media: list[tuple[str, bytes]]) -> bytes:
    extra = "".join(
        f'<Relationship Id="rIdOneplan{number}" Type="{IMAGE_RELATIONSHIP}" Target="media/{name}"/>'
        for number, (name, _) in enumerate(media, start=1)
    )
    return relationships.replace(b"</Relationships>", extra.encode() + b"</Relationships>")


_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


def _with_picture_types(content_types: bytes, media: list[tuple[str, bytes]]) -> bytes:
    extensions = {name.rsplit(".", 1)[1] for name, _ in media}
    extra = "".join(
        f'<Default Extension="{ext}" ContentType="{_MEDIA_TYPES.get(ext, "image/" + ext)}"/>'
        for ext in sorted(extensions)
        if f'Extension="{ext}"'.encode() not in content_types
    )
    return content_types.replace(b"</Types>", extra.encode() + b"</Types>")


class _Package:
    """The template's zip parts, kept compressed; a document is written from them.

    The template is first rewritten by zipfile into memory, so that every part has the
    plain form copied below (sizes in its header, no data descriptor, no zip64).
    """

    def __init__(self, content: bytes):
        plain = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(content)) as source,
            zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for member in source.infolist():
                target.writestr(member.filename, source.read(member.filename))
        self._data = plain.getvalue()
        with zipfile.ZipFile(plain) as archive:
            self._members = archive.infolist()
            names = set(archive.namelist())
            # The parts a report with pictures changes: kept as text to add to.
            self._texts = {
                name: archive.read(name)
                for name in (RELATIONSHIPS_PART, CONTENT_TYPES_PART)
                if name in names
            }

    def read(self, name: str) -> bytes:
        return self._texts[name]

    def write(self, replaced: dict[str, bytes], added: list[tuple[str, bytes]]) -> bytes:
        out = bytearray()
        central = bytearray()
        for member in self._members:
            offset = len(out)
            if member.filename in replaced:
                record, entry = _entry(member.filename, replaced[member.filename], offset)
            else:
                record = self._raw_record(member)
                entry = _central_entry(
                    member.filename.encode(),
                    member.CRC,
                    member.compress_size,
                    member.file_size,
                    member.compress_type,
                    offset,
                    _dos_stamp(member.date_time),
                )
            out += record
            central += entry
        for name, blob in added:
            record, entry = _entry(name, blob, len(out), compress=False)
            out += record
            central += entry
        count = len(self._members) + len(added)
        start = len(out)
        out += central
        out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
        return bytes(out)

    def _raw_record(self, member: zipfile.ZipInfo) -> bytes:
        start = member.header_offset
        name_length, extra_length = struct.unpack_from("<HH", self._data, start + 26)
        end = start + 30 + name_length + extra_length + member.compress_size
        return self._data[start:end]


def _dos_stamp(moment: tuple) -> tuple[int, int]:
    """(time, date) as a zip header writes them."""
    year, month, day, hour, minute, second = moment[:6]
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


# The date and time written on the parts a report adds: when this module was loaded in the
# process (a zip's dates are informative only; Word shows the document's own).
_NOW = _dos_stamp(time.localtime())


def _entry(name: str, data: bytes, offset: int, compress: bool = True) -> tuple[bytes, bytes]:
    """A part's local record (header and data) and its central directory entry."""
    encoded = name.encode()
    crc = zlib.crc32(data)
    if compress:
        # Fastest compression: a report's body is a third larger (10 KB for 250 lines),
        # in a third of the time (a month compresses a gigabyte of report XML).
        packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = packer.compress(data) + packer.flush()
        method = zipfile.ZIP_DEFLATED
    else:
        packed, method = data, zipfile.ZIP_STORED
    header = struct.pack(
        "<4s5H3L2H",
        b"PK\x03\x04",
        20,
        0,
        method,
        *_NOW,
        crc,
        len(packed),
        len(data),
        len(encoded),
        0,
    )
    return header + encoded + packed, _central_entry(
        encoded, crc, len(packed), len(data), method, offset, _NOW
    )


def _central_entry(
    name: bytes, crc: int, packed: int, size: int, method: int, offset: int, stamp
) -> bytes:
    return (
        struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            method,
            *stamp,
            crc,
            packed,
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )
