"""Problems found in inputs, as data.

Every problem in a plan, registry or submission workbook becomes an `Issue`: where it is
(file, sheet, cell, row, column), how serious it is, a stable machine code and a message
in Thai and in English that a clerk can act on. The catalogue (`catalogue.py`) is the one
place where codes, severities and message templates are written; the records and how an
issue is made from a code are in `records.py`.

What a problem does is derived from the issue alone (`Issue.rejects_file`,
`Issue.excludes_row`): an error without a row rejects the whole file, an error on a row
excludes that row, warnings and infos keep everything. Infos are recorded but not shown
to the agency as problems (`Issue.shown_to_agency`, `problems_for_agency`).
"""

from oneplan.issues.catalogue import CATALOGUE, SEVERITIES, SEVERITY_LABELS, IssueKind, Severity
from oneplan.issues.records import (
    ISSUE_COLUMNS,
    Issue,
    Location,
    Words,
    make_issue,
    problems_for_agency,
    severity_label,
    shown_to_agency,
)

__all__ = [
    "CATALOGUE",
    "ISSUE_COLUMNS",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Issue",
    "IssueKind",
    "Location",
    "Severity",
    "Words",
    "make_issue",
    "problems_for_agency",
    "severity_label",
    "shown_to_agency",
]
