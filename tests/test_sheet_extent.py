"""The grid a sheet's cells reach, as python-calamine places them, found before it reads.

Each far cell below, written in a way python-calamine accepts, makes it abort the whole
process (tafia/calamine#693); the guard must see every one of them. Each odd but small
sheet must be placed exactly where python-calamine puts its cells.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import python_calamine

from oneplan.read.extent import PLAIN_GRID_CELLS, grid_cells, sheet_extent
from oneplan.read.guard import UnreadableWorkbook, inspect_workbook
from tests.hostile import _rewrite, _valid_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(rows: str, root_attributes: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"{root_attributes}>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


FAR_CELLS = {
    "quoted with apostrophes": "<c r='XFD1048576'><v>2</v></c>",
    "spaces around =": '<c r = "XFD1048576"><v>2</v></c>',
    "lower-case letters": '<c r="xfd1048576"><v>2</v></c>',
    "a tab before r": '<c\tr="XFD1048576"><v>2</v></c>',
    "r after another attribute": '<c s="0" r="XFD1048576"><v>2</v></c>',
    "a > inside an earlier attribute": '<c a=">" r="XFD1048576"><v>2</v></c>',
    "a namespace prefix": '<x:c r="XFD1048576"><x:v>2</x:v></x:c>',
}


@pytest.mark.parametrize("how", list(FAR_CELLS))
def test_a_far_cell_written_any_way_is_seen(how):
    data = sheet(f'<row r="1"><c r="A1"><v>1</v></c>{FAR_CELLS[how]}</row>', f' xmlns:x="{MAIN}"')
    assert sheet_extent(data) == (1_048_576, 16_384)
    assert grid_cells(data, 2_000_000) == 1_048_576 * 16_384


def test_a_row_number_of_many_digits_is_seen():
    data = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B99999999"><v>2</v></c></row>')
    assert sheet_extent(data) == (99_999_999, 2)


def test_cells_without_r_run_on_from_the_row_r_gives():
    # Row 9,999 named, then 300 cells without a reference: 9,999 × 300 cells, over 2,000,000.
    cells = "<c><v>1</v></c>" * 300
    data = sheet(f'<row r="1"><c r="A1"><v>1</v></c></row><row r="9999">{cells}</row>')
    assert sheet_extent(data) == (9_999, 300)
    assert grid_cells(data, 2_000_000) == 2_999_700


def test_a_reference_that_is_no_cell_is_refused():
    data = sheet('<row r="1"><c r="&#88;FD1"><v>1</v></c></row>')
    assert grid_cells(data, 2_000_000) > 2_000_000


def test_a_plain_sheet_is_bounded_by_z9999_without_walking_it():
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="K{r}"/></row>' for r in (1, 2, 3))
    data = sheet(rows)
    assert grid_cells(data, 2_000_000) == PLAIN_GRID_CELLS == 259_974
    assert sheet_extent(data) == (3, 11)
    # A limit under that bound is decided by the exact extent.
    assert grid_cells(data, 1_000) == 33


ODD_SHEETS = {
    "no references at all": "<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>",
    "a row number, cells without": '<row r="4"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>',
    "one reference, then cells after it": '<row r="2"><c r="C2"><v>1</v></c><c><v>2</v></c></row>',
    "rows without numbers after a numbered one": '<row r="3"><c r="B3"><v>1</v></c></row>'
    "<row><c><v>2</v></c></row><row><c><v>3</v></c><c><v>4</v></c></row>",
    "apostrophes and spaces": "<row r = '2'><c r = 'b2' ><v>1</v></c></row>",
}


@pytest.mark.parametrize("how", list(ODD_SHEETS))
def test_cells_are_placed_where_python_calamine_puts_them(tmp_path: Path, how):
    data = sheet(ODD_SHEETS[how])
    workbook = _rewrite(_valid_bytes(tmp_path), "xl/worksheets/sheet2.xml", lambda _: data)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(workbook))
    grid = book.get_sheet_by_name("รายการงบประมาณ").to_python(skip_empty_area=False)
    assert sheet_extent(data) == (len(grid), max(map(len, grid)))


@pytest.mark.parametrize("how", list(FAR_CELLS))
def test_a_submission_with_a_far_cell_is_refused_before_it_is_read(tmp_path: Path, how):
    far_cell = FAR_CELLS[how].replace("<x:c", '<x:c xmlns:x="' + MAIN + '"')
    data = _rewrite(
        _valid_bytes(tmp_path),
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(b"</row>", far_cell.encode() + b"</row>", 1),
    )
    path = tmp_path / "far.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path)
    assert refused.value.code == "sheet_too_large"
    assert refused.value.details["cells"] == "17,179,869,184"


def _declare_size(data: bytes, part: str, size: int, crc: int) -> bytes:
    """The archive with `part` declared `size` bytes long (CRC to match), in both headers."""
    patched = bytearray(data)
    name = part.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(part).header_offset
    struct.pack_into("<II", patched, local + 14, crc, 0)
    struct.pack_into("<I", patched, local + 22, size)
    central = 0
    while True:
        central = patched.index(b"PK\x01\x02", central)
        name_length = struct.unpack_from("<H", patched, central + 28)[0]
        if bytes(patched[central + 46 : central + 46 + name_length]) == name:
            break
        central += 4
    struct.pack_into("<I", patched, central + 16, crc)
    struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)


def test_a_part_longer_than_it_declares_is_refused(tmp_path: Path):
    """A reader that stopped at the declared size would not see the far cell at the end."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>'
    data = _rewrite(
        _valid_bytes(tmp_path),
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(b"</sheetData>", far, 1),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml")
    honest = xml.index(b'<row r="1048576">')
    path = tmp_path / "lying.xlsx"
    path.write_bytes(
        _declare_size(data, "xl/worksheets/sheet2.xml", honest, zlib.crc32(xml[:honest]))
    )
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path)
    assert refused.value.code == "file_unreadable"
    assert "not the size it declares" in refused.value.details["reason"]


def test_a_part_stored_twice_is_refused(tmp_path: Path):
    data = io.BytesIO(_valid_bytes(tmp_path))
    with pytest.warns(UserWarning), zipfile.ZipFile(data, "a") as archive:
        archive.writestr("xl/worksheets/sheet2.xml", sheet('<row r="1"><c r="A1"/></row>'))
    path = tmp_path / "twice.xlsx"
    path.write_bytes(data.getvalue())
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path)
    assert refused.value.code == "file_unreadable"
