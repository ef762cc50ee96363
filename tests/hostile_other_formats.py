"""Broken and hostile .xls and .ods files, built by code: one function per kind, each
returning the issue code a submission made of it must be rejected with (as
`tests/hostile.py` does for .xlsx)."""

from __future__ import annotations

import struct
from pathlib import Path

from tests.other_formats import rewrite_part, write_ods, write_xls


def _valid_grid() -> dict[str, list[list]]:
    from tests.builders import info_rows
    from tests.test_reading import HEADER

    return {
        "ข้อมูลหน่วยงาน": info_rows(),
        "รายการงบประมาณ": [HEADER, [1, "KS-01", "อบรม", None, None, 100]],
    }


def _patch_workbook_stream(path: Path, change) -> None:
    """Change the BIFF stream of an .xls in place, keeping its length."""
    import olefile

    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = ole.openstream("Workbook").read()
        changed = change(bytearray(stream))
        assert len(changed) == len(stream)
        ole.write_stream("Workbook", bytes(changed))


def _records(stream: bytes):
    at = 0
    while at + 4 <= len(stream):
        kind, length = (
            int.from_bytes(stream[at : at + 2], "little"),
            int.from_bytes(stream[at + 2 : at + 4], "little"),
        )
        yield kind, at, length
        at += 4 + length


def encrypted_xls(path: Path) -> str:
    """A password-protected .xls: a FILEPASS record in the workbook's globals (in the
    place of the record naming who saved it, so that nothing moves)."""
    write_xls(path, _valid_grid())

    def encrypt(stream):
        at = next(at for kind, at, _ in _records(stream) if kind == 0x005C)  # WRITEACCESS
        stream[at : at + 2] = (0x002F).to_bytes(2, "little")
        return stream

    _patch_workbook_stream(path, encrypt)
    return "file_encrypted"


def macros_only_xls(path: Path) -> str:
    """An .xls whose every sheet is an Excel 4.0 macro sheet."""
    write_xls(path, _valid_grid())

    def to_macro_sheets(stream):
        for kind, at, _ in list(_records(stream)):
            if kind == 0x0085:  # BOUNDSHEET: offset (4), visibility (1), kind (1)
                stream[at + 4 + 5] = 0x01
        return stream

    _patch_workbook_stream(path, to_macro_sheets)
    return "file_not_workbook"


def far_cell_xls(path: Path) -> str:
    """A 6 KB .xls whose grid reaches IV65536."""
    import xlwt

    grid = _valid_grid()
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in grid.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.get_sheet(1).write(65535, 255, "x")
    book.save(str(path))
    return "sheet_too_large"


def garbled_xls(path: Path) -> str:
    """A sound OLE container whose workbook stream is noise."""
    write_xls(path, _valid_grid())
    _patch_workbook_stream(path, lambda stream: bytearray(b"\x07" * len(stream)))
    return "file_unreadable"


def truncated_xls(path: Path) -> str:
    write_xls(path, _valid_grid())
    path.write_bytes(path.read_bytes()[:3000])
    return "file_unreadable"


def repeated_ods(path: Path) -> str:
    """A tiny .ods repeating one number 16,384 columns by 4,000 rows."""
    write_ods(path, _valid_grid())
    bomb = (
        b'<table:table-row table:number-rows-repeated="4000"><table:table-cell '
        b'office:value-type="float" office:value="1" table:number-columns-repeated="16384">'
        b"<text:p>1</text:p></table:table-cell></table:table-row></table:table>"
    )
    rewrite_part(path, "content.xml", lambda xml: xml.replace(b"</table:table>", bomb, 1))
    return "sheet_too_large"


def encrypted_ods(path: Path) -> str:
    """A password-protected .ods: its manifest says how its content is encrypted."""
    write_ods(path, _valid_grid())
    entry = b'manifest:full-path="content.xml" manifest:media-type="text/xml"'
    encrypted = (
        entry + b'><manifest:encryption-data manifest:checksum-type="SHA1/1K" '
        b'manifest:checksum="x"></manifest:encryption-data></manifest:file-entry>'
    )
    rewrite_part(path, "META-INF/manifest.xml", lambda xml: xml.replace(entry + b"/>", encrypted))
    return "file_encrypted"


def entity_ods(path: Path) -> str:
    """Entities declared in the content's prolog (an XML bomb)."""
    write_ods(path, _valid_grid())
    doctype = b'<!DOCTYPE d [<!ENTITY e "ha"><!ENTITY f "&e;&e;&e;&e;">]>'
    rewrite_part(path, "content.xml", lambda xml: xml.replace(b"?>", b"?>" + doctype, 1))
    return "file_bomb"


def text_document_ods(path: Path) -> str:
    """A word-processing document (.odt) renamed .ods."""
    write_ods(path, _valid_grid())
    rewrite_part(path, "mimetype", lambda _: b"application/vnd.oasis.opendocument.text")
    return "file_not_workbook"


def truncated_ods(path: Path) -> str:
    write_ods(path, _valid_grid())
    path.write_bytes(path.read_bytes()[:1000])
    return "file_unreadable"


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def xls_with_records(path: Path, after_bof: bytes) -> Path:
    """A one-sheet .xls (xlwt) with BIFF records added right after its sheet's BOF."""
    import xlwt
    from xlwt.CompoundDoc import XlsDoc

    book = xlwt.Workbook()
    book.add_sheet("รายการงบประมาณ").write(0, 0, "x")
    stream = book.get_biff_data()
    at, sheet_at = 0, None
    while at < len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        if kind == 0x0085:  # BOUNDSHEET: where the sheet's BOF is
            sheet_at = struct.unpack_from("<I", stream, at + 4)[0]
        at += 4 + length
    bof_end = sheet_at + 4 + struct.unpack_from("<H", stream, sheet_at + 2)[0]
    with path.open("wb") as target:
        XlsDoc().save(target, stream[:bof_end] + after_bof + stream[bof_end:])
    return path


def far_cell_after_a_chart(path: Path) -> str:
    """A sheet holding an embedded chart's BOF … EOF, then a cell at IV65536: the sheet
    goes on after the chart's EOF, as calamine reads it."""
    chart_bof = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0020, 0, 0, 0, 0))
    far_number = _record(0x0203, struct.pack("<HHHd", 65535, 255, 0, 1.0))
    xls_with_records(path, chart_bof + _record(0x000A, b"") + far_number)
    return "sheet_too_large"


def untyped_values_ods(path: Path) -> str:
    """Values without their type (`office:value` alone), repeated: calamine places them."""
    write_ods(path, _valid_grid())
    rows = (
        b'<table:table-row table:number-rows-repeated="2000"><table:table-cell '
        b'office:value="1" table:number-columns-repeated="2500"/></table:table-row></table:table>'
    )
    rewrite_part(path, "content.xml", lambda xml: xml.replace(b"</table:table>", rows, 1))
    return "sheet_too_large"


def cell_outside_a_row_ods(path: Path) -> str:
    """A cell straight inside the table, holding a row: LibreOffice never writes one."""
    write_ods(path, _valid_grid())
    stray = b"<table:table-cell><table:table-row/></table:table-cell></table:table>"
    rewrite_part(path, "content.xml", lambda xml: xml.replace(b"</table:table>", stray, 1))
    return "file_unreadable"


BROKEN_OTHER_FORMATS = {
    "chart.xls": far_cell_after_a_chart,
    "untyped.ods": untyped_values_ods,
    "stray.ods": cell_outside_a_row_ods,
    "locked.xls": encrypted_xls,
    "macros.xls": macros_only_xls,
    "far-away.xls": far_cell_xls,
    "garbled.xls": garbled_xls,
    "cut.xls": truncated_xls,
    "repeated.ods": repeated_ods,
    "locked.ods": encrypted_ods,
    "entities.ods": entity_ods,
    "letter.ods": text_document_ods,
    "cut.ods": truncated_ods,
}
