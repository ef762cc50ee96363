"""The coordinator's pages (`/coordinator`): the sign-in (with its throttle), the month's
page (who reported on time, whether the period and its areas are closed, the files that
came after a closing, areas, agencies, why a file was rejected, the results of each
area's plan items against their targets (`results_view`), figures emptied by a
zero-line file, the figures by province, runs, undelivered e-mails, what stops the intake
or damaged the archive), "run now", the period's output files and the coverage charts. The
buttons that close and reopen the period are `closing.py`'s; a province's and a district's
pages are `levels.py`'s."""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from oneplan.read.reference import ReferenceInputError
from oneplan.values.periods import PeriodError, is_period
from oneplan.values.text import in_thai_dictionary_order
from oneplan.values.times import local_time
from oneplan.web import access, levels_view, period_view, results_view
from oneplan.web.closing_view import after_close, closings
from oneplan.web.pages import Pages, agency_names, area_names, asked_period
from oneplan.web.rejections import rejections, zero_line_replacements
from oneplan.web.throttle import client_of
from oneplan.web.timeliness_view import coordinator_timeliness
from oneplan.web.words import words


class CoordinatorPages(Pages):
    """The pages of the coordinator, behind the password."""

    def refresh_failure(self, lang: str) -> dict | None:
        """What makes the intake fail, since when and when it is tried again; None if it works."""
        failure = self.refresher.failure if self.refresher else None
        if failure is None:
            return None
        return {
            "cause": failure.cause,
            "error": failure.error,
            "since": self._local_time(failure.since, lang),
            "tries": failure.tries,
            "next_try": self._local_time(failure.next_try, lang),
        }

    def state_damage(self, lang: str) -> dict | None:
        """The damaged archived copies (which, what, since when), and the files received
        but not checked in because of them; None while the archive is sound."""
        damaged = self.damage.current()
        if not damaged:
            return None
        return {
            "copies": [
                {"path": d.path, "kind": d.kind, "since": self._local_time(d.since, lang)}
                for d in damaged
            ],
            "waiting": list(self.ledger.unread().values()),
        }

    def signed_in(self, request: Request) -> bool:
        session_id = request.session.get("coordinator")
        if session_id is None:
            return False
        now = dt.datetime.now(dt.UTC)
        if access.session_ok(self.ledger, self.settings, self.secret, session_id, now):
            return True
        request.session.pop("coordinator")  # ended, expired, or opened with an old password
        return False

    def client(self, request: Request) -> str:
        """Who is asking, for the sign-in's throttle (see `throttle.client_of`)."""
        peer = request.client.host if request.client else None
        forwarded = request.headers.getlist("x-forwarded-for")
        return client_of(peer, forwarded, self.trusted_proxies)

    def too_many_attempts(self, request: Request, wait: int) -> Response:
        """429: how long to wait, and until when (local time, with its zone)."""
        until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
        response = self.message(
            request,
            "too_many_attempts",
            429,
            minutes=max(1, -(-wait // 60)),
            time=local_time(until, self.settings.timezone, self.lang(request)),
        )
        response.headers["Retry-After"] = str(wait)
        return response

    async def coordinator(self, request: Request) -> Response:
        if not self.settings.coordinator_password:
            return self.message(request, "no_password", 503)
        if not self.signed_in(request):
            return self.render(request, "sign_in.html", {"failed": False})
        asked = request.query_params.get("period", "")
        try:
            period = asked_period(asked)
        except PeriodError:
            return self.bad_period(request, asked)
        return await run_in_threadpool(self._coordinator_page, request, period)

    def _coordinator_page(self, request: Request, asked: str | None) -> Response:
        periods = period_view.output_periods(self.settings)
        period = asked or (periods[0] if periods else self.now_month())
        lang = self.lang(request)
        try:
            reference = self.reference()
        except ReferenceInputError as problem:
            where = f"{problem.path}: {problem.problem_in(lang)}"
            return self.message(request, "unreadable_plan", 500, problem=where)
        agencies = reference.registry.agencies
        names = agency_names(reference)
        has_outputs = period in periods
        areas = (
            period_view.area_views(
                self.settings,
                period,
                names,
                area_names(reference),
                lang,
                self.rejected_files(period, lang),
            )
            if has_outputs
            else []
        )

        def by_name(row) -> str:
            return names.get(row.agency_code, row.agency_code)

        runs = self.ledger.history()["runs"]

        context = {
            "period": period,
            "periods": sorted(set(periods) | {period, self.now_month()}, reverse=True),
            "areas": areas,
            "area_names": area_names(reference),
            "zero_lines": in_thai_dictionary_order(
                zero_line_replacements(self.settings, period) if has_outputs else [], by_name
            ),
            "files": period_view.period_files(self.settings, period) if has_outputs else {},
            "levels": levels_view.by_province(self.settings, period, lang) if has_outputs else None,
            "results": results_view.area_results(self.settings, period, names)
            if has_outputs
            else {},
            "runs": list(reversed(runs))[:30],
            "undelivered": in_thai_dictionary_order(
                period_view.undelivered(self.ledger, period, agencies), by_name
            ),
            "names": names,
            "busy": self.runs.busy,
            "failure": self.runs.failures.get(period),
            "refresh_failure": self.refresh_failure(lang),
            "damage": self.state_damage(lang),
            **self.discipline(reference, period, names, lang, runs),
        }
        return self.render(request, "coordinator.html", context)

    def discipline(self, reference, period: str, names: dict, lang: str, runs: list) -> dict:
        """Who reported on time (`timeliness_view`) and as of when (the period's last run,
        else now), whether the period and each area are closed, the closings asked for and
        not done yet, and the files that came after a closing."""
        timeliness = coordinator_timeliness(
            self.settings,
            reference,
            self.ledger,
            period,
            self.now(),
            names,
            area_names(reference),
            lang,
        )
        whole, areas = closings(
            self.ledger, period, self.settings.timezone, lang, words(lang)["by_the_pages"]
        )
        last_run = max((r["started_at"] for r in runs if r["period"] == period), default=None)
        as_of = self.now() if timeliness.computed_now or last_run is None else last_run
        return {
            "timeliness": timeliness,
            "timeliness_as_of": self._local_time(as_of, lang),
            "closing": whole,
            "area_closings": areas,
            "plan_areas": sorted(reference.plan.area_codes),
            "every_area_closed": all(
                a in areas and areas[a].closed for a in reference.plan.area_codes
            ),
            "closing_asked": self.runs.closing(period),
            "after_close": after_close(self.settings, self.ledger, period, lang),
        }

    def rejected_files(self, period: str, lang: str) -> dict:
        """Why each rejected agency of the period was rejected (`rejections.rejections`)."""
        table = period_view.table(self.settings, period, "agencies")
        if table is None:
            return {}
        rejected = table[table["status"] == "rejected"]
        pairs = list(zip(rejected["agency_code"], rejected["area_code"], strict=True))
        return rejections(self.settings, self.ledger, period, pairs, lang)

    async def sign_in(self, request: Request) -> Response:
        client = self.client(request)
        wait = self.throttle.wait_left(client)
        if wait is not None:  # refused before the password is even looked at
            return self.too_many_attempts(request, wait)
        form = await request.form(max_files=0, max_fields=4)
        if not access.csrf_ok(request.session, form.get("csrf")):
            return self.message(request, "csrf", 403)
        if not access.password_ok(self.settings, str(form.get("password") or "")):
            lock = self.throttle.failed(client)
            if lock is not None:
                return self.too_many_attempts(request, lock)
            return self.render(request, "sign_in.html", {"failed": True}, 401)
        self.throttle.succeeded(client)
        now = dt.datetime.now(dt.UTC)
        session_id = await run_in_threadpool(
            access.start_session, self.ledger, self.settings, self.secret, now
        )
        request.session["coordinator"] = session_id
        return RedirectResponse("/coordinator", status_code=303)

    async def sign_out(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=4)
        if not access.csrf_ok(request.session, form.get("csrf")):
            return self.message(request, "csrf", 403)
        session_id = request.session.get("coordinator")
        await run_in_threadpool(
            access.end_session, self.ledger, session_id, dt.datetime.now(dt.UTC)
        )
        request.session.clear()
        return RedirectResponse("/coordinator", status_code=303)

    async def start_run(self, request: Request) -> Response:
        posted = await self.posted_period(request)
        if isinstance(posted, Response):
            return posted
        _, period = posted
        self.runs.start(period)
        return RedirectResponse(f"/coordinator?period={period}", status_code=303)

    async def posted_period(self, request: Request, max_fields: int = 4):
        """The form a signed-in coordinator posted and the period it names, once its CSRF
        token is checked: (form, period); else the answer (sign-in, 403, a bad period)."""
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        form = await request.form(max_files=0, max_fields=max_fields)
        if not access.csrf_ok(request.session, form.get("csrf")):
            return self.message(request, "csrf", 403)
        typed = str(form.get("period") or "")
        try:
            period = asked_period(typed)
        except PeriodError:
            return self.bad_period(request, typed)
        if period is None:
            return self.bad_period(request, typed)
        return form, period

    async def coordinator_file(self, request: Request) -> Response:
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        period, part, name = (request.path_params[k] for k in ("period", "part", "name"))
        path = period_view.output_file(self.settings, period, part, name)
        if path is None:
            return self.message(request, "no_file_here", 404)
        return FileResponse(path, filename=name)

    async def coverage_chart(self, request: Request) -> Response:
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        period, area = request.path_params["period"], request.path_params["area"]
        png = (
            await run_in_threadpool(
                period_view.chart, self.settings, period, area, self.lang(request)
            )
            if is_period(period)
            else None
        )
        if png is None:
            return self.message(request, "not_found", 404)
        return Response(png, media_type="image/png")
