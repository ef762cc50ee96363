"""Reminders of a period (`oneplan remind`, and `serve` on its days): each expected agency
with nothing of the period accepted in an area gets one reminder of each kind, `before`
while its deadline is ahead and `after` once it has passed, listing those areas, with
their blank workbooks and a link to its page (`oneplan.deliver.reminder`). A closed period
sends none. Sent through the outbox or SMTP, recorded once sent, under the run lock, as
the period's messages are (`oneplan.month.send`)."""

from __future__ import annotations

import datetime as dt
import io
import logging

from oneplan.deliver.compose import addressee_of, addresses
from oneplan.deliver.links import reminder_link
from oneplan.deliver.reminder import Reminder
from oneplan.deliver.send import send_reminder
from oneplan.deliver.send_report import SendReport
from oneplan.forms.submission_template import TemplateUnavailable, template_for
from oneplan.ledger import open_ledger
from oneplan.month.reference import Reference
from oneplan.month.timeliness import deadline_rules, month_timeliness
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings

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
) -> SendReport:
    """Send the reminders of `period` due at `now` (see the module docstring); with
    `days_before`, a reminder before the deadline only within that many days of it, and
    none when it is negative (`serve`'s daily reminders, `reminder_days_before`)."""
    now = now or dt.datetime.now(dt.UTC)
    report = SendReport()
    with exclusive_run(settings.state, period, log.warning):
        ledger = open_ledger(settings)
        if ledger.closure(period) is not None:
            return report
        table = month_timeliness(settings, reference, ledger, period, now)
        for reminder in reminders_due(settings, reference, table, period, now, days_before):
            send_reminder(settings, reminder, ledger, now, pause, report)
    return report


def reminders_due(
    settings: Settings,
    reference: Reference,
    table,
    period: str,
    now: dt.datetime,
    days_before: int | None = None,
) -> list[Reminder]:
    """One reminder per agency and kind, listing the areas where it is pending (`before`;
    with `days_before`, only within that many days of its deadline, none when negative) or
    missing (`after`), in agency code order."""
    rules = deadline_rules(settings, reference.registry)
    registry = reference.registry.agencies.set_index("agency_code")
    names = reference.plan.area_names
    due: dict[tuple[str, str], list[str]] = {}
    for row in table.itertuples():
        kind = REMINDED.get(row.status)
        if kind == "before" and days_before is not None:
            ahead = rules.of_agency(row.agency_code, period) - now
            if days_before < 0 or ahead > dt.timedelta(days=days_before):
                continue
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
