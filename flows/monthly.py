"""The monthly reconciliation as a Prefect flow.

Each stage of `oneplan.month.run.run_month` runs as one Prefect task (a handful per run,
never one per file or line: Prefect's per-task cost would exceed the work). No business
rule lives here.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed
from prefect.utilities.annotations import quote

from oneplan.month.account import account_of
from oneplan.month.run import MonthResult, run_month
from oneplan.read.reference import ReferenceInputError
from oneplan.receive.archive import ArchiveDamaged
from oneplan.runtime.batches import BatchMapper
from oneplan.runtime.processes import local_processes
from oneplan.settings import Settings, load_settings


class _StageResult:
    """A stage's return value, out of Prefect's sight (a plain object it does not walk)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def run_as_task(name: str, function, *args: Any) -> Any:
    """Run one stage as a Prefect task named `name`.

    Prefect walks a task's arguments and its return value, every object inside them,
    looking for futures: for a month's submissions, lines and frames that is seconds per
    thousand submissions, more than some stages take. So the arguments are quoted and the
    value returned in a wrapper Prefect does not open.
    """

    return _opaque_task(function, name)(*map(quote, args)).value


def _opaque_task(function, name: str):
    """A Prefect task running `function` and returning its value in a `_StageResult`."""

    @functools.wraps(function)  # Prefect binds the arguments by the stage's own signature
    def stage(*args: Any, **kwargs: Any) -> _StageResult:
        return _StageResult(function(*args, **kwargs))

    return task(stage, name=name, cache_policy=NO_CACHE)


@flow(name="oneplan-monthly-reconciliation", log_prints=False)
def monthly_reconciliation(
    period: str,
    inputs: str | None = None,
    outputs: str | None = None,
    state: str | None = None,
    lang: str | None = None,
    pdf: bool | None = None,
    workers: int | None = None,
    dask: bool | None = None,
    dask_address: str | None = None,
    full: bool = False,
    closing_by: str | None = None,
    closing_area: str | None = None,
) -> MonthResult | Failed:
    """Ingest, validate, reconcile and write every output of one period.

    Parameters left out come from the settings (environment variables, settings file).
    `full` makes every output anew, even those whose inputs are unchanged since the
    period's last run (which are otherwise kept: `oneplan.report.reuse`). `closing_by`
    makes the run that closes the period (`oneplan close`), by that name; only its area
    `closing_area` when given.

    An unusable plan or registry, or a damaged archive in the state folder, fails the run
    with a message (no traceback, nothing written); the exception is the state's data, so
    `state.result()` raises it.
    """
    settings = load_settings(
        inputs=inputs,
        outputs=outputs,
        state=state,
        lang=lang,
        pdf=pdf,
        workers=workers,
        dask=dask,
        dask_address=dask_address,
    )
    map_batches = batch_mapper(settings)
    try:
        month = run_month(
            settings,
            period,
            run_step=run_as_task,
            map_batches=map_batches,
            full=full,
            closing_by=closing_by,
            closing_area=closing_area,
        )
    except (ReferenceInputError, ArchiveDamaged) as problem:
        return Failed(message=f"cannot run: {problem}", data=problem)
    finally:
        map_batches.close()
    publish_summary(month, settings)
    return month


@dataclass(frozen=True)
class AsPrefectTasks:
    """Each batch as one Prefect task on the flow's task runner (with `DaskTaskRunner`, a
    task on the Dask cluster). Batches hold hundreds of files or reports, so Prefect's
    cost per task is paid a few dozen times a run, not once per file."""

    workers: int

    def __call__(self, function, batches, *shared) -> list:
        # Values wrapped, as for the stages (`run_as_task`): a batch's files or reports are
        # a few hundred objects, its results every line of them.
        batch_task = _opaque_task(function, function.__name__.replace("_", " "))
        futures = [batch_task.submit(batch, *shared) for batch in batches]
        return [future.result().value for future in futures]

    def start(self, *functions) -> None:
        pass  # the cluster's workers start with the flow's task runner

    def close(self) -> None:
        pass  # the cluster belongs to the flow's task runner


def batch_mapper(settings: Settings) -> BatchMapper:
    """Where batches of files and reports run: the flow's Dask cluster, or local processes."""
    if settings.on_dask:
        return AsPrefectTasks(settings.worker_count)
    return local_processes(settings.worker_count)


def with_task_runner(settings: Settings):
    """The monthly flow with the task runner the settings ask for.

    With Dask (prefect-dask's `DaskTaskRunner`): the cluster at `dask_address`, or a local
    cluster of `workers` processes started for the run. Otherwise Prefect's default.
    """
    if not settings.on_dask:
        return monthly_reconciliation
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        runner = DaskTaskRunner(address=settings.dask_address)
    else:
        # The local cluster's scheduler and nannies run in this process and log every step
        # (and, when a worker's stream meets the stopping scheduler, a traceback: noise at
        # the end of a finished run). Their records reach the run's own log handler, which
        # the cluster's `silence_logs` does not touch (it only quiets handlers of its own),
        # so they are quieted at their logger. A task's own failure still reaches the flow
        # (and its log) through Prefect.
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        runner = DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.worker_count,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "silence_logs": logging.CRITICAL,
            }
        )
    return monthly_reconciliation.with_options(task_runner=runner)


def publish_summary(month: MonthResult, settings) -> None:
    """A markdown artifact of the run (its account, `oneplan.month.account`), shown in the
    Prefect UI."""
    account = account_of(month.summary)
    files, issues = account.files, account.issues
    lines = [
        f"# oneplan {account.period} (fiscal year {account.fiscal_year})",
        "",
        f"Files: {files.received} received, {files.accepted} accepted, {files.rejected} rejected, "
        f"{files.ignored} ignored. Issues: {issues.error} errors, {issues.warning} warnings.",
        "",
        "| area | coverage | gap (baht) | aligned share | submitted | missing | rejected |",
        "|---|---|---|---|---|---|---|",
    ]
    for area in account.areas:
        lines.append(
            f"| {area.area_code} | {area.coverage} | {area.gap} | {area.aligned_share} | "
            f"{area.submitted} | {area.missing} | {area.rejected} |"
        )
    folder = settings.period_outputs(account.period).resolve()
    lines += ["", f"Outputs: `{folder}` (reconciliation.xlsx, reports/, feedback/)"]
    create_markdown_artifact(
        markdown="\n".join(lines),
        key=f"oneplan-{account.period}",
        description="oneplan monthly run",
    )
