"""`oneplan history` and `oneplan backup`: the state folder read back (runs, and what each
agency sent) and copied consistently."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import State, console, err_console
from oneplan.settings import load_settings


def history(
    agency: Annotated[str | None, typer.Option("--agency", help="only this agency")] = None,
    state: State = None,
    as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
) -> None:
    """Runs, and what each agency sent: which file, when, and in which periods it counted."""
    import json

    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code

    settings = load_settings(state=state)
    record = open_ledger(settings).history(normalize_code(agency) if agency else None)
    if as_json:
        console.print_json(json.dumps(record, ensure_ascii=False))
        return
    console.print("Runs:")
    for run in record["runs"]:
        console.print(
            f"  {run['period']}  finished {run['finished_at'][:19].replace('T', ' ')} UTC"
        )
    console.print("Files received:")
    for item in record["files"]:
        verdict = "accepted" if item["accepted"] else "rejected"
        counted = ", ".join(item["counted_in"]) or "-"
        console.print(
            f"  {item['agency_code']:<12} {item['area_code'] or '-':<10} {item['period'] or '-':<8} "
            f"{verdict:<8} received {item['received_at'][:19].replace('T', ' ')}  counted in: {counted}  "
            f"{item['path']}",
            markup=False,
        )


def backup(
    destination: Annotated[
        Path, typer.Argument(help="folder to copy the state into (a state folder itself)")
    ],
    state: State = None,
) -> None:
    """Copy the state folder (ledger and archive) into DEST, consistently, even while
    `serve` runs; `oneplan run --state DEST` then works from any folder."""
    from oneplan.backup import BackupRefused, back_up
    from oneplan.ledger import open_ledger
    from oneplan.receive.archive import ArchiveDamaged

    settings = load_settings(state=state)
    try:
        report = back_up(settings, open_ledger(settings), destination)
    except BackupRefused as refused:
        err_console.print(f"oneplan: cannot back up into {destination}: {refused}", markup=False)
        raise typer.Exit(1) from None
    except ArchiveDamaged as exc:
        err_console.print(
            f"oneplan: cannot back up: the state folder is damaged: the archived copy "
            f"{exc.path}: {exc.problem}",
            markup=False,
        )
        raise typer.Exit(1) from None
    if report.ledger_copied:
        console.print(f"Ledger copied to {report.destination / 'ledger.sqlite'}.", markup=False)
    else:
        console.print(
            "The ledger is in a database server (ONEPLAN_LEDGER_URL): it was not copied. "
            "Dump it with pg_dump before this command (README, 'The state folder').",
            markup=False,
        )
    console.print(
        f"Archive: {report.files_copied} files copied, {report.files_kept} already there; "
        f"other files of the state folder: {len(report.other_files)}.",
        markup=False,
    )
    console.print(
        f"Use it with: oneplan run --state {report.destination} (from any folder)", markup=False
    )
