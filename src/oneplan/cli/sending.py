"""`oneplan send` and `oneplan remind`: each agency's report and feedback workbooks, or
its reminder of a workbook not yet sent, e-mailed (or written to the outbox), and what
became of every address printed."""

from __future__ import annotations

from typing import Annotated

import typer

from oneplan.cli.exits import stopped_cleanly
from oneplan.cli.shell import (
    Inputs,
    Lang,
    Outputs,
    RequiredPeriod,
    State,
    console,
    err_console,
    fail,
    reference_or_exit,
)
from oneplan.cli.words import counted, say
from oneplan.settings import load_settings


def send(
    period: RequiredPeriod,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    resend: Annotated[
        bool,
        typer.Option(
            "--resend", help="send again to every address: already sent, refused or unconfirmed"
        ),
    ] = False,
    agency: Annotated[
        str | None, typer.Option("--agency", help="only this agency's message")
    ] = None,
    lang: Lang = None,
) -> None:
    """Send each agency its report and feedback workbooks (outbox .eml files unless SMTP is set).
    Exit 0 when every address is confirmed sent."""
    from oneplan.ledger import open_ledger
    from oneplan.month.send import send_period
    from oneplan.values.text import normalize_code

    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    if not (settings.period_outputs(period) / "tables" / "agencies.parquet").is_file():
        err_console.print(
            say(settings.lang, "no_outputs", period=period, outputs=settings.outputs), markup=False
        )
        raise typer.Exit(1)
    reference = reference_or_exit(settings)
    code = normalize_code(agency) if agency else None
    with stopped_cleanly():
        ledger = open_ledger(settings)
        report = send_period(settings, period, reference, ledger, resend, agency=code)
    found = report.sent or report.already_sent or report.undelivered or report.without_address
    if code and not found:
        err_console.print(say(settings.lang, "no_message_for", code=code, period=period))
        raise typer.Exit(1)
    _print_sending(settings, period, report)
    raise typer.Exit(0 if report.all_sent else 1)


def _print_sending(settings, period: str, report) -> None:
    lang = settings.lang
    where = _where(settings, period)
    sent = counted(lang, "message", len(report.sent))
    corrections = counted(lang, "correction", len(report.corrections))
    already = counted(lang, "message", len(report.already_sent))
    lines = [say(lang, "sent", sent=sent, corrections=corrections, where=where, already=already)]
    for line in lines + _problem_lines(lang, period, report):
        console.print(line, markup=False, highlight=False)


def _where(settings, period: str) -> str:
    """Where the period's messages go: the SMTP server, or the period's outbox folder."""
    if settings.smtp_host:
        return f"SMTP {settings.smtp_host}"
    return str(settings.period_outputs(period) / "outbox")


def _problem_lines(lang: str, period: str, report) -> list[str]:
    """The agencies without an address, the addresses ignored, refused or unconfirmed."""
    lines = [say(lang, "not_sent", agency=agency) for agency in report.without_address]
    lines += [
        say(lang, "ignored_address", agency=agency, addresses=", ".join(bad))
        for agency, bad in report.invalid_addresses.items()
    ]
    for item in report.refused:
        then = "retry_next" if item.status == "refused_temporary" else "retry_changed"
        lines.append(
            say(
                lang,
                "refused",
                agency=item.agency_code,
                recipient=item.recipient,
                when=say(lang, "refused_before" if item.earlier else "refused_now"),
                kind=item.status.removeprefix("refused_"),
                reply=item.reply_text or "-",
                then=say(lang, then),
            )
        )
    lines += [
        say(lang, "unconfirmed", agency=item.agency_code, recipient=item.recipient, period=period)
        for item in report.unconfirmed
    ]
    return lines


def remind(
    period: RequiredPeriod,
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    lang: Lang = None,
) -> None:
    """Remind each agency that has sent nothing accepted for the period in an area: before
    its deadline, and once after it; each reminder once, with its blank workbooks and a link
    to its page. Exit 0 when every address is confirmed sent."""
    from oneplan.month.remind import remind_period
    from oneplan.receive.archive import ArchiveDamaged

    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    reference = reference_or_exit(settings)
    lang = settings.lang
    with stopped_cleanly(lang):
        try:
            report = remind_period(settings, period, reference)
        except ArchiveDamaged as exc:
            fail(
                say(lang, "state_damaged", path=exc.path, problem=exc.problem),
                say(lang, "restore_state"),
            )
    where = _where(settings, period)
    sent = counted(lang, "reminder", len(report.sent))
    already = counted(lang, "reminder", len(report.already_sent))
    lines = [say(lang, "reminded", sent=sent, where=where, already=already)]
    for line in lines + _problem_lines(lang, period, report):
        console.print(line, markup=False, highlight=False)
    raise typer.Exit(0 if report.all_sent else 1)
