"""An issue as data: where a problem is (`Location`), the problem itself (`Issue`, a row
of the `issues` output table) and `make_issue`, which builds one from a catalogue code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from oneplan.issues.catalogue import CATALOGUE, Severity
from oneplan.schemas import output_columns


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

    def as_row(self) -> dict:
        """The issue as a row of the `issues` output table."""
        row = asdict(self)
        row.pop("context")
        return {name: row[name] for name in ISSUE_COLUMNS}


ISSUE_COLUMNS = output_columns("issues")
assert set(ISSUE_COLUMNS) <= {f.name for f in fields(Issue)}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def make_issue(
    code: str, where: Location, *, whole_file: bool | None = None, **values: object
) -> Issue:
    """Build the issue `code` at `where`, filling the catalogue's message templates.

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
    text = {k: ("" if v is None else str(v)) for k, v in values.items()}
    return Issue(
        source_file=where.source_file,
        severity=kind.severity,
        code=code,
        message_th=kind.message_th.format_map(_Blank(text, where=prefix_th)),
        message_en=kind.message_en.format_map(_Blank(text, where=prefix_en)),
        sheet=where.sheet,
        cell=where.cell,
        row=where.row,
        column=where.column,
        agency_code=str(values.get("agency_code") or ""),
        area_code=str(values.get("area_code") or ""),
        whole_file=where.row is None if whole_file is None else whole_file,
        context=text,
    )
