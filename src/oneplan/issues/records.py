"""An issue as data: where a problem is (`Location`), the problem itself (`Issue`, a row
of the `issues` output table) and `make_issue`, which builds one from a catalogue code;
which issues an agency is shown as problems (`problems_for_agency`) and the words for an
issue's severity (`severity_label`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from oneplan.issues.catalogue import CATALOGUE, SEVERITY_LABELS, Severity
from oneplan.schemas import output_columns
from oneplan.values.times import short_date


@dataclass(frozen=True)
class Location:
    """Where a problem is; empty fields mean the problem concerns the whole file or sheet."""

    source_file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    cell: str = ""


@dataclass(frozen=True)
class Issue:
    source_file: str
    severity: Severity
    code: str
    message_th: str
    message_en: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    column: str = ""
    agency_code: str = ""
    area_code: str = ""
    whole_file: bool = False  # an error about the whole file (it rejects the submission)
    context: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def rejects_file(self) -> bool:
        return self.severity == "error" and self.whole_file

    @property
    def excludes_row(self) -> bool:
        return self.severity == "error" and not self.whole_file and self.row is not None

    @property
    def shown_to_agency(self) -> bool:
        """A problem the agency is told about: an error or a warning. An `info` issue (a
        total or note row skipped, a copy of a file already received) is only recorded."""
        return shown_to_agency(self.severity)

    def as_row(self) -> dict:
        """The issue as a row of the `issues` output table."""
        return {name: getattr(self, name) for name in ISSUE_COLUMNS}


ISSUE_COLUMNS = output_columns("issues")
assert set(ISSUE_COLUMNS) <= {f.name for f in fields(Issue)}


def shown_to_agency(severity: str) -> bool:
    """Whether issues of this severity are problems the agency is told about (errors and
    warnings); the one rule, for issue records and for rows of the `issues` table alike."""
    return severity in ("error", "warning")


def problems_for_agency(issues: Iterable[Issue]) -> list[Issue]:
    """The issues an agency is shown as problems found (`Issue.shown_to_agency`), in order."""
    return [issue for issue in issues if issue.shown_to_agency]


def severity_label(issue: Issue, lang: str = "th") -> str:
    """What the issue's severity means for the clerk: `ต้องแก้ไข (รายการนี้ยังไม่นับ)`,
    `ต้องแก้ไข (แบบรายงานนี้ยังไม่นับ)` for the whole file, `ควรตรวจสอบ (นับแล้ว)`,
    `แจ้งเพื่อทราบ` (and in English)."""
    key = "file_error" if issue.rejects_file else issue.severity
    return SEVERITY_LABELS[lang][key]


@dataclass(frozen=True)
class Words:
    """A value said differently in each language (a name, a fiscal year)."""

    th: str
    en: str

    def __str__(self) -> str:
        return self.th


def _in(lang: str, value: object) -> str:
    """A value as a message in `lang` shows it: a date as a clerk writes it."""
    if value is None:
        return ""
    if isinstance(value, Words):
        return value.th if lang == "th" else value.en
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return short_date(value, lang)
    return str(value)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _message(template: str, code: str, lang: str, values: dict, where: str) -> str:
    text = {k: _in(lang, v) for k, v in values.items()}
    fields_ = _Blank(text, where=where)
    for name, parts in CATALOGUE[code].optional.items():
        part = parts[0] if lang == "th" else parts[1]
        fields_[f"{name}_part"] = part.format_map(fields_) if text.get(name) else ""
    return template.format_map(fields_)


def make_issue(
    code: str, where: Location, *, whole_file: bool | None = None, **values: object
) -> Issue:
    """Build the issue `code` at `where`, filling the catalogue's message templates.

    A date value is written as a clerk writes it (`1 พ.ย. 2569`, `1 Nov 2026`), a `Words`
    value in each message's language; an optional part of a template is said only when
    its value is given (`IssueKind.optional`).

    `whole_file` defaults to "the place names no row"; an identity cell of the info sheet
    (agency, area, period) has a row and still concerns the whole file.
    """
    kind = CATALOGUE[code]
    if where.cell:
        prefix_th, prefix_en = f"ช่อง {where.cell}: ", f"Cell {where.cell}: "
    elif where.row is not None:
        prefix_th, prefix_en = f"แถว {where.row}: ", f"Row {where.row}: "
    else:
        prefix_th = prefix_en = ""
    text = {k: _in("th", v) for k, v in values.items()}
    return Issue(
        source_file=where.source_file,
        severity=kind.severity,
        code=code,
        message_th=_message(kind.message_th, code, "th", values, prefix_th),
        message_en=_message(kind.message_en, code, "en", values, prefix_en),
        sheet=where.sheet,
        cell=where.cell,
        row=where.row,
        column=where.column,
        agency_code=str(values.get("agency_code") or ""),
        area_code=str(values.get("area_code") or ""),
        whole_file=where.row is None if whole_file is None else whole_file,
        context=text,
    )
