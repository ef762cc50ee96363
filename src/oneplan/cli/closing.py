"""`oneplan close` and `oneplan reopen`: a period's figures made final, its outputs frozen
(`oneplan.month.after_close`), or the period opened again, with who and why; or the same
for one area of it (`--area`, `oneplan.month.closing`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from oneplan.cli.shell import (
    Inputs,
    Lang,
    Outputs,
    RequiredPeriod,
    State,
    console,
    fail,
    inputs_or_exit,
)
from oneplan.cli.words import say
from oneplan.settings import load_settings

By = Annotated[str | None, typer.Option("--by", help="who does it [default: your user name]")]
Area = Annotated[str | None, typer.Option("--area", help="only this area (its code in the plan)")]


def close(
    period: RequiredPeriod,
    area: Area = None,
    by: By = None,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """Close a period: run it a last time, its reports saying closed, and freeze its
    outputs. Files arriving for it later are received and given feedback in
    outputs/P/after-close/, and count only after `oneplan reopen`. With --area, only that
    area's figures are made final; the other areas go on. Exit 1 if it is closed."""
    import getpass

    from oneplan.cli.exits import stopped_cleanly
    from oneplan.cli.monthly import run_period
    from oneplan.ledger import open_ledger
    from oneplan.values.times import local_time

    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    lang = settings.lang
    inputs_or_exit(settings)
    plan_areas = area_in_plan_or_exit(settings, area) if area is not None else frozenset()
    ledger = open_ledger(settings)
    closed = ledger.closings_in_force(period).of_area(area)
    if closed is not None:
        when = local_time(closed.recorded_at, settings.timezone, lang)
        key = "already_closed" if closed.area_code is None else "area_already_closed"
        fail(say(lang, key, period=period, area=area, at=when, by=closed.recorded_by))
    who = (by or getpass.getuser()).strip()
    started = dt.datetime.now(dt.UTC)
    with stopped_cleanly(lang):
        status = run_period(period, settings, closing_by=who, closing_area=area)
    closed = ledger.closings_in_force(period).of_area(area)
    closed_by_another = closed is not None and (
        closed.recorded_by != who or closed.recorded_at < started
    )
    if status == 0 and closed_by_another:
        # Another `oneplan close` (or the web page) closed it while this one waited.
        when = local_time(closed.recorded_at, settings.timezone, lang)
        key = "already_closed" if closed.area_code is None else "area_already_closed"
        fail(say(lang, key, period=period, area=area, at=when, by=closed.recorded_by))
    if status == 0:
        folder = settings.period_outputs(period)
        key = "closed_now" if area is None else "area_closed_now"
        if area is not None and plan_areas <= set(ledger.closed_areas(period)):
            key = "last_area_closed_now"  # no area of the period is open any more
        line = say(lang, key, period=period, area=area, by=who, folder=folder)
        console.print(line, markup=False, highlight=False)
    raise typer.Exit(status)


def area_in_plan_or_exit(settings, area: str) -> frozenset[str]:
    """The plan's areas; exit 1 when it names no area `area` (a closing of a mistyped code
    would close nothing and say it did)."""
    from oneplan.month.reference import load_reference
    from oneplan.read.reference import ReferenceInputError

    try:
        known = load_reference(settings).plan.area_codes
    except ReferenceInputError as problem:
        fail(f"oneplan: {problem}")
    if area not in known:
        fail(say(settings.lang, "unknown_area", area=area, known=", ".join(sorted(known))))
    return known


def reopen(
    period: RequiredPeriod,
    reason: Annotated[str, typer.Option("--reason", help="why it is opened again")],
    area: Area = None,
    by: By = None,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """Open a closed period again (the lock exception), recorded with who and why, and run
    it: the files that arrived after its closing count, and its reports no longer say
    closed. With --area, one area closed on its own. Exit 1 if it is not closed."""
    import getpass

    from oneplan.cli.exits import stopped_cleanly
    from oneplan.cli.monthly import run_period
    from oneplan.ledger import open_ledger
    from oneplan.ledger.closures import ClosureRecord

    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    lang = settings.lang
    ledger = open_ledger(settings)
    if ledger.closure(period, area) is None:
        areas = ", ".join(ledger.closed_areas(period))
        if area is None and areas:
            fail(say(lang, "areas_closed_instead", period=period, areas=areas))
        fail(
            say(lang, "not_closed" if area is None else "area_not_closed", period=period, area=area)
        )
    if not reason.strip():
        fail(say(lang, "reason_needed"))
    who = (by or getpass.getuser()).strip()
    now = dt.datetime.now(dt.UTC)
    ledger.record_closure(ClosureRecord(period, "reopen", who, now, reason.strip(), None, area))
    status, ran = 0, settings.inputs.is_dir()
    if ran:  # the period made again now, as it is open
        with stopped_cleanly(lang):
            status = run_period(period, settings)
    console.print(
        say(
            lang,
            ("reopened" if area is None else "area_reopened")
            + ("" if ran and status == 0 else "_later"),
            period=period,
            area=area,
            by=who,
            reason=reason.strip(),
        ),
        markup=False,
        highlight=False,
    )
    raise typer.Exit(status)
