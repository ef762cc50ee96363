"""`oneplan history` and `oneplan backup`: the state folder read back (runs, and what each
agency sent) and copied consistently."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.shell import Inputs, Lang, State, console, err_console, fail
from oneplan.cli.words import say
from oneplan.settings import load_settings


def history(
    agency: Annotated[str | None, typer.Option("--agency", help="only this agency")] = None,
    state: State = None,
    inputs: Inputs = None,
    lang: Lang = None,
    as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
) -> None:
    """Runs, and what each agency sent: which file, when, and in which periods it counted.
    Times in the configured time zone; exit 1 without a ledger or for an unknown agency."""
    import json

    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code

    settings = load_settings(state=state, inputs=inputs, lang=lang)
    if not settings.ledger_url and not (settings.state / "ledger.sqlite").is_file():
        fail(say(settings.lang, "no_ledger", state=settings.state))
    ledger = open_ledger(settings)
    code = normalize_code(agency) if agency else None
    record = ledger.history(code)
    if code and not record["files"] and code not in _registered(settings):
        fail(say(settings.lang, "unknown_agency", code=code))
    record["periods"] = _periods(settings, ledger, code)
    if as_json:
        console.print_json(json.dumps(record, ensure_ascii=False))
        return
    for line in history_lines(record, settings):
        console.print(line, markup=False, highlight=False)


def _periods(settings, ledger, code: str | None) -> list[dict] | None:
    """Each period run, closed or open, and who reported on time in it now
    (`oneplan.month.timeliness.periods_record`); None when the plan or registry cannot be
    read (who was expected is not known then)."""
    import datetime as dt

    from oneplan.month.reference import check_reference
    from oneplan.month.timeliness import periods_record
    from oneplan.read.reference import ReferenceInputError

    if not settings.registry_file.is_file():
        return None
    reference = check_reference(settings)
    if isinstance(reference, ReferenceInputError):
        return None
    return periods_record(settings, reference, ledger, dt.datetime.now(dt.UTC), code)


def _registered(settings) -> frozenset[str]:
    """The registry's agency codes, or none when the registry cannot be read."""
    from oneplan.month.reference import check_reference
    from oneplan.read.reference import ReferenceInputError

    if not settings.registry_file.is_file():
        return frozenset()
    reference = check_reference(settings)
    return frozenset() if isinstance(reference, ReferenceInputError) else reference.registry.codes


def history_lines(record: dict, settings) -> list[str]:
    """The runs and the files received, every time in the settings' time zone, labelled."""
    import datetime as dt

    from oneplan.values.times import local_moment, local_stamp, zone_label

    lang, zone = settings.lang, settings.timezone

    def stamp(text: str) -> str:
        return local_stamp(dt.datetime.fromisoformat(text), zone)

    label = f"{zone}, {zone_label(local_moment(dt.datetime.now(dt.UTC), zone))}"
    lines = [say(lang, "runs", zone=label)]
    for run in record["runs"]:
        lines.append(say(lang, "run_row", period=run["period"], finished=stamp(run["finished_at"])))
    if not record["runs"]:
        lines.append(say(lang, "nothing_yet"))
    for closing in record.get("closings", []):
        key = "closing_row" if closing["action"] == "close" else "reopening_row"
        key = key if closing.get("area_code") is None else f"area_{key}"
        lines.append(
            say(
                lang,
                key,
                period=closing["period"],
                at=stamp(closing["at"]),
                by=closing["by"],
                reason=closing["reason"] or "",
                area=closing.get("area_code"),
            )
        )
    lines += period_lines(record.get("periods"), lang)
    lines.append(say(lang, "files_received", zone=label))
    for item in record["files"]:
        lines.append(
            say(
                lang,
                "file_row",
                agency=item["agency_code"],
                area=item["area_code"] or "-",
                period=item["period"] or "-",
                verdict=say(lang, "accepted" if item["accepted"] else "rejected"),
                received=stamp(item["received_at"]),
                counted=", ".join(item["counted_in"]) or "-",
                path=item["path"],
            )
        )
    if not record["files"]:
        lines.append(say(lang, "nothing_yet"))
    return lines


def backup(
    destination: Annotated[
        Path, typer.Argument(help="folder to copy the state into (a state folder itself)")
    ],
    state: State = None,
    lang: Lang = None,
) -> None:
    """Copy the state folder (ledger and archive) into DEST, consistently, even while
    `serve` runs; `oneplan run --state DEST` then works from any folder."""
    from oneplan.backup import BackupRefused, back_up
    from oneplan.ledger import open_ledger
    from oneplan.receive.archive import ArchiveDamaged

    settings = load_settings(state=state, lang=lang)
    lang = settings.lang
    try:
        report = back_up(settings, open_ledger(settings), destination)
    except BackupRefused as refused:
        err_console.print(
            say(lang, "backup_refused", destination=destination, reason=refused), markup=False
        )
        raise typer.Exit(1) from None
    except ArchiveDamaged as exc:
        err_console.print(
            say(lang, "backup_damaged", path=exc.path, problem=exc.problem), markup=False
        )
        raise typer.Exit(1) from None
    if report.ledger_copied:
        copied = say(lang, "ledger_copied", path=report.destination / "ledger.sqlite")
        console.print(copied, markup=False)
    else:
        console.print(say(lang, "ledger_on_server"), markup=False)
    others = len(report.other_files)
    archive = say(
        lang, "archive_copied", copied=report.files_copied, kept=report.files_kept, others=others
    )
    console.print(archive, markup=False)
    console.print(say(lang, "use_backup", destination=report.destination), markup=False)


def period_lines(periods: list[dict] | None, lang: str) -> list[str]:
    """Each period: open or closed (its areas closed on their own), and who reported on
    time in it now: the month's counts, or one agency's status in each area."""
    from oneplan.report.labels import timeliness_label
    from oneplan.values.times import duration_words

    if periods is None:
        return [say(lang, "periods"), say(lang, "periods_unknown")]
    lines = [say(lang, "periods")]
    for entry in periods:
        state = say(lang, "period_closed" if entry["closed"] else "period_open")
        if entry["closed_areas"] and not entry["closed"]:
            state += say(lang, "areas_closed", areas=", ".join(entry["closed_areas"]))
        if "areas" in entry:
            said = [
                f"{a['area_code']}: {timeliness_label(a['status'], lang)}"
                + (f" ({duration_words(a['minutes_late'], lang)})" if a["minutes_late"] else "")
                for a in entry["areas"]
            ]
            told = "; ".join(said) or say(lang, "not_expected")
        else:
            told = say(lang, "period_rates", **entry)
        lines.append(say(lang, "period_row", period=entry["period"], state=state, told=told))
    if not periods:
        lines.append(say(lang, "nothing_yet"))
    return lines
