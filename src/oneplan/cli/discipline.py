"""`oneplan received`, `oneplan status`, `oneplan close` and `oneplan reopen`: when a file
received by other means arrived, who has reported for a period now (`oneplan.timeliness`),
and a period's figures made final, or opened again (`oneplan.month.after_close`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import (
    PERIOD_FORMS,
    Inputs,
    Lang,
    Outputs,
    Period,
    State,
    check_period,
    console,
    fail,
    inputs_or_exit,
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
    from oneplan.month.timeliness import month_timeliness
    from oneplan.month.today import month_reported_now
    from oneplan.report.summary import timeliness_summary

    settings = load_settings(inputs=inputs, state=state, lang=lang)
    reference = reference_or_exit(settings)
    now = dt.datetime.now(dt.UTC)
    period = period or month_reported_now(settings, now)
    ledger = open_ledger(settings)
    table = month_timeliness(settings, reference, ledger, period, now)
    closings = ledger.closures(period)
    late = after_closing(ledger, period, closings)
    if as_json:
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        document = {
            "period": period,
            **timeliness_summary(table),
            "agencies": records,
            "closings": [_closing_json(c) for c in closings],
            "after_close": late,
        }
        console.print_json(json.dumps(document, ensure_ascii=False, default=str))
        return
    lines = status_lines(table, reference, settings, period, now)
    lines[1:1] = closing_lines(closings, late, settings)
    for line in lines:
        console.print(line, markup=False, highlight=False)


def after_closing(ledger, period: str, closings: list) -> list[dict]:
    """The files of `period` first seen after its closing in force (none while open)."""
    if not closings or closings[-1].action != "close":
        return []
    closed_at = closings[-1].recorded_at
    return [
        {
            "file": row["first_path"],
            "agency_code": row["agency_code"],
            "area_code": row["area_code"],
        }
        for row in ledger.arrivals([period])
        if row["first_seen_at"] > closed_at
    ]


def _closing_json(closing) -> dict:
    return {
        "action": closing.action,
        "by": closing.recorded_by,
        "at": closing.recorded_at.isoformat(),
        "reason": closing.reason,
    }


def closing_lines(closings: list, late: list[dict], settings) -> list[str]:
    """Whether the period is closed (since when, by whom), or was reopened (why), and the
    files that arrived after its closing."""
    from oneplan.values.times import local_time

    if not closings:
        return []
    lang, zone = settings.lang, settings.timezone
    last = closings[-1]
    at = local_time(last.recorded_at, zone, lang)
    if last.action == "reopen":
        return [say(lang, "status_reopened", at=at, by=last.recorded_by, reason=last.reason or "")]
    lines = [say(lang, "status_closed", at=at, by=last.recorded_by)]
    lines += [say(lang, "status_after_close", path=row["file"]) for row in late]
    return lines


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


By = Annotated[str | None, typer.Option("--by", help="who does it [default: your user name]")]
RequiredPeriod = Annotated[
    str, typer.Option("--period", callback=check_period, help=f"the month: {PERIOD_FORMS}")
]


def close(
    period: RequiredPeriod,
    by: By = None,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """Close a period: run it a last time, its reports saying closed, and freeze its
    outputs. Files arriving for it later are received and given feedback in
    outputs/P/after-close/, and count only after `oneplan reopen`. Exit 1 if it is closed."""
    import getpass

    from oneplan.cli.exits import stopped_cleanly
    from oneplan.cli.monthly import run_period
    from oneplan.ledger import open_ledger
    from oneplan.values.times import local_time

    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    lang = settings.lang
    inputs_or_exit(settings)
    closed = open_ledger(settings).closure(period)
    if closed is not None:
        when = local_time(closed.recorded_at, settings.timezone, lang)
        fail(say(lang, "already_closed", period=period, at=when, by=closed.recorded_by))
    who = (by or getpass.getuser()).strip()
    with stopped_cleanly(lang):
        status = run_period(period, settings, closing_by=who)
    if status == 0:
        console.print(say(lang, "closed_now", period=period, by=who), markup=False, highlight=False)
    raise typer.Exit(status)


def reopen(
    period: RequiredPeriod,
    reason: Annotated[str, typer.Option("--reason", help="why it is opened again")],
    by: By = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """Open a closed period again (the lock exception): files that arrived after its
    closing count at its next run. Recorded with who and why. Exit 1 if it is not closed."""
    import getpass

    from oneplan.ledger import open_ledger
    from oneplan.ledger.closures import ClosureRecord

    settings = load_settings(state=state, lang=lang)
    lang = settings.lang
    ledger = open_ledger(settings)
    if ledger.closure(period) is None:
        fail(say(lang, "not_closed", period=period))
    if not reason.strip():
        fail(say(lang, "reason_needed"))
    who = (by or getpass.getuser()).strip()
    now = dt.datetime.now(dt.UTC)
    ledger.record_closure(ClosureRecord(period, "reopen", who, now, reason.strip()))
    console.print(
        say(lang, "reopened", period=period, by=who, reason=reason.strip()),
        markup=False,
        highlight=False,
    )
