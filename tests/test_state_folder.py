"""The state folder works wherever it is, and a damaged one stops a run instead of
rejecting submissions; a copy of the ledger file alone is whole, and `oneplan backup`
makes a state folder that runs elsewhere with the same figures.

The command-line tests run `oneplan` in a subprocess, as a user does (each goes through
Prefect's temporary server, so there are few of them, sharing one first run).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from oneplan.backup import BackupRefused, back_up
from oneplan.ledger import open_ledger, tables
from oneplan.month.ingest import received_files
from oneplan.month.reference import load_reference
from oneplan.month.run import run_month
from oneplan.receive.archive import Archive, ArchiveDamaged
from oneplan.report.feedback_ahead import AHEAD
from oneplan.settings import Settings
from tests.builders import line, write_submission
from tests.conftest import PERIOD, write_month
from tests.test_cli import oneplan

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def listing(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by its path there, with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def readings(ledger_file: Path) -> dict:
    """What the ledger says of each file, and every issue: what a reading records."""
    with sqlite3.connect(ledger_file) as db:
        files = db.execute(
            "SELECT sha256, agency_code, period, accepted, read_at FROM files ORDER BY sha256"
        ).fetchall()
        issues = db.execute(
            "SELECT sha256, ordinal, code FROM file_issues ORDER BY 1, 2"
        ).fetchall()
    return {"files": files, "issues": issues}


def archived_copy(settings, rel_path: str = "a.xlsx") -> Path:
    sha = hashlib.sha256((settings.drop_zone / rel_path).read_bytes()).hexdigest()
    return settings.archive_dir / sha[:2] / f"{sha}.xlsx"


def damage(copy: Path, how: str, settings) -> None:
    """Damage an archived copy: gone (and gone from the drop zone, which would restore
    it), replaced by a directory (unreadable, even by root), altered, or emptied."""
    copy.chmod(0o644)
    if how == "missing":
        copy.unlink()
        for original in settings.drop_zone.rglob("*.xlsx"):
            if hashlib.sha256(original.read_bytes()).hexdigest() == copy.name[:64]:
                original.unlink()
    elif how == "a directory":
        copy.unlink()
        copy.mkdir()
    elif how == "altered":
        content = bytearray(copy.read_bytes())
        content[len(content) // 2] ^= 0xFF
        copy.write_bytes(bytes(content))
    elif how == "emptied":
        copy.write_bytes(b"")


def tables_of(outputs: Path) -> dict[str, pd.DataFrame]:
    folder = outputs / PERIOD / "tables"
    return {p.name: pd.read_parquet(p) for p in sorted(folder.iterdir())}


def assert_same_outputs(outputs: Path, expected: Path) -> None:
    summary = (outputs / PERIOD / "summary.json").read_text(encoding="utf-8")
    assert summary == (expected / PERIOD / "summary.json").read_text(encoding="utf-8")
    assert json.loads(summary)["files"]["accepted"] == 2  # the figures are the real ones
    got, wanted = tables_of(outputs), tables_of(expected)
    assert got.keys() == wanted.keys()
    for name, frame in wanted.items():
        pd.testing.assert_frame_equal(got[name], frame)


# --- in one process ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["missing", "a directory", "altered", "emptied"])
def test_a_damaged_archived_copy_stops_the_run_and_rejects_nothing(month, how):
    run_month(month, PERIOD, NOW)
    copy = archived_copy(month)
    outputs_before = listing(month.outputs)
    ledger_file = month.state / "ledger.sqlite"
    recorded = readings(ledger_file)
    damage(copy, how, month)
    with pytest.raises(ArchiveDamaged) as stopped:
        run_month(month, PERIOD, NOW + dt.timedelta(days=1))
    assert Path(stopped.value.path) == copy
    assert listing(month.outputs) == outputs_before
    assert readings(ledger_file) == recorded


def test_a_bug_of_ours_on_a_readable_archived_copy_stays_internal_error(
    month, reading_a_xlsx_fails
):
    """The second run reads both files from the archive (checked against their hashes):
    a bug while parsing one is still that file's `internal_error`, not a damaged archive."""
    run_month(month, PERIOD, NOW)
    result = run_month(month, PERIOD, NOW + dt.timedelta(days=1))
    codes = {s.rel_path: [i.code for i in s.issues] for s in result.intake.submissions}
    assert codes["a.xlsx"] == ["internal_error"]
    assert "internal_error" not in codes["b/b.xlsx"]


def test_a_damaged_archive_is_told_across_process_boundaries(month):
    """Files are read in helper processes for a large month: the damage reaches the run."""
    from oneplan.check.submission import read_batch

    run_month(month, PERIOD, NOW)
    received = received_files(open_ledger(month), Archive(month.archive_dir))
    assert all(file.archived for file in received)
    damage(archived_copy(month), "altered", month)
    reference = load_reference(month)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as helper:
        reading = helper.submit(read_batch, received, reference.plan, reference.registry)
        with pytest.raises(ArchiveDamaged) as stopped:
            reading.result()
    assert Path(stopped.value.path) == archived_copy(month)
    assert "no longer match" in stopped.value.problem


def test_the_intake_of_serve_on_a_damaged_archive_records_nothing(month, monkeypatch):
    from flows.intake import take_in_or_damage
    from oneplan.month import intake

    run_month(month, PERIOD, NOW)
    monkeypatch.setattr(intake, "this_month", lambda *_: PERIOD)
    damage(archived_copy(month), "altered", month)
    recorded = readings(month.state / "ledger.sqlite")
    outputs_before = listing(month.outputs)
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5, "KS-02")])
    outcome = take_in_or_damage(month)
    assert isinstance(outcome, ArchiveDamaged)
    assert Path(outcome.path) == archived_copy(month)
    after = readings(month.state / "ledger.sqlite")
    assert after["issues"] == recorded["issues"]
    # c.xlsx is archived and known as received, but not read: no verdict on anything.
    assert [f for f in after["files"] if f[4] is not None] == recorded["files"]
    assert listing(month.outputs) == outputs_before


def test_backup_copies_ledger_and_archive_into_a_state_folder(month, ledger_url, tmp_path):
    settings = dataclasses.replace(month, ledger_url=ledger_url)
    first = run_month(settings, PERIOD, NOW)
    ahead = settings.state / AHEAD  # a run's copies made ahead, as while it reads: not copied
    ahead.mkdir()
    (ahead / "copy.xlsx").write_bytes(b"a run's own")
    destination = tmp_path / "backup" / "state"
    report = back_up(settings, open_ledger(settings), destination)
    assert not (destination / AHEAD).exists()
    assert listing(destination / "archive") == listing(settings.archive_dir)
    assert (report.files_copied, report.files_kept) == (4, 0)  # 2 submissions, plan, registry
    if ledger_url:  # PostgreSQL: the ledger is dumped with pg_dump, not copied
        assert not report.ledger_copied and not (destination / "ledger.sqlite").exists()
        return
    assert report.ledger_copied
    assert not (destination / "ledger.sqlite-wal").exists()
    restored = dataclasses.replace(settings, state=destination, outputs=tmp_path / "elsewhere")
    for original in restored.drop_zone.rglob("*.xlsx"):
        original.unlink()  # only the copied ledger and archive know the submissions now
    again = run_month(restored, PERIOD, NOW + dt.timedelta(days=1))
    assert again.summary == first.summary
    assert_same_outputs(restored.outputs, settings.outputs)
    second = back_up(settings, open_ledger(settings), destination)
    assert (second.files_copied, second.files_kept) == (0, 4)  # archived files never change


def test_backup_of_a_ledger_naming_a_missing_file_keeps_the_earlier_backup(month, tmp_path):
    run_month(month, PERIOD, NOW)
    destination = tmp_path / "backup"
    back_up(month, open_ledger(month), destination)
    earlier = (destination / "ledger.sqlite").read_bytes()
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5, "KS-02")])
    run_month(month, PERIOD, NOW + dt.timedelta(days=1))
    damage(archived_copy(month, "c.xlsx"), "missing", month)
    with pytest.raises(ArchiveDamaged, match="it is missing"):
        back_up(month, open_ledger(month), destination)
    assert (destination / "ledger.sqlite").read_bytes() == earlier
    assert not list(destination.glob(".ledger*"))


def test_backup_into_the_state_folder_itself_is_refused(month):
    run_month(month, PERIOD, NOW)
    for inside in (month.state, month.state / "archive" / "copy"):
        with pytest.raises(BackupRefused):
            back_up(month, open_ledger(month), inside)


def test_closing_a_sqlite_ledger_leaves_the_file_alone_complete(month, tmp_path):
    run_month(month, PERIOD, NOW)
    ledger = open_ledger(month)
    assert (month.state / "ledger.sqlite-wal").stat().st_size > 0  # the writes are in the log
    ledger.close()
    assert not (month.state / "ledger.sqlite-wal").exists()
    alone = tmp_path / "alone" / "ledger.sqlite"
    alone.parent.mkdir()
    shutil.copyfile(month.state / "ledger.sqlite", alone)
    with sqlite3.connect(alone) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (2,)
    with ledger.engine.connect() as db:  # the ledger is still usable after closing
        assert len(db.execute(select(tables.runs.c.id)).all()) == 1


# --- the command line, as a user runs it ---------------------------------------------------


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    """A month run by `oneplan run` from its folder, with the default relative folders."""
    root = tmp_path_factory.mktemp("first")
    write_month(root)
    completed = oneplan("run", "--period", PERIOD, cwd=root)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return root


def copy_of(first_run: Path, place: Path) -> Path:
    shutil.copytree(first_run, place, symlinks=True)
    return place


def test_the_ledger_file_alone_is_complete_after_a_command(first_run, tmp_path):
    log = first_run / "state" / "ledger.sqlite-wal"
    assert not log.exists() or log.stat().st_size == 0
    alone = tmp_path / "ledger.sqlite"
    shutil.copyfile(first_run / "state" / "ledger.sqlite", alone)  # not its -wal or -shm
    with sqlite3.connect(alone) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        files = db.execute("SELECT count(*) FROM files WHERE accepted").fetchone()[0]
        runs = db.execute("SELECT period FROM runs").fetchall()
        lines = db.execute("SELECT count(*) FROM file_lines").fetchone()[0]
    assert names >= {t.name for t in tables.metadata.sorted_tables} | {"alembic_version"}
    assert (files, runs, lines) == (2, [(PERIOD,)], 4)


def test_a_state_folder_moved_elsewhere_gives_the_same_outputs(first_run, tmp_path):
    """Copied to another place, with the drop zone emptied (the ledger and the archive
    are all that know the month's files), run from a third folder with absolute paths."""
    moved = tmp_path / "moved"
    shutil.copytree(first_run / "state", moved / "kept" / "state")
    shutil.copytree(first_run / "inputs", moved / "inputs")
    for original in (moved / "inputs" / "submissions").rglob("*.xlsx"):
        original.unlink()
    (tmp_path / "cron").mkdir()
    completed = oneplan(
        "run",
        "--period",
        PERIOD,
        "--inputs",
        str(moved / "inputs"),
        "--outputs",
        str(moved / "outputs"),
        "--state",
        str(moved / "kept" / "state"),
        cwd=tmp_path / "cron",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "internal_error" not in (moved / "outputs" / PERIOD / "summary.json").read_text()
    assert_same_outputs(moved / "outputs", first_run / "outputs")


def test_a_relative_state_folder_from_another_working_folder(first_run, tmp_path):
    root = copy_of(first_run, tmp_path / "office")
    deeper = root / "scripts" / "cron"
    deeper.mkdir(parents=True)
    completed = oneplan(
        "run",
        "--period",
        PERIOD,
        "--inputs",
        "../../inputs",
        "--outputs",
        "../../outputs-again",
        "--state",
        "../../state",
        cwd=deeper,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert_same_outputs(root / "outputs-again", first_run / "outputs")


@pytest.mark.parametrize("how", ["missing", "a directory", "altered"])
def test_a_damaged_archive_exits_1_naming_the_file_and_changes_nothing(first_run, tmp_path, how):
    root = copy_of(first_run, tmp_path / "office")
    settings = Settings(inputs=root / "inputs", outputs=root / "outputs", state=root / "state")
    copy = archived_copy(settings)
    outputs_before = listing(root / "outputs")
    recorded = readings(root / "state" / "ledger.sqlite")
    damage(copy, how, settings)
    completed = oneplan("run", "--period", PERIOD, cwd=root)
    assert completed.returncode == 1
    message = completed.stderr
    assert "Traceback" not in completed.stdout + message
    assert f"state/archive/{copy.parent.name}/{copy.name}" in message
    assert "โฟลเดอร์สถานะเสียหาย" in message.splitlines()[0]  # the state folder is damaged
    assert listing(root / "outputs") == outputs_before
    assert readings(root / "state" / "ledger.sqlite") == recorded


def test_backup_while_a_writer_holds_the_ledger_runs_elsewhere_alike(first_run, tmp_path):
    """`oneplan backup` copies what is committed, even what is only in the log yet, while
    another process is in the middle of a write; the copy runs from any folder."""
    root = copy_of(first_run, tmp_path / "office")
    key = root / "state" / "web" / "secret.key"
    key.parent.mkdir(parents=True)
    key.write_text("the pages' key\n")
    key.chmod(0o600)
    writer = sqlite3.connect(root / "state" / "ledger.sqlite", isolation_level=None)
    try:
        insert = "INSERT INTO agency_links (agency_code, token_sha256, created_at) VALUES (?, ?, ?)"
        writer.execute(insert, ("AG-A", "committed", "2026-12-01T00:00:00+00:00"))
        assert (root / "state" / "ledger.sqlite-wal").stat().st_size > 0
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock until the end
        writer.execute(insert, ("AG-B", "not committed", "2026-12-01T00:00:00+00:00"))
        (tmp_path / "elsewhere").mkdir()
        completed = oneplan(
            "backup",
            str(tmp_path / "copy"),
            "--state",
            str(root / "state"),
            cwd=tmp_path / "elsewhere",
        )
    finally:
        writer.close()
    assert completed.returncode == 0, completed.stdout + completed.stderr
    copy = tmp_path / "copy"
    assert not (copy / "ledger.sqlite-wal").exists()
    with sqlite3.connect(copy / "ledger.sqlite") as db:
        links = db.execute("SELECT token_sha256 FROM agency_links").fetchall()
    assert links == [("committed",)]
    assert (copy / "web" / "secret.key").read_text() == "the pages' key\n"
    assert (copy / "web" / "secret.key").stat().st_mode & 0o777 == 0o600
    assert not (copy / "run.lock").read_text()
    shutil.rmtree(root / "state")  # the original is lost: the backup is all there is
    completed = oneplan(
        "run",
        "--period",
        PERIOD,
        "--inputs",
        str(root / "inputs"),
        "--outputs",
        str(tmp_path / "restored-outputs"),
        "--state",
        str(copy),
        cwd=tmp_path / "elsewhere",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert_same_outputs(tmp_path / "restored-outputs", first_run / "outputs")
