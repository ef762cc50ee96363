"""Looking at a file before any parser does: is it a workbook, and is it safe to open?

A hostile or broken file must give a clear rejection, never a crash, a hang or a flood of
memory. Before python-calamine or openpyxl touch a file, `inspect_workbook` checks:

- the file type by name and by content (`.xls`, `.xlsb`, `.ods`, `.csv`, a PDF renamed to
  `.xlsx`, an encrypted workbook — which is an OLE container, not a zip);
- the zip container (`oneplan.read.container`, on zipfile): readable, at most `max_members`
  parts, at most `max_uncompressed_bytes` once inflated and no part inflating more than
  `max_compression_ratio` times (zip bombs), each part exactly its declared size;
- every XML part, whatever its name or encoding: no DTD or entity declaration in its
  prolog (XML entity bombs; `oneplan.read.prolog`); a workbook part that is not plain
  UTF-8 is read with defusedxml;
- each sheet's extent: the cells its rows and columns span (the dense grid a reader builds,
  `oneplan.read.extent`) at most `max_cells`.

Along the way it records every formula cell and whether it has a cached value, which the
reader needs (python-calamine gives values only).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from openpyxl.utils import column_index_from_string

from oneplan.read.container import CORRUPT, Package, open_package
from oneplan.read.extent import grid_cells
from oneplan.read.limits import DEFAULT_LIMITS, Limits, UnreadableWorkbook
from oneplan.read.prolog import Prolog, scan_prolog

__all__ = [
    "DEFAULT_LIMITS",
    "Formula",
    "Limits",
    "UnreadableWorkbook",
    "WorkbookFacts",
    "inspect_workbook",
]

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
        with open_package(content, limits) as package:
            facts = _inspect_archive(package, limits)
    except CORRUPT as exc:
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


def _inspect_archive(package: Package, limits: Limits) -> WorkbookFacts:
    if "xl/workbook.xml" not in package:
        found = "OpenDocument (.ods)" if "content.xml" in package else "zip"
        raise UnreadableWorkbook("file_not_workbook", found=found)
    sheets = _sheet_parts(package)
    facts = WorkbookFacts()
    for part in package.names:
        if part in sheets:
            data = package.read(part)
            _check_no_dtd(part, data)
            _check_extent(sheets[part][0], data, limits)
            formulas = _formulas(data)
            for sheet_name in sheets[part] if formulas else ():
                facts.formulas[sheet_name] = formulas
        elif part not in _SHEET_NAMING_PARTS:  # those two are checked as they are read
            _check_no_dtd_in_head(package, part)
    return facts


# The parts that name the sheets: read whole, before every other part.
_SHEET_NAMING_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
# A part's first bytes inflated to look for a DTD (zipfile inflates 4 KiB at a time).
_HEAD_BYTES = 4096


def _check_no_dtd(part: str, data: bytes) -> None:
    """No DTD or entity declaration in the part's prolog, the only place one can stand
    (`oneplan.read.prolog`); `data` is the whole part."""
    _refuse_declaration(part, scan_prolog(data, complete=True))


def _check_no_dtd_in_head(package: Package, part: str) -> None:
    """As `_check_no_dtd`, inflating only the part's first bytes when they hold its prolog.

    A verdict on a head is final (the root element began, a declaration stood there, or
    the part is no XML); only a part whose head ends inside the prolog is read whole,
    exactly its declared size, so that no byte past it is left unseen. A part stored
    byte for byte as one found clean before is clean: it is not inflated again.
    """
    stored = package.stored(part)
    if stored in _CLEAN_PARTS:
        return
    verdict = scan_prolog(package.head(part, _HEAD_BYTES), complete=False)
    if verdict is Prolog.UNFINISHED:  # a long prolog, or a short part: the whole part
        verdict = scan_prolog(package.read(part), complete=True)
    _refuse_declaration(part, verdict)
    if len(stored[-1]) <= _CACHED_PART_BYTES:
        if len(_CLEAN_PARTS) >= _CACHED_PARTS:
            _CLEAN_PARTS.clear()
        _CLEAN_PARTS.add(stored)


# Parts found clean, by how they are stored (`Package.stored`): a few kilobytes each.
_CLEAN_PARTS: set[tuple] = set()
_CACHED_PARTS = 1_024
_CACHED_PART_BYTES = 64 * 2**10


def _refuse_declaration(part: str, verdict: Prolog) -> None:
    if verdict is Prolog.DECLARATION:
        raise UnreadableWorkbook(
            "file_bomb", reason=f"{part}: มีการประกาศ DTD/ENTITY / declares a DTD/ENTITY"
        )
    if verdict is Prolog.UNKNOWN_ENCODING:
        raise UnreadableWorkbook(
            "file_unreadable",
            reason=f"{part}: รหัสอักขระที่อ่านไม่ได้ / an encoding that cannot be read",
        )


def _sheet_parts(package: Package) -> dict[str, list[str]]:
    """Each zip part holding a sheet -> the names of the sheets it holds (one, usually)."""
    try:
        book, rels = (package.stored(part) for part in _SHEET_NAMING_PARTS)
    except KeyError as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"workbook.xml: {exc}") from None
    parts: dict[str, list[str]] = {}
    for name, part in _sheet_parts_stored(book, rels, package):
        if part in package:
            parts.setdefault(part, []).append(name)
    return parts


def _sheet_parts_stored(book: tuple, rels: tuple, package: Package):
    """(sheet name, part) pairs of the two parts stored so (`Package.stored`): cached, as
    workbooks filled in from one template store these two parts byte for byte (each is
    then inflated and checked for a DTD once)."""
    key = (book, rels)
    if key not in _SHEETS_BY_STORED:
        if len(_SHEETS_BY_STORED) >= 256:
            _SHEETS_BY_STORED.clear()
        book_xml, rels_xml = (package.read(part) for part in _SHEET_NAMING_PARTS)
        for part, data in zip(_SHEET_NAMING_PARTS, (book_xml, rels_xml), strict=True):
            _check_no_dtd(part, data)
        _SHEETS_BY_STORED[key] = _sheet_parts_named(book_xml, rels_xml)
    return _SHEETS_BY_STORED[key]


_SHEETS_BY_STORED: dict[tuple, tuple[tuple[str, str], ...]] = {}


def _sheet_parts_named(book: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """(sheet name, part) pairs named by the workbook part and its relations."""
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
