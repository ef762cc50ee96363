"""The monthly run: the one sequence of stages, whoever orchestrates it.

Each stage takes and returns plain data and is testable without Prefect; the Prefect flow
in `flows/monthly.py` calls them as tasks by passing a `run_step` that makes each a task.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from oneplan.issues import Issue
from oneplan.ledger import open_ledger
from oneplan.month.after_close import after_close, write_after_close
from oneplan.month.batches import render_reports
from oneplan.month.closing import (
    held_back,
    pin,
    record_closing,
    with_closed_areas,
)
from oneplan.month.ingest import Intake, ingest_or_damage, start_under_the_lock
from oneplan.month.period import (
    files_of_period,
    period_issues,
    summarize,
    with_run_warnings,
)
from oneplan.month.reference import Reference, check_reference
from oneplan.month.timeliness import next_change, timeliness_with_record
from oneplan.month.today import local_today
from oneplan.month.unchanged import (
    Unchanged,
    key_of_run,
    previous_run,
    take_snapshot,
    unchanged_or_damage,
)
from oneplan.read.reference import ReferenceInputError
from oneplan.receive.archive import ArchiveDamaged
from oneplan.reconcile import Reconciliation, reconcile
from oneplan.reconcile.frames import expected_submissions, lines_frame, submissions_frame
from oneplan.reconcile.previous import previous_from_figures
from oneplan.rollup import roll_up
from oneplan.runtime.batches import BatchMapper, in_process
from oneplan.runtime.garbage import collecting_only_new_objects
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings
from oneplan.timeliness.deadlines import deadline_rules
from oneplan.values.periods import fiscal_year

log = logging.getLogger(__name__)


class MonthResult:
    """Everything one run found and wrote.

    A plain class, not a dataclass: an orchestrator walks a flow's return value through
    dataclasses and collections (Prefect looks for futures in it), which for a national
    month's lines and issues takes longer than some stages. A plain object is one value.
    """

    __slots__ = (
        "reconciliation",
        "reference",
        "intake",
        "issues",
        "summary",
        "notes",
        "unchanged",
    )

    def __init__(
        self,
        reconciliation: Reconciliation,
        reference: Reference,
        intake: Intake,
        issues: list[Issue],
        summary: dict,
        notes: list[str] | None = None,
        unchanged: Unchanged | None = None,
    ):
        self.reconciliation = reconciliation
        self.reference = reference
        self.intake = intake
        self.issues = issues
        self.summary = summary
        self.notes = notes or []  # e.g. whether PDFs were written
        # Set when nothing changed since the period's outputs were made: they were kept, and
        # only the summary is known (`oneplan.month.unchanged`; the rest is None).
        self.unchanged = unchanged

    @classmethod
    def kept(cls, unchanged: Unchanged) -> MonthResult:
        """The result of a run that found nothing new and kept the period's outputs."""
        return cls(None, None, None, [], unchanged.summary, unchanged=unchanged)  # type: ignore[arg-type]


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
    full: bool = False,
    closing_by: str | None = None,
    closing_area: str | None = None,
) -> MonthResult:
    """The monthly run: the one sequence of stages, whoever orchestrates it.

    A closed period's outputs are frozen: its run only takes in the drop zone and gives
    the files that arrived after the closing their feedback (`oneplan.month.after_close`).
    `closing_by` makes the run that closes the period (its area `closing_area` only, when
    given): its reports say so, and the closing is recorded in the ledger, by that name,
    once its outputs are in place. An area closed on its own keeps its figures while the
    rest of the period goes on (`oneplan.month.closing`).

    A file whose reading the ledger keeps (the file, plan, registry and code's reading
    unchanged) is not read again; `full`: every file is read (`oneplan.month.ingest.ingest`).

    One run at a time per state folder: a second run waits for the first (`on_wait` is told).
    Files are read and reports rendered in batches by `map_batches` (`oneplan.runtime.batches`).
    An output whose inputs are unchanged since the period's last run is kept, not made
    again (`oneplan.report.reuse`), unless `full`.
    """
    from oneplan.report.publish import write_period_outputs

    # What the run starts from, before it reads anything: what changes from now on makes
    # the next run's key differ from the one this run records.
    snapshot = take_snapshot(settings)
    if not full and closing_by is None:
        with exclusive_run(settings.state, period, on_wait):
            ledger_of = functools.partial(open_ledger, settings)
            kept = run_step(
                "look for changes", unchanged_or_damage, settings, ledger_of, period, snapshot, now
            )
        if isinstance(kept, ArchiveDamaged):
            raise kept
        if kept is not None:
            return MonthResult.kept(kept)
    reference = run_step("read plan and registry", check_reference, settings)
    if isinstance(reference, ReferenceInputError):
        raise reference
    # The cycle collector's full collections walk every object: first the modules and the
    # plan, then the month's submissions too, none of them garbage until the run ends.
    # Each phase sets aside what exists when it starts (`oneplan.runtime.garbage`).
    with exclusive_run(settings.state, period, on_wait):
        now = now or start_under_the_lock()
        ledger = open_ledger(settings)
        closings = ledger.closings_in_force(period)
        closure = closings.period_closing
        if closing_by is not None and closings.of_area(closing_area) is not None:
            closing_by = None  # closed meanwhile, by another command: not closed twice
        frozen_outputs = (settings.period_outputs(period) / "summary.json").is_file()
        if closure is not None and closing_by is None and frozen_outputs:
            frozen = run_step(
                "after close", after_close, settings, reference, period, closings, now, map_batches
            )
            return MonthResult.kept(frozen)
        # Made now: an open period (its closed areas as their closings left them), the one
        # being closed, or a closed one whose outputs were lost (a state folder restored
        # without them), from the files its closing counted.
        measured_against = previous_run(ledger, period)
        as_read, reference = reference, with_closed_areas(reference, closings.area_closings)
        with collecting_only_new_objects():
            received = run_step(
                "ingest submissions",
                ingest_or_damage,
                settings,
                reference,
                period,
                now,
                map_batches,
                full,
            )
            if isinstance(received, ArchiveDamaged):
                raise received
            intake, late = held_back(received, period, closings)
        with collecting_only_new_objects():
            result = run_step("reconcile", reconcile_month, settings, reference, intake, period)
            result.timeliness, result.timeliness_record = run_step(
                "timeliness",
                timeliness_with_record,
                settings,
                reference,
                open_ledger(settings),
                period,
                now,
                closings,
            )
            result.rollups = run_step(
                "roll up", roll_up, result, reference.plan.hierarchy, reference.plan.area_names
            )
            intake = with_run_warnings(intake, result, reference)
            issues = period_issues(reference, intake, result)
            summary = summarize(result, intake, issues)
            key = key_of_run(settings, period, snapshot, measured_against, received)
            # The reports' closing days, by the run's clock (as the ledger records it).
            closing_day = now.astimezone(ZoneInfo(settings.timezone)).date()
            closed_on = closing_day if closing_by and closing_area is None else None
            area_days = closings.days(reference.plan.area_codes, settings.timezone)
            if closing_by and closing_area is not None:
                area_days[closing_area] = closing_day
            notes = run_step(
                "write outputs",
                write_period_outputs,
                settings,
                result,
                reference,
                issues,
                summary,
                files_of_period(intake, period),
                functools.partial(
                    render_reports, templates_dir=settings.templates, map_batches=map_batches
                ),
                local_today(settings),
                map_batches.workers > 1,
                full,
                key,
                next_change(result.timeliness, deadline_rules(settings, reference.registry)),
                closed_on,
                area_days,
            )
            if late:
                write_after_close(settings.period_outputs(period), late, settings.timezone)
            run_step("record run", record_run, settings, result, reference, intake, summary, now)
            if closing_by is not None:
                pinned = None if closing_area is None else pin(as_read, period, closing_area)
                record_closing(settings, period, closing_by, received, now, closing_area, pinned)
    return MonthResult(result, reference, intake, issues, summary, notes)


def reconcile_month(
    settings: Settings, reference: Reference, intake: Intake, period: str
) -> Reconciliation:
    """Every figure of the period, from its submissions and the previous period's run."""
    previous = open_ledger(settings).previous_run(period, fiscal_year(period))
    return reconcile(
        period,
        reference.plan.items,
        expected_submissions(reference.registry, reference.plan, period),
        submissions_frame(intake.submissions),
        lines_frame(intake.submissions),
        previous_from_figures(*previous) if previous else None,
    )


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
