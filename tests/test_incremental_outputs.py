"""A re-run of a period makes only the outputs whose inputs changed and links the others
from the folder it replaces (`oneplan.report.reuse`); what it gives equals a `--full` run's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.report.feedback_words import PROBLEMS_SHEET
from oneplan.report.pdf import soffice
from oneplan.report.reports import ReportRenderer
from oneplan.report.reuse import MANIFEST
from oneplan.settings import PROJECT_ROOT, Settings
from tests.builders import (
    agency,
    line,
    plan_item,
    write_plan,
    write_registry,
    write_submission,
)
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)  # a corrected file's time


def _compare_outputs():
    spec = importlib.util.spec_from_file_location(
        "compare_outputs", PROJECT_ROOT / "scripts" / "compare_outputs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compare


compare = _compare_outputs()


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The names of the reports rendered (not linked), as they are rendered."""
    names: list[str] = []
    real = ReportRenderer.render

    def counting(self, kind, context, target, properties=None):
        names.append(Path(target).name)
        return real(self, kind, context, target, properties)

    monkeypatch.setattr(ReportRenderer, "render", counting)
    return names


def files(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {name: p.stat().st_ino for name, p in files(folder).items() if name != MANIFEST}


def made_anew(before: dict[str, int], folder: Path) -> set[str]:
    """The files of `folder` that are none of the earlier files (by inode): made, not linked."""
    return {name for name, number in inodes(folder).items() if number not in before.values()}


def two_areas(tmp_path: Path) -> Settings:
    """Two areas of two agencies each; every file has a warning (a plan item the plan does
    not have), so every file has a feedback copy."""
    inputs = tmp_path / "inputs"
    write_plan(
        inputs,
        [
            plan_item(item="KS-01", required=100_000),
            plan_item(item="KS-02", required=50_000, category="สวัสดิการ", priority=2),
            plan_item(area="AREA-2", item="KS-01", required=80_000),
            plan_item(area="AREA-2", item="KS-02", required=20_000, category="สวัสดิการ"),
        ],
    )
    write_registry(
        inputs,
        [
            agency("AG-A", "AREA-1"),
            agency("AG-B", "AREA-1"),
            agency("AG-C", "AREA-2"),
            agency("AG-D", "AREA-2"),
        ],
    )
    drop = inputs / "submissions"
    for code, area, item, budget in (
        ("AG-A", "AREA-1", "KS-01", 60_000),
        ("AG-B", "AREA-1", "KS-02", 20_000),
        ("AG-C", "AREA-2", "KS-01", 30_000),
        ("AG-D", "AREA-2", "KS-02", 5_000),
    ):
        write_submission(
            drop / f"{code}.xlsx",
            code,
            area,
            PERIOD,
            [line(1, budget, item), line(2, 1_000, "ZZ-9")],
        )
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def test_a_rerun_with_nothing_new_renders_nothing_and_gives_the_same_files(month, rendered):
    run_month(month, PERIOD, NOW)
    folder = month.outputs / PERIOD
    assert sorted(rendered) == ["AG-A.docx", "AG-B.docx", "AG-C.docx", "network_AREA-1.docx"]
    before = {name: p.read_bytes() for name, p in files(folder).items()}
    numbers = inodes(folder)
    assert "feedback/AG-A_AREA-1_2026-11.xlsx" in numbers  # a.xlsx has a warning
    rendered.clear()

    run_month(month, PERIOD, NOW + dt.timedelta(hours=1))

    assert rendered == []
    assert inodes(folder) == numbers  # every output linked from the folder it replaced
    assert {name: p.read_bytes() for name, p in files(folder).items()} == before
    assert not [p for p in month.outputs.iterdir() if p.name.startswith(".")]  # swapped in


def test_a_corrected_file_makes_only_what_depends_on_it(tmp_path, rendered):
    settings = two_areas(tmp_path)
    run_month(settings, PERIOD, NOW)
    folder = settings.outputs / PERIOD
    before = inodes(folder)
    rendered.clear()
    # AG-A corrects the line outside the plan: AREA-2 and AG-B see nothing of it.
    write_submission(
        settings.inputs / "submissions" / "AG-A-corrected.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 60_000, "KS-01"), line(2, 2_500, "ZZ-9")],
        mtime=LATER,
    )

    run_month(settings, PERIOD, NOW + dt.timedelta(hours=1))

    # The reports that read AREA-1's rows (every agency there shows its partners' shares
    # of the area's items) are made again; AREA-2's are linked.
    assert sorted(rendered) == ["AG-A.docx", "AG-B.docx", "network_AREA-1.docx"]
    made = made_anew(before, folder)
    assert {n for n in made if n.startswith(("reports/", "feedback/"))} == {
        "reports/AG-A.docx",
        "reports/AG-B.docx",
        "reports/network_AREA-1.docx",
        "feedback/AG-A_AREA-1_2026-11.xlsx",  # the corrected file's copy
    }
    # The first file's copy, renamed as an earlier file of AG-A's, is the one made before.
    renamed = [n for n in inodes(folder) if n.startswith("feedback/AG-A_AREA-1_2026-11_")]
    assert [inodes(folder)[n] for n in renamed] == [before["feedback/AG-A_AREA-1_2026-11.xlsx"]]
    assert {"summary.json", "reconciliation.xlsx", "tables/agencies.parquet"} <= made
    assert "tables/plan_items.parquet" not in made  # AG-A's aligned budget is the same


def _run_and_compare_with_full(settings: Settings, when: dt.datetime, tmp_path: Path, step: str):
    """The period run incrementally, then with `full`: the same outputs, file by file."""
    run_month(settings, PERIOD, when)
    folder = settings.outputs / PERIOD
    kept = tmp_path / f"incremental-{step}"
    shutil.copytree(folder, kept)
    run_month(settings, PERIOD, when + dt.timedelta(minutes=1), full=True)
    assert compare(kept, folder) == []
    # The same inputs hashes, whichever way the outputs were made.
    recorded = json.loads((kept / MANIFEST).read_text())["outputs"]
    again = json.loads((folder / MANIFEST).read_text())["outputs"]
    assert {n: e[0] for n, e in recorded.items()} == {n: e[0] for n, e in again.items()}
    assert set(recorded) == set(files(kept)) - {MANIFEST}


def test_incremental_outputs_equal_a_full_runs(month, tmp_path, rendered):
    drop = month.inputs / "submissions"
    run_month(month, PERIOD, NOW)
    # A resubmission: AG-A's second file, with other lines.
    write_submission(
        drop / "a-again.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 70_000, "KS-01"), line(2, 5_000, "KS-02", disbursed=1_000), line(3, 1, "ZZ-9")],
        mtime=LATER,
    )
    _run_and_compare_with_full(month, NOW + dt.timedelta(hours=1), tmp_path, "resubmission")
    # A file of no lines replaces AG-B's file of lines.
    write_submission(drop / "b-blank.xlsx", "AG-B", "AREA-1", PERIOD, [], mtime=LATER)
    _run_and_compare_with_full(month, NOW + dt.timedelta(hours=2), tmp_path, "zero-lines")
    summary = json.loads((month.outputs / PERIOD / "summary.json").read_text())
    assert [c["agency_code"] for c in summary["zero_line_replacements"]] == ["AG-B"]
    # The plan changes: KS-01 needs more, KS-02 is gone (a-again.xlsx's line 2 now has a
    # plan item the plan does not have: its copy, the same file, has one mark more), KS-04
    # is added.
    copy = month.outputs / PERIOD / "feedback" / "AG-A_AREA-1_2026-11.xlsx"
    assert len(_marks(copy)) == 1
    write_plan(
        month.inputs,
        [
            plan_item(item="KS-01", required=120_000),
            plan_item(item="KS-03", required=0, priority=3),
            plan_item(item="KS-04", required=10_000, priority=4),
        ],
    )
    rendered.clear()
    _run_and_compare_with_full(month, NOW + dt.timedelta(hours=3), tmp_path, "plan")
    network = month.outputs / PERIOD / "reports" / "network_AREA-1.docx"
    assert "KS-04" in "\n".join(p.text for t in Document(network).tables for p in _cells(t))
    assert len(_marks(copy)) == 2
    # The registry changes: AG-C gets a short name, AG-D is new.
    write_registry(
        month.inputs,
        [
            agency("AG-A", "AREA-1"),
            agency("AG-B", "AREA-1"),
            {**agency("AG-C", "AREA-1"), "short_name": "อบต.ค"},
            agency("AG-D", "AREA-1"),
        ],
    )
    _run_and_compare_with_full(month, NOW + dt.timedelta(hours=4), tmp_path, "registry")
    assert (month.outputs / PERIOD / "reports" / "AG-D.docx").is_file()


def _marks(copy: Path) -> list[str]:
    """The cells of a feedback copy's lines that carry a comment."""
    sheet = load_workbook(copy)["รายการงบประมาณ"]
    return [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.comment]


def _cells(table):
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


def test_a_template_or_language_change_renders_the_reports_again(month, tmp_path, rendered):
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    month = dataclasses.replace(month, templates=templates)
    run_month(month, PERIOD, NOW)
    folder = month.outputs / PERIOD
    before = inodes(folder)
    rendered.clear()
    template = Document(templates / "th" / "agency.docx")
    template.add_paragraph("หมายเหตุของศูนย์")
    template.save(templates / "th" / "agency.docx")

    run_month(month, PERIOD, NOW + dt.timedelta(hours=1))

    assert sorted(rendered) == ["AG-A.docx", "AG-B.docx", "AG-C.docx"]  # not the summary
    assert "หมายเหตุของศูนย์" in [p.text for p in Document(folder / "reports/AG-A.docx").paragraphs]
    assert made_anew(before, folder) == {f"reports/{name}" for name in rendered}
    before = inodes(folder)
    rendered.clear()

    run_month(dataclasses.replace(month, lang="en"), PERIOD, NOW + dt.timedelta(hours=2))

    assert len(rendered) == 4  # every report, in English
    made = made_anew(before, folder)
    assert {n for n in made if n.startswith("reports/")} == {f"reports/{n}" for n in rendered}
    assert not {n for n in made if n.startswith("feedback/")}  # copies have no language


def test_a_full_run_makes_every_output_again(month, rendered):
    run_month(month, PERIOD, NOW)
    before = inodes(month.outputs / PERIOD)
    rendered.clear()

    run_month(month, PERIOD, NOW + dt.timedelta(hours=1), full=True)

    assert len(rendered) == 4
    assert made_anew(before, month.outputs / PERIOD) == set(before)


def test_an_output_replaced_in_place_since_is_made_again(month, rendered):
    run_month(month, PERIOD, NOW)
    folder = month.outputs / PERIOD
    # As an intake writes a new file's copy over the period's (`oneplan.month.intake`).
    copy = folder / "feedback" / "AG-A_AREA-1_2026-11.xlsx"
    replaced = copy.with_name("replaced.xlsx")
    shutil.copy(copy, replaced)
    tampered = replaced.read_bytes() + b"\0"  # not the copy the record names
    replaced.write_bytes(tampered)
    replaced.replace(copy)
    (folder / "reports" / "AG-B.docx").unlink()
    rendered.clear()

    run_month(month, PERIOD, NOW + dt.timedelta(hours=1))

    assert rendered == ["AG-B.docx"]
    assert copy.read_bytes() != tampered  # made again from a.xlsx
    assert PROBLEMS_SHEET in load_workbook(copy).sheetnames


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_pdfs_of_unchanged_reports_are_kept_and_the_others_converted(month, tmp_path):
    month = dataclasses.replace(month, pdf=True)
    run_month(month, PERIOD, NOW)
    folder = month.outputs / PERIOD
    pdfs = sorted(n for n in inodes(folder) if n.endswith(".pdf"))
    assert pdfs == [f"reports/{n}.pdf" for n in ("AG-A", "AG-B", "AG-C", "network_AREA-1")]
    (folder / "reports" / "AG-B.pdf").unlink()  # lost since: converted again, alone
    before = inodes(folder)

    result = run_month(month, PERIOD, NOW + dt.timedelta(hours=1))

    assert made_anew(before, folder) == {"reports/AG-B.pdf"}
    assert (folder / "reports" / "AG-B.pdf").read_bytes().startswith(b"%PDF")
    assert "PDFs: 1 written beside the reports. 3 more unchanged." in result.notes
    assert not [p for p in (folder / "reports").iterdir() if p.name.startswith(".")]
