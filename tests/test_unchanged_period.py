"""A run that finds nothing new keeps the period's outputs as they are, reading nothing;
anything that goes into the outputs, changed, makes it run (`oneplan.month.unchanged`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from oneplan.cli.account import account_lines
from oneplan.ledger import open_ledger, tables
from oneplan.month.intake import take_in
from oneplan.month.run import run_month
from oneplan.receive.archive import ArchiveDamaged
from oneplan.report.reuse import MANIFEST, recorded_run
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD
from tests.test_incremental_readings import files_read, taken  # noqa: F401 (a fixture)

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(hours=1)


def runs_recorded(settings: Settings) -> int:
    with open_ledger(settings).engine.connect() as db:
        return db.execute(select(func.count()).select_from(tables.runs)).scalar()


def manifest_of(settings: Settings) -> os.stat_result:
    return (settings.period_outputs(PERIOD) / MANIFEST).stat()


def test_a_run_with_nothing_new_keeps_the_outputs_and_reads_nothing(month, files_read):  # noqa: F811
    first = run_month(month, PERIOD, NOW)
    assert first.unchanged is None
    assert taken(files_read) == ["a.xlsx", "b/b.xlsx"]
    made, runs = manifest_of(month), runs_recorded(month)

    again = run_month(month, PERIOD, LATER)

    assert again.unchanged is not None
    assert taken(files_read) == []
    assert again.summary == first.summary
    kept = manifest_of(month)
    assert (kept.st_ino, kept.st_mtime_ns) == (made.st_ino, made.st_mtime_ns)  # not rewritten
    assert runs_recorded(month) == runs
    # The account says so, in the reader's language, with the summary's counts.
    lines = account_lines(again, dataclasses.replace(month, lang="en"))
    assert lines[0].startswith("Nothing new and nothing changed since 2026-11 was reconciled at")
    assert "(UTC+7)" in lines[0] and "--full" in lines[0]
    assert lines[1].startswith("Files of 2026-11: 2 received, 2 accepted")
    thai = account_lines(again, month)
    assert thai[0].startswith("ไม่มีไฟล์ใหม่และไม่มีสิ่งใดเปลี่ยน")


def test_full_makes_everything_again(month):
    run_month(month, PERIOD, NOW)
    made = manifest_of(month)
    again = run_month(month, PERIOD, LATER, full=True)
    assert again.unchanged is None
    assert manifest_of(month).st_ino != made.st_ino


def new_file(settings: Settings) -> None:
    write_submission(
        settings.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")]
    )


def touched_file(settings: Settings) -> None:
    path = settings.drop_zone / "a.xlsx"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))


def removed_file(settings: Settings) -> None:
    (settings.drop_zone / "a.xlsx").unlink()  # the ledger still counts it: the run tells


def lock_file(settings: Settings) -> None:
    (settings.drop_zone / "~$a.xlsx").write_bytes(b"owner")  # listed as ignored


def plan_changed(settings: Settings) -> None:
    write_plan(
        settings.inputs,
        [plan_item(item="KS-01", required=120_000), plan_item(item="KS-02", required=50_000)],
    )


def registry_changed(settings: Settings) -> None:
    write_registry(
        settings.inputs,
        [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-D", "AREA-1")],
    )


def output_removed(settings: Settings) -> None:
    (settings.period_outputs(PERIOD) / "reports" / "AG-A.docx").unlink()


def output_edited(settings: Settings) -> None:
    path = settings.period_outputs(PERIOD) / "summary.json"
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")


def taken_in_by_the_intake(settings: Settings) -> None:
    new_file(settings)
    take_in(settings, NOW + dt.timedelta(minutes=30), patience=0)


def previous_period_run(settings: Settings) -> None:
    write_submission(
        settings.drop_zone / "a-oct.xlsx", "AG-A", "AREA-1", "2026-10", [line(1, 1_000, "KS-01")]
    )
    run_month(settings, "2026-10", NOW + dt.timedelta(minutes=30))


@pytest.mark.parametrize(
    "change",
    [
        new_file,
        touched_file,
        removed_file,
        lock_file,
        plan_changed,
        registry_changed,
        output_removed,
        output_edited,
        taken_in_by_the_intake,
        previous_period_run,
    ],
)
def test_anything_that_goes_into_the_outputs_changed_makes_the_run(month, change):
    run_month(month, PERIOD, NOW)
    change(month)
    again = run_month(month, PERIOD, LATER)
    assert again.unchanged is None
    assert again.reconciliation is not None
    # and once made from what the period has now, the next run keeps them
    assert run_month(month, PERIOD, LATER + dt.timedelta(hours=1)).unchanged is not None


def test_a_setting_that_shapes_the_outputs_makes_the_run_one_that_does_not_keeps_them(month):
    run_month(month, PERIOD, NOW)
    assert run_month(dataclasses.replace(month, workers=1), PERIOD, LATER).unchanged is not None
    english = dataclasses.replace(month, lang="en")
    assert run_month(english, PERIOD, LATER).unchanged is None


def test_a_template_changed_makes_the_run(month, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(month.templates, templates)
    settings = dataclasses.replace(month, templates=templates)
    run_month(settings, PERIOD, NOW)
    path = next((templates / "th").glob("*.docx"))
    path.write_bytes(path.read_bytes())  # the same bytes: still the same template
    assert run_month(settings, PERIOD, LATER).unchanged is not None
    with path.open("ab") as handle:
        handle.write(b"\0")
    assert run_month(settings, PERIOD, LATER).unchanged is None


def test_a_missing_or_altered_archived_copy_still_stops_a_run_with_nothing_new(month):
    run_month(month, PERIOD, NOW)
    sha256 = hashlib.sha256((month.drop_zone / "a.xlsx").read_bytes()).hexdigest()
    (archived,) = month.archive_dir.glob(f"{sha256[:2]}/{sha256}*")
    archived.write_bytes(archived.read_bytes() + b"\0")
    with pytest.raises(ArchiveDamaged):
        run_month(month, PERIOD, LATER)
    archived.unlink()
    with pytest.raises(ArchiveDamaged):
        run_month(month, PERIOD, LATER)


def test_a_run_that_left_a_file_arriving_records_no_run_key(month, monkeypatch):
    young = month.drop_zone / "c.xlsx"
    write_submission(young, "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")])
    os.utime(young, (dt.datetime.now().timestamp(),) * 2)  # modified just now: not settled
    monkeypatch.setattr("oneplan.month.ingest.PATIENCE_IN_QUIET_PERIODS", 0)
    result = run_month(dataclasses.replace(month, intake_quiet_seconds=600), PERIOD, NOW)
    assert result.intake.arriving == ["c.xlsx"]
    assert recorded_run(month.period_outputs(PERIOD)) is None
    assert run_month(month, PERIOD, LATER).unchanged is None  # the file is taken in now


def test_the_run_key_is_recorded_beside_the_outputs(month):
    run_month(month, PERIOD, NOW)
    recorded = recorded_run(month.period_outputs(PERIOD))
    assert recorded is not None and len(recorded.key) == 64
    assert "summary.json" in recorded.outputs and recorded.outputs_whole()
    assert isinstance(recorded.folder, Path)
