"""`oneplan serve`: the scheduled monthly run and the drop-zone intake, on a Prefect server.

Prefect schedules need a real server. Without one configured (PREFECT_API_URL, or Prefect's
profile), a local one is started on loopback for as long as `serve` runs (its UI at the
printed address), and stopped on exit.

What it tells the person at the console goes through `say(key, **values)`: the command
line fills line `key` of its words (`oneplan.cli.words`) in the reader's language.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from prefect import serve
from prefect.schedules import Cron

from flows.intake import daily_reminders, intake, monthly_and_send
from flows.prefect_setup import carrying_settings, local_api, use_api
from oneplan.month.ingest import PATIENCE_IN_QUIET_PERIODS
from oneplan.month.schedule import DAILY_REMINDERS, monthly_cron
from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.receive.watch import watch_drop_zone
from oneplan.runtime.lifeline import children_end_with_me
from oneplan.settings import Settings

Say = Callable[..., None]  # say(key, **values): one line of the command line's words


def deployments(settings: Settings) -> list:
    """The monthly run with sending (`oneplan.month.schedule.monthly_cron`) and the daily
    reminders, in the settings' time zone."""
    parameters = {
        "inputs": str(settings.inputs),
        "outputs": str(settings.outputs),
        "state": str(settings.state),
    }
    return [
        monthly_and_send.to_deployment(
            name="monthly",
            schedule=Cron(monthly_cron(settings), timezone=settings.timezone),
            parameters=parameters,
            description="The period whose deadline ended yesterday, reconciled and sent",
        ),
        daily_reminders.to_deployment(
            name="reminders",
            schedule=Cron(DAILY_REMINDERS, timezone=settings.timezone),
            parameters=parameters,
            description="Reminders to agencies that have sent nothing, before and after the deadline",
        ),
    ]


@contextlib.contextmanager
def prefect_server(say: Say) -> Iterator[str]:
    """The configured Prefect API, or a local server with its UI for as long as we run."""
    with local_api(with_ui=True) as server, use_api(server) as url:
        if server is not None and url == server.api_url:  # not stopped for a configured API
            say("prefect_at", address=server.address)
        yield url


def web_runs(settings: Settings, damage: DamageReports):
    """Period runs started from the pages, as the Prefect flow (seen in the Prefect UI); a
    damaged archive that stops one is reported to `damage` (the coordinator's page)."""
    from flows.monthly import monthly_reconciliation
    from oneplan.web.runs import PeriodRuns

    def run(period: str) -> None:
        monthly_reconciliation(
            period=period,
            inputs=str(settings.inputs),
            outputs=str(settings.outputs),
            state=str(settings.state),
        )

    # On this server, from the pages' thread.
    return PeriodRuns(damage.watching(carrying_settings(run)))


def intake_refresher(settings: Settings, damage: DamageReports) -> Refresher:
    """The intake flow, run in the background on this server whenever asked, and retried
    with back-off while it fails (`oneplan.receive.refresh`); a damaged archive that stops it is
    reported to `damage` (the coordinator's page)."""
    folders = {
        "inputs": str(settings.inputs),
        "outputs": str(settings.outputs),
        "state": str(settings.state),
    }
    refresher = Refresher(
        damage.watching(
            carrying_settings(lambda: intake(**folders, burst_goes_on=refresher.burst_goes_on))
        ),
        settings.intake_retry_seconds,
        settings.intake_retry_max_seconds,
        longest_burst=PATIENCE_IN_QUIET_PERIODS * settings.intake_quiet_seconds,
    )
    return refresher


@contextlib.contextmanager
def web_pages(
    settings: Settings,
    say: Say,
    enabled: bool = True,
    refresher: Refresher | None = None,
    damage: DamageReports | None = None,
) -> Iterator[None]:
    """The web pages in a background thread while the schedule is served."""
    if not enabled:
        yield
        return
    from oneplan.web.server import WebServer

    damage = damage or DamageReports()
    runs = web_runs(settings, damage)
    server = WebServer(settings, runs, refresher=refresher, damage=damage).start()
    say("web_pages", url=settings.web_url)
    if not settings.coordinator_password:
        say("no_password")
    try:
        yield
    finally:
        server.stop()


def serve_all(settings: Settings, say: Say, web: bool = True) -> None:
    """Serve the schedule, watch the drop zone and serve the web pages until interrupted.

    Files that arrived while `serve` was stopped (and periods an earlier intake left behind)
    are taken in first; then each settled burst of new files is.

    Every process it starts ends with it, even killed (`oneplan.runtime.lifeline`): the flow runs
    that Prefect's runner starts in processes of their own too."""
    children_end_with_me()
    with prefect_server(say):
        damage = DamageReports()  # what a damaged archive stopped, for the coordinator
        refresher = intake_refresher(settings, damage).start()
        stop = threading.Event()
        try:
            with web_pages(settings, say, web, refresher, damage):

                def on_files(paths) -> None:
                    say("files_settled", count=len(paths))
                    refresher.request()

                watcher = threading.Thread(
                    target=watch_drop_zone,
                    args=(settings.drop_zone, on_files, settings.intake_quiet_seconds, stop),
                    kwargs={"settling": refresher.settling},
                    daemon=True,
                )
                watcher.start()
                # Then one intake, whatever the drop zone holds: the watcher sees only what
                # changes from now on, and a file dropped while serve was stopped (or still
                # settling as it started) is taken in by this one; it also runs the periods
                # an earlier intake left behind. With nothing new, it runs no period.
                refresher.request()
                reminding = "" if settings.reminder_days_before >= 0 else "_no_reminders"
                say(
                    ("watching_cron" if settings.schedule.strip() else "watching") + reminding,
                    drop_zone=settings.drop_zone,
                    quiet=f"{settings.intake_quiet_seconds:g}",
                    schedule=settings.schedule.strip(),
                    zone=settings.timezone,
                )
                serve(*deployments(settings))
        finally:
            stop.set()
            refresher.stop()
