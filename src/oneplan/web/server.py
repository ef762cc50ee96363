"""Serving the pages with uvicorn in a background thread (`oneplan serve`, the tests, the
screenshot script), stopped cleanly."""

from __future__ import annotations

import threading
import time

import uvicorn

from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.settings import Settings
from oneplan.web.app import create_app
from oneplan.web.runs import PeriodRuns


class WebServer:
    """The pages on `host:port` until `stop()`."""

    def __init__(
        self,
        settings: Settings,
        runs: PeriodRuns | None = None,
        host=None,
        port=None,
        refresher: Refresher | None = None,
        damage: DamageReports | None = None,
    ):
        self.app = create_app(settings, runs, refresher, damage=damage)
        config = uvicorn.Config(
            self.app,
            host=host or settings.web_host,
            port=port or settings.web_port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            # Who the client is (X-Forwarded-For from a trusted proxy) is decided by the
            # pages themselves (`throttle.client_of`), never by uvicorn's own defaults.
            proxy_headers=False,
        )
        self.server = uvicorn.Server(config)
        self.server.install_signal_handlers = lambda: None  # the main thread keeps its own
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="oneplan-web")

    @property
    def runs(self) -> PeriodRuns:
        return self.app.state.web.runs

    def start(self, timeout: float = 30) -> WebServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start (is the port in use?)")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
