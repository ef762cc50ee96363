"""Ingest: every new settled file of the drop zone archived and recorded, then every
received file that matters for the period read and checked from the archive.

The ledger is the record: a file that has left the drop zone still counts. The ledger gives
its records of received files; the archive turns each into the copy to read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.atomic import remove_unfinished
from oneplan.check.submission import Submission
from oneplan.failpoints import checkpoint
from oneplan.ledger import FileRecord, Ledger, open_ledger
from oneplan.month.batches import read_or_reuse, read_submissions, start_workers_for
from oneplan.month.readings import reading_key
from oneplan.month.reference import Reference
from oneplan.receive.archive import Archive, ArchiveDamaged, check_archived_file
from oneplan.receive.drop_zone import SetAside, scan_drop_zone
from oneplan.receive.files import ReceivedFile, fingerprint, unrecorded
from oneplan.runtime.batches import BatchMapper, in_process
from oneplan.settings import Settings
from oneplan.values.periods import fiscal_year_start


@dataclass
class Intake:
    """Every distinct file in the drop zone, read and checked."""

    submissions: list[Submission]
    duplicates: list[tuple[ReceivedFile, Submission]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # lock and hidden files
    set_aside: list[SetAside] = field(default_factory=list)  # links, special files: not read
    arriving: list[str] = field(default_factory=list)  # not settled: left for a later run
    first_run_periods: dict[str, str] = field(default_factory=dict)
    reference_versions: dict[str, str] = field(default_factory=dict)  # plan/registry path -> sha256


# A run waits this many quiet periods at most for a file still arriving in the drop zone
# (30 s with the default quiet period); one still changing then is left for a later run.
PATIENCE_IN_QUIET_PERIODS = 10


def ingest(
    settings: Settings,
    reference: Reference,
    period: str,
    now: dt.datetime,
    map_batches: BatchMapper = in_process,
    *,
    patience: float | None = None,
    complete: Collection[str] = (),
    full: bool = False,
    copies_ahead: bool = False,
    only_new: bool = False,
) -> Intake:
    """Archive and record every new settled file of the drop zone, then read every received
    file that matters for `period` from the archive (the ledger is the record: a file that
    has left the drop zone still counts).

    Settled is the watcher's rule (`oneplan.receive.drop_zone`): a file still arriving is
    waited for up to `patience` seconds (default: `PATIENCE_IN_QUIET_PERIODS` quiet
    periods), then left for a later run, neither archived nor recorded. A file whose content
    was received before, or is one of `complete` (hashes known to be whole), needs no waiting.

    A file whose reading the ledger keeps for this plan, registry and code's reading is not
    read again (`read_or_reuse`), its archived copy only checked against its hash; `full`:
    every file is read, and its reading kept anew. `copies_ahead`: the feedback copies of
    the files of `period` read are written as they are read, for the period's outputs to
    take (`oneplan.report.feedback_ahead`). `only_new` (an intake between runs): only
    the files not read before are read and returned; of the others, that matter for
    `period`, no reading is loaded, and only their archived copies are checked.
    """
    archive = Archive(settings.archive_dir)
    remove_what_killed_runs_left(settings, archive)
    ledger = open_ledger(settings)
    quiet = settings.intake_quiet_seconds
    zone = scan_drop_zone(
        settings.drop_zone,
        quiet,
        PATIENCE_IN_QUIET_PERIODS * quiet if patience is None else patience,
        complete={*ledger.first_paths(), *complete},
    )
    start_workers_for(zone.files, ledger, map_batches)
    versions = archive_reference(settings, reference, archive)
    archived, changed = archive.store_each(zone.files)
    arriving = sorted({*zone.arriving, *(f.rel_path for f in changed)})
    checkpoint("after_archive")
    arrived = [f for f in zone.files if f.sha256 in archived]
    names = {sha256: archive.name_of(path) for sha256, path in archived.items()}
    ledger.receive(arrived, names, period, now)
    if only_new:
        check_read_copies(ledger, archive, period)
    files = received_files(ledger, archive, period, unread_only=only_new)
    key = reading_key(reference.plan.files, reference.registry.file, versions)
    ahead = None
    if copies_ahead:  # the writers of copies are imported only by the runs that make them
        from oneplan.report.feedback_ahead import start_copies_ahead

        ahead = start_copies_ahead(settings.state, period)
    readings = read_or_reuse(
        files, reference.plan, reference.registry, key, ledger, map_batches, full=full, ahead=ahead
    )
    # A kept reading is the file's latest recorded one: only the files read are recorded.
    ledger.record_readings(readings.read, now, readings.to_keep, key)
    submissions = readings.submissions
    first_paths = ledger.first_paths()
    by_hash = {s.file.sha256: s for s in submissions}
    duplicates = [
        (f, by_hash[f.sha256])
        for f in arrived
        if f.sha256 in by_hash and first_paths.get(f.sha256) != f.rel_path
    ]
    return Intake(
        submissions,
        duplicates,
        zone.ignored,
        zone.set_aside,
        arriving,
        ledger.first_run_periods(),
        versions,
    )


def ingest_or_damage(
    settings: Settings,
    reference: Reference,
    period: str,
    now: dt.datetime,
    map_batches: BatchMapper = in_process,
    full: bool = False,
) -> Intake | ArchiveDamaged:
    """`ingest` for the run of `period`, feedback copies made ahead, or the damage to the
    archive that stopped it, returned rather than raised (as `check_reference` does): the
    orchestrator reports it without a traceback."""
    try:
        return ingest(settings, reference, period, now, map_batches, full=full, copies_ahead=True)
    except ArchiveDamaged as damage:
        return damage


def received_files(
    ledger: Ledger, archive: Archive, period: str | None = None, unread_only: bool = False
) -> list[ReceivedFile]:
    """Every file the ledger records as received, as the archive's copy to read (checked
    against its hash as it is read, unless `archive` wrote and checked it in this run);
    with `period`, only the files that matter for its run; `unread_only`, only the files
    not read yet."""
    return [
        _archived_copy(record, archive)
        for record in ledger.received(unread_only)
        if period is None or matters(record, period)
    ]


def check_read_copies(ledger: Ledger, archive: Archive, period: str) -> None:
    """Raise ArchiveDamaged unless the archived copy of every file read before that matters
    for `period` is there and is the bytes of its hash (as a run checks those whose kept
    reading it uses), without loading what was read of them."""
    for sha256, first_path, archive_path, of_period, first_run_period in ledger.read_copies():
        if not _matters_read(of_period, first_run_period, period) or sha256 in archive.checked:
            continue
        check_archived_file(archived_path(archive, sha256, first_path, archive_path), sha256)


def archived_path(archive: Archive, sha256: str, first_path: str, archive_path: str | None) -> Path:
    """Where the archive holds a received file: its recorded place, else by its hash."""
    if archive_path:
        return archive.resolve(archive_path)
    return archive.path_for(sha256, Path(first_path).suffix)


def _archived_copy(record: FileRecord, archive: Archive) -> ReceivedFile:
    return ReceivedFile(
        path=archived_path(archive, record.sha256, record.first_path, record.archive_path),
        rel_path=record.first_path,
        sha256=record.sha256,
        size=record.size,
        modified_at=record.modified_at,
        first_seen_at=record.first_seen_at,
        archived=record.sha256 not in archive.checked,
        received_seq=record.received_seq,
    )


def matters(record: FileRecord, period: str) -> bool:
    """Whether a received file can count or be reported in the run of `period`, judged by
    its last reading (a file's period is in its own content, so it cannot change)."""
    if record.read_at is None:
        return True
    return _matters_read(record.period, record.first_run_period, period)


def _matters_read(of_period: str | None, first_run_period: str | None, period: str) -> bool:
    """`matters`, for a file read before: of the fiscal year up to `period`, or, of no
    period, first received by the run of `period`."""
    if of_period is None:
        return first_run_period == period
    return fiscal_year_start(period) <= of_period <= period


def remove_what_killed_runs_left(settings: Settings, archive: Archive) -> None:
    """The temporaries of a run, intake or send killed midway (`kill -9`, a power cut):
    copies on their way into the archive, hidden staging folders of outputs, feedback
    copies made ahead (`oneplan.report.feedback_ahead`), and feedback workbooks and outbox
    messages half written in place (`oneplan.atomic`). Called under the
    run lock (`oneplan.runtime.runlock`), so that no live run's temporaries are taken for a
    dead one's."""
    from oneplan.report.feedback_ahead import remove_copies_ahead
    from oneplan.report.publish import remove_leftovers

    archive.remove_incoming()
    remove_leftovers(settings.outputs)
    remove_copies_ahead(settings.state)
    for folder in [*settings.outputs.glob("*/feedback"), *settings.outputs.glob("*/outbox")]:
        remove_unfinished(folder)


def archive_reference(settings: Settings, reference: Reference, archive: Archive) -> dict[str, str]:
    """Archive the plan and registry files used (as submissions are); their hashes by path."""
    versions = {}
    for rel_path in [*reference.plan.files, reference.registry.file]:
        path = settings.inputs / rel_path
        found = fingerprint(path, rel_path)
        archive.store(path, found.sha256)
        versions[rel_path] = found.sha256
    return versions


def validate_files(reference: Reference, paths: list[Path], now: dt.datetime) -> list[Submission]:
    """Read and check workbooks against the plan and registry, recording nothing."""
    files = [unrecorded(fingerprint(path, str(path)), now) for path in paths]
    return read_submissions(files, reference.plan, reference.registry)


def start_under_the_lock() -> dt.datetime:
    """A run's or an intake's start, taken once it holds the run lock: every file it
    records is then first seen no earlier than the start of any run that could not count
    it, which is how `Ledger.periods_behind` finds the periods that miss a file."""
    return dt.datetime.now(dt.UTC)
