"""Broken and hostile files, built by code: one function per kind, each returning the
issue code a submission made of it must be rejected with."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests.builders import line, write_submission


def _valid_bytes(tmp: Path) -> bytes:
    path = write_submission(
        tmp / "_valid.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 100, "KS-01")]
    )
    data = path.read_bytes()
    path.unlink()
    return data


def corrupt_zip(path: Path) -> str:
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    return "file_unreadable"


def truncated_workbook(path: Path) -> str:
    path.write_bytes(_valid_bytes(path.parent)[:900])
    return "file_unreadable"


def pdf_named_xlsx(path: Path) -> str:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return "file_not_workbook"


def csv_named_xlsx(path: Path) -> str:
    path.write_text("ลำดับ,งบประมาณ\n1,100\n", encoding="utf-8")
    return "file_not_workbook"


def _ods(path: Path, title: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "content.xml", f"<office:document-content><!-- {title} --></office:document-content>"
        )


def ods_named_xlsx(path: Path) -> str:
    """Read as the OpenDocument file it is, and found to hold no spreadsheet."""
    _ods(path, "saved by LibreOffice, renamed .xlsx")
    return "file_unreadable"


def xls_file(path: Path) -> str:
    """An OLE header and nothing after it."""
    path.with_suffix(".xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return "file_unreadable"


def xlsb_file(path: Path) -> str:
    path.with_suffix(".xlsb").write_bytes(_valid_bytes(path.parent))
    return "file_type_unsupported"


def ods_file(path: Path) -> str:
    _ods(path.with_suffix(".ods"), "saved by LibreOffice")
    return "file_unreadable"


def csv_file(path: Path) -> str:
    path.with_suffix(".csv").write_text("line_no,budget\n1,100\n", encoding="utf-8")
    return "file_type_unsupported"


def encrypted_workbook(path: Path) -> str:
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(_valid_bytes(path.parent))).encrypt("รหัสลับ", encrypted)
    path.write_bytes(encrypted.getvalue())
    return "file_encrypted"


def empty_file(path: Path) -> str:
    path.write_bytes(b"")
    return "file_empty"


def empty_workbook(path: Path) -> str:
    Workbook().save(path)
    return "sheet_missing"


def wrong_sheets(path: Path) -> str:
    book = Workbook()
    book.active.title = "สรุป"
    book.active["A1"] = "รายงานผลการดำเนินงาน"
    book.create_sheet("ภาพถ่าย")
    book.save(path)
    return "sheet_missing"


def _rewrite(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == part else content)
    return out.getvalue()


def entity_bomb(path: Path) -> str:
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha"}">' for i in range(10))
    doctype = f"<!DOCTYPE worksheet [{entities}]>".encode()

    def add_doctype(xml: bytes) -> bytes:
        declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        return (
            xml[:declaration_end]
            + doctype
            + xml[declaration_end:].replace(b"<v>1</v>", b"<v>&e9;</v>", 1)
        )

    path.write_bytes(_rewrite(_valid_bytes(path.parent), "xl/worksheets/sheet2.xml", add_doctype))
    return "file_bomb"


def zip_bomb(path: Path) -> str:
    data = _valid_bytes(path.parent)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * (40 * 2**20))
    path.write_bytes(out.getvalue())
    return "file_bomb"


def absurd_dimensions(path: Path) -> str:
    write_submission(path, "AG-C", "AREA-1", "2026-11", [line(1, 100, "KS-01")])
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["รายการงบประมาณ"]["XFD1048576"] = "x"
    book.save(path)
    return "sheet_too_large"


BROKEN_FILES: dict[str, Callable[[Path], str]] = {
    "corrupt.xlsx": corrupt_zip,
    "truncated.xlsx": truncated_workbook,
    "scan.xlsx": pdf_named_xlsx,
    "export.xlsx": csv_named_xlsx,
    "calc.xlsx": ods_named_xlsx,
    "old-excel.xlsx": xls_file,
    "binary.xlsx": xlsb_file,
    "libre.xlsx": ods_file,
    "plain.xlsx": csv_file,
    "locked.xlsx": encrypted_workbook,
    "zero.xlsx": empty_file,
    "blank-book.xlsx": empty_workbook,
    "photos.xlsx": wrong_sheets,
    "entities.xlsx": entity_bomb,
    "bomb.xlsx": zip_bomb,
    "far-away.xlsx": absurd_dimensions,
}


def written_name(name: str, builder: Callable[[Path], str]) -> str:
    """The file name a builder writes (some change the suffix)."""
    suffix = {xls_file: ".xls", xlsb_file: ".xlsb", ods_file: ".ods", csv_file: ".csv"}.get(builder)
    return str(Path(name).with_suffix(suffix)) if suffix else name


def far_cell_without_order(path: Path) -> str:
    """A tiny sheet naming a far cell inside an early row, with a tab before `r=`."""

    def add_far_cell(xml: bytes) -> bytes:
        return xml.replace(
            b"</row>", b'<c\tr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>', 1
        )

    path.write_bytes(_rewrite(_valid_bytes(path.parent), "xl/worksheets/sheet2.xml", add_far_cell))
    return "sheet_too_large"


def late_doctype(path: Path) -> str:
    """An entity declaration hidden after a long comment."""

    def add(xml: bytes) -> bytes:
        declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        padding = b"<!--" + b"x" * 8000 + b"-->"
        return (
            xml[:declaration_end]
            + padding
            + b'<!DOCTYPE worksheet [<!ENTITY e "ha">]>'
            + xml[declaration_end:]
        )

    path.write_bytes(_rewrite(_valid_bytes(path.parent), "xl/worksheets/sheet2.xml", add))
    return "file_bomb"


BROKEN_FILES["unordered.xlsx"] = far_cell_without_order
BROKEN_FILES["hidden-entities.xlsx"] = late_doctype
