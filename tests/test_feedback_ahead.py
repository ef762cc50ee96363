"""Feedback copies made ahead, as the files are read (`oneplan.report.feedback_ahead`): the
period's outputs take them when a file's final issues are its own, write the others at the
end, and give what copies all written at the end give."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from oneplan.demo import DEMO_PERIOD, write_demo_inputs
from oneplan.issues import Location, make_issue
from oneplan.month.run import run_month
from oneplan.report import outputs
from oneplan.report.feedback_ahead import AHEAD, CopiesAhead, start_copies_ahead
from oneplan.report.feedback_words import PROBLEMS_SHEET
from oneplan.report.outputs import write_feedback_copies
from oneplan.report.reuse import Earlier
from oneplan.runtime.processes import LocalProcesses
from oneplan.settings import load_settings
from tests.builders import line, write_submission
from tests.conftest import PERIOD
from tests.test_incremental_outputs import LATER, NOW, compare, two_areas
from tests.test_parallel import _started


@pytest.fixture
def taken(monkeypatch) -> dict[str, int]:
    """Each copy the outputs took from the copies made ahead: its name, and the inode of
    the copy made ahead (read before it is linked)."""
    found: dict[str, int] = {}
    real = CopiesAhead.take

    def spying(self, inputs, target):
        source = self.folder / f"{inputs}.xlsx"
        number = source.stat().st_ino if source.is_file() else None
        took = real(self, inputs, target)
        if took:
            found[target.name] = number
        return took

    monkeypatch.setattr(CopiesAhead, "take", spying)
    return found


@pytest.fixture
def written_at_end(monkeypatch) -> list[str]:
    """The copies the outputs wrote themselves (neither kept nor made ahead)."""
    names: list[str] = []
    real = outputs.write_feedback

    def counting(source, issues, target):
        names.append(target.name)
        return real(source, issues, target)

    monkeypatch.setattr(outputs, "write_feedback", counting)
    return names


@pytest.fixture
def made_ahead(monkeypatch) -> list[str]:
    """The files in the folder of copies made ahead when the outputs take them."""
    from oneplan.report import publish

    names: list[str] = []
    real = publish.write_feedback_copies

    def listing(submissions, folder, earlier, ahead):
        names.extend(sorted(p.name for p in ahead.folder.iterdir()))
        return real(submissions, folder, earlier, ahead)

    monkeypatch.setattr(publish, "write_feedback_copies", listing)
    return names


def _copies(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in (folder / "feedback").iterdir()}


def test_a_runs_copies_are_those_made_as_its_files_were_read(tmp_path, taken, written_at_end):
    settings = two_areas(tmp_path)

    run_month(settings, PERIOD, NOW)

    copies = _copies(settings.outputs / PERIOD)
    assert sorted(copies) == [f"AG-{a}_AREA-{n}_{PERIOD}.xlsx" for a, n in ["A1", "B1", "C2", "D2"]]
    assert taken == copies  # the very files made ahead, hard-linked
    assert written_at_end == []
    assert not (settings.state / AHEAD).exists()  # removed once the outputs are in


def test_a_copy_made_ahead_is_taken_only_for_the_same_issues(tmp_path, taken, written_at_end):
    settings = two_areas(tmp_path)
    result = run_month(settings, PERIOD, NOW)
    (submission,) = [s for s in result.intake.submissions if s.agency_code == "AG-A"]
    ahead = start_copies_ahead(tmp_path / "another state", PERIOD)
    assert ahead.write([submission]) == 1
    assert ahead.write([submission]) == 0  # made once
    taken.clear()
    # The month adds an issue of its own (as it adds `zero_line_replacement`).
    added = make_issue("duplicate_file", Location(submission.rel_path), original="x.xlsx")
    changed = dataclasses.replace(submission, issues=[added, *submission.issues])
    name = f"AG-A_AREA-1_{PERIOD}.xlsx"

    write_feedback_copies([changed], tmp_path / "changed", Earlier(), ahead)
    assert written_at_end == [name] and taken == {}
    sheet = load_workbook(tmp_path / "changed" / name)[PROBLEMS_SHEET]
    assert "duplicate_file" in [row[6] for row in sheet.iter_rows(values_only=True)]

    write_feedback_copies([submission], tmp_path / "same", Earlier(), ahead)
    assert written_at_end == [name] and list(taken) == [name]


def test_a_copy_whose_issues_the_month_changed_is_written_at_the_end(
    tmp_path, taken, written_at_end
):
    settings = two_areas(tmp_path)
    drop = settings.inputs / "submissions"
    run_month(settings, PERIOD, NOW)
    # A file of no lines replacing AG-B's full one gets the month's warning
    # (`zero_line_replacement`) on top of its own issues: no copy made ahead fits it.
    write_submission(drop / "b-blank.xlsx", "AG-B", "AREA-1", PERIOD, [], mtime=LATER)
    taken.clear()

    run_month(settings, PERIOD, NOW + dt.timedelta(hours=1))

    folder = settings.outputs / PERIOD
    name = f"AG-B_AREA-1_{PERIOD}.xlsx"
    assert written_at_end == [name]
    assert name not in taken
    sheet = load_workbook(folder / "feedback" / name)[PROBLEMS_SHEET]
    assert "zero_line_replacement" in [row[6] for row in sheet.iter_rows(values_only=True)]
    kept = tmp_path / "incremental"
    shutil.copytree(folder, kept)
    run_month(settings, PERIOD, NOW + dt.timedelta(hours=2), full=True)
    assert compare(kept, folder) == []


def test_copies_made_ahead_by_helper_processes_equal_copies_written_at_the_end(
    tmp_path, monkeypatch, taken
):
    from oneplan.month import batches

    monkeypatch.setattr(batches, "MIN_FILES_PER_BATCH", 2)  # the demo's 12 files in batches
    real_write = CopiesAhead.write
    here: list[int] = []  # the copies made ahead in this process (the helper makes others)
    monkeypatch.setattr(
        CopiesAhead, "write", lambda self, read: here.append(real_write(self, read)) or here[-1]
    )
    inputs = tmp_path / "inputs"
    write_demo_inputs(inputs)
    ahead = load_settings(inputs=inputs, outputs=tmp_path / "ahead", state=tmp_path / "s1")
    with LocalProcesses(2) as workers:
        _started(workers)  # the helper takes the first batch
        run_month(ahead, DEMO_PERIOD, NOW, map_batches=workers)
    copies = _copies(ahead.outputs / DEMO_PERIOD)
    # Two files get a warning only the run can give (two co-funders' equal results): no copy
    # can be made ahead of it, theirs are written with the outputs; every other was taken.
    told_by_the_run = {"CDD-KKN_PLG-PKH_2026-11.xlsx", "CODI_PLG-PKH_2026-11.xlsx"}
    assert len(copies) >= 3 and told_by_the_run <= set(copies)
    assert taken == {name: size for name, size in copies.items() if name not in told_by_the_run}
    assert 0 < sum(here) < len(copies)

    # The plain path: no copy made ahead, every one written with the outputs.
    monkeypatch.setattr(CopiesAhead, "write", lambda self, read: 0)
    taken.clear()
    plain = load_settings(inputs=inputs, outputs=tmp_path / "plain", state=tmp_path / "s2")
    run_month(plain, DEMO_PERIOD, NOW)
    assert taken == {}
    assert compare(ahead.outputs / DEMO_PERIOD, plain.outputs / DEMO_PERIOD) == []


def test_copies_are_made_ahead_for_the_period_and_a_killed_runs_are_removed(
    tmp_path, taken, made_ahead
):
    settings = two_areas(tmp_path)
    left = settings.state / AHEAD / f"{'0' * 64}.xlsx"  # as a killed run leaves them
    left.parent.mkdir(parents=True)
    left.write_bytes(b"half")
    # A file of the month before: read for the fiscal year's figures, no copy for this period.
    write_submission(
        settings.inputs / "submissions" / "a-october.xlsx",
        "AG-A",
        "AREA-1",
        "2026-10",
        [line(1, 1_000, "ZZ-9")],
    )

    run_month(settings, PERIOD, NOW)

    assert len(made_ahead) == 4 and left.name not in made_ahead  # not October's file's
    assert len(taken) == 4
    assert not left.parent.exists()
