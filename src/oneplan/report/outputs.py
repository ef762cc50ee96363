"""The period's outputs other than the Word reports, each made anew or linked from the
outputs it replaces when its inputs hash is the one recorded (`oneplan.report.reuse`):
summary.json, the parquet tables, reconciliation.xlsx with `lines/`, the feedback copies
and the reports' PDFs. Each writer returns the inputs hash of every file it wrote, by its
name in the period folder, for the folder's record.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
from pathlib import Path

from oneplan.report import workbook
from oneplan.report.feedback import feedback_names, write_feedback
from oneplan.report.feedback_ahead import CopiesAhead, feedback_inputs
from oneplan.report.pdf import convert_folder
from oneplan.report.reuse import Earlier, digest, frame_digest, link_or_copy, linked_or_made
from oneplan.report.tables import output_tables

log = logging.getLogger(__name__)

WORKBOOK = "reconciliation.xlsx"


def write_summary(summary: dict, folder: Path, earlier: Earlier) -> dict[str, str]:
    """summary.json."""
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    target = folder / "summary.json"
    inputs = digest("summary", text)
    write = functools.partial(target.write_text, text, encoding="utf-8")
    linked_or_made(earlier, target.name, inputs, target, write)
    return {target.name: inputs}


def write_tables(result, issues, folder: Path, earlier: Earlier) -> dict[str, str]:
    """One parquet file per output table (`tables/`), each kept while its frame is the
    same; reconciliation.xlsx kept while the tables it holds are the same and, for a month
    of many lines, each area's workbook in `lines/` while its area's lines are the same
    (`oneplan.report.workbook`)."""
    tables = output_tables(result, issues)
    frames = {name: frame_digest(frame) for name, frame in tables.items()}
    written = {}
    (folder / "tables").mkdir()
    for name, frame in tables.items():
        file = f"tables/{name}.parquet"
        inputs = digest("parquet", name, frames[name])
        write = functools.partial(frame.to_parquet, folder / file, index=False)
        linked_or_made(earlier, file, inputs, folder / file, write)
        written[file] = inputs
    return written | workbook.write_reconciliation_workbook(
        tables, folder / WORKBOOK, keep=earlier.reuse, frames=frames
    )


def write_feedback_copies(
    submissions: list, folder: Path, earlier: Earlier, ahead: CopiesAhead | None = None
) -> dict[str, str]:
    """Every feedback copy of `submissions` (`oneplan.report.feedback.feedback_names`) in
    `folder`, each kept while its file (its hash) and its issues (every field) are the same
    (`feedback_inputs`): linked from the earlier outputs, else from the copies made ahead
    as the files were read (`oneplan.report.feedback_ahead`), else written now."""
    written = {}
    for submission, name in feedback_names(submissions):
        file = f"{folder.name}/{name}"
        inputs = feedback_inputs(submission)
        if earlier.reuse(file, inputs, folder / name) or (
            ahead is not None and ahead.take(inputs, folder / name)
        ):
            written[file] = inputs
            continue
        try:
            if write_feedback(submission.file.path, submission.issues, folder / name):
                written[file] = inputs
        except Exception:  # one odd workbook never stops the month's outputs
            log.exception("feedback copy of %s failed", submission.rel_path)
    return written


def convert_reports(
    folder: Path, reports: list[tuple[str, str, bool]], earlier: Earlier
) -> tuple[str, dict[str, str]]:
    """PDF copies of the reports in `folder` (`oneplan.report.pdf`): a report rendered
    anew, or whose PDF the earlier outputs lack, is converted, the others' PDFs linked.
    A line for the run's account, and the PDFs' inputs hashes."""
    linked, to_convert = {}, {}
    for name, inputs, made in reports:
        pdf = str(Path(name).with_suffix(".pdf"))
        hashed = digest("pdf", inputs)
        if not made and earlier.reuse(pdf, hashed, folder.parent / pdf):
            linked[pdf] = hashed
        else:
            to_convert[name] = (pdf, hashed)
    if not to_convert:
        return f"PDFs: {len(linked)} unchanged beside the reports.", linked
    # The reports to convert, by their links in a hidden folder of their own: LibreOffice
    # converts a whole folder in one start-up.
    work = folder / ".to-convert"
    work.mkdir()
    try:
        for name in to_convert:
            link_or_copy(folder.parent / name, work / Path(name).name)
        note = convert_folder(work)
        converted = {}
        for pdf, hashed in to_convert.values():
            made = work / Path(pdf).name
            if made.is_file():
                os.replace(made, folder.parent / pdf)
                converted[pdf] = hashed
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if linked and converted:
        note += f" {len(linked)} more unchanged."
    return note, linked | converted
