"""Reminders of a period (`oneplan remind`, and `serve` on its days): each expected agency
with nothing of the period accepted in an area gets one reminder of each kind, `before`
while its deadline is ahead and `after` once it has passed, listing those areas, with
their blank workbooks and a link to its page (`oneplan.deliver.reminder`). A closed period
sends none, nor does an area closed on its own, and the drop zone is taken in first
(`oneplan.month.intake.take_in`). Sent through the outbox or SMTP, recorded once sent,
under the run lock, as the period's messages are (`oneplan.month.send`)."""

from __future__ import annotations

import datetime as dt
import io
import logging
from zoneinfo import ZoneInfo

from oneplan.deliver.compose import addressee_of, addresses
from oneplan.deliver.links import reminder_link
from oneplan.deliver.reminder import Reminder
from oneplan.deliver.send import send_reminder
from oneplan.deliver.send_report import SendReport
from oneplan.forms.submission_template import TemplateUnavailable, template_for
from oneplan.ledger import open_ledger
from oneplan.month.intake import take_in
from oneplan.month.reference import Reference
from oneplan.month.timeliness import month_timeliness
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings
from oneplan.timeliness.deadlines import deadline_rules

log = logging.getLogger(__name__)

# The statuses an agency is reminded in, by the kind of reminder.
REMINDED = {"pending": "before", "missing": "after"}


def remind_period(
    settings: Settings,
    period: str,
    reference: Reference,
    now: dt.datetime | None = None,
    pause: float = 1.0,
    days_before: int | None = None,
    days_after: int | None = None,
) -> SendReport:
    """Send the reminders of `period` due at `now` (see the module docstring). `serve`'s
    daily reminders give `days_before` (`reminder_days_before`: a reminder before the
    deadline from that many days before its day, by the local calendar) and `days_after`
    (one after it only within that many days of its day: a first deployment, or an agency
    added to the registry, does not remind anyone of months long past)."""
    now = now or dt.datetime.now(dt.UTC)
    report = SendReport()
    # The drop zone first: a file waiting there is not reminded of. A damaged archive
    # stops it here (`ArchiveDamaged`): nothing is sent on a broken state folder.
    take_in(settings, now)
    with exclusive_run(settings.state, period, log.warning):
        ledger = open_ledger(settings)
        if ledger.closure(period) is not None:
            return report
        closings = ledger.closings_in_force(period)
        table = month_timeliness(settings, reference, ledger, period, now, closings)
        closed = list(closings.area_closings)
        table = table[~table["area_code"].isin(closed)]  # a closed area: nothing to send
        due = reminders_due(settings, reference, table, period, now, days_before, days_after)
        for reminder in due:
            send_reminder(settings, reminder, ledger, now, pause, report)
    return report


def reminders_due(
    settings: Settings,
    reference: Reference,
    table,
    period: str,
    now: dt.datetime,
    days_before: int | None = None,
    days_after: int | None = None,
) -> list[Reminder]:
    """One reminder per agency and kind, listing the areas where it is pending (`before`)
    or missing (`after`), in agency code order; `days_before` and `days_after` as
    `remind_period`'s."""
    rules = deadline_rules(settings, reference.registry)
    registry = reference.registry.agencies.set_index("agency_code")
    names = reference.plan.area_names
    due: dict[tuple[str, str], list[str]] = {}
    rejected = {(r.agency_code, r.area_code) for r in table.itertuples() if r.rejected_files}
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    for row in table.itertuples():
        kind = REMINDED.get(row.status)
        days = (rules.of_agency(row.agency_code, period).date() - today).days
        if kind == "before" and days_before is not None and days > days_before:
            continue  # not yet: from `days_before` days before the deadline's day
        if kind == "after" and days_after is not None and -days > days_after:
            continue  # long past
        if kind is not None:
            due.setdefault((row.agency_code, kind), []).append(row.area_code)
    reminders = []
    for (code, kind), areas in sorted(due.items()):
        entry = registry.loc[code] if code in registry.index else None
        valid, invalid = addresses(entry["email"] if entry is not None else "")
        reminders.append(
            Reminder(
                kind,
                period,
                addressee_of(code, entry),
                valid,
                invalid,
                [(area, names.get(area, area)) for area in areas],
                rules.of_agency(code, period),
                reminder_link(settings, code, period),
                settings,
                now,
                _blank_workbooks(reference, code, areas, period),
                settings.lang if settings.lang in ("th", "en") else "th",
                frozenset(area for area in areas if (code, area) in rejected),
            )
        )
    return reminders


def _blank_workbooks(reference: Reference, code: str, areas: list[str], period: str) -> list:
    """The blank workbook of each area, as (area, file name, bytes), as the agency's page
    gives them."""
    books = []
    for area in areas:
        try:
            book = template_for(reference.plan, reference.registry, code, area, period)
        except TemplateUnavailable:  # an area without plan items this year: none to fill
            continue
        buffer = io.BytesIO()
        book.save(buffer)
        books.append((area, f"template_{code}_{area}_{period}.xlsx", buffer.getvalue()))
    return books
