"""What every web page shares: the settings, the ledger, the plan and registry (read again
when their files change), the language asked for, the templates and their rendering, and
the pages for everyone (home, not found). The agency's pages (`agency.py`) and the
coordinator's (`coordinator.py`) build on it; `app.py` puts them together."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from oneplan.ledger import open_ledger
from oneplan.month.reference import Reference, load_reference
from oneplan.month.run import run_month
from oneplan.month.today import this_month
from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.report.labels import label
from oneplan.settings import Settings
from oneplan.values.periods import english_period, thai_period
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
        return this_month(self.settings)

    # --- pages for everyone ----------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return self.render(request, "home.html", {})

    async def not_found(self, request: Request, _exc) -> Response:
        return self.message(request, "not_found", 404)


def area_names(reference: Reference) -> dict[str, str]:
    """Each area's name in the plan, by area code."""
    items = reference.plan.items.dropna(subset=["area_name"])
    return dict(zip(items["area_code"], items["area_name"], strict=True))
