"""The blank template of an agency's private link: its page (`/a/<token>/template`) and
the download (`/a/<token>/template/<area>?period=…`).

The month is the one asked (`?period=`, in any form a workbook's period cell accepts), else
the month being reported now (`month.today.month_reported_now`: last month until its
deadline has passed, then this one), so that a clerk late with November's figures on
6 December still gets a November form. The page offers this month and the three before
it, by their Thai names, and shows the chosen month's deadline."""

from __future__ import annotations

import io

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from oneplan.forms.submission_template import TemplateUnavailable, template_for
from oneplan.month.today import deadline_of
from oneplan.values.periods import PeriodError, format_period
from oneplan.web.agency import XLSX, AgencyPages
from oneplan.web.pages import area_names, asked_period

EARLIER_MONTHS = 3  # the page offers this month and the three before it


def recent_months(this_month: str, earlier: int = EARLIER_MONTHS) -> list[str]:
    """`this_month` and the `earlier` months before it, latest first."""
    year, month = (int(part) for part in this_month.split("-"))
    months = []
    for _ in range(earlier + 1):
        months.append(format_period(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


class TemplatePages(AgencyPages):
    """The blank template's page and download."""

    def template_period(self, request: Request) -> str:
        """The month asked (`?period=`), else the month being reported now; raises
        PeriodError when the month asked cannot be read."""
        return asked_period(request.query_params.get("period")) or self.month_reported()

    def agency_and_period(self, request: Request) -> tuple[str, str] | Response:
        """The link's agency and the month asked, or the page that says what is wrong."""
        agency = self.agency(request)
        if agency is None:
            return self.message(request, "bad_link", 404)
        try:
            return agency, self.template_period(request)
        except PeriodError:
            return self.bad_period(request, request.query_params.get("period", ""))

    async def template_page(self, request: Request) -> Response:
        asked = self.agency_and_period(request)
        if isinstance(asked, Response):
            return asked
        return await run_in_threadpool(self._template_page, request, *asked)

    def _template_page(self, request: Request, agency: str, period: str) -> Response:
        reference = self.reference()
        row = reference.registry.agencies.set_index("agency_code").loc[agency]
        names = area_names(reference)
        lang = self.lang(request)
        offered = recent_months(self.now_month())
        context = {
            "agency": agency,
            "agency_name": row["name_th"],
            "token": request.path_params["token"],
            "period": period,
            "periods": sorted(set(offered) | {period}, reverse=True),
            "reported_now": self.month_reported(),
            "deadline": self.deadline_text(period, lang, agency),
            "late": self.now() > deadline_of(period, self.settings, reference.registry, agency),
            "areas": [(a, names.get(a, a)) for a in row["areas"] or []],
        }
        return self.render(request, "template.html", context)

    async def template_download(self, request: Request) -> Response:
        asked = self.agency_and_period(request)
        if isinstance(asked, Response):
            return asked
        agency, period = asked
        area = request.path_params["area"]
        reference = self.reference()
        areas = reference.registry.agencies.set_index("agency_code").loc[agency, "areas"] or []
        if area not in areas:
            return self.message(request, "no_file_here", 404)
        try:
            book = template_for(reference.plan, reference.registry, agency, area, period)
        except TemplateUnavailable:
            return self.message(request, "no_file_here", 404)
        buffer = io.BytesIO()
        book.save(buffer)
        name = f"template_{agency}_{area}_{period}.xlsx"
        return Response(
            buffer.getvalue(),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
