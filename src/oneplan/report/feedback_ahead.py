"""Feedback copies made ahead: written where the files are read, in the batches of the
run's helper processes, and taken by the period's outputs at the end.

A feedback copy is named by its inputs hash (`feedback_inputs`: the file's hash, every
field of its issues, `FEEDBACK_WRITER`), the hash the period's outputs record for it
(`oneplan.report.outputs.write_feedback_copies`). As a batch of files is read and checked,
each file of the run's period that gets a copy (`oneplan.report.feedback.gets_copy`) has
it written with its own issues into the state folder's `feedback-ahead/`, as
`<inputs hash>.xlsx` (`CopiesAhead.write`). When the outputs are written, a copy whose
final issues are the file's own finds its copy there and hard-links it (`CopiesAhead.take`);
one whose issues changed since (a zero-line file replacing a full one gets a warning from
the month) finds none, and is written then.

One run at a time per state folder (`oneplan.runtime.runlock`): the folder holds the copies
of the files one run read, no more. It is emptied when the run's outputs are swapped in,
and at the start of every run or intake (`oneplan.month.ingest.remove_what_killed_runs_left`),
which also takes what a killed run left (a copy half-written is a hidden temporary until
whole: `oneplan.atomic`).
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
from pathlib import Path

from oneplan.report.feedback import gets_copy, write_feedback
from oneplan.report.reuse import digest, link_or_copy

log = logging.getLogger(__name__)

# Part of a feedback copy's inputs hash beside OUTPUTS_VERSION: raise it when the marks,
# comments or problems sheet written for the same file and issues change.
FEEDBACK_WRITER = "marks-1"
AHEAD = "feedback-ahead"


def feedback_inputs(submission) -> str:
    """The inputs hash of `submission`'s feedback copy: its file and every field of its
    issues."""
    # Each issue by its fields (`digest` serialises a record shallowly, which costs a
    # fifth of `dataclasses.asdict`), its context too (not one of its compared fields).
    issues = [[issue, issue.context] for issue in submission.issues]
    return digest("feedback", submission.file.sha256, issues, FEEDBACK_WRITER)


@dataclasses.dataclass(frozen=True)
class CopiesAhead:
    """The folder of copies made ahead for the run of `period`."""

    folder: Path
    period: str

    def write(self, submissions: list) -> int:
        """Write the copy of each of `submissions` of the period (or of no period read)
        that gets one, unless the folder has it; how many were written. A copy that fails
        is left for the outputs to write (and to log). Nothing is written where the folder
        is not (a batch run on another machine)."""
        if not self.folder.is_dir():
            return 0
        written = 0
        for submission in submissions:
            if submission.period not in (self.period, None) or not gets_copy(submission):
                continue
            target = self.folder / f"{feedback_inputs(submission)}.xlsx"
            if target.exists():
                continue
            try:
                written += write_feedback(submission.file.path, submission.issues, target)
            except Exception as exc:  # written again at the end, where a failure is logged
                log.debug("no copy ahead of %s: %s", submission.rel_path, exc)
        return written

    def take(self, inputs: str, target: Path) -> bool:
        """Hard-link to `target` the copy made ahead from `inputs`, if there is one."""
        source = self.folder / f"{inputs}.xlsx"
        if not source.is_file():
            return False
        link_or_copy(source, target)
        return True


def copies_ahead(state: Path, period: str) -> CopiesAhead:
    """The copies made ahead for the run of `period` in the state folder `state`."""
    return CopiesAhead(state / AHEAD, period)


def start_copies_ahead(state: Path, period: str) -> CopiesAhead:
    """`copies_ahead`, its folder made anew (empty)."""
    remove_copies_ahead(state)
    (state / AHEAD).mkdir(parents=True)
    return copies_ahead(state, period)


def remove_copies_ahead(state: Path) -> None:
    """Remove the copies made ahead (only under the run lock: they are a run's own)."""
    shutil.rmtree(state / AHEAD, ignore_errors=True)
