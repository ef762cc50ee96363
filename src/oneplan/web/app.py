"""The web application (Starlette, Jinja2 templates): the agency's page and the
coordinator's page. Each handler checks who is asking, calls the package's stages (through
`upload`, `month` and the ledger) and renders a template; no business rule lives here."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from oneplan.check.reference import ReferenceInputError
from oneplan.forms.submission_template import TemplateUnavailable, template_for
from oneplan.ledger import open_ledger
from oneplan.month.reference import Reference, load_reference
from oneplan.month.run import run_month
from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.report.labels import label
from oneplan.settings import Settings
from oneplan.values.periods import current_month, english_period, is_period, thai_period
from oneplan.web import access, month
from oneplan.web.runs import PeriodRuns
from oneplan.web.throttle import SignInThrottle, client_of, trusted_networks
from oneplan.web.upload import (
    MAX_UPLOAD_BYTES,
    UploadResult,
    check_folder,
    check_upload,
    refusal_before_reading,
)
from oneplan.web.words import refusal, words

HERE = Path(__file__).parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSAL_STATUS = {"too_large": 413, "not_workbook": 415}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # an agency's link never leaves in a Referer header
    "Cache-Control": "no-store",
}


class Web:
    """The application's handlers over one settings and one ledger."""

    def __init__(
        self,
        settings: Settings,
        runs: PeriodRuns | None = None,
        refresher: Refresher | None = None,
        clock: Callable[[], float] = time.monotonic,
        damage: DamageReports | None = None,
    ):
        self.settings = settings
        # A damaged archive met by an upload, "run now" or `serve`'s intake: the
        # coordinator's page shows it until it is restored.
        self.damage = damage or DamageReports()
        self.ledger = open_ledger(settings)
        self.secret = access.secret_key(settings)
        self.trusted_proxies = trusted_networks(settings.trusted_proxies)
        self.throttle = SignInThrottle(
            settings.sign_in_failures,
            settings.sign_in_window_minutes * 60,
            settings.sign_in_lockout_minutes * 60,
            clock,
        )
        self.runs = runs or PeriodRuns(
            self.damage.watching(lambda period: run_month(settings, period))
        )
        self.refresher = refresher  # `serve`'s intake, whose failures the coordinator sees
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters.update(
            period_name=self._period_name, local_time=self._local_time, label=label
        )
        # Times in tables are local (`local_time`); their column headers name the zone.
        self.templates.env.globals["timezone"] = settings.timezone
        self._reference: tuple[tuple, Reference] | None = None

    # --- helpers ---------------------------------------------------------------------------

    def reference(self) -> Reference:
        """The plan and registry, read again only when their files changed."""
        files = sorted(self.settings.plan_dir.glob("**/*")) + [self.settings.registry_file]
        key = tuple((str(p), p.stat().st_mtime_ns) for p in files if p.is_file())
        if self._reference is None or self._reference[0] != key:
            self._reference = (key, load_reference(self.settings))
        return self._reference[1]

    @staticmethod
    def lang(request: Request) -> str:
        asked = request.query_params.get("lang")
        if asked in ("th", "en"):
            return asked
        return request.cookies.get("lang") if request.cookies.get("lang") == "en" else "th"

    def _period_name(self, period: str | None, lang: str) -> str:
        if not period:
            return "-"
        return thai_period(period) if lang == "th" else english_period(period)

    def _local_time(self, stamp: str | None) -> str:
        if not stamp:
            return "-"
        moment = dt.datetime.fromisoformat(stamp).astimezone(ZoneInfo(self.settings.timezone))
        return moment.strftime("%Y-%m-%d %H:%M")

    def _zoned_time(self, moment: dt.datetime) -> str:
        """A moment as the coordinator reads it: local time, with its zone."""
        zone = self.settings.timezone
        return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M:%S} ({zone})"

    def refresh_failure(self) -> dict | None:
        """What makes the intake fail, since when and when it is tried again; None if it works."""
        failure = self.refresher.failure if self.refresher else None
        if failure is None:
            return None
        return {
            "cause": failure.cause,
            "error": failure.error,
            "since": self._zoned_time(failure.since),
            "tries": failure.tries,
            "next_try": self._zoned_time(failure.next_try),
        }

    def state_damage(self) -> dict | None:
        """The damaged archived copies (which, what, since when), and the files received
        but not checked in because of them; None while the archive is sound."""
        damaged = self.damage.current()
        if not damaged:
            return None
        return {
            "copies": [
                {"path": d.path, "kind": d.kind, "since": self._zoned_time(d.since)}
                for d in damaged
            ],
            "waiting": list(self.ledger.unread().values()),
        }

    def render(self, request: Request, name: str, context: dict, status: int = 200) -> Response:
        lang = self.lang(request)
        context = {
            "lang": lang,
            "w": words(lang),
            "csrf": access.csrf_token(request.session),
            "path": request.url.path,
            **context,
        }
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        if request.query_params.get("lang") in ("th", "en"):
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    def message(self, request: Request, key: str, status: int, **fields) -> Response:
        text = words(self.lang(request))[key].format(**fields)
        return self.render(request, "message.html", {"message": text}, status)

    def agency(self, request: Request) -> str | None:
        return access.agency_of(self.ledger, request.path_params["token"])

    def now_month(self) -> str:
        return current_month(dt.datetime.now(ZoneInfo(self.settings.timezone)).date())

    # --- pages for everyone ----------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return self.render(request, "home.html", {})

    async def not_found(self, request: Request, _exc) -> Response:
        return self.message(request, "not_found", 404)

    # --- the agency's page -----------------------------------------------------------------

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
        names = _area_names(reference)
        latest = month.output_periods(self.settings)
        lang = self.lang(request)
        context = {
            "agency": agency,
            "agency_name": row["name_th"],
            "areas": [(a, names.get(a, a)) for a in areas],
            "token": request.path_params["token"],
            "limit_mb": MAX_UPLOAD_BYTES // 2**20,
            "result": result,
            "refusal": _refusal_text(result, lang, agency),
            "history": list(reversed(self.ledger.history(agency)["files"])),
            "outputs": month.agency_outputs(self.settings, agency, areas),
            "needs": [
                (a, names.get(a, a), month.plan_needs(self.settings, latest[0], a, lang))
                for a in areas
            ]
            if latest
            else [],
            "template_period": self.now_month(),
        }
        return self.render(request, "agency.html", context, status)

    async def template_download(self, request: Request) -> Response:
        agency = self.agency(request)
        if agency is None:
            return self.message(request, "bad_link", 404)
        area = request.path_params["area"]
        reference = self.reference()
        areas = reference.registry.agencies.set_index("agency_code").loc[agency, "areas"] or []
        if area not in areas:
            return self.message(request, "no_file_here", 404)
        period = self.now_month()
        try:
            book = template_for(reference.plan, reference.registry, agency, area, period)
        except TemplateUnavailable:
            return self.message(request, "no_file_here", 404)
        buffer = io.BytesIO()
        book.save(buffer)
        name = f"template_{agency}_{area}_{period}.xlsx"
        return Response(buffer.getvalue(), media_type=XLSX, headers=_attachment(name))

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
            for o in month.agency_outputs(self.settings, agency, list(areas))
            if o["period"] == period
        ]
        allowed = (own[0]["feedback"] if part == "feedback" else [own[0]["report"]]) if own else []
        path = month.output_file(self.settings, period, part, name) if name in allowed else None
        if path is None:
            return self.message(request, "no_file_here", 404)
        return FileResponse(path, filename=name)

    # --- the coordinator's page ------------------------------------------------------------

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
        now = dt.datetime.now(ZoneInfo(self.settings.timezone))
        until = now + dt.timedelta(seconds=wait)
        shown = f"{until:%H:%M}" if until.date() == now.date() else f"{until:%Y-%m-%d %H:%M}"
        response = self.message(
            request,
            "too_many_attempts",
            429,
            minutes=max(1, -(-wait // 60)),
            time=shown,
            zone=self.settings.timezone,
        )
        response.headers["Retry-After"] = str(wait)
        return response

    async def coordinator(self, request: Request) -> Response:
        if not self.settings.coordinator_password:
            return self.message(request, "no_password", 503)
        if not self.signed_in(request):
            return self.render(request, "sign_in.html", {"failed": False})
        return await run_in_threadpool(self._coordinator_page, request, None)

    def _coordinator_page(self, request: Request, notice: str | None) -> Response:
        periods = month.output_periods(self.settings)
        asked = request.query_params.get("period", "")
        period = asked if is_period(asked) else (periods[0] if periods else self.now_month())
        lang = self.lang(request)
        try:
            reference = self.reference()
        except ReferenceInputError as problem:
            return self.message(request, "unreadable_plan", 500, problem=str(problem))
        agencies = reference.registry.agencies
        names = dict(zip(agencies["agency_code"], agencies["name_th"], strict=True))
        has_outputs = period in periods
        context = {
            "period": period,
            "periods": sorted(set(periods) | {period, self.now_month()}, reverse=True),
            "areas": month.area_views(self.settings, period, names, _area_names(reference), lang)
            if has_outputs
            else [],
            "files": month.period_files(self.settings, period) if has_outputs else {},
            "runs": list(reversed(self.ledger.history()["runs"]))[:30],
            "undelivered": month.undelivered(self.ledger, period, agencies),
            "names": names,
            "busy": self.runs.busy,
            "failure": self.runs.failures.get(period),
            "refresh_failure": self.refresh_failure(),
            "damage": self.state_damage(),
            "notice": notice,
        }
        return self.render(request, "coordinator.html", context)

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
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        form = await request.form(max_files=0, max_fields=4)
        if not access.csrf_ok(request.session, form.get("csrf")):
            return self.message(request, "csrf", 403)
        period = str(form.get("period") or "")
        if not is_period(period):
            return self.message(request, "not_found", 404)
        self.runs.start(period)
        return RedirectResponse(f"/coordinator?period={period}", status_code=303)

    async def coordinator_file(self, request: Request) -> Response:
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        period, part, name = (request.path_params[k] for k in ("period", "part", "name"))
        path = month.output_file(self.settings, period, part, name)
        if path is None:
            return self.message(request, "no_file_here", 404)
        return FileResponse(path, filename=name)

    async def coverage_chart(self, request: Request) -> Response:
        if not self.signed_in(request):
            return RedirectResponse("/coordinator", status_code=303)
        period, area = request.path_params["period"], request.path_params["area"]
        png = (
            await run_in_threadpool(month.chart, self.settings, period, area, self.lang(request))
            if is_period(period)
            else None
        )
        if png is None:
            return self.message(request, "not_found", 404)
        return Response(png, media_type="image/png")


def _area_names(reference: Reference) -> dict[str, str]:
    items = reference.plan.items.dropna(subset=["area_name"])
    return dict(zip(items["area_code"], items["area_name"], strict=True))


def _refusal_text(result: UploadResult | None, lang: str, agency: str) -> str:
    if result is None or result.outcome != "refused":
        return ""
    return refusal(lang, result.refusal, agency=agency, **result.details)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def _security_headers(request: Request, call_next):
    response = await call_next(request)
    for key, value in SECURITY_HEADERS.items():
        response.headers.setdefault(key, value)
    return response


def create_app(
    settings: Settings,
    runs: PeriodRuns | None = None,
    refresher: Refresher | None = None,
    clock: Callable[[], float] = time.monotonic,
    damage: DamageReports | None = None,
) -> Starlette:
    """The application over these settings; `runs` runs a period (default: `run_month`);
    `refresher`, `serve`'s intake, has its failures shown on the coordinator's page;
    `clock` (seconds, monotonic) times the sign-in's lock-outs; `damage` holds the damaged
    archived copies met (by `runs` and `refresher` too, when they report to it)."""
    from starlette.middleware.base import BaseHTTPMiddleware

    web = Web(settings, runs, refresher, clock, damage)
    routes = [
        Route("/", web.home),
        Route("/a/{token}", web.agency_page),
        Route("/a/{token}/template/{area}", web.template_download),
        Route("/a/{token}/upload", web.upload, methods=["POST"]),
        Route("/a/{token}/check/{check_id}/feedback.xlsx", web.check_feedback),
        Route("/a/{token}/outputs/{period}/{part}/{name}", web.agency_output),
        Route("/coordinator", web.coordinator),
        Route("/coordinator/sign-in", web.sign_in, methods=["POST"]),
        Route("/coordinator/sign-out", web.sign_out, methods=["POST"]),
        Route("/coordinator/run", web.start_run, methods=["POST"]),
        Route("/coordinator/files/{period}/{part}/{name}", web.coordinator_file),
        Route("/coordinator/chart/{period}/{area}.png", web.coverage_chart),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=web.secret,
            session_cookie="oneplan_session",
            max_age=access.SESSION_HOURS * 3600,
            same_site="lax",
        ),
        Middleware(BaseHTTPMiddleware, dispatch=_security_headers),
    ]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: web.not_found})
    app.state.web = web
    return app
