"""The zip container of a submitted workbook, read with the standard library's `zipfile`.

`open_package` refuses, from the zip directory alone and before any part is inflated,
what would be too much to inflate or what the inspection could not see into:

- more than `max_members` parts: counted first by the signatures of directory entries
  in the file (zipfile reads no entry without one, so it cannot find more), so that a
  directory of a million entries is refused before zipfile builds an object for each;
- more than `max_uncompressed_bytes` once inflated, or a part of over 1 MiB inflating
  more than `max_compression_ratio` times (zip bombs), by the sizes the directory declares;
- a part stored twice.

`Package.read` then inflates one part (refusing an encrypted one, or one compressed other
than stored or deflated), never more than its declared size and a byte, and
refuses it unless the part holds exactly its declared size: python-calamine inflates a
part to the end of its stream, so a part holding more than the directory says would show
the inspection less than the parser reads. `Package.head` inflates a part's first bytes.

`local_record` gives a part's bytes as the archive stores them (the compiled reports copy
their template's unchanged parts so). `sheet_parts` says which parts hold the sheets, as
the workbook part and its relations name them (`xl/workbook.xml`,
`xl/_rels/workbook.xml.rels`).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from oneplan.read.limits import Limits, UnreadableWorkbook
from oneplan.read.prolog import check_no_dtd

# What a broken container raises while it is read (zipfile, zlib and the stream beneath);
# the guard reports each as an unreadable file.
CORRUPT = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    ValueError,  # a negative seek, a name that is not UTF-8
    KeyError,
    NotImplementedError,  # a compression or encryption zipfile does not read
)

_DIRECTORY_ENTRY = b"PK\x01\x02"
_LOCAL_HEADER = 30  # bytes of a part's local header; its name's and extra field's lengths
_LOCAL_NAME_LENGTH = 26  # close it
_ENCRYPTED = 0x1
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_RATIO_CHECKED_ABOVE = 2**20  # small parts compress well and cannot be bombs


class Package:
    """The parts of one zip archive held in memory, each inflated when asked for."""

    def __init__(self, content: bytes, archive: zipfile.ZipFile):
        self._content = content
        self._archive = archive
        self.members = archive.infolist()
        self._by_name = {member.filename: member for member in self.members}

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self._archive.close()

    @property
    def names(self) -> list[str]:
        return [member.filename for member in self.members]

    def size(self, name: str) -> int:
        """The part's size as the directory declares it."""
        return self._by_name[name].file_size

    def read(self, name: str) -> bytes:
        """The whole part: refused unless its stream holds exactly its declared size."""
        declared = self._readable(name)
        size, crc = declared.file_size, declared.CRC
        # zipfile stops at the size a `ZipInfo` declares, and checks the CRC there. Opened
        # with a byte more declared and no CRC, it inflates on, so that a longer stream
        # shows (and it inflates at most `ZipExtFile.MIN_READ_SIZE` bytes past what is
        # asked for). The part's own `ZipInfo` is told so while it is opened, and restored:
        # a copy would cost as much as inflating a small part.
        declared.file_size, declared.CRC = size + 1, None
        try:
            stream = self._archive.open(declared)
        finally:
            declared.file_size, declared.CRC = size, crc
        with stream:
            data = stream.read(size + 1)
        if len(data) != size:
            raise zipfile.BadZipFile(f"{name}: not the size it declares")
        if zlib.crc32(data) != crc:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")
        return data

    def head(self, name: str, size: int) -> bytes:
        """The part's first `size` bytes (fewer if it is shorter), as far as its declared
        size: what follows may still differ from what it declares (see `read`)."""
        with self._archive.open(self._readable(name)) as stream:
            return stream.read(size)

    def stored(self, name: str) -> tuple:
        """All that inflating the part depends on: the directory's facts about it, and the
        bytes zipfile reads for it (`local_record`). Parts stored alike inflate alike, so
        this is a key for what was learnt of one (workbooks filled in from one template
        store most parts byte for byte)."""
        member = self._by_name[name]
        return (
            member.orig_filename,
            member.flag_bits,
            member.compress_type,
            member.compress_size,
            member.file_size,
            member.CRC,
            local_record(self._content, member),
        )

    def _readable(self, name: str) -> zipfile.ZipInfo:
        member = self._by_name[name]
        if member.flag_bits & _ENCRYPTED:
            raise UnreadableWorkbook("file_encrypted", found="zip")
        if member.compress_type not in _METHODS:
            raise zipfile.BadZipFile(f"{name}: compression method {member.compress_type}")
        return member


def local_record(content: bytes, member: zipfile.ZipInfo) -> bytes:
    """The bytes of the zip archive `content` that zipfile reads for a part: its local
    header, name, extra field and compressed data, from the offset the directory gives
    (`member.header_offset`). Only the local header's two lengths are read; a record cut
    short by the end of `content` is returned as far as it goes."""
    start = member.header_offset
    lengths = content[start + _LOCAL_NAME_LENGTH : start + _LOCAL_HEADER]
    name_length = int.from_bytes(lengths[:2], "little")
    extra_length = int.from_bytes(lengths[2:], "little")
    return content[
        start : start + _LOCAL_HEADER + name_length + extra_length + member.compress_size
    ]


def open_package(content: bytes, limits: Limits) -> Package:
    """The zip archive in `content`, refused (see the module) before anything is inflated.

    Raises `UnreadableWorkbook` for a package over the limits or encrypted, and one of
    `CORRUPT` for a broken one.
    """
    entries = content.count(_DIRECTORY_ENTRY)
    if entries > limits.max_members:
        raise UnreadableWorkbook("file_bomb", reason=f"{entries:,} parts")
    package = Package(content, zipfile.ZipFile(io.BytesIO(content)))
    try:
        _check_directory(package.members, limits)
    except BaseException:
        package.__exit__()
        raise
    return package


def _check_directory(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len({member.filename for member in members}) < len(members):
        raise zipfile.BadZipFile("a part is stored twice / มีส่วนของไฟล์ซ้ำกัน")
    if len(members) > limits.max_members:
        raise UnreadableWorkbook("file_bomb", reason=f"{len(members):,} parts")
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise UnreadableWorkbook("file_bomb", reason=f"{total:,} bytes uncompressed")
    for member in members:
        packed = max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECKED_ABOVE and (
            member.file_size > limits.max_compression_ratio * packed
        ):
            ratio = member.file_size // packed
            raise UnreadableWorkbook("file_bomb", reason=f"{member.filename} inflates {ratio:,}×")


NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The parts that name the sheets: read whole, before every other part.
SHEET_NAMING_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def sheet_parts(package: Package) -> dict[str, list[str]]:
    """Each zip part holding a sheet -> the names of the sheets it holds (one, usually).

    The two parts naming the sheets (`SHEET_NAMING_PARTS`) are checked for a DTD as they
    are read (`oneplan.read.prolog.check_no_dtd`)."""
    try:
        book, rels = (package.stored(part) for part in SHEET_NAMING_PARTS)
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
        book_xml, rels_xml = (package.read(part) for part in SHEET_NAMING_PARTS)
        for part, data in zip(SHEET_NAMING_PARTS, (book_xml, rels_xml), strict=True):
            check_no_dtd(part, data)
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
