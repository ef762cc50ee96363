"""The coordinator's buttons that close a period, or one area of it, and reopen it: the
page's counterpart of `oneplan close` and `oneplan reopen`, with the same refusals.

Closing runs the period a last time (it can take a while), in the background as "run now"
does (`runs.PeriodRuns`), the closing recorded by that run once its outputs are in place.
Reopening is the ledger's record (who, when, why), then a run, so that the period's figures
count the files that arrived after its closing. Both are recorded as made by
`closing_view.BY_THE_PAGES`."""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from oneplan.ledger.closures import ClosureRecord
from oneplan.read.reference import ReferenceInputError
from oneplan.web.closing_view import BY_THE_PAGES
from oneplan.web.coordinator import CoordinatorPages
from oneplan.web.words import words


class ClosingPages(CoordinatorPages):
    """Closing and reopening a period or an area, from the coordinator's page."""

    async def close_period(self, request: Request) -> Response:
        asked = await self._asked(request)
        if isinstance(asked, Response):
            return asked
        period, area, _ = asked
        refused = await run_in_threadpool(self._closing_refused, request, period, area)
        if refused is not None:
            return refused
        self.runs.start(period, closing_by=BY_THE_PAGES, closing_area=area)
        return RedirectResponse(f"/coordinator?period={period}", status_code=303)

    async def reopen_period(self, request: Request) -> Response:
        asked = await self._asked(request)
        if isinstance(asked, Response):
            return asked
        period, area, reason = asked
        refused = await run_in_threadpool(self._reopening_refused, request, period, area, reason)
        if refused is not None:
            return refused
        record = ClosureRecord(
            period, "reopen", BY_THE_PAGES, dt.datetime.now(dt.UTC), reason, None, area
        )
        await run_in_threadpool(self.ledger.record_closure, record)
        self.runs.start(period)  # the files that arrived after the closing count now
        return RedirectResponse(f"/coordinator?period={period}", status_code=303)

    async def _asked(self, request: Request) -> tuple[str, str | None, str] | Response:
        """The period, area (None: the whole period) and reason the form sent, once the
        sign-in and the form's CSRF token are checked; else the answer."""
        posted = await self.posted_period(request, max_fields=5)
        if isinstance(posted, Response):
            return posted
        form, period = posted
        area = str(form.get("area") or "").strip() or None
        return period, area, str(form.get("reason") or "").strip()

    def _closing_refused(self, request: Request, period: str, area: str | None) -> Response | None:
        """Why `period` (its `area`) cannot be closed now, as the page says it; None if it can."""
        unknown = self._unknown_area(request, period, area)
        if unknown is not None:
            return unknown
        closed = self.ledger.closure(period) or (area and self.ledger.closure(period, area))
        if closed:
            key = "already_closed" if closed.area_code is None else "area_already_closed"
            at = self._local_time(closed.recorded_at, self.lang(request))
            by = self._who(closed.recorded_by, request)
            return self.refusal(request, key, 409, period, area=area, at=at, by=by)
        under_way = [ask for ask in self.runs.closing(period) if ask.closing_area in (None, area)]
        if under_way:
            whole = any(ask.closing_area is None for ask in under_way)
            key = "closing_under_way" if whole else "area_closing_under_way"
            return self.refusal(request, key, 409, period, area=area)
        return None

    def _reopening_refused(
        self, request: Request, period: str, area: str | None, reason: str
    ) -> Response | None:
        """Why `period` (its `area`) cannot be reopened, as `oneplan reopen` says it."""
        if self.ledger.closure(period, area) is None:
            areas = ", ".join(self.ledger.closed_areas(period))
            if area is None and areas:
                return self.refusal(request, "areas_closed_instead", 409, period, areas=areas)
            key = "not_closed" if area is None else "area_not_closed"
            return self.refusal(request, key, 409, period, area=area)
        if not reason:
            return self.refusal(request, "reason_needed", 400, period, area=area)
        return None

    def _unknown_area(self, request: Request, period: str, area: str | None) -> Response | None:
        if area is None:
            return None
        try:
            known = self.reference().plan.area_codes
        except ReferenceInputError as problem:
            where = f"{problem.path}: {problem.problem_in(self.lang(request))}"
            return self.message(request, "unreadable_plan", 500, problem=where)
        if area in known:
            return None
        return self.refusal(request, "unknown_area", 400, period, area=area)

    def _who(self, recorded_by: str, request: Request) -> str:
        words_ = words(self.lang(request))
        return words_["by_the_pages"] if recorded_by == BY_THE_PAGES else recorded_by

    def refusal(self, request: Request, key: str, status: int, period: str, **fields) -> Response:
        """The page that says why nothing was done, with the way back to the period's page."""
        lang = self.lang(request)
        text = words(lang)[key].format(month=self._period_name(period, lang), **fields)
        back = f"/coordinator?period={period}"
        return self.render(request, "message.html", {"message": text, "back": back}, status)
