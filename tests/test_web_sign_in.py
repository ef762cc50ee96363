"""The coordinator's sign-in: throttled per client (counted, with an injected clock), the
client told by a forwarded address only through a trusted proxy, and sessions that end for
good at sign-out and with a change of password."""

from __future__ import annotations

import dataclasses
import logging
import re

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from oneplan.ledger import Ledger, sqlite_url
from oneplan.settings import load_settings
from oneplan.web.app import create_app
from oneplan.web.runs import PeriodRuns
from oneplan.web.throttle import client_of, trusted_networks
from tests.web_support import csrf_of, sign_in

PERIOD = "2026-11"
LOCKED_TH = "ใส่รหัสผ่านผิดหลายครั้งเกินไป"
LOCKED_EN = "Too many wrong passwords"
SIGN_IN_FORM = 'name="password"'


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


class Pages:
    """One application, visited from several client addresses."""

    def __init__(self, settings, clock: Clock | None = None):
        self.runs: list[str] = []
        self.recorder = PeriodRuns(self.runs.append)
        self.app = create_app(settings, self.recorder, clock=clock or Clock())

    def visitor(self, host: str, forwarded: str | None = None, cookie: str | None = None):
        headers = {"X-Forwarded-For": forwarded} if forwarded else None
        cookies = {"oneplan_session": cookie} if cookie else None
        return TestClient(
            self.app,
            client=(host, 50000),
            headers=headers,
            cookies=cookies,
            follow_redirects=False,
        )


@pytest.fixture
def strict(web_month):
    """The month's pages with 3 failures in 15 minutes locking a client for 10 minutes."""
    return dataclasses.replace(
        web_month, sign_in_failures=3, sign_in_window_minutes=15, sign_in_lockout_minutes=10
    )


def test_after_the_configured_failures_even_the_right_password_gets_429_until_the_lock_ends(
    strict, caplog
):
    clock = Clock()
    pages = Pages(strict, clock)
    guesser = pages.visitor("203.0.113.7")
    caplog.set_level(logging.WARNING, logger="oneplan.web.throttle")
    assert [sign_in(guesser, "guess").status_code for _ in range(2)] == [401, 401]
    locking = sign_in(guesser, "guess")
    assert (locking.status_code, locking.headers["retry-after"]) == (429, "600")
    assert LOCKED_TH in locking.text and "รอประมาณ 10 นาที" in locking.text
    # until when: a Thai date and a local time, labelled with the zone's offset
    assert re.search(r"หลังเวลา \d{1,2} \S+ 25\d\d \d\d:\d\d น\. \(UTC\+7\)", locking.text)
    clock.advance(4)
    refused = sign_in(guesser)  # the right password, from the locked client
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "360")
    english = guesser.post("/coordinator/sign-in?lang=en", data={"password": "x"})
    assert (english.status_code, LOCKED_EN in english.text) == (429, True)
    assert re.search(
        r"about 6 minutes and try again after \d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d \(UTC\+7\)",
        english.text,
    )
    assert SIGN_IN_FORM in guesser.get("/coordinator").text  # nothing was opened
    assert sign_in(pages.visitor("203.0.113.8")).status_code == 303  # others sign in
    clock.advance(6)
    assert sign_in(guesser).status_code == 303  # the lock has ended
    assert "Sign out" in guesser.get("/coordinator?lang=en").text
    said = [r.getMessage() for r in caplog.records]
    assert sum("sign-in locked" in m and "203.0.113.7" in m for m in said) == 1
    assert sum("sign-in refused" in m and "203.0.113.7" in m for m in said) == 2


def test_failures_count_only_within_the_window_and_a_success_clears_them(strict):
    clock = Clock()
    coordinator = Pages(strict, clock).visitor("198.51.100.4")
    assert [sign_in(coordinator, "typo").status_code for _ in range(2)] == [401, 401]
    clock.advance(15)  # those two are now older than the window
    assert [sign_in(coordinator, "typo").status_code for _ in range(2)] == [401, 401]
    assert sign_in(coordinator).status_code == 303
    assert [sign_in(coordinator, "typo").status_code for _ in range(2)] == [401, 401]
    assert sign_in(coordinator, "typo").status_code == 429  # the third since the success


def test_a_forged_forwarded_address_neither_spreads_attempts_nor_locks_out_another(strict):
    pages = Pages(dataclasses.replace(strict, trusted_proxies=("10.0.0.0/8",)))
    attacker = "198.51.100.66"
    for n in range(3):  # a different forged address on each attempt: still one client
        forged = pages.visitor(attacker, forwarded=f"192.0.2.{n + 1}, 198.51.100.20")
        assert sign_in(forged, "guess").status_code == (429 if n == 2 else 401)
    assert sign_in(pages.visitor(attacker, forwarded="192.0.2.99")).status_code == 429
    # the address the attacker named is the coordinator's: it is not locked
    assert sign_in(pages.visitor("198.51.100.20")).status_code == 303
    assert sign_in(pages.visitor("192.0.2.1")).status_code == 303


def test_through_a_trusted_proxy_each_forwarded_client_counts_on_its_own(strict):
    pages = Pages(dataclasses.replace(strict, trusted_proxies=("10.0.0.0/8", "::1")))
    for _ in range(3):  # the attacker writes a header; the proxy appends its real address
        attacker = pages.visitor("10.0.0.5", forwarded="192.0.2.2, 192.0.2.1")
        sign_in(attacker, "guess")
    assert sign_in(pages.visitor("10.0.0.5", forwarded="192.0.2.1")).status_code == 429
    # the coordinator behind the same proxy, and the address the attacker wrote, sign in
    assert sign_in(pages.visitor("10.0.0.5", forwarded="192.0.2.2")).status_code == 303
    two_hops = pages.visitor("::1", forwarded="192.0.2.3, 10.0.0.5")
    assert sign_in(two_hops).status_code == 303


def test_who_the_client_is():
    trusted = trusted_networks(["10.0.0.0/8", "2001:db8:1::1"])
    assert client_of("198.51.100.1", ["192.0.2.1"], trusted) == "198.51.100.1"
    assert client_of("10.1.2.3", ["192.0.2.9, 192.0.2.1, 10.0.0.7"], trusted) == "192.0.2.1"
    assert client_of("10.1.2.3", ["192.0.2.9", "192.0.2.1:4711"], trusted) == "192.0.2.1"
    assert client_of("10.1.2.3", [], trusted) == "10.1.2.3"
    assert client_of("::ffff:10.1.2.3", ["[2001:db8:2::5]:443"], trusted) == "2001:db8:2::/64"
    assert client_of("2001:db8:5::1", [], trusted) == client_of("2001:db8:5::2", [], trusted)
    assert client_of(None, ["192.0.2.1"], trusted) == "unknown"
    with pytest.raises(ValueError, match="'proxy.example' is neither"):
        trusted_networks(["proxy.example"])


def test_trusted_proxies_come_from_the_environment_or_the_settings_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "oneplan.toml").write_text(
        '[oneplan]\ntrusted_proxies = ["127.0.0.1", "10.0.0.0/8"]\nsign_in_failures = 4\n'
    )
    settings = load_settings()
    assert (settings.trusted_proxies, settings.sign_in_failures) == (("127.0.0.1", "10.0.0.0/8"), 4)
    monkeypatch.setenv("ONEPLAN_TRUSTED_PROXIES", "::1, 192.168.0.0/16")
    monkeypatch.setenv("ONEPLAN_SIGN_IN_LOCKOUT_MINUTES", "30")
    settings = load_settings()
    assert settings.trusted_proxies == ("::1", "192.168.0.0/16")
    assert settings.sign_in_lockout_minutes == 30.0


def test_the_served_pages_do_not_believe_a_forwarded_header_from_an_untrusted_peer(strict):
    import socket

    import httpx

    from oneplan.web.server import WebServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = WebServer(strict, PeriodRuns(lambda _: None), port=port).start()
    try:
        statuses = []
        for n in range(4):  # uvicorn itself would believe a header sent from loopback
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as web:
                csrf = csrf_of(web.get("/coordinator").text)
                statuses.append(
                    web.post(
                        "/coordinator/sign-in",
                        data={"csrf": csrf, "password": "guess"},
                        headers={"X-Forwarded-For": f"192.0.2.{n}"},
                    ).status_code
                )
    finally:
        server.stop()
    assert statuses == [401, 401, 429, 429]


def saved_session(pages: Pages, host: str = "198.51.100.4") -> tuple[TestClient, str]:
    """A coordinator signed in, and the session cookie as it was saved then."""
    web = pages.visitor(host)
    assert sign_in(web).status_code == 303
    assert SIGN_IN_FORM not in web.get("/coordinator").text
    return web, web.cookies["oneplan_session"]


def opens_nothing(pages: Pages, cookie: str) -> None:
    """What a saved cookie can do: no page, no file, no run."""
    old = pages.visitor("198.51.100.4", cookie=cookie)
    page = old.get("/coordinator")
    assert (page.status_code, SIGN_IN_FORM in page.text) == (200, True)
    assert old.get(f"/coordinator/files/{PERIOD}/main/reconciliation.xlsx").status_code == 303
    assert old.get(f"/coordinator/chart/{PERIOD}/AREA-1.png").status_code == 303
    old = pages.visitor("198.51.100.4", cookie=cookie)  # the cookie exactly as saved
    ran = old.post("/coordinator/run", data={"csrf": csrf_of(page.text), "period": PERIOD})
    assert (ran.status_code, ran.headers["location"]) == (303, "/coordinator")
    pages.recorder.wait()
    assert pages.runs == []


def test_a_session_cookie_saved_before_signing_out_opens_nothing_afterwards(web_month):
    pages = Pages(web_month)
    web, cookie = saved_session(pages)
    again = pages.visitor("198.51.100.4", cookie=cookie)
    assert SIGN_IN_FORM not in again.get("/coordinator").text  # the saved cookie works now
    csrf = csrf_of(web.get("/coordinator").text)
    assert web.post("/coordinator/sign-out", data={"csrf": csrf}).status_code == 303
    opens_nothing(pages, cookie)
    assert sign_in(pages.visitor("198.51.100.4")).status_code == 303  # a fresh sign-in works


def test_a_new_password_ends_every_session_opened_with_the_old_one(web_month):
    before = Pages(web_month)
    _, first = saved_session(before)
    _, second = saved_session(before, "198.51.100.5")
    changed = dataclasses.replace(web_month, coordinator_password="a-new-secret")
    after = Pages(changed)  # the service restarted with the new password
    opens_nothing(after, first)
    opens_nothing(after, second)
    assert sign_in(after.visitor("198.51.100.6")).status_code == 401  # the old password
    web = after.visitor("198.51.100.6")
    assert sign_in(web, "a-new-secret").status_code == 303
    assert 'data-agency="AG-A"' in web.get("/coordinator").text


def test_the_ledger_keeps_only_the_hash_of_a_session_and_the_passwords_fingerprint(web_month):
    from oneplan.ledger import open_ledger

    web, cookie = saved_session(Pages(web_month))
    with open_ledger(web_month).engine.connect() as db:
        rows = db.execute(text("SELECT * FROM coordinator_sessions")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert len(rows) == 1 and "coordinator-secret" not in stored
    import hashlib

    assert hashlib.sha256(b"coordinator-secret").hexdigest() not in stored
    assert web.cookies["oneplan_session"] == cookie


def test_a_ledger_of_revision_0004_gains_the_sessions_and_keeps_its_links(ledger_url, tmp_path):
    import datetime as dt

    url = ledger_url or sqlite_url(tmp_path / "state")
    old = Ledger(url, revision="0004")
    when = dt.datetime(2026, 11, 3, 2, 0, tzinfo=dt.UTC)
    old.create_link("AG-A", "ab" * 32, when)
    old.engine.dispose()
    new = Ledger(url)
    with new.engine.connect() as db:
        version = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert (version, new.agency_of_link("ab" * 32)) == ("0012", "AG-A")
    new.start_session("cd" * 32, "ef" * 32, when, forget_before=when - dt.timedelta(hours=12))
    assert new.live_session("cd" * 32) == ("ef" * 32, when)
    new.end_session("cd" * 32, when + dt.timedelta(minutes=5))
    assert new.live_session("cd" * 32) is None
