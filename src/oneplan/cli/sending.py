"""`oneplan send`: each agency's report and feedback workbooks e-mailed (or written to the
outbox), and what became of every address printed."""

from __future__ import annotations

from typing import Annotated

import typer

from oneplan.cli.exits import stopped_cleanly
from oneplan.cli.shell import (
    PERIOD_FORMS,
    Inputs,
    Outputs,
    State,
    check_period,
    console,
    err_console,
    reference_or_exit,
)
from oneplan.settings import load_settings


def send(
    period: Annotated[
        str, typer.Option("--period", callback=check_period, help=f"the month: {PERIOD_FORMS}")
    ],
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
) -> None:
    """Send each agency its report and feedback workbooks (outbox .eml files unless SMTP is set).
    Exit 0 when every address is confirmed sent."""
    from oneplan.ledger import open_ledger
    from oneplan.month.send import send_period
    from oneplan.values.text import normalize_code

    settings = load_settings(inputs=inputs, outputs=outputs, state=state)
    if not (settings.period_outputs(period) / "tables" / "agencies.parquet").is_file():
        err_console.print(
            f"oneplan: no outputs for {period} in {settings.outputs}; run `oneplan run --period {period}` first"
        )
        raise typer.Exit(1)
    reference = reference_or_exit(settings)
    code = normalize_code(agency) if agency else None
    with stopped_cleanly():
        registry, ledger = reference.registry.agencies, open_ledger(settings)
        report = send_period(settings, period, registry, ledger, resend, agency=code)
    found = report.sent or report.already_sent or report.undelivered or report.without_address
    if code and not found:
        err_console.print(
            f"oneplan: no message for agency {code} in {period}: no such agency code in the"
            " registry, or the agency has no report this period; nothing sent"
        )
        raise typer.Exit(1)
    _print_sending(settings, period, report)
    raise typer.Exit(0 if report.all_sent else 1)


def _print_sending(settings, period: str, report) -> None:
    where = (
        f"SMTP {settings.smtp_host}"
        if settings.smtp_host
        else f"{settings.period_outputs(period) / 'outbox'}"
    )
    console.print(
        f"Sent {len(report.sent)} messages ({len(report.corrections)} corrections) to {where}; "
        f"{len(report.already_sent)} already sent before."
    )
    for agency in report.without_address:
        console.print(
            f"  [yellow]not sent[/yellow] {agency}: no usable e-mail address in the registry"
        )
    for agency, bad in report.invalid_addresses.items():
        console.print(
            f"  [yellow]ignored address[/yellow] {agency}: {', '.join(bad)}", markup=False
        )
    for item in report.refused:
        when = "refused by an earlier send" if item.earlier else "refused"
        then = (
            "tried again by the next send"
            if item.status == "refused_temporary"
            else "tried again when the address changes in the registry, or with --resend"
        )
        console.print(
            f"  refused {item.agency_code} <{item.recipient}>: {when}, "
            f"{item.status.removeprefix('refused_')}: {item.reply_text or '-'}; {then}",
            markup=False,
        )
    for item in report.unconfirmed:
        console.print(
            f"  unconfirmed {item.agency_code} <{item.recipient}>: the connection broke after the "
            "message was sent, before the server's reply: it may have arrived. Check with the "
            f"recipient; to send it again: oneplan send --period {period} --resend "
            f"--agency {item.agency_code}",
            markup=False,
        )
