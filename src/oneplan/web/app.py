"""The web application (Starlette, Jinja2 templates): the agency's page and the
coordinator's page. Each handler checks who is asking, calls the package's stages (through
`upload`, `month` and the ledger) and renders a template; no business rule lives here.

The handlers live by whom they serve: `pages.py` (what every page shares), `agency.py`
and `blank_form.py` (the blank template), `coordinator.py`, `closing.py` (closing and
reopening a period) and `levels.py` (a province's and a district's page); this module puts
them together behind their routes, the session and the security headers."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.settings import Settings
from oneplan.web import access
from oneplan.web.blank_form import TemplatePages
from oneplan.web.closing import ClosingPages
from oneplan.web.levels import LevelPages
from oneplan.web.pages import HERE
from oneplan.web.runs import PeriodRuns

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # an agency's link never leaves in a Referer header
    "Cache-Control": "no-store",
}


class Web(TemplatePages, ClosingPages, LevelPages):
    """The application's handlers over one settings and one ledger."""


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
    now: Callable[[], dt.datetime] | None = None,
) -> Starlette:
    """The application over these settings; `runs` runs a period (default: `run_month`);
    `refresher`, `serve`'s intake, has its failures shown on the coordinator's page;
    `clock` (seconds, monotonic) times the sign-in's lock-outs; `damage` holds the damaged
    archived copies met (by `runs` and `refresher` too, when they report to it); `now`
    (an aware moment, default the system's) says which month is being reported."""
    from starlette.middleware.base import BaseHTTPMiddleware

    web = Web(settings, runs, refresher, clock, damage, now)
    routes = [
        Route("/", web.home),
        Route("/a/{token}", web.agency_page),
        Route("/a/{token}/template", web.template_page),
        Route("/a/{token}/template/{area}", web.template_download),
        Route("/a/{token}/upload", web.upload, methods=["POST"]),
        Route("/a/{token}/check/{check_id}/feedback.xlsx", web.check_feedback),
        Route("/a/{token}/outputs/{period}/{part}/{name}", web.agency_output),
        Route("/coordinator", web.coordinator),
        Route("/coordinator/sign-in", web.sign_in, methods=["POST"]),
        Route("/coordinator/sign-out", web.sign_out, methods=["POST"]),
        Route("/coordinator/run", web.start_run, methods=["POST"]),
        Route("/coordinator/close", web.close_period, methods=["POST"]),
        Route("/coordinator/reopen", web.reopen_period, methods=["POST"]),
        Route("/coordinator/files/{period}/{part}/{name}", web.coordinator_file),
        Route("/coordinator/chart/{period}/{area}.png", web.coverage_chart),
        Route("/coordinator/province/{period}/{province}", web.province_page),
        Route("/coordinator/district/{period}/{province}/{district}", web.district_page),
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
