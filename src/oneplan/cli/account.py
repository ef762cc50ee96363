"""The run's account printed on the terminal (`oneplan run`, `oneplan demo`), in the
`lang` setting's language: one function a section, each giving its lines, in the order
`SECTIONS` lists them (a new section is one more function there).

Areas and agencies are named as a person reads them (`oneplan.cli.names`), in Thai
dictionary order of their names; times are in the configured time zone, labelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from oneplan.cli.names import agency_names, in_name_order, named
from oneplan.cli.shell import console
from oneplan.cli.words import counted, percent_words, say, status_word
from oneplan.month.account import Account, account_of
from oneplan.month.today import deadline_of
from oneplan.values.times import local_time

# A national run has thousands of areas: the terminal lists the first few.
AREAS_LISTED = 20
# The statuses that ask the coordinator to follow an agency up, named under its area.
TO_FOLLOW = ("missing", "rejected")


@dataclass(frozen=True)
class Told:
    """What every section reads: the run's result, its account, the settings, the language."""

    month: object  # oneplan.month.run.MonthResult
    account: Account
    settings: object  # oneplan.settings.Settings
    lang: str
    finished: dt.datetime


def files_received(told: Told) -> list[str]:
    files = told.account.files
    return [
        say(
            told.lang,
            "files",
            period=told.account.period,
            received=files.received,
            accepted=files.accepted,
            rejected=files.rejected,
            ignored=files.ignored,
        )
    ]


def issues_found(told: Told) -> list[str]:
    issues, lang = told.account.issues, told.lang
    return [
        say(
            lang,
            "issues",
            error=counted(lang, "error", issues.error),
            warning=counted(lang, "warning", issues.warning),
            info=counted(lang, "info", issues.info),
        )
    ]


def times(told: Told) -> list[str]:
    zone, lang, period = told.settings.timezone, told.lang, told.account.period
    return [
        say(
            lang,
            "when",
            period=period,
            finished=local_time(told.finished, zone, lang),
            deadline=local_time(deadline_of(period, told.settings), zone, lang),
        )
    ]


def areas(told: Told) -> list[str]:
    """Each area's figures, then the agencies to follow up (not sent, not passed), by name."""
    lang = told.lang
    areas = told.month.reference.plan.area_names
    agencies = agency_names(told.month.reference.registry.agencies)
    statuses = told.month.reconciliation.agencies
    rows = {row.area_code: row for row in told.account.areas}
    lines = []
    for code in in_name_order(rows, areas)[:AREAS_LISTED]:
        row = rows[code]
        counts = [
            say(lang, "status_count", status=status_word(lang, status), count=n)
            for status, n in row.agencies.items()
            if n
        ]
        lines.append(
            say(
                lang,
                "area",
                name=named(code, areas),
                coverage=percent_words(lang, row.coverage),
                gap=row.gap,
                aligned=percent_words(lang, row.aligned_share),
                statuses=", ".join(counts) or say(lang, "none"),
            )
        )
        for status in TO_FOLLOW:
            chosen = statuses[(statuses["area_code"] == code) & (statuses["status"] == status)]
            if len(chosen):
                names = [named(c, agencies) for c in in_name_order(chosen["agency_code"], agencies)]
                lines.append(
                    say(lang, "to_follow", status=status_word(lang, status), names=", ".join(names))
                )
    if len(rows) > AREAS_LISTED:
        lines.append(say(lang, "more_areas", count=f"{len(rows) - AREAS_LISTED:,}"))
    return lines


def files_not_counted(told: Told) -> list[str]:
    """The files rejected, set aside (links, special files) and still being copied."""
    from oneplan.month.period import files_of_period

    lang, intake = told.lang, told.month.intake
    lines = []
    for submission in files_of_period(intake, told.account.period):
        if submission.rejected:
            reason = next(i for i in submission.issues if i.rejects_file)
            message = reason.message_th if lang == "th" else reason.message_en
            lines.append(say(lang, "rejected_file", path=submission.rel_path, reason=message))
    for entry in intake.set_aside:
        lines.append(say(lang, "ignored_file", path=entry.rel_path, reason=entry.reason))
    for rel_path in intake.arriving:
        lines.append(say(lang, "arriving_file", path=rel_path))
    return lines


def zero_line_replacements(told: Told) -> list[str]:
    """Agencies whose figures a file with no lines emptied: a blank form sent by mistake?"""
    lang = told.lang
    areas = told.month.reference.plan.area_names
    agencies = agency_names(told.month.reference.registry.agencies)
    return [
        say(
            lang,
            "zero_lines",
            path=case.file_name,
            replaced=case.replaced_file_name,
            agency=named(case.agency_code, agencies),
            area=named(case.area_code, areas),
        )
        for case in told.account.zero_line_replacements
    ]


def notes(told: Told) -> list[str]:
    return list(told.month.notes)


def outputs(told: Told) -> list[str]:
    return [say(told.lang, "outputs", folder=told.settings.period_outputs(told.account.period))]


SECTIONS: tuple[Callable[[Told], list[str]], ...] = (
    files_received,
    issues_found,
    times,
    areas,
    files_not_counted,
    zero_line_replacements,
    notes,
    outputs,
)


def unchanged(told: Told) -> list[str]:
    """That nothing changed since the period's outputs were made: they were kept; or that
    the period is closed, and which files arrived after its closing."""
    kept, lang, zone = told.month.unchanged, told.lang, told.settings.timezone
    period = told.account.period
    if kept.closed is None:
        return [say(lang, "unchanged", period=period, made=local_time(kept.made_at, zone, lang))]
    at = local_time(kept.closed.recorded_at, zone, lang)
    lines = [say(lang, "closed_kept", period=period, at=at, by=kept.closed.recorded_by)]
    if kept.after_close:
        folder = told.settings.period_outputs(period) / "after-close"
        count = counted(lang, "file", len(kept.after_close))
        lines.append(say(lang, "after_close_files", count=count, folder=folder, period=period))
    return lines


# A run that found nothing new knows its summary only (`oneplan.month.unchanged`).
SECTIONS_WHEN_UNCHANGED: tuple[Callable[[Told], list[str]], ...] = (
    unchanged,
    files_received,
    issues_found,
    outputs,
)


def account_lines(month, settings, finished: dt.datetime | None = None) -> list[str]:
    """The account's lines, section by section."""
    sections = SECTIONS_WHEN_UNCHANGED if month.unchanged else SECTIONS
    told = Told(
        month=month,
        account=account_of(month.summary),
        settings=settings,
        lang=settings.lang,
        finished=finished or dt.datetime.now(dt.UTC),
    )
    return [line for section in sections for line in section(told)]


def print_account(month, settings) -> None:
    """The run's account on the terminal."""
    for line in account_lines(month, settings):
        console.print(line, markup=False, highlight=False)
