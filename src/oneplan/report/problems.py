"""The problems a report lists (issue records), as its tables print them: where, how
serious, what is wrong and how to fix it; grouped by the file they were found in."""

from __future__ import annotations

from types import SimpleNamespace as Record

from oneplan.issues import Issue, severity_label


def issue_rows(issues: list[Issue], lang: str) -> list[Record]:
    """One row per issue: `source_file`, `place` (sheet and cell, or row), `severity` in
    words, `code`, `message` in the report's language."""
    row_word = "แถว" if lang == "th" else "row"
    return [
        Record(
            source_file=i.source_file,
            place=" ".join(
                p for p in (i.sheet, i.cell or (f"{row_word} {i.row}" if i.row else "")) if p
            )
            or "-",
            severity=severity_label(i, lang),
            code=i.code,
            message=i.message_th if lang == "th" else i.message_en,
        )
        for i in issues
    ]


def issue_groups(issues: list[Issue], lang: str) -> list[Record]:
    """The issues by file (files in the order first met): `source_file`, `issues` (rows)."""
    groups: dict[str, list[Record]] = {}
    for row in issue_rows(issues, lang):
        groups.setdefault(row.source_file, []).append(row)
    return [Record(source_file=name, issues=rows) for name, rows in groups.items()]
