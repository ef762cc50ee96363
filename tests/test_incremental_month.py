"""A month lived step by step gives, after every step, exactly what `--full` gives.

Two state folders live the same month: in one the period is run as a re-run is (outputs
and readings kept while their inputs are the same), in the other with `full=True` every
time, from its own first run; the same files arrive in both drop zones (copied with their
times) and leave them, and the plan and registry change in both. A full run on the same
drop zone and the same ledger history is what `--full` gives, and the second folder never
holds anything an incremental run made. After each step every output file of the period
is compared (`scripts/compare_outputs.py`: the same file names, summary.json as data,
parquet tables frame by frame, every workbook's cells with their comments and fills — the
reconciliation book, `lines/<area>.xlsx`, the feedback copies with their problems sheet —
and the reports' text, tables included), with the reports' document properties (their
times are the data's) and each output's inputs hash; summary.json holds nothing about the
run itself, so it is compared whole. Each step also shows the incremental run did keep
work: the files it read, and the outputs it linked from the folder it replaced.

A missing or altered archived copy stops a run that keeps readings
(`tests/test_incremental_readings.py`, `test_a_missing_or_altered_archived_copy_stops_…`)
and, here, a full run as well.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from oneplan.month.run import run_month
from oneplan.receive.archive import ArchiveDamaged
from oneplan.report import workbook
from oneplan.report.reuse import MANIFEST
from oneplan.settings import Settings
from tests import test_incremental_readings as readings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD
from tests.test_incremental_outputs import _marks, compare, files, inodes
from tests.test_incremental_readings import taken

files_read = readings.files_read  # the fixture: which files a run reads

NOV = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
PLAN = [
    plan_item("AREA-1", "KS-01", 100_000),
    plan_item("AREA-1", "KS-02", 50_000, "สวัสดิการ", priority=2),
    plan_item("AREA-2", "KS-01", 80_000),
    plan_item("AREA-2", "KS-02", 20_000, "สวัสดิการ", priority=2),
    plan_item("AREA-3", "KS-01", 10_000),
]
REGISTRY = [
    agency("AG-A", "AREA-1"),
    agency("AG-B", "AREA-1"),
    agency("AG-C", "AREA-2"),
    agency("AG-D", "AREA-2"),
    agency("AG-E", "AREA-3"),
    agency("AG-F", "AREA-3"),
]


class Month:
    """The two state folders of one month: `incremental`, whose inputs are written by the
    test, and `full`, whose inputs follow them (`follow`)."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.incremental, self.full = (
            Settings(
                inputs=tmp_path / name / "inputs",
                outputs=tmp_path / name / "outputs",
                state=tmp_path / name / "state",
            )
            for name in ("incremental", "full")
        )
        self.folder = self.incremental.period_outputs(PERIOD)
        self.drop = self.incremental.drop_zone
        write_plan(self.incremental.inputs, PLAN)
        write_registry(self.incremental.inputs, REGISTRY)

    def arrive(self, name: str, agency_code: str, area: str, lines: list, day: int, period=PERIOD):
        """A file of `agency_code` received on day `day` of November (later days: December)."""
        when = NOV + (day - 1) * DAY
        write_submission(self.drop / name, agency_code, area, period, lines, mtime=when)

    def follow(self) -> None:
        """The full folder's inputs made the incremental folder's: each new or changed file
        copied with its time, each file gone removed."""
        source, target = self.incremental.inputs, self.full.inputs
        wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
        for name in wanted:
            there = target / name
            if not there.is_file() or there.read_bytes() != (source / name).read_bytes():
                there.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / name, there)
        for gone in [p for p in target.rglob("*") if p.is_file()]:
            if gone.relative_to(target) not in wanted:
                gone.unlink()

    def step(self, name: str, now: dt.datetime, read: list[str], files_read: list) -> dict:
        """Both folders run at `now`; the incremental run reads `read` (and no other file);
        their outputs are the same. What the incremental run linked from the outputs it
        replaced, by name, and what it made anew."""
        self.follow()
        before = inodes(self.folder) if self.folder.exists() else {}
        run_month(self.incremental, PERIOD, now)
        assert taken(files_read) == sorted(read), name
        run_month(self.full, PERIOD, now, full=True)
        files_read.clear()
        assert_same_outputs(self.folder, self.full.period_outputs(PERIOD), name)
        after = inodes(self.folder)
        linked = {n for n, number in after.items() if number in before.values()}
        return {"linked": linked, "made": set(after) - linked}


def assert_same_outputs(mine: Path, theirs: Path, step: str) -> None:
    assert compare(mine, theirs) == [], step
    for name in files(mine):
        if name.endswith(".docx"):
            assert _properties(mine / name) == _properties(theirs / name), (step, name)
    hashes = [
        {n: entry[0] for n, entry in json.loads((f / MANIFEST).read_text())["outputs"].items()}
        for f in (mine, theirs)
    ]
    assert hashes[0] == hashes[1], step
    assert set(hashes[0]) == set(files(mine)) - {MANIFEST}, step


def _properties(report: Path) -> tuple:
    core = Document(report).core_properties
    return core.title, core.author, core.created, core.modified, core.last_modified_by


def _as_of(report: Path) -> list[str]:
    """The report's paragraphs that say when its data date from."""
    return [p.text for p in Document(report).paragraphs if "ข้อมูล ณ" in p.text]


def _issue_codes(folder: Path) -> set[str]:
    return set(pd.read_parquet(folder / "tables" / "issues.parquet")["code"])


@pytest.mark.parametrize("lines_by_area", [False, True], ids=["lines-sheet", "lines-by-area"])
def test_a_month_lived_step_by_step_gives_what_full_runs_give(
    tmp_path, monkeypatch, files_read, lines_by_area
):
    if lines_by_area:  # every month of this test has more lines than that
        monkeypatch.setattr(workbook, "LINES_IN_ONE_BOOK", 2)
    month = Month(tmp_path)
    folder = month.folder
    areas = [f"lines/AREA-{n}.xlsx" for n in (1, 2, 3)] if lines_by_area else []

    def of(*names: str) -> set[str]:
        """Outputs of those agencies or areas: reports, feedback copies, area workbooks.
        (The reports of an agency or area without files are dated by the month's latest
        file, so they change with every arrival until it has one.)"""
        return {
            n
            for n in inodes(folder)
            for code in names
            if n in (f"reports/{code}.docx", f"reports/network_{code}.docx", f"lines/{code}.xlsx")
            or n.startswith(f"feedback/{code}_")
        }

    def of_lines(*areas: str) -> set[str]:
        return {f"lines/{code}.xlsx" for code in areas} if lines_by_area else set()

    # Every file has a line of a plan item the plan does not have (a warning): every file
    # has a feedback copy. c.xlsx also has a row error.
    month.arrive("a.xlsx", "AG-A", "AREA-1", [line(1, 60_000, "KS-01"), line(2, 1_000, "ZZ-9")], 5)
    month.arrive("b.xlsx", "AG-B", "AREA-1", [line(1, 20_000, "KS-02"), line(2, 500, "ZZ-9")], 6)
    month.arrive("c.xlsx", "AG-C", "AREA-2", [line(1, 30_000, "KS-01"), line(2, "หนึ่งพัน")], 7)
    d_lines = [line(1, 5_000, "KS-02", disbursed=1_000), line(2, 100, "ZZ-9")]
    month.arrive("d.xlsx", "AG-D", "AREA-2", d_lines, 8)
    first = month.step(
        "first run", NOV + 30 * DAY, ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"], files_read
    )
    assert first["linked"] == set()
    assert sorted(n for n in inodes(folder) if n.startswith("lines/")) == areas

    # A resubmission: AG-A's corrected file supersedes its first.
    a_fixed = [line(1, 70_000, "KS-01"), line(2, 2_000, "ZZ-9"), line(3, 300, "XX-1")]
    month.arrive("a-fixed.xlsx", "AG-A", "AREA-1", a_fixed, 20)
    step = month.step("resubmission", NOV + 31 * DAY, ["a-fixed.xlsx"], files_read)
    assert of("AG-C", "AG-D", "AREA-2") | of_lines("AREA-3") <= step["linked"]
    assert {
        "reports/AG-A.docx",
        "reports/network_AREA-1.docx",
        "feedback/AG-A_AREA-1_2026-11.xlsx",
    } <= step["made"]

    # A zero-line resubmission: AG-B's blank form replaces its file of lines.
    month.arrive("b-blank.xlsx", "AG-B", "AREA-1", [], 21)
    step = month.step("zero-line resubmission", NOV + 32 * DAY, ["b-blank.xlsx"], files_read)
    assert of("AG-C", "AG-D", "AREA-2") | of_lines("AREA-3") <= step["linked"]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert [c["agency_code"] for c in summary["zero_line_replacements"]] == ["AG-B"]

    # A duplicate: c.xlsx again, byte for byte, under another name. Nothing to read.
    shutil.copy2(month.drop / "c.xlsx", month.drop / "c-copy.xlsx")
    step = month.step("duplicate", NOV + 33 * DAY, [], files_read)
    assert "duplicate_file" in _issue_codes(folder)
    assert of("AG-A", "AG-B", "AREA-1") | of_lines("AREA-3") <= step["linked"]

    # Late files, after the deadline (10 December): AG-E's November file, and AG-F's
    # October file (AG-F has no November file: October's is carried forward).
    month.arrive("e.xlsx", "AG-E", "AREA-3", [line(1, 4_000, "KS-01"), line(2, 9, "ZZ-9")], 42)
    month.arrive("f-october.xlsx", "AG-F", "AREA-3", [line(1, 3_000, "ZZ-9")], 42, "2026-10")
    as_of = _as_of(folder / "reports" / "network_AREA-3.docx")
    step = month.step("late files", NOV + 43 * DAY, ["e.xlsx", "f-october.xlsx"], files_read)
    assert of("AG-A", "AG-B", "AG-C", "AG-D", "AREA-1", "AREA-2") <= step["linked"]
    agencies = _agencies(folder)
    assert agencies.loc["AG-F", "source_period"] == "2026-10"
    assert _as_of(folder / "reports" / "network_AREA-3.docx") != as_of  # the late file's time

    # Files leave the drop zone: the duplicate (its issue goes) and d.xlsx (it still counts:
    # the ledger and the archive keep it).
    (month.drop / "c-copy.xlsx").unlink()
    (month.drop / "d.xlsx").unlink()
    step = month.step("deleted files", NOV + 44 * DAY, [], files_read)
    assert "duplicate_file" not in _issue_codes(folder)
    assert _agencies(folder).loc["AG-D", "source_file"] == "d.xlsx"
    assert of("AG-A", "AG-B", "AREA-1", "AREA-3") <= step["linked"]

    # The plan changes: ZZ-9 becomes an item of AREA-1 (AG-A's and AG-B's readings and
    # copies change: their line of ZZ-9 is of the plan now), AREA-2's KS-01 needs more,
    # AREA-3 gains KS-03. Every file is read again.
    all_files = ["a-fixed.xlsx", "a.xlsx", "b-blank.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"]
    all_files += ["e.xlsx", "f-october.xlsx"]
    copy = folder / "feedback" / "AG-A_AREA-1_2026-11.xlsx"
    write_plan(
        month.incremental.inputs,
        [
            *PLAN[:2],
            plan_item("AREA-1", "ZZ-9", 5_000, priority=3),
            plan_item("AREA-2", "KS-01", 90_000),
            *PLAN[3:],
            plan_item("AREA-3", "KS-03", 1_000, priority=2),
        ],
    )
    assert len(_marks(copy)) == 2
    step = month.step("plan change", NOV + 45 * DAY, all_files, files_read)
    assert "feedback/AG-A_AREA-1_2026-11.xlsx" in step["made"]
    assert len(_marks(copy)) == 1  # XX-1's: its line of ZZ-9 is of the plan now
    assert "feedback/AG-D_AREA-2_2026-11.xlsx" in step["linked"]  # d.xlsx: the same marks
    assert {"reports/network_AREA-2.docx", "reports/network_AREA-3.docx"} <= step["made"]

    # The registry changes: AG-C gets a short name, AG-G joins AREA-1.
    write_registry(
        month.incremental.inputs,
        [
            *REGISTRY[:2],
            {**REGISTRY[2], "short_name": "อบต.ค"},
            *REGISTRY[3:],
            agency("AG-G", "AREA-1"),
        ],
    )
    step = month.step("registry change", NOV + 46 * DAY, all_files, files_read)
    # Every report is made again (a report's inputs hash holds the whole registry: names
    # are read in every report); AREA-3's lines are the same.
    assert {n for n in inodes(folder) if n.startswith("reports/")} <= step["made"]
    assert of_lines("AREA-3") <= step["linked"]

    # Nothing new: every output linked.
    before = inodes(folder)
    step = month.step("nothing new", NOV + 47 * DAY, [], files_read)
    assert step["made"] == set() and inodes(folder) == before


def _agencies(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "tables" / "agencies.parquet").set_index("agency_code")


@pytest.mark.parametrize("damage", ["missing", "altered"])
def test_a_missing_or_altered_archived_copy_stops_a_full_run_too(month, damage):
    """As it stops a run that keeps readings (`tests/test_incremental_readings.py`): a
    full run reads every file from the archive, and a copy that is not the file received
    is a broken state folder, not a file to read."""
    run_month(month, PERIOD, NOV + 30 * DAY)
    copy = readings._archived_copy(month, "b/b.xlsx")
    (month.drop_zone / "b" / "b.xlsx").unlink()  # it still counts: the archive has it
    summary = (month.period_outputs(PERIOD) / "summary.json").read_bytes()
    if damage == "missing":
        copy.unlink()
    else:
        content = bytearray(copy.read_bytes())
        content[len(content) // 2] ^= 0xFF
        copy.chmod(0o644)
        copy.write_bytes(bytes(content))
    with pytest.raises(ArchiveDamaged) as stopped:
        run_month(month, PERIOD, NOV + 31 * DAY, full=True)
    assert stopped.value.path == str(copy)
    assert readings._runs(month) == 1  # nothing recorded
    assert (month.period_outputs(PERIOD) / "summary.json").read_bytes() == summary
