"""Prefect's environment: quiet offline defaults, and the API server a command talks to.

Without the defaults Prefect's temporary server tries to send telemetry over the internet
and may give up starting on a slow first run. A user's own PREFECT_* variables always win.

Without an API (PREFECT_API_URL, or one named in Prefect's profile or settings files),
Prefect starts a temporary server when a flow first needs it and waits for it: about four
seconds of importing and migrating, on top of the run. A command that knows it will run a
flow starts that server itself instead, first thing, so that the server starts while the
command imports its own modules (`local_api`). Nothing here imports Prefect: that is what
the server's start overlaps.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

from oneplan.runtime.lifeline import PARENT_VARIABLE, watched

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    "DO_NOT_TRACK": "1",
    # A first start migrates a new database: slow on a slow disk.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
STARTS = 3  # tries, each on a port free when chosen (another process may take it first)


# Prefect's queues of logs and events for its API say "Still processing items: 3 items
# remaining..." while they flush at the end of a command: their bookkeeping, printed before
# what the command has to say. Their problems (errors) still show.
QUIET_LOGGERS = ("APILogWorker", "EventsWorker")


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


class LocalServer:
    """A Prefect server on loopback, started by this process and stopped with it (killed,
    this process takes the server with it: `oneplan.runtime.lifeline`).

    `with_ui=False` is the server Prefect itself starts for a flow run without an API (its
    API app under uvicorn, no UI, no background services); `with_ui=True` is `prefect
    server start`, with the UI and the services that schedules need.
    """

    def __init__(self, with_ui: bool = False):
        self.with_ui = with_ui
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._starts = 0
        self._errors: Any = None  # the server's stderr: a temporary file, see `start`

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.address}/api"

    def start(self) -> LocalServer:
        self._starts += 1
        self.port = free_port()
        # The server's output is never the user's: `prefect server start` prints a banner,
        # and the API, stopped while a request of the run ends, may print a traceback of
        # its own shutdown after what the command said. Its errors go to a temporary file,
        # told only if it fails to start (`wait_until_ready`).
        self._close_errors()
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `stop`)
        # Watched (`oneplan.runtime.lifeline`): it ends with this process, even one killed.
        self.process = subprocess.Popen(
            watched(self._command()),
            env=self._environment(),
            stdout=subprocess.DEVNULL,
            stderr=self._errors,
        )
        return self

    def _command(self) -> list[str]:
        if self.with_ui:
            return [sys.executable, "-m", "prefect", "server", "start"] + [
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ]
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]

    def _environment(self) -> dict[str, str]:
        environment = {**DEFAULTS, **os.environ}
        environment.pop(PARENT_VARIABLE, None)  # it is watched by its wrapper (`watched`)
        if self.with_ui:
            return environment
        # What Prefect sets for its own temporary server.
        return {
            **environment,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }

    def wait_until_ready(self, timeout: float | None = None) -> str:
        """The API's URL, once it answers; RuntimeError if the server stops or never answers."""
        if timeout is None:
            timeout = float(
                os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
                or DEFAULTS["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]
            )
        deadline = time.monotonic() + timeout
        while not self._healthy():
            if self.process is None:
                raise RuntimeError("the local Prefect server was stopped")
            if self.process.poll() is not None:  # its port taken meanwhile, say
                if self._starts >= STARTS:
                    raise RuntimeError(
                        "the local Prefect server stopped while starting" + self._last_errors()
                    )
                self.start()
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the local Prefect server did not answer in {timeout:g} s"
                    + self._last_errors()
                )
            time.sleep(0.05)
        return self.api_url

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        self._close_errors()

    def _last_errors(self, characters: int = 2000) -> str:
        """The end of what the server wrote to its stderr, to add to a message, or ''."""
        if self._errors is None:
            return ""
        self._errors.seek(0, os.SEEK_END)
        self._errors.seek(max(0, self._errors.tell() - characters))
        written = self._errors.read().decode("utf-8", "replace").strip()
        return f"; it said:\n{written}" if written else ""

    def _close_errors(self) -> None:
        if self._errors is not None:
            self._errors.close()
            self._errors = None


def _temporary_servers_allowed() -> bool:
    for name in ("PREFECT_SERVER_EPHEMERAL_ENABLED", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"):
        if os.environ.get(name, "").strip().lower() in {"0", "false", "no", "off"}:
            return False
    return True


def free_port() -> int:
    """A TCP port of the loopback interface free at the moment it is asked (the server that
    binds it later may still find it taken: `LocalServer` then tries another)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def local_api(with_ui: bool = False) -> Iterator[LocalServer | None]:
    """A local server for as long as the block runs, unless PREFECT_API_URL names one or
    the user turned Prefect's temporary servers off (then None). Started at once;
    `use_api` waits for it where a flow first needs it, or stops it if Prefect's own
    settings (a profile, prefect.toml) name an API after all."""
    if os.environ.get("PREFECT_API_URL") or not _temporary_servers_allowed():
        yield None
        return
    server = LocalServer(with_ui).start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def use_api(server: LocalServer | None) -> Iterator[str | None]:
    """Flows run in the block talk to the API Prefect's settings name, or else to `server`
    (once it answers)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    configured = os.environ.get("PREFECT_API_URL") or get_current_settings().api.url
    if server is None or configured:
        if server is not None:
            server.stop()  # not needed: the profile or a settings file names an API
        yield configured
        return
    url = server.wait_until_ready()

    updates = {PREFECT_API_URL: url}
    if not server.with_ui:
        # Heartbeats tell a server's services that a run still lives; a temporary server
        # has none and dies with the run. Off, the run does not wait up to a second at
        # its end for the heartbeat thread to wake and stop.
        updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    # Both: the settings for this process (Prefect may have read the environment already),
    # the environment for the processes it starts (Dask workers).
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates=updates):
            try:
                yield url
            finally:
                _send_what_is_queued()
    finally:
        os.environ.pop("PREFECT_API_URL", None)


def carrying_settings(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, run (in whichever thread) with the Prefect settings in force where it is
    wrapped: a new thread starts with Prefect's settings as the process began (a context
    variable), not those of `use_api`, and a flow run there would start a temporary server
    of its own. Each call runs in its own copy of the context: calls may overlap."""
    context = contextvars.copy_context()

    @functools.wraps(function)
    def in_these_settings(*args: Any, **kwargs: Any) -> Any:
        return context.copy().run(function, *args, **kwargs)

    return in_these_settings


def _send_what_is_queued(timeout: float = 5) -> None:
    """Logs and events Prefect still holds, sent while the server is there to take them
    (as Prefect's own test harness does before it stops its server)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)
    EventsWorker.drain_all(timeout=timeout)
