"""The run's account: what a month's run did, as plain data built from its summary
(summary.json's content): the files, the issues, one row per area, with the
percentages and amounts formatted once, and the files with no lines that replaced a file
with lines. The command line prints it (`oneplan run`), the
Prefect flow writes it as the run's markdown artifact and the coordinator's page shows its
area rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from oneplan.values.money import baht_text
from oneplan.values.numbers import percent


@dataclass(frozen=True)
class FileCounts:
    """The period's distinct files, and the lock or hidden files set aside."""

    received: int
    accepted: int
    rejected: int
    ignored: int


@dataclass(frozen=True)
class IssueCounts:
    error: int
    warning: int
    info: int


@dataclass(frozen=True)
class AreaRow:
    """One area's figures, as text: coverage and aligned share as percentages ("-" when
    the area needs no budget), the gap in baht with separators ("448,750.25")."""

    area_code: str
    coverage: str
    gap: str
    aligned_share: str
    agencies: dict[str, int]  # how many agencies had each status this period

    @property
    def submitted(self) -> int:
        """Agencies whose file of the period counts: sent once or sent again."""
        return self.agencies["submitted"] + self.agencies["resubmitted"]

    @property
    def missing(self) -> int:
        return self.agencies["missing"]

    @property
    def rejected(self) -> int:
        return self.agencies["rejected"]


@dataclass(frozen=True)
class ZeroLineReplacement:
    """A counted file with no lines (`file_name`) that replaced a file of the period with
    lines (`replaced_file_name`): the agency reports nothing in the area this month."""

    agency_code: str
    area_code: str
    file_name: str
    replaced_file_name: str


@dataclass(frozen=True)
class Account:
    period: str
    fiscal_year: int
    files: FileCounts
    issues: IssueCounts
    areas: list[AreaRow]
    zero_line_replacements: list[ZeroLineReplacement] = field(default_factory=list)


def account_of(summary: dict) -> Account:
    """The account of a run from its summary (`oneplan.report.summary.summary_document`)."""
    return Account(
        period=summary["period"],
        fiscal_year=summary["fiscal_year"],
        files=FileCounts(**summary["files"]),
        issues=IssueCounts(**summary["issues"]),
        areas=[
            AreaRow(
                area_code=area["area_code"],
                coverage=percent(area["coverage"]),
                gap=baht_text(area["gap"]),
                aligned_share=percent(area["aligned_share"]),
                agencies=area["agencies"],
            )
            for area in summary["areas"]
        ],
        zero_line_replacements=[
            ZeroLineReplacement(**case) for case in summary.get("zero_line_replacements", [])
        ],
    )
