"""The intake flow (files dropped into the drop zone), the scheduled monthly flow with
sending and the daily reminders, as served by `oneplan serve`. Thin wiring of the
package's stages."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.monthly import monthly_reconciliation
from oneplan.ledger import open_ledger
from oneplan.month.intake import take_in, take_in_and_refresh
from oneplan.month.reference import load_reference
from oneplan.month.remind import remind_period
from oneplan.month.schedule import closes_on_schedule, reminder_periods, scheduled_period
from oneplan.month.send import send_period
from oneplan.receive.archive import ArchiveDamaged
from oneplan.settings import Settings, load_settings

log = logging.getLogger(__name__)


def take_in_or_damage(settings: Settings) -> list[str] | ArchiveDamaged:
    """`take_in`, or the damage to the archive that stopped it (not retried)."""
    try:
        return take_in(settings)
    except ArchiveDamaged as damage:
        return damage


@flow(name="oneplan-intake", log_prints=False)
def intake(
    inputs: str | None = None,
    outputs: str | None = None,
    state: str | None = None,
    burst_goes_on: Callable[[], bool] | None = None,
) -> list[str]:
    """Archive, check and give feedback on new files at once, then run again every period
    whose figures miss a file (theirs, and those an earlier intake left undone); under
    `serve`, once for a burst of files (`burst_goes_on`: `take_in_and_refresh`)."""
    settings = load_settings(inputs=inputs, outputs=outputs, state=state)
    take_in = task(
        take_in_or_damage,
        name="take in new files",
        cache_policy=NO_CACHE,
        retries=2,
        retry_delay_seconds=5,
    )  # a file share may hiccup: retry the I/O

    def take_in_files(settings: Settings) -> list[str]:
        periods = take_in(settings)
        if isinstance(periods, ArchiveDamaged):
            # Nothing was read, nothing recorded as rejected. Raised, not retried here: the
            # coordinator's page shows it, and serve tries again with back-off until the
            # state folder is restored.
            log.error("intake stopped: the state folder is damaged (%s)", periods)
            raise periods
        return periods

    def run_period(period: str) -> None:
        monthly_reconciliation(period=period, inputs=inputs, outputs=outputs, state=state)

    return take_in_and_refresh(settings, run_period, take_in_files, burst_goes_on)


@flow(name="oneplan-monthly-and-send", log_prints=False)
def monthly_and_send(
    inputs: str | None = None, outputs: str | None = None, state: str | None = None
) -> dict:
    """The scheduled run: reconcile the period whose deadlines have all passed and whose
    reports have not gone out (or, with a `schedule` setting, the month just ended), then
    send its reports; nothing on other days (`oneplan.month.schedule`). With the setting
    `close_after_send`, that run closes the period: the reports sent are the final ones."""
    settings = load_settings(inputs=inputs, outputs=outputs, state=state)
    reference = load_reference(settings)
    ledger = open_ledger(settings)
    now = dt.datetime.now(dt.UTC)
    period = scheduled_period(
        settings, now, reference.registry, sent=lambda p: bool(ledger.deliveries(p))
    )
    if period is None:
        return {"period": None}
    closing = closes_on_schedule(settings, period, now, reference.registry)
    closing_by = SCHEDULE_CLOSER if closing else None
    month = monthly_reconciliation(
        period=period, inputs=inputs, outputs=outputs, state=state, closing_by=closing_by
    )
    send = task(
        send_period, name="send reports", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=60
    )
    report = send(settings, period, reference, open_ledger(settings))
    return {
        "period": period,
        "summary": month.summary,
        "sent": report.sent,
        "failed": report.failed,
    }


# Who a closing by the schedule is recorded as (`close_after_send`).
SCHEDULE_CLOSER = "oneplan (schedule)"

# The reminder after a deadline goes within this many days of it (`remind_period`).
AFTER_DAYS = 7


@flow(name="oneplan-reminders", log_prints=False)
def daily_reminders(
    inputs: str | None = None, outputs: str | None = None, state: str | None = None
) -> dict:
    """Each day: the reminders due, of the recent periods still open
    (`oneplan.month.remind`, `reminder_days_before`)."""
    settings = load_settings(inputs=inputs, outputs=outputs, state=state)
    if settings.reminder_days_before < 0:
        return {}
    now = dt.datetime.now(dt.UTC)
    reference = load_reference(settings)
    remind = task(
        remind_period,
        name="send reminders",
        cache_policy=NO_CACHE,
        retries=2,
        retry_delay_seconds=60,
    )
    sent = {}
    for period in reminder_periods(now, settings.timezone):
        report = remind(
            settings, period, reference, now, 1.0, settings.reminder_days_before, AFTER_DAYS
        )
        sent[period] = report.sent
    return sent
