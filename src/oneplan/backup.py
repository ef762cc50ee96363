"""`oneplan backup DEST`: a consistent copy of the state folder, usable as a state folder.

DEST receives, laid out as a state folder:

- the ledger (SQLite), copied with SQLite's online backup API: one consistent snapshot,
  taken while other processes (`oneplan serve`, a run) keep reading and writing it;
- the archive: every archived file DEST does not hold yet, each checked against its hash
  as it is copied (archived files never change: a copy made once stays right);
- the state folder's other files (the web pages' secret key, …), except the run lock.

The order makes the copy whole: the ledger's snapshot is taken first, the archive copied
after it (a file is archived before the ledger records it, so every file the snapshot
names is in the archive by then), and the snapshot put in place last, once every file it
names is in DEST. A backup stopped half-way leaves DEST's earlier ledger, whose files are
all there. `oneplan run --state DEST` (or `serve`) then works from any folder.

A PostgreSQL ledger is not copied here: `pg_dump` does that (README, "The state folder").
Dumped first, then this command copies the archive, which then holds every file the dump
names (checked against the ledger as it was when this command started).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.ledger import Ledger
from oneplan.month.ingest import received_files
from oneplan.receive.archive import Archive, ArchiveDamaged, sync_to_disk
from oneplan.report.feedback_ahead import AHEAD
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings

LEDGER_FILE = "ledger.sqlite"
ARCHIVE_FOLDER = "archive"
# In the state folder, not copied: the ledger and the archive (copied their own way), the
# run lock (DEST has its own), a run's feedback copies made ahead (its own, removed at its
# end) and hidden files (a temporary file of a run).
NOT_COPIED = {
    LEDGER_FILE, f"{LEDGER_FILE}-wal", f"{LEDGER_FILE}-shm", "run.lock", ARCHIVE_FOLDER, AHEAD
}  # fmt: skip


class BackupRefused(Exception):
    """DEST cannot receive a backup of this state folder (it is inside it, or is it)."""


@dataclass
class BackupReport:
    destination: Path
    ledger_copied: bool  # False: the ledger is elsewhere (PostgreSQL), dumped with pg_dump
    files_copied: int = 0  # archived files copied now
    files_kept: int = 0  # archived files DEST held already
    other_files: list[str] = field(default_factory=list)  # the state folder's other files


def back_up(settings: Settings, ledger: Ledger, destination: Path) -> BackupReport:
    """Copy the state folder of `settings` (its ledger `ledger`) into `destination`."""
    state, destination = settings.state.resolve(), destination.resolve()
    if destination == state or destination.is_relative_to(state):
        raise BackupRefused(f"{destination} is inside the state folder {state}")
    destination.mkdir(parents=True, exist_ok=True)
    with exclusive_run(destination, "backup", _say_nothing):
        source = ledger.sqlite_file
        if source is None:
            report = BackupReport(destination, ledger_copied=False)
            _copy_archive(settings, _named_files(ledger, destination), destination, report)
        else:
            report = BackupReport(destination, ledger_copied=True)
            snapshot = destination / f".{LEDGER_FILE}.incoming"
            try:
                _snapshot(source, snapshot)
                copy = Ledger(f"sqlite:///{snapshot}")  # upgraded to this oneplan's ledger
                named = _named_files(copy, destination)
                copy.close()
                _copy_archive(settings, named, destination, report)
                _put_in_place(snapshot, destination / LEDGER_FILE)
            finally:
                _remove_database(snapshot)  # left only when the backup stopped half-way
        report.other_files = _copy_other_files(state, destination)
    return report


def _say_nothing(_message: str) -> None:
    """A second backup into the same folder simply waits for the first."""


def _snapshot(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite database `source` into `target`, complete in the
    file alone (no write-ahead log beside it)."""
    _remove_database(target)
    reading = sqlite3.connect(source, timeout=60)
    with closing(reading), closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)  # all pages in one step: one read transaction
        writing.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _named_files(ledger: Ledger, destination: Path) -> list[Path]:
    """Where DEST's archive must hold each file `ledger` names."""
    return [file.path for file in received_files(ledger, Archive(destination / ARCHIVE_FOLDER))]


def _copy_archive(
    settings: Settings, named: list[Path], destination: Path, report: BackupReport
) -> None:
    """Copy every archived file DEST lacks (checked against its hash), then make sure
    each file of `named` is there: else the source's archive lacks it (damaged)."""
    found = list(Archive(settings.archive_dir).files())
    target = Archive(destination / ARCHIVE_FOLDER)
    copied, changed = target.store_each(found)
    if changed:
        file = changed[0]
        raise ArchiveDamaged(str(file.path), "its bytes no longer match its SHA-256 (its name)")
    report.files_copied = len(target.checked)
    report.files_kept = len(copied) - report.files_copied
    for path in named:
        if not path.is_file():
            where = settings.archive_dir / path.relative_to(target.root)
            raise ArchiveDamaged(str(where), "it is missing")


def _put_in_place(snapshot: Path, target: Path) -> None:
    """Replace DEST's ledger with the snapshot, atomically. A log left beside the old
    file (a process killed while it used DEST) would be replayed into the new one: gone."""
    sync_to_disk(snapshot)
    for leftover in (f"{target.name}-wal", f"{target.name}-shm"):
        (target.parent / leftover).unlink(missing_ok=True)
    os.replace(snapshot, target)
    sync_to_disk(target.parent)


def _remove_database(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        (path.parent / name).unlink(missing_ok=True)


def _copy_other_files(state: Path, destination: Path) -> list[str]:
    """The state folder's other files (the web pages' secret key, …), each replaced
    atomically, with its permissions (a secret stays readable by its owner only)."""
    copied = []
    for folder, subfolders, names in os.walk(state):
        here = Path(folder)
        at_top = here == state
        subfolders[:] = [
            name
            for name in sorted(subfolders)
            if not name.startswith(".") and not (at_top and name in NOT_COPIED)
        ]
        for name in sorted(names):
            if name.startswith(".") or (at_top and name in NOT_COPIED):
                continue
            relative = (here / name).relative_to(state)
            _copy_file(here / name, destination / relative)
            copied.append(relative.as_posix())
    return copied


def _copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)  # 0600
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as original:
            shutil.copyfileobj(original, out)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
