"""The month's work in batches: files to read, reports to render, and the helper processes
that take them.

The stages give the function of one batch (`oneplan.month.reading_batch.read_checked_batch`
over `oneplan.check.submission`, `oneplan.report.reports.render_batch`); here the work is
cut into batches of a size worth handing to another process, given to the caller's
`BatchMapper`, and wrapped in the collector settings that keep Python's cycle collector off
the month's long-lived data (`oneplan.runtime.garbage`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oneplan.check.reference import Plan, Registry
from oneplan.check.submission import Submission
from oneplan.ledger import Ledger
from oneplan.month.reading_batch import CheckedBatch, read_checked_batch
from oneplan.month.readings import ReadingKey, reading_of
from oneplan.receive.archive import check_archived_file
from oneplan.receive.drop_zone import candidate_files
from oneplan.receive.files import ReceivedFile
from oneplan.runtime.batches import BatchMapper, Item, batched, in_process
from oneplan.runtime.garbage import collecting_nothing, collecting_only_new_objects
from oneplan.runtime.processes import helpers_ahead, start_ahead
from oneplan.settings import Settings

if TYPE_CHECKING:
    from oneplan.report.feedback_ahead import CopiesAhead

log = logging.getLogger(__name__)

# A batch of files to read is a few hundred milliseconds of work; fewer files than
# MIN_FILES_PER_BATCH are read here, as starting another process costs about a second.
FILES_PER_BATCH = 250
MIN_FILES_PER_BATCH = 100

REPORTS_PER_BATCH = 50
# Fewer reports than MIN_REPORTS_PER_BATCH render in one batch (here): starting another
# process costs more than they do.
MIN_REPORTS_PER_BATCH = 12


def read_submissions(
    files: list[ReceivedFile],
    plan: Plan,
    registry: Registry,
    map_batches: BatchMapper = in_process,
    ahead: CopiesAhead | None = None,
) -> list[Submission]:
    """Submission workbooks read and checked in batches, by `map_batches`: the submissions
    as the checks leave them, in the files' order. With `ahead`, each batch writes the
    feedback copies of its files ahead (`oneplan.month.reading_batch`)."""
    return _read_in_batches_of(files, plan, registry, map_batches, ahead).submissions


def _read_in_batches_of(
    files: list[ReceivedFile],
    plan: Plan,
    registry: Registry,
    map_batches: BatchMapper,
    ahead: CopiesAhead | None,
    keep: bool = False,
) -> CheckedBatch:
    """`read_submissions`, all batches as one; with `keep`, the readings to keep too."""
    batches = reading_batches(files, map_batches.workers)
    with collecting_nothing():  # the month's submissions, long-lived, made by the thousand
        read = map_batches(read_checked_batch, batches, plan, registry, ahead, keep)
        return CheckedBatch(
            [submission for batch in read for submission in batch.submissions],
            {file: kept for batch in read for file, kept in batch.to_keep.items()},
        )


@dataclass
class Readings:
    """The submissions of a run's files, in the files' order: those read in this run, and
    the readings of them to keep (by hash); the others' kept readings were used again."""

    submissions: list[Submission]
    read: list[Submission]
    to_keep: dict[str, bytes]


def read_or_reuse(
    files: list[ReceivedFile],
    plan: Plan,
    registry: Registry,
    key: ReadingKey,
    ledger: Ledger,
    map_batches: BatchMapper = in_process,
    *,
    full: bool = False,
    ahead: CopiesAhead | None = None,
) -> Readings:
    """Every file's submission: its kept reading under `key` when the ledger has one (the
    file, plan, registry and code's reading unchanged), else read (`read_submissions`);
    `full`: every file read; `ahead`: the feedback copies of the files read are made as
    they are read (`read_submissions`). The archived copy of a file whose reading is used again is
    still checked to be there and to be the bytes of its hash (`ArchiveDamaged` if not).

    A reading is kept when the file was read whole and oneplan did not fail on it (an
    `internal_error` is read again next time) and its values are plain (`NotPlain`)."""
    kept = {} if full else ledger.kept_readings(key, [f.sha256 for f in files])
    reused = {}
    for file in files:
        if file.sha256 in kept and (found := reading_of(kept[file.sha256], file)) is not None:
            reused[file.sha256] = found
    for file in files:
        if file.sha256 in reused and file.archived:
            check_archived_file(file.path, file.sha256)
    to_read = [f for f in files if f.sha256 not in reused]
    read = CheckedBatch([])
    if to_read:
        read = _read_in_batches_of(to_read, plan, registry, map_batches, ahead, keep=True)
    by_hash = {**reused, **{s.file.sha256: s for s in read.submissions}}
    return Readings([by_hash[f.sha256] for f in files], read.submissions, read.to_keep)


def reading_batches(files: Sequence[Item], workers: int) -> list[list[Item]]:
    """The batches `read_submissions` reads `files` in, for `workers` at once."""
    return batched(files, at_most=FILES_PER_BATCH, parts=workers, at_least=MIN_FILES_PER_BATCH)


def render_reports(
    data,
    templates_dir: Path,
    reports_dir: Path,
    map_batches: BatchMapper = in_process,
    earlier=None,
) -> list[tuple[str, str, bool]]:
    """Every agency report and network summary of the run: each report's name, inputs
    hash and whether it was rendered. A report whose inputs hash
    (`oneplan.report.fingerprints`) is the one `earlier` (the outputs it replaces:
    `oneplan.report.reuse`) recorded for it is linked from there; the others are rendered
    in batches by `map_batches`.

    Each batch takes the part of the month its reports show, and builds their contexts
    where it renders them: the month's contexts are never all held at once.
    """
    from oneplan.report.reports import (
        ReportBatch,
        render_batch,
        renderer_for,
        report_inputs,
        report_name,
        reports_of,
    )

    reports_dir.mkdir(parents=True, exist_ok=True)
    reports = reports_of(data)
    inputs = report_inputs(data, renderer_for(templates_dir, data.lang), reports)
    done, to_render = [], []
    for kind, code in reports:
        name = f"{reports_dir.name}/{report_name(kind, code)}"
        if earlier is not None and earlier.reuse(
            name, inputs[(kind, code)], reports_dir.parent / name
        ):
            done.append((name, inputs[(kind, code)], False))
        else:
            to_render.append((kind, code))
    if not to_render:
        return done
    batches = batched(
        to_render,
        at_most=REPORTS_PER_BATCH,
        parts=map_batches.workers * 2,
        at_least=MIN_REPORTS_PER_BATCH,
    )
    if len(to_render) == len(reports) and (len(batches) == 1 or map_batches.workers < 2):
        work = [ReportBatch(to_render, data, inputs)]  # all rendered here, from one index
    elif len(batches) == 1 or map_batches.workers < 2:
        work = [ReportBatch.part_of(data, to_render, inputs)]  # a few: only their part
    else:
        work = (
            ReportBatch.part_of(data, batch, {report: inputs[report] for report in batch})
            for batch in batches
        )
    rendered = map_batches(
        render_batch, work, templates_dir, reports_dir, collecting_only_new_objects
    )
    return done + [report for batch in rendered for report in batch]


def start_workers_for(found: list, ledger: Ledger, map_batches: BatchMapper) -> None:
    """The helper processes that will read the drop zone's new files in batches (every
    new file is read), and then render reports, start now: they load their modules while
    the files are archived. Files already received do not count: the drop zone keeps
    earlier months' files."""
    if not _read_in_batches(found, map_batches.workers):
        return  # too few files to be read in batches, even if all were new
    known = ledger.first_paths()
    if _read_in_batches([f for f in found if f.sha256 not in known], map_batches.workers):
        map_batches.start(*helper_functions())


# The modules of a run's outputs (the reports, the workbook, the feedback copies), loaded
# before its helpers are forked so that they share them.
RUN_MODULES = ("oneplan.report.publish",)


@contextmanager
def helpers_started_ahead(settings: Settings) -> Iterator[None]:
    """Within the block, the run's local helper processes are started, when the drop zone
    holds files enough (`start_helpers_ahead`), and ready for the run that takes them;
    those no run took end with it (`oneplan.runtime.processes.helpers_ahead`). `oneplan run`
    enters it before it imports Prefect, so that they are forked sharing the run's modules."""
    with helpers_ahead(sharing=RUN_MODULES):
        start_helpers_ahead(settings)
        yield


def start_helpers_ahead(settings: Settings) -> None:
    """Start the run's local helper processes now, when the drop zone holds files enough
    to be read in batches (`oneplan.runtime.processes.start_ahead`). Files are counted by
    name, none is read: a drop zone of earlier months' files starts helpers for a run that
    reads them in one process, which costs their start and nothing else."""
    if settings.on_dask:
        return
    enough = list(islice(candidate_files(settings.drop_zone), MIN_FILES_PER_BATCH + 1))
    if _read_in_batches(enough, settings.worker_count):
        start_ahead(settings.worker_count, *helper_functions())


def _read_in_batches(files: list, workers: int) -> bool:
    """Whether `workers` would read `files` in more than one batch (helpers worth starting)."""
    return workers > 1 and len(reading_batches(files, workers)) > 1


def helper_functions() -> tuple[Callable[..., Any], ...]:
    """What helper processes run for a month: reading files (and writing their feedback
    copies ahead), then rendering reports.

    The reports' modules (Word, charts) are imported when a run first needs them, here or
    in `render_reports`, not when this module is: `oneplan validate` and an intake never
    render a report and start faster without them."""
    from oneplan.report.reports import render_batch

    return read_checked_batch, render_batch
