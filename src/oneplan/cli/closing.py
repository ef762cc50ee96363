"""`oneplan close` and `oneplan reopen`: a period's figures made final, its outputs frozen
(`oneplan.month.after_close`), or the period opened again, with who and why."""

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
        folder = settings.period_outputs(period)
        line = say(lang, "closed_now", period=period, by=who, folder=folder)
        console.print(line, markup=False, highlight=False)
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
