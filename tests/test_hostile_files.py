"""Broken and hostile files: a clear rejection each, never a crash, and the rest counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import time
import zipfile

import pytest

from oneplan.ledger import open_ledger
from oneplan.month.run import run_month
from oneplan.read.container import open_package, sheet_parts
from oneplan.read.guard import Limits, UnreadableWorkbook, inspect_workbook
from oneplan.read.limits import DEFAULT_LIMITS
from oneplan.receive import files as found_files
from oneplan.receive.drop_zone import scan_drop_zone
from oneplan.receive.files import sha256_of
from oneplan.settings import Settings
from tests.builders import line, write_submission
from tests.conftest import PERIOD, write_month
from tests.hostile import BROKEN_FILES, written_name

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def file_issues(result, name):
    return [(i.severity, i.code) for i in result.issues if i.source_file == name]


@pytest.fixture(scope="module")
def broken_month(tmp_path_factory):
    """The `month` fixture's drop zone with every broken file of `BROKEN_FILES` beside its
    two valid workbooks, run once: the settings, the result, and each broken file's name
    as written with the issue code it must be rejected with."""
    month = write_month(tmp_path_factory.mktemp("broken"))
    expected_codes = {
        written_name(name, builder): builder(month.drop_zone / name)
        for name, builder in BROKEN_FILES.items()
    }
    return month, run_month(month, PERIOD, NOW), expected_codes


@pytest.mark.parametrize("name", list(BROKEN_FILES))
def test_each_broken_file_is_rejected_with_its_reason(broken_month, name):
    _, result, expected_codes = broken_month
    written = written_name(name, BROKEN_FILES[name])
    code = expected_codes[written]
    rejections = [(s, c) for s, c in file_issues(result, written) if s == "error"]
    assert rejections == [("error", code)] or (
        code == "sheet_missing" and set(rejections) == {("error", code)}
    )
    submission = next(s for s in result.intake.submissions if s.rel_path == written)
    assert submission.rejected
    # The two valid submissions still count, unchanged.
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-A", "total_budget"] == 7_260_050
    assert agencies.loc["AG-B", "total_budget"] == 4_000_000


def test_messages_say_what_to_do(month):
    BROKEN_FILES["locked.xlsx"](month.drop_zone / "locked.xlsx")
    result = run_month(month, PERIOD, NOW)
    (issue,) = [i for i in result.issues if i.source_file == "locked.xlsx"]
    assert "รหัสผ่าน" in issue.message_th and "password" in issue.message_en


def test_a_file_that_changes_while_it_is_read_is_left_for_the_next_run(month, monkeypatch):
    """Hashing a small file takes under a millisecond: here the copy goes on (its time
    moves) each time the file is read, until the copy ends."""
    month = dataclasses.replace(month, intake_quiet_seconds=0.1)
    target = month.drop_zone / "a.xlsx"
    inode = target.stat().st_ino
    copying = True
    real = found_files.hash_open_file

    def still_copied(handle):
        digest = real(handle)
        if copying and os.fstat(handle).st_ino == inode:
            moment = time.time_ns()
            os.utime(target, ns=(moment, moment))  # the copy goes on while we read it
        return digest

    monkeypatch.setattr(found_files, "hash_open_file", still_copied)
    zone = scan_drop_zone(month.drop_zone, quiet=0.1)
    assert ([f.rel_path for f in zone.files], zone.arriving) == (["b/b.xlsx"], ["a.xlsx"])
    result = run_month(month, PERIOD, NOW)
    assert result.intake.arriving == ["a.xlsx"]
    assert file_issues(result, "a.xlsx") == []
    assert result.summary["files"]["received"] == 1
    assert open_ledger(month).first_paths() == {sha256_of(month.drop_zone / "b/b.xlsx"): "b/b.xlsx"}
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-A", "status"] == "missing"
    copying = False
    result = run_month(month, PERIOD, NOW)  # the copy has ended: read whole
    assert result.intake.arriving == []
    assert result.summary["files"]["received"] == 2
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-A", "status"] == "submitted"


def test_whole_drop_zone_of_broken_files_changes_no_valid_figure(broken_month, tmp_path):
    broken_settings, broken, expected_codes = broken_month
    # The same two valid workbooks, byte for byte, without the broken files.
    shutil.copytree(broken_settings.inputs, tmp_path / "inputs")
    for name in expected_codes:
        (tmp_path / "inputs" / "submissions" / name).unlink()
    clean_settings = Settings(
        inputs=tmp_path / "inputs", outputs=tmp_path / "outputs", state=tmp_path / "state"
    )
    clean = run_month(clean_settings, PERIOD, NOW)
    assert broken.summary["files"]["rejected"] == len(BROKEN_FILES)
    assert broken.summary["files"]["accepted"] == 2
    for name, code in expected_codes.items():
        assert ("error", code) in file_issues(broken, name), name
    for table in ("plan_items", "lines", "categories"):
        assert getattr(broken.reconciliation, table).equals(getattr(clean.reconciliation, table)), (
            table
        )


def _parts(content: bytes):
    return open_package(content, DEFAULT_LIMITS)


def test_a_workbook_part_in_utf16_is_still_inspected_sheet_by_sheet(tmp_path):
    # The sheet names are read from workbook.xml without a full XML parse when it is plain
    # UTF-8; any other encoding goes through defusedxml, and finds the same sheets.
    path = write_submission(
        tmp_path / "s.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 1000), line(2, 2000)]
    )
    plain = sheet_parts(_parts(path.read_bytes()))
    with zipfile.ZipFile(path) as original:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as copy:
            for item in original.infolist():
                data = original.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
                    data = text.encode("utf-16")
                copy.writestr(item, data)
    assert sheet_parts(_parts(buffer.getvalue())) == plain
    assert sorted(sum(plain.values(), [])) == ["ข้อมูลหน่วยงาน", "รายการงบประมาณ"]


def test_a_bug_in_the_inspection_of_one_file_rejects_only_that_file(month, monkeypatch):
    """Files are inspected a chunk at a time before they are parsed: a bug there stays
    with its own file, reported as an internal error of the step 'read'."""
    from oneplan.read import submission as submission_module

    real = submission_module.inspect_workbook
    planted = (month.drop_zone / "a.xlsx").read_bytes()  # read from the archive, renamed

    def flaky(path, *args):
        if path.read_bytes() == planted:
            raise ZeroDivisionError("a bug of ours")
        return real(path, *args)

    monkeypatch.setattr(submission_module, "inspect_workbook", flaky)
    result = run_month(month, PERIOD, NOW)
    (issue,) = [i for i in result.issues if i.source_file == "a.xlsx"]
    assert (issue.code, issue.severity) == ("internal_error", "error")
    assert issue.context["step"] == "read"  # kept for the coordinator, not shown
    assert "not caused by your workbook" in issue.message_en and "read'" not in issue.message_en
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-B", "total_budget"] == 4_000_000


def test_files_are_inspected_in_chunks_and_all_read(month, monkeypatch):
    from oneplan.read import submission as submission_module

    monkeypatch.setattr(submission_module, "INSPECTED_FILES", 1)
    result = run_month(month, PERIOD, NOW)
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-A", "total_budget"] == 7_260_050
    assert agencies.loc["AG-B", "total_budget"] == 4_000_000


def _growing(path, monkeypatch, measured: int) -> None:
    """`path` measures `measured` bytes when asked, as if it grew right after."""
    import os

    real_fstat = os.fstat
    inode = path.stat().st_ino

    def fstat(descriptor):
        found = real_fstat(descriptor)
        if found.st_ino != inode:
            return found
        return os.stat_result((*found[:6], measured, *found[7:]))

    monkeypatch.setattr(os, "fstat", fstat)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = write_submission(tmp_path / "s.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 1000)])
    size = path.stat().st_size
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path, Limits(max_file_bytes=size - 1))
    assert refused.value.code == "file_too_large"
    assert inspect_workbook(path, Limits(max_file_bytes=size)).content == path.read_bytes()


def test_a_file_that_grew_after_it_was_measured_is_read_whole_or_refused(tmp_path, monkeypatch):
    path = write_submission(tmp_path / "s.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 1000)])
    content = path.read_bytes()
    _growing(path, monkeypatch, measured=100)
    assert inspect_workbook(path).content == content  # every byte, not the 101 asked first
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(path, Limits(max_file_bytes=len(content) - 1))
    assert refused.value.code == "file_too_large"


def _variants(plain: bytes) -> dict[str, bytes]:
    """The same workbook as a plain archive and in the forms the fast reading leaves to
    zipfile: with a comment, with data before it, in ZIP64, with a part named in Thai."""
    variants = {"plain": plain}
    with zipfile.ZipFile(io.BytesIO(plain)) as source:
        for form in ("comment", "zip64", "thai-name"):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
                for item in source.infolist():
                    name = (
                        "xl/ชีต.xml"
                        if form == "thai-name" and item.filename.endswith("styles.xml")
                        else item.filename
                    )
                    with copy.open(zipfile.ZipInfo(name), "w", force_zip64=form == "zip64") as part:
                        part.write(source.read(item.filename))
                if form == "comment":
                    copy.comment = b"exported by a scanner"
            variants[form] = buffer.getvalue()
    variants["prefixed"] = b"MZ" + b"\0" * 100 + plain  # a self-extracting archive's shape
    return variants


def test_every_form_of_zip_archive_is_inspected_alike(tmp_path):
    path = write_submission(tmp_path / "s.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 1000)])
    variants = _variants(path.read_bytes())
    with _parts(variants["plain"]) as package:
        expected = sheet_parts(package)
    assert sorted(sum(expected.values(), [])) == ["ข้อมูลหน่วยงาน", "รายการงบประมาณ"]
    for form, content in variants.items():
        with _parts(content) as package:
            assert sheet_parts(package) == expected, form
            assert [len(package.read(name)) for name in package.names] == [
                package.size(name) for name in package.names
            ], form
        if form != "prefixed":  # its first bytes are not a zip's: refused by type, first
            (tmp_path / f"{form}.xlsx").write_bytes(content)
            facts = inspect_workbook(tmp_path / f"{form}.xlsx")
            assert facts.formulas == inspect_workbook(path).formulas, form
