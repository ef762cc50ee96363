"""Looking at a file before any parser does: is it a workbook, and is it safe to open?

A hostile or broken file must give a clear rejection, never a crash, a hang or a flood of
memory. Before python-calamine or openpyxl touch a file, `inspect_workbook` checks:

- the file type by name (`ACCEPTED_SUFFIXES`: `.xlsx`, `.xlsm`, `.xls`, `.ods`; never
  `.xlsb` or `.csv`), then by content, which decides how it is read (an `.xls` that is an
  `.xlsx` renamed is read as one; a PDF renamed to `.xlsx` is refused);
- an Excel 97–2003 workbook (an OLE file): not encrypted, BIFF8, with a worksheet, each
  sheet's grid within `max_cells` (`oneplan.read.xls_guard`);
- an OpenDocument spreadsheet (a zip): a spreadsheet, not encrypted, each sheet's grid
  within `max_cells` with its repeats counted, not expanded (`oneplan.read.ods_guard`);
- the zip container (`oneplan.read.container`, on zipfile): readable, at most `max_members`
  parts, at most `max_uncompressed_bytes` once inflated and no part inflating more than
  `max_compression_ratio` times (zip bombs), each part exactly its declared size;
- every XML part, whatever its name or encoding: no DTD or entity declaration in its
  prolog (XML entity bombs; `oneplan.read.prolog`); a workbook part that is not plain
  UTF-8 is read with defusedxml;
- each sheet's extent: the cells its rows and columns span (the dense grid a reader builds,
  `oneplan.read.extent`) at most `max_cells`; for `.xls` and `.ods`, whose sheets
  python-calamine all builds when it opens the workbook, all sheets together too.

Along the way it records every formula cell and whether it has a cached value, which the
reader needs (python-calamine gives values only; `oneplan.read.formulas`). Which parts
hold the sheets is read from the container (`oneplan.read.container.sheet_parts`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.read.container import (
    CORRUPT,
    SHEET_NAMING_PARTS,
    Package,
    open_package,
    sheet_parts,
)
from oneplan.read.extent import grid_cells
from oneplan.read.formulas import Formula, find_formulas
from oneplan.read.isolated import ChildReading
from oneplan.read.limits import DEFAULT_LIMITS, Limits, UnreadableWorkbook
from oneplan.read.ods_guard import CONTENT, check_spreadsheet_package, ods_sheets
from oneplan.read.prolog import Prolog, check_no_dtd, refuse_declaration, scan_prolog
from oneplan.read.xls_guard import workbook_stream, xls_sheets

__all__ = [
    "ACCEPTED_FORMATS",
    "ACCEPTED_SUFFIXES",
    "DEFAULT_LIMITS",
    "Limits",
    "UnreadableWorkbook",
    "WorkbookFacts",
    "inspect_workbook",
]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# The workbooks read: by their names, then by their content (an .xls that is an .xlsx
# renamed is read as the .xlsx it is).
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ACCEPTED_FORMATS = ".xlsx, .xlsm, .xls, .ods"


@dataclass
class WorkbookFacts:
    """What the inspection learnt: the format, formula cells per sheet (0-based (row,
    column)), and merged cells where the parser does not report them (.ods)."""

    formulas: dict[str, dict[tuple[int, int], Formula]] = field(default_factory=dict)
    content: bytes = b""  # the file as it was inspected: what the parser must read
    format: str = "xlsx"  # "xlsx" (and .xlsm), "xls" or "ods"
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    cells: int = 0  # .xls and .ods: the cells of all sheets' grids, as counted
    # An .xls's or .ods's sheets read in a child process with others of its chunk
    # (`oneplan.read.isolated`), or why they could not be: `open_workbook` takes them.
    child_reading: ChildReading | None = None


def inspect_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> WorkbookFacts:
    """Raise UnreadableWorkbook if the file must not be opened; else the facts found."""
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise UnreadableWorkbook(
            "file_type_unsupported",
            suffix=suffix or "(ไม่มีนามสกุล / none)",
            accepted=ACCEPTED_FORMATS,
        )
    content = _read_whole(path, limits.max_file_bytes)
    if len(content) > limits.max_file_bytes:  # grown since it was measured
        raise UnreadableWorkbook(
            "file_too_large", size=f"{len(content):,}", limit=f"{limits.max_file_bytes:,}"
        )
    head = content[:8]
    if head.startswith(OLE_MAGIC):
        facts = _inspect_xls(content, limits)
    elif not head.startswith(ZIP_MAGIC):
        raise UnreadableWorkbook("file_not_workbook", found=_describe(head))
    else:
        try:
            with open_package(content, limits) as package:
                facts = _inspect_archive(package, limits)
        except CORRUPT as exc:
            raise UnreadableWorkbook(
                "file_unreadable", reason=f"ไฟล์เสียหาย / corrupt: {exc}"
            ) from None
    facts.content = content
    return facts


def _inspect_xls(content: bytes, limits: Limits) -> WorkbookFacts:
    """An Excel 97-2003 workbook: its sheets' grids within the limits, its formulas."""
    sheets = xls_sheets(workbook_stream(content, limits), limits)
    if sheets and not any(sheet.kind == "worksheet" for sheet in sheets):
        raise UnreadableWorkbook("file_not_workbook", found="Excel 97-2003 (.xls): macros only")
    cells = _check_grids([(sheet.name, sheet.cells) for sheet in sheets], limits)
    return WorkbookFacts(
        formulas={sheet.name: sheet.formulas for sheet in sheets if sheet.formulas},
        format="xls",
        cells=cells,
    )


def _inspect_ods(package: Package, limits: Limits) -> WorkbookFacts:
    """An OpenDocument spreadsheet: every XML part without a DTD, its sheets' grids
    within the limits, their formulas and merged cells."""
    check_spreadsheet_package(package)
    for part in package.names:
        if part != CONTENT:
            _check_no_dtd_in_head(package, part)
    sheets = ods_sheets(package.read(CONTENT))
    cells = _check_grids([(sheet.name, sheet.cells) for sheet in sheets], limits)
    return WorkbookFacts(
        formulas={sheet.name: sheet.formulas for sheet in sheets if sheet.formulas},
        format="ods",
        cells=cells,
        merged={sheet.name: sheet.merged for sheet in sheets if sheet.merged},
    )


def _check_grids(grids: list[tuple[str, int]], limits: Limits) -> int:
    """Each sheet's grid, and all of them together, within `max_cells` (python-calamine
    builds every sheet of an .xls or .ods as soon as it opens the workbook); their cells."""
    for name, cells in grids:
        _refuse_grid(name, cells, limits)
    total = sum(cells for _, cells in grids)
    if total > limits.max_cells:
        raise UnreadableWorkbook(
            "workbook_too_large", cells=f"{total:,}", limit=f"{limits.max_cells:,}"
        )
    return total


def _refuse_grid(sheet_name: str, cells: int, limits: Limits) -> None:
    if cells > limits.max_cells:
        raise UnreadableWorkbook(
            "sheet_too_large", sheet=sheet_name, cells=f"{cells:,}", limit=f"{limits.max_cells:,}"
        )


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
        if "content.xml" in package or "mimetype" in package:
            return _inspect_ods(package, limits)
        raise UnreadableWorkbook("file_not_workbook", found="zip")
    sheets = sheet_parts(package)
    facts = WorkbookFacts()
    for part in package.names:
        if part in sheets:
            data = package.read(part)
            check_no_dtd(part, data)
            _check_extent(sheets[part][0], data, limits)
            formulas = find_formulas(data)
            for sheet_name in sheets[part] if formulas else ():
                facts.formulas[sheet_name] = formulas
        elif part not in SHEET_NAMING_PARTS:  # those two are checked as they are read
            _check_no_dtd_in_head(package, part)
    return facts


# A part's first bytes inflated to look for a DTD (zipfile inflates 4 KiB at a time).
_HEAD_BYTES = 4096


def _check_no_dtd_in_head(package: Package, part: str) -> None:
    """As `oneplan.read.prolog.check_no_dtd`, inflating only the part's first bytes when
    they hold its prolog.

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
    refuse_declaration(part, verdict)
    if len(stored[-1]) <= _CACHED_PART_BYTES:
        if len(_CLEAN_PARTS) >= _CACHED_PARTS:
            _CLEAN_PARTS.clear()
        _CLEAN_PARTS.add(stored)


# Parts found clean, by how they are stored (`Package.stored`): a few kilobytes each.
_CLEAN_PARTS: set[tuple] = set()
_CACHED_PARTS = 1_024
_CACHED_PART_BYTES = 64 * 2**10


def _check_extent(sheet_name: str, data: bytes, limits: Limits) -> None:
    """The grid a reader builds, and the cells it is given, within `max_cells`."""
    # A cell element takes at least four bytes (`<c/>`): count them only when it matters.
    cells = len(data) // 4
    if cells > limits.max_cells:
        cells = data.count(b"<c") + data.count(b":c ")
    _refuse_grid(sheet_name, max(cells, grid_cells(data, limits.max_cells)), limits)
