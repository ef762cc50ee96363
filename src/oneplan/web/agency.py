"""The agency's pages, opened with its private link (`/a/<token>`): its page (upload form,
what it sent, whether it reported on time period by period and whether each period is
closed, its outputs, its plan's needs, the blank template of the month being reported),
the upload itself, the feedback workbook of a check and the agency's own output
files. The blank template's own page and download are `blank_form.py`'s."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from oneplan.web import access, period_view
from oneplan.web.closing_view import closings, in_force
from oneplan.web.pages import Pages, area_names
from oneplan.web.timeliness_view import agency_timeliness
from oneplan.web.upload import (
    MAX_UPLOAD_BYTES,
    UploadResult,
    check_folder,
    check_upload,
    refusal_before_reading,
)
from oneplan.web.words import refusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSAL_STATUS = {"too_large": 413, "not_workbook": 415}


class AgencyPages(Pages):
    """The pages an agency's private link opens."""

    def agency(self, request: Request) -> str | None:
        return access.agency_of(self.ledger, request.path_params["token"], self.secret)

    async def agency_page(self, request: Request) -> Response:
        agency = self.agency(request)
        if agency is None:
            return self.message(request, "bad_link", 404)
        return await run_in_threadpool(self._agency_page, request, agency, None, 200)

    def _agency_page(
        self, request: Request, agency: str, result: UploadResult | None, status: int
    ) -> Response:
        reference = self.reference()
        row = reference.registry.agencies.set_index("agency_code").loc[agency]
        areas = list(row["areas"] or [])
        names = area_names(reference)
        latest = period_view.output_periods(self.settings)
        lang = self.lang(request)
        reported = self.month_reported()  # the blank template offered first
        context = {
            "agency": agency,
            "agency_name": row["name_th"],
            "areas": [(a, names.get(a, a)) for a in areas],
            "token": request.path_params["token"],
            "limit_mb": MAX_UPLOAD_BYTES // 2**20,
            "result": result,
            "refusal": _refusal_text(result, lang, agency),
            "history": list(reversed(self.ledger.history(agency)["files"])),
            "outputs": period_view.agency_outputs(self.settings, agency, areas),
            "needs": [
                (a, names.get(a, a), period_view.plan_needs(self.settings, latest[0], a, lang))
                for a in areas
            ]
            if latest
            else [],
            "area_names": names,
            "template_period": reported,
            "template_deadline": self.deadline_text(reported, lang, agency),
            # A closed month (or all the agency's areas of it): a file sent now does not count.
            "template_closed": self.ledger.closings_in_force(reported).final_for(areas) is not None,
            "reporting": self.reporting(reference, agency, reported, lang),
        }
        return self.render(request, "agency.html", context, status)

    def reporting(self, reference, agency: str, reported: str, lang: str) -> list[dict]:
        """The agency's status in each of its areas, recent periods first
        (`timeliness_view.agency_timeliness`), each with the closing that holds it, if any."""
        rows = agency_timeliness(
            self.settings, reference, self.ledger, agency, reported, self.now(), lang
        )
        zone = self.settings.timezone
        closed = {p: closings(self.ledger, p, zone, lang, "") for p in {r.period for r in rows}}
        return [{"status": r, "closed": in_force(*closed[r.period], r.area_code)} for r in rows]

    async def upload(self, request: Request) -> Response:
        agency = self.agency(request)
        if agency is None:
            return self.message(request, "bad_link", 404)
        declared = int(request.headers.get("content-length") or 0)
        if declared > MAX_UPLOAD_BYTES + 2**20:  # refused before the body is read
            result = UploadResult("refused", "too_large", {"limit_mb": MAX_UPLOAD_BYTES // 2**20})
            return await run_in_threadpool(self._agency_page, request, agency, result, 413)
        form = await request.form(max_files=1, max_fields=4)
        if not access.csrf_ok(request.session, form.get("csrf")):
            return self.message(request, "csrf", 403)
        upload = form.get("workbook")
        if not isinstance(upload, UploadFile) or not upload.filename:
            result = UploadResult("refused", "no_file")
            return await run_in_threadpool(self._agency_page, request, agency, result, 400)
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        result = refusal_before_reading(upload.filename, len(data))
        if result is None:
            suffix = Path(upload.filename).suffix.lower()
            result = await run_in_threadpool(
                check_upload,
                self.settings,
                self.reference(),
                agency,
                data,
                suffix,
                dt.datetime.now(dt.UTC),
            )
            for period in result.periods:
                self.runs.start(period)
            if result.damage is not None:
                # The coordinator is told (their page), and `serve`'s intake tries again
                # with back-off until the archive is restored, then takes the file in.
                self.damage.report(result.damage)
                if self.refresher is not None:
                    self.refresher.request()
        status = REFUSAL_STATUS.get(result.refusal, 400) if result.outcome == "refused" else 200
        return await run_in_threadpool(self._agency_page, request, agency, result, status)

    async def check_feedback(self, request: Request) -> Response:
        agency = self.agency(request)
        if agency is None:
            return self.message(request, "bad_link", 404)
        check_id = request.path_params["check_id"]
        path = check_folder(self.settings, agency, check_id) / "feedback.xlsx"
        if not re.fullmatch(r"[0-9a-f]{16}", check_id) or not path.is_file():
            return self.message(request, "no_file_here", 404)
        return FileResponse(
            path, media_type=XLSX, filename=f"feedback_{agency}_{check_id[:8]}.xlsx"
        )

    async def agency_output(self, request: Request) -> Response:
        agency = self.agency(request)
        if agency is None:
            return self.message(request, "bad_link", 404)
        period, part, name = (request.path_params[k] for k in ("period", "part", "name"))
        reference = self.reference()
        areas = reference.registry.agencies.set_index("agency_code").loc[agency, "areas"] or []
        own = [
            o
            for o in period_view.agency_outputs(self.settings, agency, list(areas))
            if o["period"] == period
        ]
        allowed = (own[0]["feedback"] if part == "feedback" else [own[0]["report"]]) if own else []
        allowed = allowed if part in ("reports", "feedback") else []  # its own parts only
        path = (
            period_view.output_file(self.settings, period, part, name) if name in allowed else None
        )
        if path is None:
            return self.message(request, "no_file_here", 404)
        return FileResponse(path, filename=name)


def _refusal_text(result: UploadResult | None, lang: str, agency: str) -> str:
    if result is None or result.outcome != "refused":
        return ""
    return refusal(lang, result.refusal, agency=agency, **result.details)
