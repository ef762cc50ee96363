"""The monthly reconciliation as a Prefect flow.

Each stage of `oneplan.pipeline.run_month` runs as one Prefect task (a handful per run,
never one per file or line: Prefect's per-task cost would exceed the work). No business
rule lives here.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed

from oneplan import pipeline
from oneplan.settings import load_settings
from oneplan.validate.reference import ReferenceInputError


def run_as_task(name: str, function, *args: Any) -> Any:
    """Run one stage as a Prefect task named `name`."""
    return task(function, name=name, cache_policy=NO_CACHE)(*args)


@flow(name="oneplan-monthly-reconciliation", log_prints=False)
def monthly_reconciliation(
    period: str,
    inputs: str | None = None,
    outputs: str | None = None,
    state: str | None = None,
    lang: str | None = None,
    pdf: bool | None = None,
) -> pipeline.MonthResult | Failed:
    """Ingest, validate, reconcile and write every output of one period.

    Parameters left out come from the settings (environment variables, settings file).

    An unusable plan or registry fails the run with a message (no traceback, nothing
    written); the exception is the state's data, so `state.result()` raises it.
    """
    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang, pdf=pdf)
    try:
        month = pipeline.run_month(settings, period, run_step=run_as_task)
    except ReferenceInputError as problem:
        return Failed(message=f"cannot run: {problem}", data=problem)
    publish_summary(month, settings)
    return month


def publish_summary(month: pipeline.MonthResult, settings) -> None:
    """A markdown artifact of the run, shown in the Prefect UI."""
    summary = month.summary
    files = summary["files"]
    lines = [
        f"# oneplan {summary['period']} (fiscal year {summary['fiscal_year']})",
        "",
        f"Files: {files['received']} received, {files['accepted']} accepted, {files['rejected']} rejected, "
        f"{files['ignored']} ignored. Issues: {summary['issues']['error']} errors, "
        f"{summary['issues']['warning']} warnings.",
        "",
        "| area | coverage | gap (baht) | aligned share | submitted | missing | rejected |",
        "|---|---|---|---|---|---|---|",
    ]
    for area in summary["areas"]:
        coverage = "-" if area["coverage"] is None else f"{area['coverage']:.1%}"
        share = "-" if area["aligned_share"] is None else f"{area['aligned_share']:.1%}"
        counts = area["agencies"]
        lines.append(
            f"| {area['area_code']} | {coverage} | {area['gap']:,.2f} | {share} | "
            f"{counts['submitted'] + counts['resubmitted']} | {counts['missing']} | {counts['rejected']} |"
        )
    folder = settings.period_outputs(summary["period"]).resolve()
    lines += ["", f"Outputs: `{folder}` (reconciliation.xlsx, reports/, feedback/)"]
    create_markdown_artifact(
        markdown="\n".join(lines),
        key=f"oneplan-{summary['period']}",
        description="oneplan monthly run",
    )
