"""Looking at a file before any parser does: is it a workbook, and is it safe to open?

A hostile or broken file must give a clear rejection, never a crash, a hang or a flood of
memory. Before python-calamine or openpyxl touch a file, `inspect_workbook` checks:

- the file type by name and by content (`.xls`, `.xlsb`, `.ods`, `.csv`, a PDF renamed to
  `.xlsx`, an encrypted workbook — which is an OLE container, not a zip);
- the zip container: readable, at most `max_members` parts, at most `max_uncompressed_bytes`
  once inflated and no part inflating more than `max_compression_ratio` times (zip bombs);
- the XML parts: no DTD or entity declarations in their prolog (XML entity bombs); a
  workbook part that is not plain UTF-8 is read with defusedxml;
- each sheet's extent: the cells its rows and columns span (the dense grid a reader builds,
  `oneplan.read.extent`) at most `max_cells`.

Along the way it records every formula cell and whether it has a cached value, which the
reader needs (python-calamine gives values only).
"""

from __future__ import annotations

import functools
import html
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from openpyxl.utils import column_index_from_string

from oneplan.read.extent import grid_cells

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UNSUPPORTED_SUFFIXES = {".xls", ".xlsb", ".ods", ".csv", ".txt", ".numbers", ".xltx", ".xltm"}

# A cell element with content (self-closing empty cells have no formula).
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?)\br="([A-Z]+)(\d+)"([^>/]*)>(.*?)</(?:\w+:)?c>', re.DOTALL
)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_PREFIXED_FORMULA_TAG = re.compile(rb"<\w+:f[\s/>]")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnreadableWorkbook(Exception):
    """The file is not a workbook oneplan can read; `code` names the issue to report."""

    def __init__(self, code: str, **details: str):
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Limits:
    """Documented limits for one submitted file (README, 'Limits on input files')."""

    max_file_bytes: int = 20 * 2**20
    max_uncompressed_bytes: int = 200 * 2**20
    max_compression_ratio: int = 150
    max_members: int = 1_000
    max_cells: int = 2_000_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Formula:
    text: str  # without the leading '=' ('' for a shared formula's followers)
    has_value: bool


@dataclass
class WorkbookFacts:
    """What the inspection learnt: formula cells per sheet, 0-based (row, column)."""

    formulas: dict[str, dict[tuple[int, int], Formula]] = field(default_factory=dict)
    content: bytes = b""  # the file as it was inspected: what the parser must read


def inspect_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> WorkbookFacts:
    """Raise UnreadableWorkbook if the file must not be opened; else the facts found."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES or suffix not in {".xlsx", ".xlsm"}:
        raise UnreadableWorkbook("file_type_unsupported", suffix=suffix or "(ไม่มีนามสกุล / none)")
    content = _read_whole(path, limits.max_file_bytes)
    if len(content) > limits.max_file_bytes:  # grown since it was measured
        raise UnreadableWorkbook(
            "file_too_large", size=f"{len(content):,}", limit=f"{limits.max_file_bytes:,}"
        )
    head = content[:8]
    if head.startswith(OLE_MAGIC):
        raise UnreadableWorkbook(
            "file_encrypted" if _is_encrypted(content) else "file_not_workbook",
            found="Excel 97-2003 (.xls)",
        )
    if not head.startswith(ZIP_MAGIC):
        raise UnreadableWorkbook("file_not_workbook", found=_describe(head))
    try:
        facts = _inspect_archive(_Parts(content, zip_members(content)), limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError) as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"ไฟล์เสียหาย / corrupt: {exc}") from None
    facts.content = content
    return facts


def _describe(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "PDF"
    if head[:1] in (b"<",):
        return "HTML/XML"
    if all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        return "ข้อความ / text (CSV?)"
    return "ไม่ทราบชนิด / unknown"


def _read_whole(path: Path, limit: int) -> bytes:
    """The file's bytes, read once and whole (it is at most `limit`): the zip is then
    inspected and parsed from memory, without a system call for every part.

    Through a bare file descriptor: pathlib's stat and buffered open cost twice the
    reading of a small submission. Asked for by its size, and a byte more to see it grew
    (a read asked for the limit allocates the limit); a file that grew is read on, and a
    byte past the limit is enough to refuse it.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(descriptor).st_size
        if size == 0:
            raise UnreadableWorkbook("file_empty")
        if size > limit:
            raise UnreadableWorkbook("file_too_large", size=f"{size:,}", limit=f"{limit:,}")
        chunks, read = [], 0
        while (wanted := (size + 1 if read <= size else limit + 1) - read) > 0:
            chunk = os.read(descriptor, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
        return b"".join(chunks)  # one chunk, the usual case, is returned without a copy
    finally:
        os.close(descriptor)


def _is_encrypted(content: bytes) -> bool:
    """An encrypted OOXML workbook is an OLE container holding an 'EncryptedPackage' stream."""
    return "EncryptedPackage".encode("utf-16-le") in content[: 2 * 2**20]


class ZipMember(NamedTuple):
    """What the inspection needs of one part, from the zip's central directory."""

    filename: str
    flag_bits: int
    compress_type: int
    compress_size: int
    file_size: int
    header_offset: int


_END = struct.Struct("<4s4H2LH")  # end of central directory, without a comment
_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # one central directory entry
_END_MAGIC = b"PK\x05\x06"
_ENTRY_MAGIC = b"PK\x01\x02"


def zip_members(content: bytes) -> list[ZipMember]:
    """The archive's parts as its central directory lists them.

    A workbook as spreadsheet programs write it (one disk, no comment, nothing before
    or after the archive, no ZIP64 records) is read here in one pass of `struct`:
    zipfile builds a `ZipInfo` for every part and costs three times as much, a
    noticeable share of inspecting a small submission. Anything else is left to zipfile.
    """
    members = _plain_members(content)
    return members if members is not None else _members_by_zipfile(content)


def _members_by_zipfile(content: bytes) -> list[ZipMember]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            ZipMember(
                m.filename,
                m.flag_bits,
                m.compress_type,
                m.compress_size,
                m.file_size,
                m.header_offset,
            )
            for m in archive.infolist()
        ]


def _plain_members(content: bytes) -> list[ZipMember] | None:
    """The members of a plain archive (see `zip_members`); None for any other."""
    end = len(content) - _END.size
    if end < 0 or content[end : end + 4] != _END_MAGIC:
        return None  # a comment follows, or no archive at all
    _, disk, start_disk, on_disk, count, size, offset, comment = _END.unpack_from(content, end)
    if disk or start_disk or comment or on_disk != count or offset + size != end:
        return None  # split, commented, ZIP64, or with data around the directory
    members = []
    at = offset
    for _ in range(count):
        if at + _ENTRY.size > end or content[at : at + 4] != _ENTRY_MAGIC:
            return None
        entry = _ENTRY.unpack_from(content, at)
        flags, method, packed, size, name_length, extra_length, comment_length = (
            entry[5],
            entry[6],
            entry[10],
            entry[11],
            entry[12],
            entry[13],
            entry[14],
        )
        header = entry[18]
        if 0xFFFFFFFF in (packed, size, header) or entry[15]:  # ZIP64 sizes, another disk
            return None
        name = content[at + _ENTRY.size : at + _ENTRY.size + name_length]
        if b"\x00" in name:
            return None  # zipfile cuts a name at a NUL
        members.append(
            ZipMember(
                name.decode("utf-8" if flags & 0x800 else "cp437"),
                flags,
                method,
                packed,
                size,
                header,
            )
        )
        at += _ENTRY.size + name_length + extra_length + comment_length
    return members if at == end else None


class _Parts:
    """The archive's parts, each inflated straight from the file's bytes when asked for.

    A part is inflated from all the compressed bytes the archive holds for it, so the
    inspection sees every byte a reader could: a part whose stream holds more (or less)
    than the size the archive declares is refused, never cut to that size.
    """

    def __init__(self, content: bytes, members: list[ZipMember]):
        self._content = memoryview(content)
        self.members = members
        self._by_name = {m.filename: m for m in members}
        if len(self._by_name) < len(members):
            raise zipfile.BadZipFile("a part is stored twice / มีส่วนของไฟล์ซ้ำกัน")

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def read(self, name: str) -> bytes:
        return _inflate(name, *self.packed(name))

    def packed(self, name: str) -> tuple[int, int, memoryview]:
        """The part as the archive stores it: (compression method, declared size, bytes)."""
        member = self._by_name[name]
        if member.flag_bits & 0x1:
            raise UnreadableWorkbook("file_encrypted", found="zip")
        start = member.header_offset
        header = self._content[start : start + 30]
        if len(header) < 30 or header[:4] != ZIP_MAGIC:
            raise zipfile.BadZipFile(f"{name}: no local header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        start += 30 + name_length + extra_length
        packed = self._content[start : start + member.compress_size]
        if len(packed) < member.compress_size:
            raise zipfile.BadZipFile(f"{name}: cut short")
        return member.compress_type, member.file_size, packed


def _inflate(name: str, method: int, size: int, packed: bytes | memoryview) -> bytes:
    """A part's bytes from its stored form; refused unless exactly its declared size."""
    if method == zipfile.ZIP_STORED:
        data = bytes(packed)
    elif method == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        data = inflater.decompress(packed, size + 1)
        if not inflater.eof:
            raise zipfile.BadZipFile(f"{name}: not the size it declares")
    else:
        raise zipfile.BadZipFile(f"{name}: compression method {method}")
    if len(data) != size:
        raise zipfile.BadZipFile(f"{name}: not the size it declares")
    return data


def _inspect_archive(archive: _Parts, limits: Limits) -> WorkbookFacts:
    members = archive.members
    if len(members) > limits.max_members:
        raise UnreadableWorkbook("file_bomb", reason=f"{len(members):,} parts")
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise UnreadableWorkbook("file_bomb", reason=f"{total:,} bytes uncompressed")
    for member in members:
        if member.file_size > 2**20 and member.file_size > limits.max_compression_ratio * max(
            member.compress_size, 1
        ):
            raise UnreadableWorkbook(
                "file_bomb",
                reason=f"{member.filename} inflates {member.file_size // max(member.compress_size, 1):,}×",
            )
    if "xl/workbook.xml" not in archive:
        found = "OpenDocument (.ods)" if "content.xml" in archive else "zip"
        raise UnreadableWorkbook("file_not_workbook", found=found)
    # The XML parts the readers parse, each checked for a DTD: the workbook and its
    # relations (in `_sheet_parts`), the shared strings, and each sheet as it is inflated.
    if "xl/sharedStrings.xml" in archive:
        _check_no_dtd("xl/sharedStrings.xml", archive.read("xl/sharedStrings.xml"))
    facts = WorkbookFacts()
    for sheet_name, part in _sheet_parts(archive).items():
        if part not in archive:
            continue
        data = archive.read(part)
        _check_no_dtd(part, data)
        _check_extent(sheet_name, data, limits)
        formulas = _formulas(data)
        if formulas:
            facts.formulas[sheet_name] = formulas
    return facts


def _check_no_dtd(part: str, data: bytes) -> None:
    """No document type declaration (where entities, and entity bombs, are declared).

    A DTD can only stand in the prolog, before the root element, so only the prolog is
    searched: the part's processing instructions, comments and declarations.
    """
    at = 0
    while (at := data.find(b"<", at)) >= 0:
        if data.startswith(b"<?", at):
            at = data.find(b"?>", at)
        elif data.startswith(b"<!--", at):
            at = data.find(b"-->", at)
        elif data.startswith(b"<!", at):
            if _DTD.match(data, at):
                raise UnreadableWorkbook("file_bomb", reason=f"{part}: DTD/ENTITY")
            at += 2
        else:
            return  # the root element: the prolog has ended
        if at < 0:
            return


def _sheet_parts(archive: _Parts) -> dict[str, str]:
    """Sheet name -> the zip part holding it."""
    try:
        book = _stored(archive, "xl/workbook.xml")
        rels = _stored(archive, "xl/_rels/workbook.xml.rels")
    except KeyError as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"workbook.xml: {exc}") from None
    return dict(_sheet_parts_packed(book, rels))


def _stored(archive: _Parts, name: str) -> tuple[int, int, bytes]:
    """The part as stored, its bytes copied out of the file's (to be a cache's key)."""
    method, size, stored = archive.packed(name)
    return method, size, bytes(stored)


@functools.lru_cache(maxsize=256)
def _sheet_parts_packed(
    book: tuple[int, int, bytes], rels: tuple[int, int, bytes]
) -> tuple[tuple[str, str], ...]:
    """(sheet name, part) pairs of the two parts as stored: cached, as workbooks filled
    in from one template store these two parts byte for byte (the same stored bytes
    inflate to the same part, so each is inflated and checked once)."""
    return _sheet_parts_named(
        _inflate("xl/workbook.xml", *book), _inflate("xl/_rels/workbook.xml.rels", *rels)
    )


def _sheet_parts_named(book: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """(sheet name, part) pairs named by the workbook part and its relations."""
    _check_no_dtd("xl/workbook.xml", book)
    _check_no_dtd("xl/_rels/workbook.xml.rels", rels)
    targets = _attribute_lists(_RELATIONSHIP, rels)
    sheets = _attribute_lists(_SHEET, book)
    if sheets is None or targets is None:
        # Not plain UTF-8 (a UTF-16 part, say): read it with a real XML parser.
        sheets, targets = _sheet_and_relationship_attributes(book, rels)
    by_id = {r.get("Id"): r.get("Target", "") for r in targets}
    parts = {}
    for sheet in sheets:
        target = by_id.get(sheet.get("id"), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[sheet.get("name", "")] = _normalise(path)
    return tuple(parts.items())


# The two small parts that name the sheets are read by their elements' attributes: a full
# XML parse costs more than inspecting the sheets themselves. A `<sheet>` or
# `<Relationship>` seen where a parser would not see one (in a comment) only adds a part
# to inspect; entities are resolved as a parser would (there is no DTD: checked before).
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(?:[\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attribute_lists(element: re.Pattern, data: bytes) -> list[dict[str, str]] | None:
    """Each element's attributes by local name; None unless the part is plain UTF-8 XML."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or b"\x00" in data:
        return None
    try:
        return [
            {
                name.decode(): html.unescape((double or single).decode("utf-8"))
                for name, double, single in _ATTRIBUTE.findall(attributes)
            }
            for attributes in element.findall(data)
        ]
    except UnicodeDecodeError:
        return None


def _sheet_and_relationship_attributes(book: bytes, rels: bytes):
    try:
        book_root = SafeET.fromstring(book)
        rels_root = SafeET.fromstring(rels)
    except (DefusedXmlException, SafeET.ParseError) as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"workbook.xml: {exc}") from None
    sheets = [
        {"name": s.get("name", ""), "id": s.get(f"{NS_REL}id")}
        for s in book_root.iter(f"{NS_MAIN}sheet")
    ]
    return sheets, [dict(r.attrib) for r in rels_root.iter(f"{NS_PKG_REL}Relationship")]


def _normalise(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _check_extent(sheet_name: str, data: bytes, limits: Limits) -> None:
    """The grid a reader builds, and the cells it is given, within `max_cells`."""
    # A cell element takes at least four bytes (`<c/>`): count them only when it matters.
    cells = len(data) // 4
    if cells > limits.max_cells:
        cells = data.count(b"<c") + data.count(b":c ")
    cells = max(cells, grid_cells(data, limits.max_cells))
    if cells > limits.max_cells:
        raise UnreadableWorkbook(
            "sheet_too_large", sheet=sheet_name, cells=f"{cells:,}", limit=f"{limits.max_cells:,}"
        )


def _formula_marks(data: bytes):
    """Each `<f …>` element (a literal-led regex finds it faster than `bytes.find`).

    Elements named with a namespace prefix (`<x:f>`, as some generators write) are looked
    for only in a sheet whose data is written that way.
    """
    yield from _FORMULA_TAG.finditer(data)
    if b"<sheetData" not in data:
        yield from _PREFIXED_FORMULA_TAG.finditer(data)


def _formulas(data: bytes) -> dict[tuple[int, int], Formula]:
    """Formula cells: found from each `<f` (formulas are few), not by scanning every cell."""
    found = {}
    for mark in _formula_marks(data):
        # The cell holding this formula opens shortly before it (a tag and its attributes).
        window_start = max(0, mark.start() - 300)
        end = data.find(b"c>", mark.end())
        if end < 0:
            continue
        cells = [
            c for c in _FORMULA_CELL.finditer(data, window_start, end + 2) if c.end() > mark.start()
        ]
        if not cells:
            continue
        cell = cells[0]
        body = cell.group(5)
        formula = _FORMULA.search(body)
        if formula is None:
            continue
        value = _VALUE.search(body)
        has_value = value is not None and value.group(1).strip() != b""
        column = column_index_from_string(cell.group(2).decode()) - 1
        row = int(cell.group(3)) - 1
        text = (formula.group(1) or b"").decode("utf-8", "replace")
        found[(row, column)] = Formula(text=text, has_value=has_value)
    return found
