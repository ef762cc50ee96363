"""The guard of .xls and .ods workbooks, and the child process that reads them.

Damaged files are made by changing bytes of a valid one (hypothesis): the guard refuses or
passes each, never raising anything but `UnreadableWorkbook`; a file it passes is read in
a child process whose death, slowness or hunger for memory rejects the file, not the run.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.read.guard import inspect_workbook
from oneplan.read.isolated import ReaderUnavailable, ToRead, read_all_in_child
from oneplan.read.limits import Limits, UnreadableWorkbook
from oneplan.read.ods_guard import excel_formula
from oneplan.read.workbook import open_workbook
from oneplan.read.xls_guard import formula_text, reserved_cells
from tests.builders import info_rows, line, write_submission
from tests.conftest import PERIOD
from tests.other_formats import saved_as, write_ods, write_xls
from tests.test_reading import HEADER

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
GRID = {
    "ข้อมูลหน่วยงาน": info_rows(),
    "รายการงบประมาณ": [
        HEADER,
        [1, "KS-01", "อบรม", None, None, 1000, None, None, dt.date(2026, 11, 3)],
    ],
}


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    folder = tmp_path_factory.mktemp("valid")
    return {
        ".xls": write_xls(folder / "v.xls", GRID).read_bytes(),
        ".ods": write_ods(folder / "v.ods", GRID).read_bytes(),
    }


def changed(data: bytes, changes: list[tuple[int, int]]) -> bytes:
    damaged = bytearray(data)
    for at, byte in changes:
        damaged[at % len(damaged)] = byte
    return bytes(damaged)


CHANGES = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=8)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=CHANGES, cut=st.one_of(st.none(), st.integers(0, 6000)))
def test_the_guard_refuses_or_passes_a_damaged_file_and_never_fails(
    tmp_path, valid, suffix, changes, cut
):
    data = changed(valid[suffix], changes)[:cut]
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(data)
    try:
        facts = inspect_workbook(path)
    except UnreadableWorkbook as refused:
        assert refused.code.startswith(("file_", "sheet_", "workbook_"))
    else:
        assert facts.content == data


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=CHANGES)
def test_a_damaged_file_is_read_or_rejected_never_a_crash(tmp_path, valid, suffix, changes):
    """Past the guard, python-calamine reads it in a child: a panic or an abort there is
    the file's rejection."""
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(changed(valid[suffix], changes))
    try:
        book = open_workbook(path)  # a child that cannot work would raise, not refuse
    except UnreadableWorkbook as refused:
        assert refused.code.startswith(("file_", "sheet_", "workbook_"))
    else:
        for name in book.sheet_names:
            assert isinstance(book.sheet(name).rows, list)


def test_a_reader_killed_by_the_system_is_the_machines_failure_not_the_files(month, monkeypatch):
    """SIGKILL (the system's out-of-memory killer, an operator) ends the child: the run
    stops with the reason and records no verdict on the file; the next run counts it."""
    drop = month.drop_zone
    write_submission(drop / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 700, "KS-02")])
    saved_as(drop / "c.xlsx", ".xls")
    monkeypatch.setenv("ONEPLAN_FAILPOINT", "reading_child")  # only the child stops there
    with pytest.raises(ReaderUnavailable, match="exit -9"):
        run_month(month, PERIOD, NOW)
    monkeypatch.delenv("ONEPLAN_FAILPOINT")
    result = run_month(month, PERIOD, NOW)
    assert [i.code for i in result.issues if i.source_file == "c.xls"] == []
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-C"]
    assert (agency["status"], agency["total_budget"]) == ("submitted", 70_000)


def test_a_reader_that_cannot_start_is_the_machines_failure(tmp_path, monkeypatch):
    path = write_ods(tmp_path / "c.ods", GRID)
    monkeypatch.setattr("oneplan.read.isolated.sys.executable", "/bin/false")
    with pytest.raises(ReaderUnavailable, match="did not start"):
        open_workbook(path)


def test_a_reader_past_its_time_is_stopped(tmp_path, monkeypatch):
    path = write_ods(tmp_path / "slow.ods", GRID)
    monkeypatch.setenv("ONEPLAN_PAUSE_AT", "reading_child")
    monkeypatch.setenv("ONEPLAN_PAUSE_UNTIL", str(tmp_path / "never"))
    with pytest.raises(UnreadableWorkbook) as refused:
        open_workbook(path, Limits(max_read_seconds=1))
    assert refused.value.code == "file_reader_stopped"
    assert refused.value.details["reason"] == "reading took longer than 1 s"


def wide_xls(path):
    """An .xls whose grid is 5,860 rows by 256 columns: 1,500,160 cells, two of them written."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("รายการงบประมาณ")
    sheet.write(0, 0, 1)
    sheet.write(5_859, 255, 2)
    book.save(str(path))
    return path


def test_a_workbook_needing_more_memory_than_allowed_is_refused(tmp_path):
    """1.5 million cells, within the cell limit, in 16 MB more memory: the child's
    allocation fails, and with it only this file."""
    path = wide_xls(tmp_path / "wide.xls")
    assert inspect_workbook(path).format == "xls"  # 1,500,160 cells: within the limit
    with pytest.raises(UnreadableWorkbook) as refused:
        open_workbook(path, Limits(max_reader_memory_bytes=16 * 2**20))
    assert refused.value.code == "file_reader_stopped"
    assert len(open_workbook(path).sheet("รายการงบประมาณ").rows) == 5_860


def test_the_room_calamine_reserves_counts_as_it_counts_it():
    # rows 0..65535 (last row 65536, exclusive), columns 0..255: the whole sheet.
    assert reserved_cells((0).to_bytes(4, "little") + (65536).to_bytes(4, "little")
                          + (0).to_bytes(2, "little") + (256).to_bytes(2, "little")
                          + b"\x00\x00") == 65_536 * 256  # fmt: skip
    # a first row after the last wraps, as calamine's 32-bit arithmetic does
    wrapped = (10).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"\x00\x00\x01\x00\x00\x00"
    assert reserved_cells(wrapped) == (2**32 - 5) * 1


def test_formulas_are_written_as_excel_writes_them():
    assert excel_formula("of:=SUM([.F2:.F11])") == "SUM(F2:F11)"
    assert excel_formula("of:=[.F2]+[.F3]") == "F2+F3"
    assert excel_formula("of:=SUM([$Sheet2.F2])") == "SUM([$Sheet2.F2])"
    # SUM(F2:F11) as Excel stores it: a range token, then SUM of one argument.
    area = bytes([0x25]) + (1).to_bytes(2, "little") + (10).to_bytes(2, "little")
    area += (5 | 0xC000).to_bytes(2, "little") + (5 | 0xC000).to_bytes(2, "little")
    assert formula_text(area + bytes([0x19, 0x10, 0, 0])) == "SUM(F2:F11)"
    assert formula_text(bytes([0x17, 1, 0, 0x41])) == ""  # a string constant: not written


@given(st.binary(max_size=64))
def test_formula_text_of_any_tokens_is_text(tokens):
    assert isinstance(formula_text(tokens), str)


def test_one_child_reads_a_chunk_and_a_new_one_takes_over_after_a_death(tmp_path, monkeypatch):
    """Four workbooks for one child: the second aborts it (an allocation beyond its memory
    fails); it alone is refused, and a second child reads the other two."""
    import subprocess

    started, start = [], subprocess.Popen

    def counted(*args, **kwargs):
        started.append(args)
        return start(*args, **kwargs)

    monkeypatch.setattr("oneplan.read.isolated.subprocess.Popen", counted)
    small = ToRead(write_ods(tmp_path / "small.ods", GRID).read_bytes(), 40)
    wide = ToRead(wide_xls(tmp_path / "wide.xls").read_bytes(), 1_500_160)
    outcomes = read_all_in_child(
        [small, wide, ToRead(b"PK\x03\x04 not a workbook", 1), small],
        Limits(max_reader_memory_bytes=16 * 2**20),
    )
    first, died, refused, last = outcomes
    assert [sheet.name for sheet in first] == [sheet.name for sheet in last] == list(GRID)
    assert died.code == "file_reader_stopped"
    assert refused.code == "file_unreadable" and "corrupt" in refused.details["reason"]
    assert len(started) == 2


def test_a_child_sends_back_no_more_cells_than_the_guard_counted(tmp_path):
    """Whatever misled the guard (a second workbook stream only calamine reads, say), the
    parent never holds more than the guard's count, or `CELLS_ALWAYS_ALLOWED`."""
    wide = wide_xls(tmp_path / "wide.xls").read_bytes()
    (refused,) = read_all_in_child([ToRead(wide, 1)], Limits())
    assert refused.code == "file_bomb" and "1,500,160 cells" in refused.details["reason"]


def test_a_feedback_copy_made_just_after_its_reading_starts_no_child(tmp_path, monkeypatch):
    """The sheets a child read are taken again by the file's feedback copy: the same copy
    as one made from a new child's reading, without starting one."""
    import subprocess

    from oneplan.read import isolated
    from oneplan.report.feedback import write_feedback

    path = write_xls(tmp_path / "c.xls", GRID)
    monkeypatch.setattr(isolated, "RECENTLY_READ", isolated.RecentlyRead(isolated.RECENT_CELLS))
    open_workbook(path)
    started, start = [], subprocess.Popen
    monkeypatch.setattr(
        "oneplan.read.isolated.subprocess.Popen",
        lambda *a, **k: started.append(a) or start(*a, **k),
    )
    write_feedback(path, [], tmp_path / "again.xlsx")
    assert started == []
    monkeypatch.setattr(isolated, "RECENTLY_READ", isolated.RecentlyRead(isolated.RECENT_CELLS))
    write_feedback(path, [], tmp_path / "anew.xlsx")
    assert len(started) == 1

    def values(name):
        book = load_workbook(tmp_path / name)
        return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book}

    assert values("again.xlsx") == values("anew.xlsx")
