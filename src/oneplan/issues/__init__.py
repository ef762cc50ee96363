"""Problems found in inputs, as data.

Every problem in a plan, registry or submission workbook becomes an `Issue`: where it is
(file, sheet, cell, row, column), how serious it is, a stable machine code and a message
in Thai and in English that a clerk can act on. The catalogue (`catalogue.py`) is the one
place where codes, severities and message templates are written; the records and how an
issue is made from a code are in `records.py`.

What a problem does is derived from the issue alone (`Issue.rejects_file`,
`Issue.excludes_row`): an error without a row rejects the whole file, an error on a row
excludes that row, warnings and infos keep everything.
"""

from oneplan.issues.catalogue import CATALOGUE, SEVERITIES, IssueKind, Severity
from oneplan.issues.records import ISSUE_COLUMNS, Issue, Location, make_issue

__all__ = [
    "CATALOGUE",
    "ISSUE_COLUMNS",
    "SEVERITIES",
    "Issue",
    "IssueKind",
    "Location",
    "Severity",
    "make_issue",
]
