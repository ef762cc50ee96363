"""The work of one batch of a month's files, as a helper process runs it: the files read
and identified (`oneplan.check.submission.read_batch`), their lines checked
(`check_submissions`: a file's lines are checked on their own, a batch's at once), and the
feedback copy of each file that gets one written ahead with its own issues
(`oneplan.report.feedback_ahead`), while the other batches are read; and, for a run that
keeps readings in the ledger, their kept forms (`oneplan.month.readings`), made here so
that a month's ten thousand are made by every process at once, not by the run's alone.

A module of its own, of few imports: a spawned helper imports it to start. The writers
of feedback copies are imported where a batch is given copies to make ahead (unpickling
its `CopiesAhead` imports them): `oneplan validate` reads files and writes no copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from oneplan.check.reference import Plan, Registry
from oneplan.check.submission import Submission, check_submissions, read_batch
from oneplan.month.readings import readings_to_keep
from oneplan.receive.files import ReceivedFile

if TYPE_CHECKING:
    from oneplan.report.feedback_ahead import CopiesAhead


@dataclass
class CheckedBatch:
    """A batch's submissions, in its files' order, and the readings of them to keep."""

    submissions: list[Submission]
    to_keep: dict[str, bytes] = field(default_factory=dict)  # kept form by file hash


def read_checked_batch(
    files: list[ReceivedFile],
    plan: Plan,
    registry: Registry,
    ahead: CopiesAhead | None = None,
    keep: bool = False,
) -> CheckedBatch:
    """A batch of submission workbooks read and checked, in the files' order; with
    `ahead`, their feedback copies made ahead; with `keep`, the readings to keep
    (`oneplan.month.readings.readings_to_keep`)."""
    checked = check_submissions(read_batch(files, plan, registry), plan)
    if ahead is not None:
        ahead.write(checked)
    return CheckedBatch(checked, readings_to_keep(checked) if keep else {})
