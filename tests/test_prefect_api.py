"""The Prefect API a command talks to: the configured one, or a local server it starts."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest
from prefect import flow
from prefect.runtime import flow_run
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from flows.prefect_setup import local_api, use_api


@flow(name="oneplan-test-which-api")
def _which_run() -> str:
    return flow_run.id


def _flow_run(api_url: str, run_id) -> dict:
    with urllib.request.urlopen(f"{api_url}/flow_runs/{run_id}", timeout=10) as response:
        return json.load(response)


def test_a_flow_in_the_block_runs_on_the_local_server_which_stops_after(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    # As on a machine whose Prefect profile names no API.
    no_profile_api = temporary_settings(restore_defaults={PREFECT_API_URL})
    with no_profile_api, local_api() as server:
        assert server is not None
        process = server.process
        with use_api(server) as url:
            assert url == server.api_url
            assert os.environ["PREFECT_API_URL"] == url  # for processes the run starts
            assert get_current_settings().flows.heartbeat_frequency is None  # no one listens
            run_id = _which_run()
            assert _flow_run(url, run_id)["state"]["type"] == "COMPLETED"
        assert "PREFECT_API_URL" not in os.environ
    assert process.poll() is not None  # stopped, not left behind


def test_a_configured_api_is_used_and_no_server_started(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    with local_api() as server, use_api(server) as url:
        assert server is None
        assert url == "http://prefect.example:4200/api"


def test_an_api_in_prefects_settings_wins_and_the_started_server_stops(monkeypatch):
    # Prefect's settings (as a profile or prefect.toml would set them), not the
    # environment, name the API: the server started at once is stopped when that is known.
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    profile = temporary_settings(updates={PREFECT_API_URL: "http://prefect.example:4200/api"})
    with profile, local_api() as server:
        assert server is not None and server.process is not None
        with use_api(server) as url:
            assert url == "http://prefect.example:4200/api"
            assert server.process is None  # stopped


def test_temporary_servers_turned_off_by_the_user_are_not_started(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")
    with local_api() as server:
        assert server is None


def test_a_port_taken_before_the_server_binds_it_is_tried_again_elsewhere(monkeypatch):
    import socket

    from flows import prefect_setup as prefect_env

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    ports = iter([taken.getsockname()[1]])
    free_port = prefect_env.free_port
    monkeypatch.setattr(prefect_env, "free_port", lambda: next(ports, None) or free_port())
    with taken, local_api() as server:
        assert server.port == taken.getsockname()[1]
        assert server.wait_until_ready() == server.api_url
        assert server.port != taken.getsockname()[1]


def test_the_servers_output_never_reaches_the_user_but_a_failed_start_tells_it(monkeypatch, capfd):
    """A server stopped while a request of the run ends may print a traceback of its own
    shutdown: never on the user's terminal. What it said when it failed to start is told."""
    import sys

    from flows.prefect_setup import LocalServer

    failing = [sys.executable, "-m", "oneplan_no_such_server"]  # says so on stderr, exits 1
    monkeypatch.setattr(LocalServer, "_command", lambda self: failing)
    server = LocalServer().start()
    try:
        with pytest.raises(RuntimeError, match="(?s)stopped while starting.*No module named"):
            server.wait_until_ready(timeout=60)
    finally:
        server.stop()
    assert "oneplan_no_such_server" not in capfd.readouterr().err


def test_the_suite_runs_prefect_in_a_home_of_its_own():
    """The suite's flow runs and temporary servers never touch the user's ~/.prefect."""
    from tests.conftest import PREFECT_HOME

    settings = get_current_settings()
    assert settings.home.resolve() == Path(PREFECT_HOME).resolve()
    assert settings.home.resolve() != (Path.home() / ".prefect").resolve()
    assert PREFECT_HOME in settings.server.database.connection_url.get_secret_value()
    assert settings.profiles_path.resolve().is_relative_to(Path(PREFECT_HOME).resolve())
