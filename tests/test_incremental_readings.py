"""A file's reading is kept in the ledger and used again while the file, the plan, the
registry and the code's reading are unchanged; what depends on other files is made afresh;
a run with kept readings gives exactly what a full run gives; a missing or altered
archived copy still stops the run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from oneplan.ledger import open_ledger, tables
from oneplan.month.run import run_month
from oneplan.receive.archive import ArchiveDamaged
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD, write_month

DAY = dt.timedelta(days=1)
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


@pytest.fixture
def files_read(monkeypatch) -> list[str]:
    """The files read (by their first path), in order: every call into the reader of one
    workbook (`oneplan.read.submission.read_submission`), and every safety inspection,
    which is the first read of a file's bytes."""
    from oneplan.read import submission as reading

    read: list[str] = []
    real_read, real_inspect = reading.read_submission, reading.inspect_file

    def counting_read(file, *rest):
        read.append(file.rel_path)
        return real_read(file, *rest)

    def counting_inspect(file):
        read.append(f"inspect {file.rel_path}")
        return real_inspect(file)

    monkeypatch.setattr(reading, "read_submission", counting_read)
    monkeypatch.setattr(reading, "inspect_file", counting_inspect)
    return read


def taken(read: list[str]) -> list[str]:
    """The files read, each once and inspected first (as `files_read` saw them), sorted;
    empties the list for the next run."""
    paths = sorted(p for p in read if not p.startswith("inspect "))
    assert sorted(p.removeprefix("inspect ") for p in read if p.startswith("inspect ")) == paths
    read.clear()
    return paths


def intake_of(result) -> list[tuple]:
    """Every submission of a run's intake, whole: identity, lines (typed values, where each
    was read, which are in error), issues with their words and details."""
    return [
        (
            dataclasses.replace(s, file=(s.file.sha256, s.file.rel_path)),
            [i.context for i in s.issues],
        )
        for s in result.intake.submissions
    ]


def test_a_rerun_with_nothing_new_reads_no_file_and_one_corrected_file_reads_that_file(
    month, files_read
):
    first = run_month(month, PERIOD, NOW)
    assert taken(files_read) == ["a.xlsx", "b/b.xlsx"]

    kept = run_month(month, PERIOD, NOW + DAY)  # nothing new: the outputs are kept
    assert taken(files_read) == []
    assert kept.unchanged is not None and kept.summary == first.summary
    # Without the outputs to keep, the run is made again from the kept readings.
    shutil.rmtree(month.period_outputs(PERIOD))
    again = run_month(month, PERIOD, NOW + DAY)
    assert again.unchanged is None
    assert taken(files_read) == []
    assert intake_of(again) == intake_of(first)
    assert again.summary == first.summary

    write_submission(
        month.drop_zone / "a-fixed.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 60_000, "KS-01"), line(2, 12_500)],
        mtime=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    )
    corrected = run_month(month, PERIOD, NOW + 2 * DAY)
    assert taken(files_read) == ["a-fixed.xlsx"]
    assert intake_of(corrected)[1:] == intake_of(again)  # a-fixed.xlsx first, by name
    counted = {
        a.agency_code: a.submission_id for a in corrected.reconciliation.agencies.itertuples()
    }
    fixed = next(s for s in corrected.intake.submissions if s.rel_path == "a-fixed.xlsx")
    assert counted["AG-A"] == fixed.file.sha256


def test_a_plan_or_registry_change_reads_every_file_again(month, files_read):
    run_month(month, PERIOD, NOW)
    taken(files_read)
    write_plan(
        month.inputs,
        [
            plan_item(item="KS-01", required=100_000),
            plan_item(item="KS-02", required=50_000, category="สวัสดิการ", priority=2),
            plan_item(item="KS-03", required=0, priority=3),
            plan_item(item="ZZ-9", required=5_000, priority=4),  # a.xlsx's unknown item
        ],
    )
    changed_plan = run_month(month, PERIOD, NOW + DAY)
    assert taken(files_read) == ["a.xlsx", "b/b.xlsx"]
    codes = {i.code for s in changed_plan.intake.submissions for i in s.issues}
    assert "plan_item_unknown" not in codes  # the new plan's reading, not the kept one
    run_month(month, PERIOD, NOW + 2 * DAY)
    assert taken(files_read) == []

    agencies = [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-C", "AREA-1")]
    write_registry(month.inputs, [*agencies, agency("AG-D", "AREA-1")])
    run_month(month, PERIOD, NOW + 3 * DAY)
    assert taken(files_read) == ["a.xlsx", "b/b.xlsx"]
    run_month(month, PERIOD, NOW + 4 * DAY)
    assert taken(files_read) == []
    with open_ledger(month).engine.connect() as db:  # one kept reading a file, the latest
        kept = db.execute(select(func.count()).select_from(tables.file_readings)).scalar()
    assert kept == 2


def test_a_full_run_reads_every_file_and_keeps_what_it_read(month, files_read):
    first = run_month(month, PERIOD, NOW)
    taken(files_read)
    full = run_month(month, PERIOD, NOW + DAY, full=True)
    assert taken(files_read) == ["a.xlsx", "b/b.xlsx"]
    assert intake_of(full) == intake_of(first)
    run_month(month, PERIOD, NOW + 2 * DAY)
    assert taken(files_read) == []


def test_a_file_oneplan_failed_on_is_read_again_next_time(month, reading_a_xlsx_fails, files_read):
    first = run_month(month, PERIOD, NOW)
    assert taken(files_read) == ["a.xlsx", "b/b.xlsx"]
    failed = next(s for s in first.intake.submissions if s.rel_path == "a.xlsx")
    assert [i.code for i in failed.issues] == ["internal_error"]
    run_month(month, PERIOD, NOW + DAY)
    assert taken(files_read) == ["a.xlsx"]  # its failure was not kept as its reading


def _archived_copy(settings: Settings, rel_path: str) -> Path:
    from oneplan.receive.archive import Archive

    (record,) = [r for r in open_ledger(settings).received() if r.first_path == rel_path]
    return Archive(settings.archive_dir).resolve(record.archive_path)


def _runs(settings: Settings) -> int:
    with open_ledger(settings).engine.connect() as db:
        return db.execute(select(func.count()).select_from(tables.runs)).scalar()


@pytest.mark.parametrize("damage", ["missing", "altered"])
def test_a_missing_or_altered_archived_copy_stops_a_run_that_keeps_its_reading(
    month, files_read, damage
):
    run_month(month, PERIOD, NOW)
    taken(files_read)
    copy = _archived_copy(month, "b/b.xlsx")
    (month.drop_zone / "b" / "b.xlsx").unlink()  # it still counts: the archive has it
    summary = (month.period_outputs(PERIOD) / "summary.json").read_bytes()
    if damage == "missing":
        copy.unlink()
    else:  # the same size, other bytes
        content = bytearray(copy.read_bytes())
        content[len(content) // 2] ^= 0xFF
        copy.chmod(0o644)
        copy.write_bytes(bytes(content))
    with pytest.raises(ArchiveDamaged) as stopped:
        run_month(month, PERIOD, NOW + DAY)
    assert stopped.value.path == str(copy)
    assert stopped.value.problem == (
        "it is missing"
        if damage == "missing"
        else "its bytes no longer match its SHA-256 (its name)"
    )
    assert taken(files_read) == []  # stopped before reading anything
    assert _runs(month) == 1  # nothing recorded
    assert (month.period_outputs(PERIOD) / "summary.json").read_bytes() == summary


# --- the incremental path gives exactly what a full run gives ---------------------------


def _outputs(settings: Settings) -> dict:
    """A period's summary, tables (frames) and reconciliation workbook (cell values)."""
    folder = settings.period_outputs(PERIOD)
    book = openpyxl.load_workbook(folder / "reconciliation.xlsx", read_only=True)
    return {
        "summary": json.loads((folder / "summary.json").read_text(encoding="utf-8")),
        "tables": {
            path.name: pd.read_parquet(path) for path in sorted((folder / "tables").glob("*"))
        },
        "workbook": {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book},
    }


def _assert_same_outputs(incremental: Settings, full: Settings) -> dict:
    mine, theirs = _outputs(incremental), _outputs(full)
    assert mine["summary"] == theirs["summary"]
    assert mine["workbook"] == theirs["workbook"]
    assert mine["tables"].keys() == theirs["tables"].keys()
    for name, frame in mine["tables"].items():
        pd.testing.assert_frame_equal(frame, theirs["tables"][name], check_exact=True)
    return mine


def _arrive(source: Path, months: list[Settings], rel_path: str) -> None:
    """A file written once arrives, byte for byte and with its time, in each month."""
    for settings in months:
        target = settings.drop_zone / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def test_runs_with_kept_readings_give_what_full_runs_give(tmp_path, files_read):
    """One month, two state folders: one run by run with kept readings, the other with
    `full` every time; the same files arrive in both between runs."""
    incremental = write_month(tmp_path / "incremental")
    agencies = [agency(code, "AREA-1") for code in ("AG-A", "AG-B", "AG-C", "AG-D")]
    write_registry(incremental.inputs, agencies)
    shutil.copytree(incremental.inputs, tmp_path / "full" / "inputs")
    full = Settings(
        inputs=tmp_path / "full" / "inputs",
        outputs=tmp_path / "full" / "outputs",
        state=tmp_path / "full" / "state",
    )
    months = [incremental, full]
    made = tmp_path / "made"

    def arrive(rel_path, agency_code, period, lines, day):
        source = write_submission(
            made / rel_path,
            agency_code,
            "AREA-1",
            period,
            lines,
            mtime=dt.datetime(2026, 11, day, tzinfo=dt.UTC),
        )
        _arrive(source, months, rel_path)

    def run_both(now, expected_read):
        run_month(incremental, PERIOD, now)
        assert taken(files_read) == expected_read
        run_month(full, PERIOD, now, full=True)
        files_read.clear()
        return _assert_same_outputs(incremental, full)

    arrive("c.xlsx", "AG-C", PERIOD, [line(1, 30_000, "KS-02"), line(2, 4_000)], 13)
    run_both(NOW, ["a.xlsx", "b/b.xlsx", "c.xlsx"])

    # A corrected resubmission, a byte-identical copy and a zero-line resubmission.
    arrive("a-fixed.xlsx", "AG-A", PERIOD, [line(1, 60_000, "KS-01")], 20)
    _arrive(incremental.drop_zone / "b" / "b.xlsx", months, "b/b-copy.xlsx")
    arrive("c-empty.xlsx", "AG-C", PERIOD, [], 21)
    outputs = run_both(NOW + DAY, ["a-fixed.xlsx", "c-empty.xlsx"])
    assert set(outputs["tables"]["issues.parquet"]["code"]) >= {
        "duplicate_file",
        "zero_line_replacement",
    }
    assert len(outputs["summary"]["zero_line_replacements"]) == 1

    # A late file: October's, from an agency without a November file, after November ran.
    arrive("d-october.xlsx", "AG-D", "2026-10", [line(1, 7_000, "KS-03")], 2)
    outputs = run_both(NOW + 2 * DAY, ["d-october.xlsx"])
    statuses = outputs["tables"]["agencies.parquet"].set_index("agency_code")
    assert statuses.loc["AG-D", "source_period"] == "2026-10"

    # Nothing new; then the registry, then the plan, changed in both.
    run_both(NOW + 3 * DAY, [])
    all_files = ["a-fixed.xlsx", "a.xlsx", "b/b.xlsx", "c-empty.xlsx", "c.xlsx", "d-october.xlsx"]
    registry = write_registry(incremental.inputs, [*agencies, agency("AG-E", "AREA-1")])
    shutil.copy2(registry, full.inputs / registry.relative_to(incremental.inputs))
    run_both(NOW + 4 * DAY, all_files)
    plan = write_plan(
        incremental.inputs,
        [
            plan_item(item="KS-01", required=100_000),
            plan_item(item="KS-02", required=50_000, category="เกษตร", priority=2),
            plan_item(item="KS-03", required=0, priority=3),
        ],
    )
    shutil.copy2(plan, full.inputs / plan.relative_to(incremental.inputs))
    run_both(NOW + 5 * DAY, all_files)
    run_both(NOW + 6 * DAY, [])


def test_a_reading_is_kept_as_plain_data_and_given_back_whole(month, tmp_path):
    """Dates, empty cells, row errors and issues' details come back as they were read; a
    value that is not plain data is refused, never kept some other way."""
    from oneplan.month.ingest import validate_files
    from oneplan.month.readings import NotPlain, kept_form, reading_of
    from oneplan.month.reference import load_reference

    with_dates = line(1, 1_000, "KS-01") | {"start_date": "1 พ.ย. 2569", "end_date": None}
    bad_row = line(2, "หนึ่งพัน", "ZZ-9")
    path = write_submission(tmp_path / "d.xlsx", "AG-C", "AREA-1", PERIOD, [with_dates, bad_row])
    (submission,) = validate_files(load_reference(month), [path], NOW)
    assert submission.lines.columns["start_date"] == [dt.date(2026, 11, 1), None]
    assert submission.lines.errors == [False, True]

    kept = kept_form(submission)
    document = json.loads(zlib.decompress(kept))  # JSON, compressed: loading runs no code
    assert document["lines"]["columns"]["start_date"] == {"dates": ["2026-11-01", None]}
    again = reading_of(kept, submission.file)
    assert again == submission
    assert [i.context for i in again.issues] == [i.context for i in submission.issues]
    assert reading_of(kept, dataclasses.replace(submission.file, rel_path="other.xlsx")) is None

    floats = dataclasses.replace(
        submission.lines, columns={**submission.lines.columns, "budget": [1.5, None]}
    )
    with pytest.raises(NotPlain):
        kept_form(dataclasses.replace(submission, lines=floats))
