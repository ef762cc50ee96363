"""Helpers for the tests of the web pages: links, forms, and what the record holds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from starlette.testclient import TestClient

from oneplan.ledger import open_ledger
from oneplan.month.reference import load_reference
from oneplan.settings import Settings
from oneplan.web import access
from oneplan.web.app import create_app
from oneplan.web.runs import PeriodRuns


def link(settings: Settings, agency_code: str) -> str:
    """A new private link of an agency: its path on the server (`/a/<token>`)."""
    codes = load_reference(settings).registry.codes
    url = access.create_link(open_ledger(settings), settings, agency_code, codes)
    return url.removeprefix(settings.web_url)


def client(
    settings: Settings, runs: list[str] | None = None, now: dt.datetime | None = None
) -> TestClient:
    """A test client of the pages; the periods they ask to re-run are appended to `runs`
    (nothing is run; a closing as `(period, {"closing_by": …, "closing_area": …})`) when a
    list is given, else they are run for real. `now`, when given, is the pages' wall clock
    (which month is being reported, deadlines passed)."""

    def record(period: str, **closing) -> None:
        runs.append((period, closing) if closing else period)

    recorder = PeriodRuns(record) if runs is not None else None
    clock = (lambda: now) if now is not None else None
    return TestClient(create_app(settings, recorder, now=clock), follow_redirects=False)


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def upload(web: TestClient, path: str, file: Path, name: str | None = None, csrf=True):
    page = web.get(path).text
    data = {"csrf": csrf_of(page)} if csrf else {}
    with file.open("rb") as handle:
        return web.post(
            f"{path}/upload", data=data, files={"workbook": (name or file.name, handle)}
        )


def sign_in(web: TestClient, password: str = "coordinator-secret"):
    page = web.get("/coordinator").text
    return web.post("/coordinator/sign-in", data={"csrf": csrf_of(page), "password": password})


def issue_places(page: str) -> list[tuple[str, str]]:
    """(code, cell) of every problem row the page lists."""
    return re.findall(r'data-code="([^"]*)" data-cell="([^"]*)"', page)


def record(settings: Settings) -> tuple[list[str], list[str], list]:
    """What the drop zone, the archive and the ledger hold (to show nothing was recorded)."""
    zone = sorted(str(p.relative_to(settings.drop_zone)) for p in settings.drop_zone.rglob("*"))
    archive = sorted(p.name for p in settings.archive_dir.rglob("*") if p.is_file())
    files = open_ledger(settings).history()["files"]
    return zone, archive, files
