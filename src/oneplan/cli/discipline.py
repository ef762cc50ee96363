"""`oneplan received` and `oneplan status`: when a file received by other means arrived,
and who has reported for a period now (`oneplan.timeliness`), with its closings
(`oneplan.cli.closing`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import (
    Inputs,
    Lang,
    Period,
    State,
    console,
    fail,
    reference_or_exit,
)
from oneplan.cli.words import say
from oneplan.settings import load_settings


def received(
    file: Annotated[Path, typer.Argument(help="the file, as it was received")],
    at: Annotated[
        str, typer.Option("--at", help='when it was received: "YYYY-MM-DD HH:MM", local time')
    ],
    note: Annotated[
        str, typer.Option("--note", help="how it was received, and why it is recorded")
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="who records it [default: your user name]")
    ] = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """Record when a file received by other means (post, e-mail, a visit) reached the
    network: its arrival for the deadline, from the next run. Exit 1 for a time still to
    come or later than oneplan's own receipt of the file."""
    import getpass

    from oneplan.ledger import open_ledger
    from oneplan.ledger.receipts import Receipt
    from oneplan.receive.files import sha256_of
    from oneplan.values.times import local_time

    settings = load_settings(state=state, lang=lang)
    lang, zone = settings.lang, settings.timezone
    ledger_or_exit(settings)
    moment = _local_moment(at, zone, lang)
    if not file.is_file():
        fail(say(lang, "not_a_file", path=file))
    now = dt.datetime.now(dt.UTC)
    if moment > now:
        fail(say(lang, "receipt_in_future", at=local_time(moment, zone, lang)))
    ledger = open_ledger(settings)
    sha256 = sha256_of(file)
    seen = ledger.first_seen(sha256)
    if seen is not None and seen < moment:
        fail(
            say(
                lang,
                "receipt_after_seen",
                seen=local_time(seen, zone, lang),
                at=local_time(moment, zone, lang),
            )
        )
    who = (by or getpass.getuser()).strip()
    earlier = ledger.record_receipt(Receipt(sha256, moment, note.strip(), who, now))
    at_text = local_time(moment, zone, lang)
    console.print(
        say(lang, "receipt_recorded", path=file, at=at_text, by=who, note=note.strip()),
        markup=False,
        highlight=False,
    )
    if earlier is not None:
        console.print(
            say(
                lang,
                "receipt_replaced",
                by=earlier.recorded_by,
                at=local_time(earlier.received_at, zone, lang),
                note=earlier.note,
            ),
            markup=False,
            highlight=False,
        )


def ledger_or_exit(settings) -> None:
    """A ledger in the state folder (or a ledger URL), else a message and exit 1: a
    mistyped --state would otherwise start an empty ledger of its own."""
    if not settings.ledger_url and not (settings.state / "ledger.sqlite").is_file():
        fail(say(settings.lang, "no_ledger", state=settings.state))


def _local_moment(text: str, zone: str, lang: str) -> dt.datetime:
    """`YYYY-MM-DD HH:MM` in `zone`, or a usage error (exit 2)."""
    from zoneinfo import ZoneInfo

    try:
        moment = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise typer.BadParameter(say(lang, "not_a_moment", value=text, zone=zone)) from None
    return moment.replace(tzinfo=ZoneInfo(zone))


def status(
    period: Period = None,
    inputs: Inputs = None,
    state: State = None,
    lang: Lang = None,
    as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
) -> None:
    """Who has reported for a period now, by its deadlines: pending, missing, late and on
    time, with the rates [default period: the month being reported now]."""
    import json

    from oneplan.ledger import open_ledger
    from oneplan.month.after_close import arrived_after_closing
    from oneplan.month.timeliness import month_timeliness
    from oneplan.month.today import month_reported_now
    from oneplan.report.summary import timeliness_summary

    settings = load_settings(inputs=inputs, state=state, lang=lang)
    ledger_or_exit(settings)
    reference = reference_or_exit(settings)
    now = dt.datetime.now(dt.UTC)
    period = period or month_reported_now(settings, now)
    ledger = open_ledger(settings)
    in_force = ledger.closings_in_force(period)
    table = month_timeliness(settings, reference, ledger, period, now, in_force)
    closings = ledger.closures(period)
    late = arrived_after_closing(ledger, period, in_force)
    if as_json:
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        document = {
            "period": period,
            **timeliness_summary(table),
            "agencies": records,
            "closings": [_closing_json(c) for c in closings],
            "after_close": [
                {key: row[key] for key in ("file", "agency_code", "area_code")} for row in late
            ],
        }
        console.print_json(json.dumps(document, ensure_ascii=False, default=str))
        return
    lines = status_lines(table, reference, settings, period, now)
    lines[1:1] = closing_lines(closings, late, settings)
    lines[1:1] = area_closing_lines(in_force.area_closings, settings)
    for line in lines:
        console.print(line, markup=False, highlight=False)


def _closing_json(closing) -> dict:
    return {
        "action": closing.action,
        "area_code": closing.area_code,
        "by": closing.recorded_by,
        "at": closing.recorded_at.isoformat(),
        "reason": closing.reason,
    }


def closing_lines(closings: list, late: list[dict], settings) -> list[str]:
    """Whether the period is closed (since when, by whom), or was reopened (why), and the
    files that arrived after its closing or their area's."""
    from oneplan.values.times import local_time

    closings = [c for c in closings if c.area_code is None]
    if not closings:
        return [say(settings.lang, "status_after_close", path=row["file"]) for row in late]
    lang, zone = settings.lang, settings.timezone
    last = closings[-1]
    at = local_time(last.recorded_at, zone, lang)
    if last.action == "reopen":
        lines = [say(lang, "status_reopened", at=at, by=last.recorded_by, reason=last.reason or "")]
    else:
        lines = [say(lang, "status_closed", at=at, by=last.recorded_by)]
    return lines + [say(lang, "status_after_close", path=row["file"]) for row in late]


def area_closing_lines(closed_areas: dict, settings) -> list[str]:
    """The areas closed on their own: since when, by whom."""
    from oneplan.values.times import local_time

    return [
        say(
            settings.lang,
            "status_area_closed",
            area=area,
            at=local_time(c.recorded_at, settings.timezone, settings.lang),
            by=c.recorded_by,
        )
        for area, c in closed_areas.items()
    ]


def status_lines(table, reference, settings, period: str, now: dt.datetime) -> list[str]:
    """`oneplan status` as printed: the rates, then each status's agencies (pending and
    missing first: who to chase), by agency name."""
    from oneplan.cli.names import agency_names, in_name_order, named
    from oneplan.report.labels import timeliness_label
    from oneplan.timeliness.status import rates
    from oneplan.values.times import duration_words, local_time

    lang, zone = settings.lang, settings.timezone
    lines = [say(lang, "status_head", period=period, now=local_time(now, zone, lang))]
    if table.empty:
        return [*lines, say(lang, "status_nobody")]
    month = rates(table, []).iloc[0]
    lines.append(
        say(
            lang,
            "status_rates",
            **{
                k: int(month[k])
                for k in ("reported", "expected", "on_time", "late", "pending", "missing")
            },
            reporting=_percent(month["reporting_rate"]),
            on_time_rate=_percent(month["on_time_rate"]),
        )
    )
    agencies = agency_names(reference.registry.agencies)
    areas = reference.plan.area_names
    for status in ("pending", "missing", "late", "on_time"):
        rows = table[table["status"] == status]
        if rows.empty:
            continue
        lines.append(say(lang, "status_group", label=timeliness_label(status, lang)))
        by_agency = {code: [] for code in in_name_order(set(rows["agency_code"]), agencies)}
        for row in rows.itertuples():
            by_agency[row.agency_code].append(row)
        for code, found in by_agency.items():
            for row in found:
                extra = ""
                if status == "late":
                    extra = say(
                        lang, "status_late_by", late_by=duration_words(row.minutes_late, lang)
                    )
                if isinstance(row.arrival_recorded, str):
                    extra += say(lang, "status_recorded", note=row.arrival_recorded)
                if status in ("pending", "missing") and row.rejected_files:
                    extra += say(lang, "status_rejected", count=int(row.rejected_files))
                deadline = dt.datetime.strptime(row.deadline, "%Y-%m-%d %H:%M:%S %z")
                lines.append(
                    say(
                        lang,
                        "status_row",
                        agency=named(code, agencies),
                        area=named(row.area_code, areas),
                        deadline=local_time(deadline, zone, lang),
                        extra=extra,
                    )
                )
    return lines


def _percent(value) -> str:
    return "-" if value is None else f"{value:.0%}"
