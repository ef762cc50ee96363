"""The report templates and their documentation agree: every documented variable exists in
what the templates receive, every variable a template uses is documented, and PDFs are
made when LibreOffice is there (and the run says so when it is not)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from oneplan.month.run import run_month
from oneplan.report.agency_report import agency_context
from oneplan.report.context import ReportData
from oneplan.report.network_report import network_context
from oneplan.report.pdf import NOT_INSTALLED
from oneplan.settings import PROJECT_ROOT
from tests.builders import line, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
README = PROJECT_ROOT / "templates" / "README.md"


def documented() -> dict[str, list[tuple[str, list[str]]]]:
    """Per section (both / agency / network): (variable names of a row, names in its example)."""
    sections: dict[str, list] = {}
    current = None
    for text in README.read_text(encoding="utf-8").splitlines():
        if text.startswith("## "):
            current = {
                "## Both templates": "both",
                "## agency.docx": "agency",
                "## network.docx": "network",
            }.get(text)
            sections.setdefault(current, [])
        elif current and text.startswith("| `"):
            first, second = text.split("|")[1:3]
            names = []
            for name in re.findall(r"`([\w.]+)`", first):
                if name.startswith("."):  # `.committed` after `headline.required`
                    name = names[-1].rsplit(".", 1)[0] + name
                names.append(name)
            sections[current].append((names, re.findall(r"`([a-z_]+)`", second)))
    return sections


def resolve(context: dict, dotted: str):
    """A dotted name looked up as a template does: a key of the context, a record's field."""
    value = context
    for part in dotted.split("."):
        if isinstance(value, list):
            value = value[0]
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


@pytest.fixture
def contexts(month):
    run_month(month, "2026-10", NOW)
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -1, "KS-02")])
    result = run_month(month, PERIOD, NOW)
    data = ReportData(
        result.reconciliation,
        result.reference.plan.items,
        result.reference.registry.agencies,
        result.issues,
        "th",
        NOW.date(),
    )
    agency = agency_context(data, "AG-A")
    agency["area"] = agency["areas"][0]  # what `{% for area in areas %}` names it
    return {"agency": agency, "network": network_context(data, result.reconciliation.areas[0])}


def test_every_documented_variable_exists(contexts):
    sections = documented()
    assert sections["both"] and sections["agency"] and sections["network"]
    for kind in ("agency", "network"):
        for names, item_keys in sections["both"] + sections[kind]:
            for name in names:
                if name == "areas":
                    continue
                target = name if "." in name or name in contexts[kind] else f"area.{name}"
                value = resolve(contexts[kind], target)
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    item = value[0]
                    nested = [
                        v[0]
                        for v in item.values()
                        if isinstance(v, list) and v and isinstance(v[0], dict)
                    ]
                    for key in item_keys:
                        assert key in item or any(key in n for n in nested), (
                            f"{kind}: {name} items lack {key}"
                        )


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("kind", ["agency", "network"])
def test_every_variable_a_template_uses_is_documented(kind, lang):
    template = DocxTemplate(PROJECT_ROOT / "templates" / lang / f"{kind}.docx")
    used = template.get_undeclared_template_variables()
    names = {
        n.split(".")[0]
        for section in ("both", kind)
        for row, _ in documented()[section]
        for n in row
    }
    assert used <= names | {"coverage_chart"}, used - names


def test_network_report_holds_the_coverage_chart(month):
    run_month(month, PERIOD, NOW)
    document = DocxTemplate(month.outputs / PERIOD / "reports" / "network_AREA-1.docx")
    document.init_docx()
    images = [r for r in document.docx.part.rels.values() if "image" in r.reltype]
    assert len(images) == 1
    assert images[0].target_part.blob.startswith(b"\x89PNG")


def test_pdf_copies_when_libreoffice_is_installed(month):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make system-deps installs it)")
    result = run_month(dataclasses.replace(month, pdf=True), PERIOD, NOW)
    reports = month.outputs / PERIOD / "reports"
    pdfs = sorted(p.name for p in reports.glob("*.pdf"))
    assert pdfs == sorted(p.with_suffix(".pdf").name for p in reports.glob("*.docx"))
    assert all((reports / name).read_bytes().startswith(b"%PDF") for name in pdfs)
    assert result.notes == [f"PDFs: {len(pdfs)} written beside the reports."]


def test_the_run_says_clearly_when_libreoffice_is_missing(month, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run_month(dataclasses.replace(month, pdf=True), PERIOD, NOW)
    assert result.notes == [NOT_INSTALLED]
    assert not list((month.outputs / PERIOD / "reports").glob("*.pdf"))
    assert Path(month.outputs / PERIOD / "reports" / "AG-A.docx").is_file()
