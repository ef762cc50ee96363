"""A period whose outputs were made from exactly what it has now: nothing to do.

Every arrival re-runs a period, and most re-runs find nothing new: the same files, plan,
registry, settings and templates as when its outputs were made. Such a run keeps the
outputs as they are (it reads no file and not even the plan), after checking that they are
whole and that the archived copies of the files that matter are still the bytes of their
hashes.

What the outputs were made from is one hash, the period's *run key* (`run_key`), recorded
in the period folder (`oneplan.report.reuse.record_outputs`). It covers:

- the drop zone as listed when the run started (every entry: path, kind, size, modified
  time), so a file added, touched, removed or left still arriving changes it;
- the plan and registry files, by their bytes' hashes;
- the settings that shape outputs (all but mail, schedule, workers and folders), the
  templates' and logo's bytes, and oneplan's own code (its source files' hashes);
- the files the ledger holds for the period (`oneplan.month.ingest.matters`), by hash,
  path and order of receipt, and the receipt times recorded for them (`oneplan received`):
  a file taken in by the intake since, or a receipt recorded since, changes it;
- the run of the previous period that the changes since then are measured against.

The outputs also hold only until the first deadline of an agency they show as pending
(it would then be missing): the period folder records that moment (`valid_until`), and a
run after it makes the period again.

The snapshot of what a run started from is taken before it reads anything, so whatever
changes during a run makes the next run's key differ (never the other way round); a run
that left a file still arriving records no key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import oneplan
from oneplan.ledger import FileRecord, Ledger, open_ledger
from oneplan.ledger.closures import ClosureRecord
from oneplan.month.ingest import archived_path, matters
from oneplan.month.readings import read_again
from oneplan.read.reference import plan_paths
from oneplan.receive.archive import Archive, ArchiveDamaged, check_archived_file
from oneplan.report.reuse import MANIFEST, digest, recorded_run
from oneplan.settings import Settings
from oneplan.values.periods import fiscal_year

# Settings that never change what a run writes into the period folder.
NOT_IN_OUTPUTS = frozenset(
    {
        "outputs",
        "state",
        "ledger_url",
        "smtp_host",
        "smtp_port",
        "smtp_user",
        "smtp_password",
        "smtp_sender",
        "smtp_starttls",
        "schedule",
        "reminder_days_before",
        "close_after_send",
        "intake_quiet_seconds",
        "intake_retry_seconds",
        "intake_retry_max_seconds",
        "workers",
        "dask",
        "dask_address",
    }
)


@dataclass(frozen=True)
class Snapshot:
    """What a run starts from, apart from the ledger's files (`take_snapshot`)."""

    drop_zone: list
    reference: dict[str, str]  # plan and registry files: path -> SHA-256 of the bytes
    setup: str  # the settings that shape outputs, templates, logo and code, as one hash


@dataclass(frozen=True)
class Unchanged:
    """A period kept as it was: its summary and when its outputs were made; for a closed
    period, its closing and the files of the period that arrived after it
    (`oneplan.month.after_close`)."""

    summary: dict
    made_at: dt.datetime
    closed: ClosureRecord | None = None
    after_close: tuple[str, ...] = ()


def take_snapshot(settings: Settings) -> Snapshot:
    """What a run starts from, besides the ledger; taken before anything is read."""
    reference_files = [*plan_paths(settings.plan_dir), settings.registry_file]
    return Snapshot(
        drop_zone=_listing(settings.drop_zone),
        reference={_relative(path, settings.inputs): _file_hash(path) for path in reference_files},
        setup=_setup_hash(settings),
    )


def run_key(
    snapshot: Snapshot,
    previous_run: list | None,
    files: list[FileRecord],
    ledger: Ledger,
    period: str,
) -> str:
    """The run key of a run of `period` that started from `snapshot`, measured its changes
    against `previous_run` (`Ledger.previous_run_identity`) and had these `files` of the
    period (`files_that_matter`), with the receipts `ledger` records for them and the
    period's closings and reopenings, of it or of an area (a reopened period's reports no
    longer say closed)."""
    identities = sorted((f.sha256, f.first_path, f.received_seq) for f in files)
    receipts = sorted(ledger.receipt_times([f.sha256 for f in files]).items())
    closings = [[c.action, c.recorded_at.isoformat(), c.area_code] for c in ledger.closures(period)]
    return digest("run", snapshot.__dict__, previous_run, identities, receipts, closings)


def previous_run(ledger: Ledger, period: str) -> list | None:
    """The run of an earlier period that `period`'s changes are measured against."""
    return ledger.previous_run_identity(period, fiscal_year(period))


def files_that_matter(
    ledger: Ledger, period: str, among: set[str] | None = None
) -> list[FileRecord]:
    """The files the ledger holds that can count or be reported in `period`'s run (only
    those of `among` hashes: the files a run had)."""
    return [
        record
        for record in ledger.received()
        if matters(record, period) and (among is None or record.sha256 in among)
    ]


def unchanged_period(
    settings: Settings,
    ledger_of: Callable[[], Ledger],
    period: str,
    snapshot: Snapshot,
    now: dt.datetime | None = None,
) -> Unchanged | None:
    """The period as its outputs have it, if they were made from what it has now, are
    whole and still hold at `now` (the clock's, unless given); else None (the run goes on).
    Raises ArchiveDamaged when an archived copy of a file that matters is missing or
    altered, as a run that read it would."""
    folder = settings.period_outputs(period)
    recorded = recorded_run(folder)
    if recorded is None:
        return None
    if recorded.valid_until and (now or dt.datetime.now(dt.UTC)) > recorded.valid_until:
        return None  # an agency pending then is missing now
    ledger = ledger_of()  # opened only for a period with outputs to keep
    files = files_that_matter(ledger, period)
    key = run_key(snapshot, previous_run(ledger, period), files, ledger, period)
    if recorded.key != key or not recorded.outputs_whole():
        return None
    archive = Archive(settings.archive_dir)
    for record in files:
        path = archived_path(archive, record.sha256, record.first_path, record.archive_path)
        check_archived_file(path, record.sha256)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    made_at = dt.datetime.fromtimestamp((folder / MANIFEST).stat().st_mtime, dt.UTC)
    closure = ledger.closure(period)
    if closure is None:
        return Unchanged(summary, made_at)
    return Unchanged(summary, closure.recorded_at, closure, _listed_after_close(folder))


def _listed_after_close(folder: Path) -> tuple[str, ...]:
    """The files a closed period's last run listed as arrived after its closing."""
    listing = folder / "after-close" / "arrived.json"
    if not listing.is_file():
        return ()
    return tuple(row["file"] for row in json.loads(listing.read_text(encoding="utf-8")))


def unchanged_or_damage(
    settings: Settings,
    ledger_of: Callable[[], Ledger],
    period: str,
    snapshot: Snapshot,
    now: dt.datetime | None = None,
) -> Unchanged | ArchiveDamaged | None:
    """`unchanged_period`, or the damage to the archive that stopped it, returned rather
    than raised (as `oneplan.month.ingest.ingest_or_damage`): the orchestrator reports it
    without a traceback."""
    try:
        return unchanged_period(settings, ledger_of, period, snapshot, now)
    except ArchiveDamaged as damage:
        return damage


def _listing(drop_zone: Path) -> list:
    """Every entry under the drop zone, links and hidden files included (they are listed
    as ignored or set aside): path, kind, size and modification time."""
    entries = []
    for folder, subfolders, names in os.walk(drop_zone):
        for name in sorted([*subfolders, *names]):
            path = os.path.join(folder, name)
            try:
                found = os.lstat(path)
            except FileNotFoundError:
                continue  # gone while listed: the next run lists it as it is then
            kind = stat.S_IFMT(found.st_mode)
            entries.append(
                [os.path.relpath(path, drop_zone), kind, found.st_size, found.st_mtime_ns]
            )
        subfolders.sort()
    return entries


def _setup_hash(settings: Settings) -> str:
    shaping = {
        f.name: str(getattr(settings, f.name))
        for f in fields(settings)
        if f.name not in NOT_IN_OUTPUTS
    }
    templates = {
        path.relative_to(settings.templates).as_posix(): _file_hash(path)
        for path in sorted(settings.templates.rglob("*"))
        if path.is_file()
    }
    logo = settings.centre_logo
    logo_hash = _file_hash(Path(logo)) if logo and Path(logo).is_file() else ""
    return digest("setup", shaping, templates, logo_hash, _code_hash())


@cache
def _code_hash() -> str:
    """oneplan's source files, by their bytes: a change of code is a change of outputs."""
    root = Path(oneplan.__file__).parent
    hashes = {
        path.relative_to(root).as_posix(): _file_hash(path) for path in sorted(root.rglob("*.py"))
    }
    return digest("code", hashes)


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # missing: the run that reads it says so


def _relative(path: Path, inputs: Path) -> str:
    return path.relative_to(inputs).as_posix() if path.is_relative_to(inputs) else str(path)


def key_of_run(
    settings: Settings, period: str, snapshot: Snapshot, measured_against, intake
) -> str | None:
    """The run key a run's outputs record (`run_key`); none when a file was
    still arriving or not read whole, or one is to be read again (`read_again`): the
    next run must look at them again, not take the period as done."""
    if intake.arriving or any(read_again(s) for s in intake.submissions):
        return None
    had = {s.file.sha256 for s in intake.submissions}
    ledger = open_ledger(settings)
    files = files_that_matter(ledger, period, among=had)
    return run_key(snapshot, measured_against, files, ledger, period)
