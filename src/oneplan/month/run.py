"""The monthly run as plain stage functions: ingest → validate → reconcile → render.

Each function takes and returns plain data and is testable without Prefect; the Prefect
flow in `flows/monthly.py` calls them as tasks. `run_month` chains them for callers that
do not need Prefect (tests, benchmarks).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from oneplan.atomic import remove_unfinished
from oneplan.check.reference import (
    Plan,
    ReferenceInputError,
    Registry,
    read_plan,
    read_registry,
)
from oneplan.check.submission import (
    MIN_FILES_PER_BATCH,
    Submission,
    read_batch,
    read_submissions,
    reading_batches,
)
from oneplan.failpoints import checkpoint
from oneplan.issues import Issue, Location, make_issue
from oneplan.ledger import Ledger, sqlite_url
from oneplan.receive.archive import Archive, ArchiveDamaged
from oneplan.receive.drop_zone import (
    ReceivedFile,
    SetAside,
    candidate_files,
    fingerprint,
    scan_drop_zone,
    unrecorded,
)
from oneplan.reconcile import Reconciliation, reconcile
from oneplan.reconcile.figures import previous_from_figures
from oneplan.reconcile.selection import in_fiscal_year_up_to
from oneplan.report.feedback import write_feedback_files
from oneplan.runtime.batches import BatchMapper, in_process, start_ahead
from oneplan.runtime.heap import collecting_only_new_objects
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings
from oneplan.values.periods import current_month, fiscal_year, fiscal_year_start

log = logging.getLogger(__name__)


@dataclass
class Reference:
    plan: Plan
    registry: Registry


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


class MonthResult:
    """Everything one run found and wrote.

    A plain class, not a dataclass: an orchestrator walks a flow's return value through
    dataclasses and collections (Prefect looks for futures in it), which for a national
    month's lines and issues takes longer than some stages. A plain object is one value.
    """

    __slots__ = ("reconciliation", "reference", "intake", "issues", "summary", "notes")

    def __init__(
        self,
        reconciliation: Reconciliation,
        reference: Reference,
        intake: Intake,
        issues: list[Issue],
        summary: dict,
        notes: list[str] | None = None,
    ):
        self.reconciliation = reconciliation
        self.reference = reference
        self.intake = intake
        self.issues = issues
        self.summary = summary
        self.notes = notes or []  # e.g. whether PDFs were written


def check_reference(settings: Settings) -> Reference | ReferenceInputError:
    """The plan and the registry, or the problem that makes them unusable, as data.

    Returned rather than raised: an unusable plan is the coordinator's to fix, not a crash,
    and the orchestrator should report it without a traceback.
    """
    try:
        return load_reference(settings)
    except ReferenceInputError as problem:
        return problem


def load_reference(settings: Settings) -> Reference:
    """The plan and the registry; raises ReferenceInputError when either is unusable."""
    plan = read_plan(settings.plan_dir, settings.inputs)
    registry = read_registry(settings.registry_file, settings.inputs, plan)
    return Reference(plan, registry)


def open_ledger(settings: Settings) -> Ledger:
    """The ledger of these settings: one engine per database in a process, upgraded once."""
    return _ledger(settings.ledger_url or sqlite_url(settings.state))


@functools.lru_cache(maxsize=8)
def _ledger(url: str) -> Ledger:
    return Ledger(url)


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
) -> Intake:
    """Archive and record every new settled file of the drop zone, then read every received
    file that matters for `period` from the archive (the ledger is the record: a file that
    has left the drop zone still counts).

    Settled is the watcher's rule (`oneplan.receive.drop_zone`): a file still arriving is waited for
    up to `patience` seconds (default: `PATIENCE_IN_QUIET_PERIODS` quiet periods), then
    left for a later run, neither archived nor recorded. A file whose content was received
    before, or is one of `complete` (hashes known to be whole), needs no waiting.
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
    _start_workers_for(zone.files, ledger, map_batches)
    versions = archive_reference(settings, reference, archive)
    archived, changed = archive.store_each(zone.files)
    arriving = sorted({*zone.arriving, *(f.rel_path for f in changed)})
    checkpoint("after_archive")
    arrived = [f for f in zone.files if f.sha256 in archived]
    names = {sha256: archive.name_of(path) for sha256, path in archived.items()}
    ledger.receive(arrived, names, period, now)
    files = ledger.received_files(archive, wanted=lambda row: _matters(row, period))
    submissions = read_submissions(files, reference.plan, reference.registry, map_batches)
    ledger.record_readings(submissions, now)
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
) -> Intake | ArchiveDamaged:
    """`ingest`, or the damage to the archive that stopped it, returned rather than raised
    (as `check_reference` does): the orchestrator reports it without a traceback."""
    try:
        return ingest(settings, reference, period, now, map_batches)
    except ArchiveDamaged as damage:
        return damage


def remove_what_killed_runs_left(settings: Settings, archive: Archive) -> None:
    """The temporaries of a run, intake or send killed midway (`kill -9`, a power cut):
    copies on their way into the archive, hidden staging folders of outputs, and feedback
    workbooks and outbox messages half written in place (`oneplan.atomic`). Called under the
    run lock (`oneplan.runtime.runlock`), so that no live run's temporaries are taken for a dead one's."""
    from oneplan.report.publish import remove_leftovers

    archive.remove_incoming()
    remove_leftovers(settings.outputs)
    for folder in [*settings.outputs.glob("*/feedback"), *settings.outputs.glob("*/outbox")]:
        remove_unfinished(folder)


def _start_workers_for(found: list, ledger: Ledger, map_batches: BatchMapper) -> None:
    """The helper processes that will read the drop zone's new files in batches (every
    new file is read), and then render reports, start now: they load their modules while
    the files are archived. Files already received do not count: the drop zone keeps earlier
    months' files."""
    if not _read_in_batches(found, map_batches.workers):
        return  # too few files to be read in batches, even if all were new
    known = ledger.first_paths()
    if _read_in_batches([f for f in found if f.sha256 not in known], map_batches.workers):
        map_batches.start(*_helper_functions())


def start_helpers_ahead(settings: Settings) -> None:
    """Start the run's local helper processes now, when the drop zone holds files enough
    to be read in batches: `oneplan run` does it before Prefect starts, so that they are
    forked with the modules already loaded (`oneplan.runtime.batches.start_ahead`). Files are
    counted by name, none is read: a drop zone of earlier months' files starts helpers for
    a run that reads them in one process, which costs their start and nothing else."""
    if settings.on_dask:
        return
    enough = list(islice(candidate_files(settings.drop_zone), MIN_FILES_PER_BATCH + 1))
    if _read_in_batches(enough, settings.worker_count):
        start_ahead(settings.worker_count, *_helper_functions())


def _read_in_batches(files: list, workers: int) -> bool:
    """Whether `workers` would read `files` in more than one batch (helpers worth starting)."""
    return workers > 1 and len(reading_batches(files, workers)) > 1


def _helper_functions() -> tuple[Callable[..., Any], ...]:
    """What helper processes run for a month: reading files, then rendering reports."""
    from oneplan.report.reports import render_batch

    return read_batch, render_batch


def archive_reference(settings: Settings, reference: Reference, archive: Archive) -> dict[str, str]:
    """Archive the plan and registry files used (as submissions are); their hashes by path."""
    versions = {}
    for rel_path in [*reference.plan.files, reference.registry.file]:
        path = settings.inputs / rel_path
        found = fingerprint(path, rel_path)
        archive.store(path, found.sha256)
        versions[rel_path] = found.sha256
    return versions


def _matters(row, period: str) -> bool:
    """Whether a received file can count or be reported in the run of `period`, judged by
    its last reading (a file's period is in its own content, so it cannot change)."""
    if row.read_at is None:
        return True
    if row.period is None:
        return row.first_run_period == period
    return fiscal_year_start(period) <= row.period <= period


def take_in(
    settings: Settings,
    now: dt.datetime | None = None,
    *,
    complete: Collection[str] = (),
    patience: float | None = None,
) -> list[str]:
    """Intake of new files, at once: archive and record every new settled file of the drop
    zone, check it, and write its feedback workbook into its period's outputs. Returns the
    periods that the new files concern, for the caller to re-run.

    A file still arriving is waited for up to `patience` seconds (default: one quiet period,
    the watcher hands over the rest when they settle), then left; `complete` as `ingest`."""
    reference = load_reference(settings)
    this_month = current_month(dt.datetime.now(ZoneInfo(settings.timezone)).date())
    wait = settings.intake_quiet_seconds if patience is None else patience
    with exclusive_run(settings.state, "intake", log.warning):
        now = now or _start_under_the_lock()
        ledger = open_ledger(settings)
        # New: not read before (a file received by an intake that stopped before reading it,
        # as a damaged archive stops one, gets its feedback from the intake that reads it).
        known = set(ledger.first_paths()) - set(ledger.unread())
        intake = ingest(settings, reference, this_month, now, patience=wait, complete=complete)
    new = [s for s in intake.submissions if s.file.sha256 not in known]
    for period in sorted({s.period or this_month for s in new}):
        of_period = [s for s in new if (s.period or this_month) == period]
        write_feedback_files(of_period, settings.period_outputs(period) / "feedback")
    return sorted({s.period for s in new if s.period and s.identified})


def _start_under_the_lock() -> dt.datetime:
    """A run's or an intake's start, taken once it holds the run lock: every file it
    records is then first seen no earlier than the start of any run that could not count
    it, which is how `Ledger.periods_behind` finds the periods that miss a file."""
    return dt.datetime.now(dt.UTC)


def take_in_and_refresh(
    settings: Settings,
    run_period: Callable[[str], object],
    take_in_files: Callable[[Settings], list[str]] = take_in,
) -> list[str]:
    """Take in the drop zone's new files (`take_in`), then run again every period whose
    figures miss a file (`Ledger.periods_behind`): the periods of the new files, and those
    of files taken in by an intake that failed before its period's run ended, or by a
    monthly run of another period. Returns the periods run. Raises what a step raised: a
    caller retries, and the periods still behind are run then."""
    take_in_files(settings)
    periods = open_ledger(settings).periods_behind()
    for period in periods:
        run_period(period)
    return periods


def validate_files(reference: Reference, paths: list[Path], now: dt.datetime) -> list[Submission]:
    """Read and check workbooks against the plan and registry, recording nothing."""
    files = [unrecorded(fingerprint(path, str(path)), now) for path in paths]
    return read_submissions(files, reference.plan, reference.registry)


def submissions_frame(submissions: list[Submission]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "submission_id": s.file.sha256,  # unique: two versions may share a name
                "source_file": s.rel_path,
                "sha256": s.file.sha256,
                "agency_code": s.agency_code,
                "area_code": s.area_code,
                "period": s.period,
                "received_at": s.file.received_at,
                "received_seq": s.file.received_seq,
                "rejected": s.rejected,
                "identified": s.identified,
                "rejected_rows": s.rejected_rows,
            }
            for s in submissions
        ],
        columns=[
            "submission_id",
            "source_file",
            "sha256",
            "agency_code",
            "area_code",
            "period",
            "received_at",
            "received_seq",
            "rejected",
            "identified",
            "rejected_rows",
        ],
    )


LINE_COLUMNS = [
    "submission_id",
    "line_no",
    "plan_item_id",
    "activity",
    "category",
    "village",
    "budget",
    "disbursed",
    "support_type",
    "sheet",
    "row",
]


def lines_frame(submissions: list[Submission]) -> pd.DataFrame:
    """The lines that count, of every submission: one frame, built column by column."""
    columns: dict[str, list] = {name: [] for name in LINE_COLUMNS}
    for submission in submissions:
        counted = submission.counted_columns()
        if not counted:
            continue
        columns["submission_id"].extend(repeat(submission.file.sha256, len(counted["row"])))
        for name in LINE_COLUMNS[1:]:
            columns[name].extend(counted[name])
    # Text stays in Python's strings: a month's lines repeat a few values per column (one
    # hash per file, a few activities), each held once and pointed at. Pandas' text type
    # would copy every value of 500,000 lines (100 MB more for a national month).
    frame = pd.DataFrame({name: pd.Series(columns[name], dtype=object) for name in LINE_COLUMNS})
    for column in ("line_no", "budget", "disbursed", "row"):
        frame[column] = frame[column].astype("int64")
    return frame


def expected_submissions(registry: Registry, plan: Plan, period: str) -> pd.DataFrame:
    """(agency, area) pairs the registry expects a submission from every month."""
    areas = set(plan.items_of(fiscal_year(period))["area_code"])
    pairs = [
        (row.agency_code, area)
        for row in registry.agencies.itertuples()
        for area in (row.areas or [])
        if area in areas
    ]
    return pd.DataFrame(pairs, columns=["agency_code", "area_code"])


def reconcile_month(
    settings: Settings, reference: Reference, intake: Intake, period: str
) -> Reconciliation:
    previous = open_ledger(settings).previous_run(period, fiscal_year(period))
    return reconcile(
        period,
        reference.plan.items,
        expected_submissions(reference.registry, reference.plan, period),
        submissions_frame(intake.submissions),
        lines_frame(intake.submissions),
        previous_from_figures(*previous) if previous else None,
    )


def files_of_period(intake: Intake, period: str) -> list[Submission]:
    """Files whose period is P, and files rejected before a period could be read that the
    run of P received first (files still arriving were not received: they are not here)."""
    return [
        s
        for s in intake.submissions
        if s.period == period
        or (s.period is None and intake.first_run_periods.get(s.file.sha256) == period)
    ]


def period_issues(reference: Reference, intake: Intake, result: Reconciliation) -> list[Issue]:
    """The issues of period P: plan, registry, the files of P, and earlier rejected files
    that give an agency its `rejected` status in P."""
    period = result.period
    issues = list(reference.plan.issues) + list(reference.registry.issues)
    files = files_of_period(intake, period)
    chosen = {s.file.sha256 for s in files}
    rejected_keys = set(
        zip(
            *(
                result.agencies.loc[result.agencies["status"] == "rejected", c]
                for c in ("agency_code", "area_code")
            ),
            strict=True,
        )
    )
    in_scope = in_fiscal_year_up_to(
        pd.Series([s.period for s in intake.submissions], dtype=object), period
    )
    for submission, in_year in zip(intake.submissions, in_scope, strict=True):
        if submission.file.sha256 in chosen:
            continue
        if (
            submission.rejected
            and in_year
            and (submission.agency_code, submission.area_code) in rejected_keys
        ):
            files.append(submission)
    for submission in files:
        issues.extend(submission.issues)
    for copy, original in intake.duplicates:
        if original.file.sha256 in chosen:
            issues.append(
                make_issue(
                    "duplicate_file",
                    Location(copy.rel_path),
                    original=original.rel_path,
                    agency_code=original.agency_code,
                    area_code=original.area_code,
                )
            )
    return issues


def summarize(result: Reconciliation, intake: Intake, issues: list[Issue]) -> dict:
    """summary.json's content (amounts in baht)."""
    from oneplan.report.summary import summary_document

    files = files_of_period(intake, result.period)
    return summary_document(result, files, intake.ignored, issues)


StepRunner = Callable[..., Any]


def call_directly(name: str, function: Callable[..., Any], *args: Any) -> Any:
    """Run a stage as a plain call (the Prefect flow passes a runner that makes it a task)."""
    return function(*args)


def run_month(
    settings: Settings,
    period: str,
    now: dt.datetime | None = None,
    run_step: StepRunner = call_directly,
    on_wait: Callable[[str], None] = log.warning,
    map_batches: BatchMapper = in_process,
) -> MonthResult:
    """The monthly run: the one sequence of stages, whoever orchestrates it.

    One run at a time per state folder: a second run waits for the first (`on_wait` is told).
    Files are read and reports rendered in batches by `map_batches` (`oneplan.runtime.batches`).
    """
    from oneplan.report.publish import write_period_outputs

    reference = run_step("read plan and registry", check_reference, settings)
    if isinstance(reference, ReferenceInputError):
        raise reference
    # The cycle collector's full collections walk every object: first the modules and the
    # plan, then the month's submissions too, none of them garbage until the run ends.
    # Each phase sets aside what exists when it starts (`oneplan.runtime.heap`).
    with exclusive_run(settings.state, period, on_wait):
        now = now or _start_under_the_lock()
        with collecting_only_new_objects():
            intake = run_step(
                "ingest submissions",
                ingest_or_damage,
                settings,
                reference,
                period,
                now,
                map_batches,
            )
            if isinstance(intake, ArchiveDamaged):
                raise intake
        with collecting_only_new_objects():
            result = run_step("reconcile", reconcile_month, settings, reference, intake, period)
            issues = period_issues(reference, intake, result)
            summary = summarize(result, intake, issues)
            notes = run_step(
                "write outputs",
                write_period_outputs,
                settings,
                result,
                reference,
                issues,
                summary,
                files_of_period(intake, period),
                map_batches,
            )
            run_step("record run", record_run, settings, result, reference, intake, summary, now)
    return MonthResult(result, reference, intake, issues, summary, notes)


def record_run(
    settings: Settings,
    result: Reconciliation,
    reference: Reference,
    intake: Intake,
    summary: dict,
    started: dt.datetime,
) -> int:
    """Keep the run's figures and which submission counted for each agency and area."""
    counted = [
        {
            "agency_code": a.agency_code,
            "area_code": a.area_code,
            "status": a.status,
            "source_period": a.source_period,
            "sha256": a.submission_id,
        }
        for a in result.agencies.itertuples()
    ]
    figures = {
        "changes": result.figures_to_keep(),
        "summary": summary,
        "tables": result.tables_to_keep(),
    }
    inputs = intake.reference_versions  # which plan and registry versions this run used
    return open_ledger(settings).record_run(
        result.period,
        result.fiscal_year,
        figures,
        counted,
        inputs,
        started,
        dt.datetime.now(dt.UTC),
    )
