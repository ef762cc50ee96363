"""Shared fixtures: a small month of inputs built in a temporary folder.

The suite runs Prefect in a home of its own (set here, before anything imports Prefect):
the flow runs it makes, and the database of every temporary server it starts, never land
in the user's `~/.prefect`, and a user's `PREFECT_API_URL` or profile never sends the
suite's runs to their server. The folder is removed when the session ends.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def _own_prefect_home() -> str:
    for name in [name for name in os.environ if name.startswith("PREFECT_")]:
        del os.environ[name]
    home = tempfile.mkdtemp(prefix="oneplan-tests-prefect-")
    os.environ["PREFECT_HOME"] = home  # subprocesses (CLI runs, servers) inherit it
    return home


PREFECT_HOME = _own_prefect_home()

# Imported once Prefect's home is set: whatever they import, Prefect reads its settings then.
import pytest  # noqa: E402

from oneplan.settings import Settings  # noqa: E402
from tests.builders import (  # noqa: E402
    agency,
    line,
    plan_item,
    write_plan,
    write_registry,
    write_submission,
)

PERIOD = "2026-11"
COORDINATOR_PASSWORD = "coordinator-secret"


@pytest.fixture
def month(tmp_path: Path, month_inputs: Path) -> Settings:
    """Plan of one area with three items, three agencies, two clean submissions (a copy of
    `month_inputs`: the same workbooks, byte for byte and with their times, in every test)."""
    shutil.copytree(month_inputs, tmp_path / "inputs", dirs_exist_ok=True)
    return Settings(
        inputs=tmp_path / "inputs", outputs=tmp_path / "outputs", state=tmp_path / "state"
    )


@pytest.fixture(scope="session")
def month_inputs(tmp_path_factory) -> Path:
    """The `month` fixture's inputs folder (`write_month`), written once in the session."""
    return built_once(tmp_path_factory, "month", write_month) / "inputs"


def write_month(tmp_path: Path) -> Settings:
    """The `month` fixture's folders (inputs, outputs, state) written under `tmp_path`."""
    inputs = tmp_path / "inputs"
    write_plan(
        inputs,
        [
            plan_item(item="KS-01", required=100_000),
            plan_item(item="KS-02", required=50_000, category="สวัสดิการ", priority=2),
            plan_item(item="KS-03", required=0, priority=3),
        ],
    )
    write_registry(
        inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-C", "AREA-1")]
    )
    drop = inputs / "submissions"
    write_submission(
        drop / "a.xlsx",
        "AG-A",
        "AREA-1",
        "2026-11",
        [line(1, 60_000, "KS-01"), line(2, "12,500.50 บาท"), line(3, 100, "ZZ-9")],
    )
    write_submission(
        drop / "b" / "b.xlsx",
        "AG-B",
        "AREA-1",
        "พฤศจิกายน 2569",
        [line(1, 40_000, "KS-01", disbursed=10_000)],
        mtime=dt.datetime(2026, 11, 12, tzinfo=dt.UTC),
    )
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


@pytest.fixture
def reading_a_xlsx_fails(monkeypatch):
    """A bug of oneplan's own (an unexpected exception) while reading the file `a.xlsx`."""
    from oneplan.read import submission as submission_module

    real = submission_module.read_submission

    def flaky(file, *reading):
        if file.rel_path == "a.xlsx":
            raise ZeroDivisionError("a bug of ours")
        return real(file, *reading)

    monkeypatch.setattr(submission_module, "read_submission", flaky)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server started for the tests (pgserver ships its binaries).

    Its data lives in a folder of its own under the system's temporary folder: as root,
    pgserver runs PostgreSQL as an unprivileged user, which cannot enter pytest's folders.
    """
    import shutil
    import tempfile

    pgdata = Path(tempfile.mkdtemp(prefix="oneplan-pg-"))
    try:
        import pgserver

        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        server.psql("select 1;")
    except Exception as exc:  # no server can be started here: say so, never pass silently
        shutil.rmtree(pgdata, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started ({type(exc).__name__}: {exc})")
    yield server
    server.cleanup()  # stopped now, not by an exit hook after logging has shut down
    shutil.rmtree(pgdata, ignore_errors=True)


_databases = iter(range(1, 10_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path) -> str:
    """The ledger's database URL: SQLite in the state folder, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return ""
    return fresh_postgres_database(request.getfixturevalue("postgres_server"))


def fresh_postgres_database(server) -> str:
    """The URL of a new, empty database on the tests' PostgreSQL server."""
    name = f"ledger_{next(_databases)}"
    server.psql(f"create database {name};")
    uri = server.get_uri(name)
    return uri.replace("postgresql://", "postgresql+psycopg://", 1)


def built_once(tmp_path_factory, name: str, build: Callable[[Path], object]) -> Path:
    """The folder `name`, filled by `build(folder)` once in the session: with test workers
    (pytest-xdist), the first worker that needs it builds it while the others wait, and
    all read the same folder. Tests copy what they change (`copy_of_month`)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the workers' temporary folders are side by side in it
    folder = root / f"built-{name}"
    with (root / f"built-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(scope="session")
def reconciled_month(tmp_path_factory, month_inputs: Path) -> Path:
    """The folder of the `month` fixture's inputs reconciled once in the session, with a
    coordinator password (its ledger checkpointed into its file): copied by `web_month`,
    never changed."""
    import dataclasses

    from oneplan.ledger import open_ledger
    from oneplan.month.run import run_month

    def build(root: Path) -> None:
        settings = copy_of_month(month_inputs.parent, root)
        settings = dataclasses.replace(settings, coordinator_password=COORDINATOR_PASSWORD)
        run_month(settings, PERIOD)
        open_ledger(settings).close()  # the ledger file alone is whole: copied, the same

    return built_once(tmp_path_factory, "reconciled-month", build)


def copy_of_month(built: Path, root: Path) -> Settings:
    """The inputs, outputs and state folders under `built` copied under `root` (files with
    their times; the workbooks' bytes as they were read, so the ledger knows them)."""
    for name in ("inputs", "outputs", "state"):
        if (built / name).exists():
            shutil.copytree(built / name, root / name, symlinks=True)
    return Settings(inputs=root / "inputs", outputs=root / "outputs", state=root / "state")


@pytest.fixture
def web_month(reconciled_month: Path, tmp_path: Path) -> Settings:
    """The `month` fixture reconciled once, with a coordinator password, ready for the pages
    (a copy of `reconciled_month`: the same run, made once in the session)."""
    import dataclasses

    settings = copy_of_month(reconciled_month, tmp_path)
    return dataclasses.replace(settings, coordinator_password=COORDINATOR_PASSWORD)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(PREFECT_HOME, ignore_errors=True)
