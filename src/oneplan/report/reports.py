"""Word reports: one per agency with a status, one network summary per area.

Templates are `.docx` files in `templates/<lang>/` (`agency.docx`, `network.docx`) that a
coordinator can edit in Word; `templates/README.md` lists every variable they can use.
Each process prepares each template once (`renderer_for`) and renders every report of the
batches it is given; a batch builds its reports' contexts from the part of the month they
show (`ReportData.part_for`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from oneplan.report.charts import coverage_chart
from oneplan.report.context import (
    ReportData,
    by_priority,
    change,
    in_words,
    missing,
    money,
    percent,
    period_text,
    text,
)
from oneplan.report.docx.compiled import CompiledTemplate, Picture, compilable, may_list
from oneplan.report.labels import label


def agency_context(data: ReportData, agency_code: str) -> dict:
    shares = data.shares
    registry_row = data.registry_rows.get(agency_code)
    areas = []
    for row in data.part("agencies", agency_code):
        lines = data.part("lines", (agency_code, row.area_code))
        items = data.part("plan_items", row.area_code)
        co_funded = [
            {
                **data.item_row(item),
                "partners": shares[(row.area_code, item.plan_item_id)],
                "partners_text": ", ".join(
                    f"{p['agency_name']} ({p['share']})"
                    for p in shares[(row.area_code, item.plan_item_id)]
                ),
            }
            for item in data.co_funded_items(row.area_code)
            if agency_code in item.agencies.split(", ")
        ]
        categories = list(registry_row["categories"] or []) if registry_row is not None else []
        if not categories:
            funded = {line.plan_item_id for line in lines if line.alignment == "aligned"}
            categories = sorted({i.category for i in items if i.plan_item_id in funded})
        waiting = [i for i in data.open_items(row.area_code) if i.category in categories]
        area_issues = data.issues_of.get((agency_code, row.area_code), [])
        areas.append(
            {
                "area_code": row.area_code,
                "area_name": data.area_names.get(row.area_code, row.area_code),
                "status": label(row.status, data.lang),
                "status_code": row.status,
                "source_period": period_text(row.source_period, data.lang),
                "source_file": text(row.source_file),
                "lines_count": int(row.lines),
                "rejected_rows": int(row.rejected_rows),
                "total_budget": money(row.total_budget),
                "total_budget_words": in_words(int(row.total_budget), data.lang),
                "aligned_budget": money(row.aligned_budget),
                "unaligned_budget": money(row.unaligned_budget),
                "alignment_ratio": percent(row.alignment_ratio),
                "disbursed": money(row.disbursed),
                "disbursement_rate": percent(row.disbursement_rate),
                "previous_status": label(row.previous_status, data.lang),
                "lines": [
                    {
                        "line_no": str(int(line.line_no)),
                        "plan_item_id": text(line.plan_item_id),
                        "activity": line.activity,
                        "category": text(line.category),
                        "budget": money(line.budget),
                        "disbursed": money(line.disbursed),
                        "support_type": label(line.support_type, data.lang),
                        "alignment": label(line.alignment, data.lang),
                    }
                    for line in lines
                ],
                "co_funded": co_funded,
                "opportunities": [data.item_row(item) for item in waiting],
                "issues": data.issue_rows(area_issues),
            }
        )
    return {
        **data.common(),
        "agency": {
            "code": agency_code,
            "name": data.agency_name(agency_code),
            "contact": (registry_row["contact"] or "") if registry_row is not None else "",
        },
        "areas": areas,
    }


def network_context(data: ReportData, area: dict) -> dict:
    result = data.result
    code = area["area_code"]
    items = sorted(data.part("plan_items", code), key=by_priority)
    agencies = data.part("agencies_in_area", code)
    shares = data.shares
    outside = []
    for agency in (a for a in agencies if a.unaligned_budget > 0):
        own = [
            line
            for line in data.part("lines", (agency.agency_code, code))
            if line.alignment != "aligned"
        ]
        outside.append(
            {
                "agency_code": agency.agency_code,
                "agency_name": data.agency_name(agency.agency_code),
                "lines_count": len(own),
                "unaligned_budget": money(agency.unaligned_budget),
                "activities": ", ".join(line.activity for line in own),
            }
        )
    changes = [
        {
            **data.item_row(item),
            "committed_change": change(item.committed_change),
            "disbursed_change": change(item.disbursed_change),
        }
        for item in items
        if (not missing(item.committed_change) and item.committed_change != 0)
        or (not missing(item.disbursed_change) and item.disbursed_change != 0)
    ]
    status_changes = [
        {
            "agency_name": data.agency_name(a.agency_code),
            "previous_status": label(a.previous_status, data.lang),
            "status": label(a.status, data.lang),
        }
        for a in agencies
        if result.previous_period and a.previous_status != a.status
    ]
    area_categories = data.part("categories", code)
    return {
        **data.common(),
        "chart_rows": [(c.category, c.coverage) for c in area_categories],
        "plan_issues": data.issue_rows(data.reference_issues),
        "area": {"code": code, "name": data.area_names.get(code, code)},
        "headline": {
            "required": money(area["required"]),
            "committed": money(area["committed"]),
            "covered": money(area["covered"]),
            "gap": money(area["gap"]),
            "coverage": percent(area["coverage"]),
            "aligned_share": percent(area["aligned_share"]),
            "required_words": in_words(area["required"], data.lang),
            "committed_words": in_words(area["committed"], data.lang),
            "gap_words": in_words(area["gap"], data.lang),
            "co_funded_items": area["co_funded_items"],
            # Not "items": in a template, `headline.items` would be the dict's method.
            "item_counts": dict(area["items"]),
            "agency_counts": dict(area["agencies"]),
        },
        "categories": [
            {
                "category": c.category,
                "required": money(c.required),
                "committed": money(c.committed),
                "covered": money(c.covered),
                "gap": money(c.gap),
                "coverage": percent(c.coverage),
            }
            for c in area_categories
        ],
        "items": [data.item_row(item) for item in items],
        "co_funded": [
            {
                **data.item_row(item),
                "partners_text": ", ".join(
                    f"{p['agency_name']} {p['budget']} ({p['share']})"
                    for p in shares[(code, item.plan_item_id)]
                ),
            }
            for item in items
            if item.co_funded
        ],
        "outside_plan": outside,
        "submissions": [
            {
                "agency_code": a.agency_code,
                "agency_name": data.agency_name(a.agency_code),
                "status": label(a.status, data.lang),
                "source_period": period_text(a.source_period, data.lang),
                "lines_count": int(a.lines),
                "total_budget": money(a.total_budget),
                "alignment_ratio": percent(a.alignment_ratio),
            }
            for a in agencies
        ],
        "changes": changes,
        "status_changes": status_changes,
    }


CHART_TEXT = {
    "th": ("ความครอบคลุมของแผนรายหมวด", "ร้อยละของงบที่ต้องการที่ได้รับการสนับสนุน"),
    "en": ("Plan coverage by category", "percent of the required budget that is covered"),
}

_DICT_ATTRIBUTES = frozenset(dir(dict))


class _CompileOnceEnvironment(jinja2.Environment):
    """A Jinja environment that compiles each template source once, and finds a dict's
    keys without an exception.

    docxtpl hands the same (patched) XML of a template to `from_string` for every report;
    compiling it is a large share of a report's time.
    """

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        # `line.budget`: Jinja tries the attribute first, which for a dict (every row of a
        # report's context) fails with an exception before the key is looked up; a few ms
        # of a 250-line report. The same lookup, without the exception.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            template = super().from_string(source)
            # The compiled template escapes every value it prints with the `escape` of its
            # module's namespace: markupsafe's, which for a plain string builds its Markup
            # through Python code (a third of a microsecond, ten million times a month).
            namespace = template.root_render_func.__globals__
            if namespace.get("escape") is markupsafe.escape:
                namespace["escape"] = _escape
            self._compiled[source] = template
        return self._compiled[source]


def _escape(value: Any) -> markupsafe.Markup:
    """`markupsafe.escape`: the same Markup, made at C speed for a plain string."""
    if value.__class__ is str:
        return _new_string(markupsafe.Markup, markupsafe._escape_inner(value))
    return markupsafe.escape(value)


_new_string = str.__new__


class _Template(DocxTemplate):
    """docxtpl's template, with the work that is the same for every report done once:
    patching a part's XML for Jinja, and rewriting text with no line break to itself."""

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
        self.paths = {"agency": folder / "agency.docx", "network": folder / "network.docx"}
        for path in self.paths.values():
            if not path.is_file():
                raise FileNotFoundError(f"report template missing: {path}")
        # autoescape: text from workbooks (`<`, `&`) stays text in the XML.
        self.jinja = _CompileOnceEnvironment(autoescape=True)
        self._compiled: dict[str, CompiledTemplate | None] = {}

    def render(self, kind: str, context: dict, target: Path) -> None:
        if kind == "network":
            title, axis = CHART_TEXT[self.lang]
            chart = Picture(coverage_chart(context["chart_rows"], title, axis), Mm(150))
            context = {**context, "coverage_chart": chart}
        compiled = self._template(kind)
        if compiled is not None:
            compiled.render(context, target)
            return
        template = _Template(self.paths[kind])
        context = {
            name: InlineImage(template, io.BytesIO(value.blob), width=value.width)
            if isinstance(value, Picture)
            else value
            for name, value in context.items()
        }
        template.render(context, self.jinja)
        template.save(target)

    def _template(self, kind: str) -> CompiledTemplate | None:
        if kind not in self._compiled:
            path = self.paths[kind]
            self._compiled[kind] = CompiledTemplate(path, self.jinja) if compilable(path) else None
        return self._compiled[kind]


@dataclass
class ReportBatch:
    """Reports to render together: (kind, agency or area code), and the month's data they
    show (all of it, or the part they need when there are several batches)."""

    reports: list[tuple[str, str]]
    data: ReportData

    @classmethod
    def part_of(cls, data: ReportData, reports: list[tuple[str, str]]) -> ReportBatch:
        """`reports` with only the part of the month they show."""
        agencies = {code for kind, code in reports if kind == "agency"}
        areas = {code for kind, code in reports if kind == "network"}
        return cls(reports, data.part_for(agencies, areas))


def reports_of(data: ReportData) -> list[tuple[str, str]]:
    """Every report of the run: one per agency with a status, one network summary per area."""
    reports = [("agency", code) for code in sorted(set(data.result.agencies["agency_code"]))]
    return reports + [("network", area["area_code"]) for area in data.result.areas]


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
) -> list[Path]:
    """Build each report's context and render it, within `around_rendering()` (the month
    keeps the cycle collector off the batch's data there)."""
    data = batch.data
    data.index()
    renderer = renderer_for(templates_dir, data.lang)
    areas = {area["area_code"]: area for area in data.result.areas}
    written = []
    with around_rendering():
        for kind, code in batch.reports:
            if kind == "agency":
                context, target = agency_context(data, code), reports_dir / f"{code}.docx"
            else:
                context = network_context(data, areas[code])
                target = reports_dir / f"network_{code}.docx"
            renderer.render(kind, context, target)
            written.append(target)
    return written
