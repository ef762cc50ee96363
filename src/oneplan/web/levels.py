"""The coordinator's drill-down pages, behind the same sign-in as the month's page: a
province's (`/coordinator/province/<period>/<province>`) and a district's
(`/coordinator/district/<period>/<province>/<district>`), each with its figures and the
places under it, down to the areas' cards on the month's page. What they show is
`levels_view`'s; the month's page lists the provinces (`levels_view.by_province`)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from oneplan.read.reference import ReferenceInputError
from oneplan.values.periods import is_period
from oneplan.web import levels_view
from oneplan.web.coordinator import CoordinatorPages
from oneplan.web.pages import area_names


class LevelPages(CoordinatorPages):
    """A province's and a district's page of a period."""

    async def province_page(self, request: Request) -> Response:
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        return await run_in_threadpool(self._place_page, request, "province")

    async def district_page(self, request: Request) -> Response:
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        return await run_in_threadpool(self._place_page, request, "district")

    def _place_page(self, request: Request, kind: str) -> Response:
        """The page of the place the address names; 404 when the period's run has none."""
        period = request.path_params["period"]
        if not is_period(period):
            return self.message(request, "not_found", 404)
        lang = self.lang(request)
        try:
            reference = self.reference()
        except ReferenceInputError as problem:
            where = f"{problem.path}: {problem.problem_in(lang)}"
            return self.message(request, "unreadable_plan", 500, problem=where)
        names = area_names(reference)
        province = request.path_params["province"]
        if kind == "province":
            place = levels_view.province_details(self.settings, period, province, names, lang)
        else:
            parts = (province, request.path_params["district"])
            hierarchy = reference.plan.hierarchy
            place = levels_view.district_details(
                self.settings, period, parts, names, hierarchy, lang
            )
        if place is None:
            return self.message(request, "not_found", 404)
        # The language switch leads to this page's own address: the path as read is
        # decoded, and a name's `/`, `%`, `?` or `#` would not lead back here.
        context = {"period": period, "place": place, "kind": kind, "path": place.level.page}
        return self.render(request, f"{kind}.html", context)
