"""Word reports: one per agency with a status, one network summary per area.

Templates are `.docx` files in `templates/<lang>/` (`agency.docx`, `network.docx`) that a
coordinator can edit in Word; `templates/README.md` lists every variable they can use.
Each process prepares each template once (`renderer_for`) and renders every report of the
batches it is given; a batch builds its reports' contexts from the part of the month they
show (`ReportData.part_for`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from oneplan.report.agency_report import agency_context
from oneplan.report.charts import coverage_chart
from oneplan.report.context import ReportData
from oneplan.report.docx.compiled import CompiledTemplate, compilable, may_list
from oneplan.report.docx.pictures import Picture
from oneplan.report.docx.properties import DocumentProperties
from oneplan.report.fingerprints import ReportInputs
from oneplan.report.issuer import data_moment
from oneplan.report.level_files import LEVEL_KINDS, level_areas, level_reports, report_file
from oneplan.report.level_report import level_context
from oneplan.report.network_report import network_context
from oneplan.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

# The templates oneplan starts with (`scripts/build_templates.py`).
STARTING_TEMPLATES = PROJECT_ROOT / "templates"
CHART_WIDTH = Mm(140)  # the coverage chart on the network summary's first page
CHART_TEXT = {
    "th": ("ความครอบคลุมของแผนรายหมวด", "ร้อยละของงบที่ต้องการที่ได้รับการสนับสนุน"),
    "en": ("Plan coverage by category", "percent of the required budget that is covered"),
}


class CompileOnceEnvironment(jinja2.Environment):
    """A Jinja environment that compiles each template source once.

    docxtpl hands the same (patched) XML of a template to `from_string` for every report;
    compiling it is a large share of a report's time. Only `from_string`, a documented
    method of Jinja's environment, is overridden: escaping and attribute lookup are Jinja's.
    (A faster escape of plain strings and a dict lookup without an exception once saved
    7-9% of the CPU time of `benchmarks/render_reports.py`, within the machine's noise;
    they took markupsafe's private `_escape_inner` and overrode `Environment.getattr`,
    which Jinja does not document as a method to override, so they were given up.)
    """

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


class _Template(DocxTemplate):
    """docxtpl's template, with the work that is the same for every report done once:
    patching a part's XML for Jinja, and rewriting text with no line break to itself
    (steps of docxtpl's `render`, which is why docxtpl is pinned: see
    `oneplan.report.docx.compiled`)."""

    _patched: dict[str, str] = {}  # a part's XML -> patched for Jinja (per process)

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in self._patched:
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]

    def resolve_listing(self, xml: str) -> str:
        return super().resolve_listing(xml) if may_list(xml) else xml


class ReportRenderer:
    """Renders reports from the templates of one language (prepared once per process).

    A template with Jinja only in its body is compiled once (`CompiledTemplate`); one with
    Jinja elsewhere too (a header, say) is rendered by docxtpl for every report.
    """

    def __init__(self, templates_dir: Path, lang: str):
        folder = templates_dir / lang
        self.lang = lang
        self.paths = {
            "agency": folder / "agency.docx",
            "network": folder / "network.docx",
            # A province's or district's (`level_report`): a folder of templates made
            # before there were such reports takes the starting one.
            "level": _own_or_starting(folder, "level.docx"),
        }
        for path in self.paths.values():
            if not path.is_file():
                raise FileNotFoundError(f"report template missing: {path}")
        # What a report's inputs hash takes of its template: its bytes, and the language.
        self.template_hashes = {
            kind: [lang, hashlib.sha256(path.read_bytes()).hexdigest()]
            for kind, path in self.paths.items()
        }
        # autoescape: text from workbooks (`<`, `&`) stays text in the XML.
        self.jinja = CompileOnceEnvironment(autoescape=True)
        self._compiled: dict[str, CompiledTemplate | None] = {}
        self._titles: dict[str, str] = {}

    def render(
        self, kind: str, context: dict, target: Path, properties: DocumentProperties | None = None
    ) -> None:
        kind = template_of(kind)
        if kind in ("network", "level"):
            _, axis = CHART_TEXT[self.lang]  # the report's heading is the chart's title
            chart = Picture(coverage_chart(context["chart_rows"], "", axis), CHART_WIDTH)
            context = {**context, "coverage_chart": chart}
        compiled = self.template(kind)
        if compiled is not None:
            compiled.render(context, target, properties)
            return
        template = _Template(self.paths[kind])
        context = {
            name: InlineImage(template, io.BytesIO(value.blob), width=value.width)
            if isinstance(value, Picture)
            else value
            for name, value in context.items()
        }
        template.render(context, self.jinja)
        if properties is not None:
            properties.apply(template.docx.core_properties)
        template.save(target)

    def properties(self, kind: str, context: dict, author: str, moment) -> DocumentProperties:
        """A report's document properties: the template's title with whom or where the
        report is of and its month, `author`, and `moment` as created and modified."""
        kind = template_of(kind)
        subject = {
            "agency": lambda: context["agency"].name,
            "network": lambda: context["area"].name,
            "level": lambda: context["place"].name,
        }[kind]()
        if kind not in self._titles:
            compiled = self.template(kind)
            self._titles[kind] = (
                compiled.title if compiled else Document(self.paths[kind]).core_properties.title
            )
        parts = (self._titles[kind], subject, context["period_text"])
        return DocumentProperties(" – ".join(p for p in parts if p), author, moment)

    def template(self, kind: str) -> CompiledTemplate | None:
        """The `kind` template compiled once (prepared at its first report), or None when
        docxtpl renders it for every report (it holds Jinja outside its body)."""
        if kind not in self._compiled:
            path = self.paths[kind]
            self._compiled[kind] = CompiledTemplate(path, self.jinja) if compilable(path) else None
        return self._compiled[kind]


@dataclass
class ReportBatch:
    """Reports to render together: (kind, agency or area code), the month's data they
    show (all of it, or the part they need when there are several batches), and each
    report's inputs hash (`oneplan.report.fingerprints`) by (kind, code)."""

    reports: list[tuple[str, str]]
    data: ReportData
    inputs: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def part_of(
        cls, data: ReportData, reports: list[tuple[str, str]], inputs: dict | None = None
    ) -> ReportBatch:
        """`reports` with only the part of the month they show."""
        agencies = {code for kind, code in reports if kind == "agency"}
        areas = {code for kind, code in reports if kind == "network"}
        return cls(reports, data.part_for(agencies, areas), inputs or {})


def _own_or_starting(folder: Path, name: str) -> Path:
    """The template `name` of `folder`, else oneplan's starting one of that language."""
    own = folder / name
    if own.is_file():
        return own
    log.info("%s has no %s: the starting one of oneplan is used", folder, name)
    return STARTING_TEMPLATES / folder.name / name


def reports_of(data: ReportData) -> list[tuple[str, str]]:
    """Every report of the run: one per agency with a status, one network summary per area,
    one per province the plan names (and per district, when the settings ask)."""
    reports = [("agency", code) for code in sorted(set(data.result.agencies["agency_code"]))]
    reports += [("network", area["area_code"]) for area in data.result.areas]
    return reports + level_reports(data.result.rollups, data.district_reports)


def template_of(kind: str) -> str:
    """The template a kind of report is rendered from: a province's and a district's are
    both `level`."""
    return "level" if kind in LEVEL_KINDS else kind


def report_name(kind: str, code: str) -> str:
    """A report's file name in `reports/`."""
    if kind == "agency":
        return f"{code}.docx"
    if kind == "network":
        return f"network_{code}.docx"
    return report_file(kind, code)


def renderer_for(templates_dir: Path, lang: str) -> ReportRenderer:
    """The renderer of these templates in this process: prepared once for every batch
    rendered here (preparing a template takes a tenth of a second), and again when a
    template file changes."""
    folder = templates_dir / lang
    versions = tuple(
        (path.name, found.st_mtime_ns, found.st_size)
        for path in sorted(folder.glob("*.docx"))
        for found in [path.stat()]
    )
    return _renderer(templates_dir, lang, versions)


@functools.lru_cache(maxsize=4)
def _renderer(templates_dir: Path, lang: str, versions: tuple) -> ReportRenderer:
    return ReportRenderer(templates_dir, lang)


def render_batch(
    batch: ReportBatch,
    templates_dir: Path,
    reports_dir: Path,
    around_rendering: Callable[[], AbstractContextManager] = nullcontext,
) -> list[tuple[str, str, bool]]:
    """Build each report's context and render it, within `around_rendering()` (the month
    keeps the cycle collector off the batch's data there). Each report's name
    (`reports/<file>`), inputs hash (the batch's, else found here) and True (rendered)."""
    data = batch.data
    data.index()
    renderer = renderer_for(templates_dir, data.lang)
    inputs = batch.inputs or report_inputs(data, renderer, batch.reports)
    areas = {area["area_code"]: area for area in data.result.areas}
    # Every report's properties: the centre as author (else oneplan) and the moment the
    # report's data date from as its times (the same data, the same documents).
    author = data.issuer.centre_name or "oneplan"
    written = []
    with around_rendering():
        for kind, code in batch.reports:
            target = reports_dir / report_name(kind, code)
            if kind == "agency":
                context = agency_context(data, code)
                issuer = data.issuer.for_report(code, [a.area_code for a in context["areas"]])
            elif kind == "network":
                context = network_context(data, areas[code])
                issuer = data.issuer.for_report(areas=[code])
            else:
                context = level_context(data, kind, code)
                issuer = data.issuer.for_report(areas=level_areas(data.result.rollups, code))
            properties = renderer.properties(kind, context, author, data_moment(issuer))
            renderer.render(kind, context, target, properties)
            written.append((f"{reports_dir.name}/{target.name}", inputs[(kind, code)], True))
    return written


def report_inputs(
    data: ReportData, renderer: ReportRenderer, reports: list[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The inputs hash of each of `reports` (`oneplan.report.fingerprints`)."""
    found = ReportInputs(data, renderer.template_hashes)
    by_kind = {"agency": found.agency, "network": found.network}
    return {
        (kind, code): by_kind[kind](code) if kind in by_kind else found.level(kind, code)
        for kind, code in reports
    }
