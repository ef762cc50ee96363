"""What every web page shares: the settings, the ledger, the plan and registry (read again
when their files change), the language asked for, the templates and their rendering, and
the pages for everyone (home, not found). The agency's pages (`agency.py`) and the
coordinator's (`coordinator.py`) build on it; `app.py` puts them together."""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from oneplan.check.reference import agency_names as registry_agency_names
from oneplan.deliver.links import secret_key
from oneplan.issues import severity_label
from oneplan.ledger import open_ledger
from oneplan.month.reference import Reference, load_reference
from oneplan.month.run import run_month
from oneplan.month.today import deadline_of, month_reported_now
from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.report.labels import label
from oneplan.settings import Settings
from oneplan.values.periods import english_period, format_period, parse_period, thai_period
from oneplan.values.times import local_moment, local_time
from oneplan.web import access
from oneplan.web.runs import PeriodRuns
from oneplan.web.throttle import SignInThrottle, trusted_networks
from oneplan.web.words import words

HERE = Path(__file__).parent


class Pages:
    """The application's handlers over one settings and one ledger: what they share (the
    sign-in's throttle and trusted proxies are the coordinator's pages', held here with the
    rest of the application's state)."""

    def __init__(
        self,
        settings: Settings,
        runs: PeriodRuns | None = None,
        refresher: Refresher | None = None,
        clock: Callable[[], float] = time.monotonic,
        damage: DamageReports | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ):
        self.settings = settings
        # The wall clock (an aware moment): which month is reported now, deadlines passed.
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        # A damaged archive met by an upload, "run now" or `serve`'s intake: the
        # coordinator's page shows it until it is restored.
        self.damage = damage or DamageReports()
        self.ledger = open_ledger(settings)
        self.secret = secret_key(settings)
        self.trusted_proxies = trusted_networks(settings.trusted_proxies)
        self.throttle = SignInThrottle(
            settings.sign_in_failures,
            settings.sign_in_window_minutes * 60,
            settings.sign_in_lockout_minutes * 60,
            clock,
        )
        # A clock given (the tests') is the runs' clock too, as it is the pages'.
        self.runs = runs or PeriodRuns(
            self.damage.watching(functools.partial(run_from_pages, settings, clock=now))
        )
        self.refresher = refresher  # `serve`'s intake, whose failures the coordinator sees
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters.update(
            period_name=self._period_name,
            local_time=self._local_time,
            label=label,
            severity=severity_label,
        )
        # Every time shown is local and carries its zone (`values.times.local_time`).
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

    def _local_time(self, moment: str | dt.datetime | None, lang: str = "th") -> str:
        """A time for a person: local, with its zone (`6 ธ.ค. 2569 15:04 น. (UTC+7)`)."""
        if not moment:
            return "-"
        if isinstance(moment, str):  # the ledger's stamps: ISO-8601 in UTC
            moment = dt.datetime.fromisoformat(moment)
        return local_time(moment, self.settings.timezone, lang)

    def deadline_text(self, period: str, lang: str, agency_code: str | None = None) -> str:
        """The period's submission deadline as people read it (the agency's own, if given)."""
        registry = self.reference().registry if agency_code else None
        deadline = deadline_of(period, self.settings, registry, agency_code)
        return local_time(deadline, self.settings.timezone, lang)

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

    def now_month(self) -> str:
        """This month, in the settings' time zone."""
        local = local_moment(self.now(), self.settings.timezone)
        return format_period(local.year, local.month)

    def month_reported(self) -> str:
        """The month agencies report now: last month until its deadline, then this one."""
        return month_reported_now(self.settings, self.now())

    def bad_period(self, request: Request, value: str) -> Response:
        """400: the period typed cannot be read; the page shows the forms it may take."""
        return self.message(request, "bad_period", 400, value=value)

    # --- pages for everyone ----------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return self.render(request, "home.html", {})

    async def not_found(self, request: Request, _exc) -> Response:
        return self.message(request, "not_found", 404)


def run_from_pages(
    settings: Settings,
    period: str,
    closing_by: str | None = None,
    closing_area: str | None = None,
    clock: Callable[[], dt.datetime] | None = None,
):
    """The monthly run of `period` the pages asked for; the closing one (`closing_by`, of
    its area `closing_area` when given) only while what it closes is still open: a closing
    asked twice, or after `oneplan close`, closes nothing again (and never runs a closed
    period's frozen outputs anew). None when nothing was run. `clock`: the run's moment
    (default: when it has the period's lock, `run_month`'s)."""
    if closing_by is not None:
        ledger = open_ledger(settings)
        if ledger.closure(period) or (closing_area and ledger.closure(period, closing_area)):
            return None
    now = clock() if clock is not None else None
    return run_month(settings, period, now, closing_by=closing_by, closing_area=closing_area)


def asked_period(value: object) -> str | None:
    """A period a person typed or picked (a form field, a query parameter), read as a
    workbook's period cell is (`parse_period`): `YYYY-MM`, or None when none was given.
    Raises PeriodError when it cannot be read."""
    text = str(value or "").strip()
    return parse_period(text) if text else None


def agency_names(reference: Reference) -> dict[str, str]:
    """Each agency's name as people read it, by code (`oneplan.check.reference.agency_names`)."""
    return registry_agency_names(reference.registry.agencies)


def area_names(reference: Reference) -> dict[str, str]:
    """Each area's name in the plan, by area code."""
    items = reference.plan.items.dropna(subset=["area_name"])
    return dict(zip(items["area_code"], items["area_name"], strict=True))
