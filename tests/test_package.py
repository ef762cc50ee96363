"""The zip container and every XML part in it, as the guard inspects them before any parser.

A DTD (where entities, and entity bombs, are declared) is refused in any XML part of a
package, whatever the part's name or encoding; the container's limits refuse a package
from its directory before anything is inflated, and a broken part is refused, not read.
"""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
from pathlib import Path

import pytest

from oneplan.read.guard import Limits, UnreadableWorkbook, inspect_workbook
from oneplan.read.workbook import open_workbook
from tests.hostile import _rewrite, _valid_bytes

DOCTYPE = b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def _parts_of(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _with_doctype(xml: bytes) -> bytes:
    """The part with a DTD in its prolog: after the XML declaration, if it has one."""
    declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:declaration_end] + DOCTYPE + xml[declaration_end:]


def _refusal(path: Path) -> UnreadableWorkbook:
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path)
    return refused.value


VALID_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/theme/theme1.xml",
    "xl/workbook.xml",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
]


def test_the_parts_below_are_every_part_of_a_submission(tmp_path):
    assert sorted(_parts_of(_valid_bytes(tmp_path))) == sorted(VALID_PARTS)


@pytest.mark.parametrize("part", VALID_PARTS)
def test_a_dtd_in_any_xml_part_is_refused(tmp_path, part):
    path = tmp_path / "dtd.xlsx"
    path.write_bytes(_rewrite(_valid_bytes(tmp_path), part, _with_doctype))
    refused = _refusal(path)
    assert refused.code == "file_bomb"
    assert refused.details["reason"].startswith(f"{part}: ")
    assert "DTD" in refused.details["reason"]


def test_the_submission_without_a_dtd_is_accepted(tmp_path):
    path = tmp_path / "plain.xlsx"
    path.write_bytes(_rewrite(_valid_bytes(tmp_path), "xl/styles.xml", lambda xml: xml))
    assert inspect_workbook(path).content == path.read_bytes()


def _utf16(xml: bytes, encoding: str = "utf-16", *, declared: bool = True) -> bytes:
    text = xml.decode("utf-8")
    if declared and not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="UTF-16"?>' + text
    return text.encode(encoding)


ENCODED = {
    "UTF-16 with a byte-order mark": lambda xml: _utf16(xml, "utf-16"),
    "UTF-16 big-endian, no mark": lambda xml: _utf16(xml, "utf-16-be"),
    "UTF-16 little-endian, no mark": lambda xml: _utf16(xml, "utf-16-le"),
    "UTF-32 with a byte-order mark": lambda xml: _utf16(xml, "utf-32"),
    "UTF-8 with a byte-order mark": lambda xml: codecs.BOM_UTF8 + xml,
}


@pytest.mark.parametrize("encoding", list(ENCODED))
@pytest.mark.parametrize("part", ["docProps/core.xml", "xl/styles.xml", "xl/workbook.xml"])
def test_a_dtd_in_a_part_encoded_otherwise_is_refused(tmp_path, encoding, part):
    valid = _valid_bytes(tmp_path)
    encode = ENCODED[encoding]
    plain, hostile = tmp_path / "plain.xlsx", tmp_path / "hostile.xlsx"
    plain.write_bytes(_rewrite(valid, part, encode))
    hostile.write_bytes(_rewrite(valid, part, lambda xml: encode(_with_doctype(xml))))
    if part != "xl/workbook.xml":  # the guard reads only UTF-8 and UTF-16 sheet names
        inspect_workbook(plain)  # the same part without the DTD is accepted
    refused = _refusal(hostile)
    assert (refused.code, refused.details["reason"][: len(part) + 1]) == ("file_bomb", part + ":")


def test_a_dtd_after_a_long_comment_in_a_small_part_is_refused(tmp_path):
    # The first kilobytes of docProps/core.xml are only a comment: the guard reads on.
    def hide(xml: bytes) -> bytes:
        return b"<!--" + b"x" * 20_000 + b"-->" + DOCTYPE + xml

    path = tmp_path / "hidden.xlsx"
    path.write_bytes(_rewrite(_valid_bytes(tmp_path), "docProps/core.xml", hide))
    assert _refusal(path).code == "file_bomb"


def test_a_dtd_spelt_in_the_encoding_the_declaration_names_is_refused(tmp_path):
    # In UTF-7, `+ADw-+ACE-` is `<!`: no `<!` among the bytes, a DTD to a UTF-7 reader.
    core = _part(_valid_bytes(tmp_path), "docProps/core.xml")
    spelt = DOCTYPE.replace(b"<", b"+ADw-").replace(b"!", b"+ACE-")
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>' + spelt + core
    assert b"<!" not in utf7 and "<!DOCTYPE" in utf7.decode("utf-7")
    path = tmp_path / "utf7.xlsx"
    path.write_bytes(_rewrite(_valid_bytes(tmp_path), "docProps/core.xml", lambda _: utf7))
    assert _refusal(path).code == "file_bomb"


def test_a_part_in_an_encoding_no_codec_reads_is_refused(tmp_path):
    def unknown(xml: bytes) -> bytes:
        return b'<?xml version="1.0" encoding="x-oneplan-unknown"?>' + xml

    path = tmp_path / "unknown.xlsx"
    path.write_bytes(_rewrite(_valid_bytes(tmp_path), "docProps/app.xml", unknown))
    refused = _refusal(path)
    assert refused.code == "file_unreadable"
    assert refused.details["reason"].startswith("docProps/app.xml: ")


def _added(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_a_dtd_in_a_part_of_any_name_is_refused_and_pictures_are_not_xml(tmp_path):
    valid = _valid_bytes(tmp_path)
    picture = b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE" * 10  # not XML: it does not begin with `<`
    accepted = tmp_path / "picture.xlsx"
    accepted.write_bytes(_added(valid, "xl/media/image1.png", picture))
    inspect_workbook(accepted)
    hostile = tmp_path / "disguised.xlsx"
    hostile.write_bytes(_added(valid, "xl/media/image1.png", DOCTYPE + b"<x>&b;</x>"))
    refused = _refusal(hostile)
    assert refused.code == "file_bomb"
    assert refused.details["reason"].startswith("xl/media/image1.png: ")


# The container: refused from its directory, as it was by the guard's own zip reader.


def test_a_package_of_more_parts_than_the_limit_is_refused(tmp_path):
    valid = _valid_bytes(tmp_path)
    path = tmp_path / "many.xlsx"
    path.write_bytes(valid)
    assert _refusal_with(path, Limits(max_members=len(VALID_PARTS) - 1)).details == {
        "reason": f"{len(VALID_PARTS)} parts"
    }
    inspect_workbook(path, Limits(max_members=len(VALID_PARTS)))
    buffer = io.BytesIO(valid)
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(1_200):
            archive.writestr(f"xl/media/empty{number}.bin", b"")
    path.write_bytes(buffer.getvalue())
    refused = _refusal(path)
    assert (refused.code, refused.details) == ("file_bomb", {"reason": "1,210 parts"})


def _refusal_with(path: Path, limits: Limits) -> UnreadableWorkbook:
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path, limits)
    assert refused.value.code == "file_bomb"
    return refused.value


def test_a_package_larger_once_inflated_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "large.xlsx"
    path.write_bytes(_valid_bytes(tmp_path))
    total = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    refused = _refusal_with(path, Limits(max_uncompressed_bytes=total - 1))
    assert refused.details == {"reason": f"{total:,} bytes uncompressed"}
    inspect_workbook(path, Limits(max_uncompressed_bytes=total))


def test_a_part_inflating_more_than_the_ratio_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_added(_valid_bytes(tmp_path), "xl/media/zeros.bin", b"\0" * (2 * 2**20)))
    refused = _refusal_with(path, Limits(max_compression_ratio=100))
    assert refused.details["reason"].startswith("xl/media/zeros.bin inflates ")
    inspect_workbook(path, Limits(max_compression_ratio=1_100))


def _central_entry(data: bytes, name: str) -> int:
    """Where the directory entry of `name` starts."""
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            return at
        at += 4


def _patched(data: bytes, name: str, **fields: int) -> bytes:
    """The archive with `name`'s flags, method or CRC changed in both of its headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    central = _central_entry(data, name)
    offsets = {"flags": (6, 8, "<H"), "method": (8, 10, "<H"), "crc": (14, 16, "<I")}
    for field_name, value in fields.items():
        in_local, in_central, form = offsets[field_name]
        struct.pack_into(form, patched, local + in_local, value)
        struct.pack_into(form, patched, central + in_central, value)
    return bytes(patched)


def test_an_encrypted_part_is_refused(tmp_path):
    path = tmp_path / "encrypted.xlsx"
    path.write_bytes(_patched(_valid_bytes(tmp_path), "xl/worksheets/sheet2.xml", flags=0x1))
    refused = _refusal(path)
    assert (refused.code, refused.details) == ("file_encrypted", {"found": "zip"})


def test_a_part_compressed_another_way_is_refused(tmp_path):
    path = tmp_path / "bzip2.xlsx"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_valid_bytes(tmp_path))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            method = zipfile.ZIP_BZIP2 if name == "xl/styles.xml" else zipfile.ZIP_DEFLATED
            target.writestr(name, source.read(name), compress_type=method)
    path.write_bytes(out.getvalue())
    refused = _refusal(path)
    assert refused.code == "file_unreadable"
    assert "xl/styles.xml: compression method 12" in refused.details["reason"]


def test_a_part_whose_stream_is_broken_is_refused(tmp_path):
    valid = _valid_bytes(tmp_path)
    with zipfile.ZipFile(io.BytesIO(valid)) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode())
    broken = bytearray(valid)
    broken[start : start + 16] = b"\xff" * 16  # not a deflate stream
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(broken))
    assert _refusal(path).code == "file_unreadable"


def test_a_part_whose_crc_does_not_match_is_refused(tmp_path):
    path = tmp_path / "crc.xlsx"
    path.write_bytes(_patched(_valid_bytes(tmp_path), "xl/worksheets/sheet2.xml", crc=1234))
    with pytest.raises(UnreadableWorkbook) as refused:
        open_workbook(path)
    assert refused.value.code == "file_unreadable"


def test_a_part_found_clean_vouches_only_for_parts_stored_byte_for_byte_alike(tmp_path):
    """Parts stored alike are inspected once; one with the same name, sizes and CRC as a
    clean part (a CRC is easily forged) but other bytes is still inspected."""
    valid = _valid_bytes(tmp_path)
    clean = tmp_path / "clean.xlsx"
    clean.write_bytes(valid)
    inspect_workbook(clean)  # styles.xml is now known clean, as stored in `valid`
    original = _part(valid, "xl/styles.xml")
    hostile_xml = _with_doctype(original)[: len(original)]  # the same length
    hostile = _rewrite(valid, "xl/styles.xml", lambda _: hostile_xml)
    with zipfile.ZipFile(io.BytesIO(valid)) as archive:
        info = archive.getinfo("xl/styles.xml")
    with zipfile.ZipFile(io.BytesIO(hostile)) as archive:
        packed = archive.getinfo("xl/styles.xml").compress_size
    forged = _patched(hostile, "xl/styles.xml", crc=info.CRC)
    assert packed != info.compress_size or forged != valid
    path = tmp_path / "forged.xlsx"
    path.write_bytes(forged)
    assert _refusal(path).code in ("file_bomb", "file_unreadable")
