"""A damaged state folder (an archived copy altered, missing or unreadable) seen through the
pages: an agency's upload is received and told so, nothing is recorded as rejected, the
coordinator's page names the damaged copy, and once the copy is restored the upload is
taken in by `serve`'s intake by itself."""

from __future__ import annotations

import re
import sqlite3

import pytest
from starlette.testclient import TestClient

from oneplan.ledger import open_ledger
from oneplan.month.intake import take_in_and_refresh
from oneplan.month.run import run_month
from oneplan.receive.damage import DamageReports
from oneplan.receive.refresh import Refresher
from oneplan.web.app import create_app
from oneplan.web.runs import PeriodRuns
from tests.builders import line, write_submission
from tests.conftest import PERIOD
from tests.test_refresh import _until
from tests.test_state_folder import archived_copy, damage, listing
from tests.web_support import link, sign_in, upload


def verdicts(settings) -> list[tuple]:
    """Every reading the ledger holds: (first path, accepted), read files only."""
    with sqlite3.connect(settings.state / "ledger.sqlite") as db:
        return db.execute(
            "SELECT first_path, accepted FROM files WHERE read_at IS NOT NULL ORDER BY 1"
        ).fetchall()


def outcome(page: str) -> str:
    return re.search(r'class="card result (\w+)"', page).group(1)


TOLD = {
    "en": ["a technical problem at the coordination centre", "has been told", "not counted"],
    "th": ["ศูนย์ประสานงานมีปัญหาทางเทคนิค", "ได้รับแจ้งแล้ว", "ไม่ถือว่าไม่ผ่านการตรวจสอบ"],
}
RESTORE = {"en": "What to do: copy the file", "th": "วิธีแก้: คัดลอกไฟล์"}


@pytest.mark.parametrize(("how", "lang"), [("altered", "en"), ("a directory", "th")])
def test_an_upload_on_a_damaged_archive_is_received_told_and_taken_in_after_the_restore(
    web_month, tmp_path, how, lang
):
    settings = web_month
    copy = archived_copy(settings)  # a.xlsx's, read by every intake of the fiscal year
    right_bytes = copy.read_bytes()
    read_before = verdicts(settings)
    damage(copy, how, settings)
    reports = DamageReports()
    refresher = Refresher(
        reports.watching(
            lambda: take_in_and_refresh(settings, lambda period: run_month(settings, period))
        ),
        first_delay=0.05,
        longest_delay=0.2,
    ).start()
    try:
        app = create_app(settings, PeriodRuns([].append), refresher, damage=reports)
        agency, coordinator = (TestClient(app, follow_redirects=False) for _ in range(2))
        file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
        path = link(settings, "AG-C")
        agency.get(f"{path}?lang={lang}")  # the language from now on (a cookie)
        page = upload(agency, path, file)

        assert page.status_code == 200
        assert outcome(page.text) == "received_unchecked"
        assert all(words in page.text for words in TOLD[lang])
        (entered,) = (settings.drop_zone / "web").iterdir()  # received: in the drop zone
        assert f"web/{entered.name}" in page.text
        assert verdicts(settings) == read_before  # nothing read, nothing rejected
        assert open_ledger(
            settings
        ).unread()  # received, not read: an intake (serve's at start too) reads it

        # serve's intake, asked by the upload, meets the damage and keeps trying.
        _until(lambda: refresher.failure and refresher.failure.tries >= 2, "retries")
        assert verdicts(settings) == read_before
        sign_in(coordinator)
        shown = coordinator.get(f"/coordinator?lang={lang}").text
        notice = re.search(
            r'<section class="notice bad" id="state-damaged".*?</section>', shown, re.S
        )
        assert notice is not None
        assert str(copy) in notice.group(0)
        assert "(UTC+7)" in notice.group(0)  # since when: local time, with its zone
        assert "oneplan backup" in notice.group(0) and RESTORE[lang] in notice.group(0)
        assert f"web/{entered.name}" in notice.group(0)  # the upload waiting for the restore

        copy.rmdir() if copy.is_dir() else copy.unlink()
        copy.write_bytes(right_bytes)  # restored: the right bytes back in place
        _until(lambda: refresher.failure is None and refresher.succeeded >= 1, "the intake")
    finally:
        refresher.stop()
    files = {f["path"]: f for f in open_ledger(settings).history("AG-C")["files"]}
    assert files[f"web/{entered.name}"]["accepted"] is True
    assert files[f"web/{entered.name}"]["counted_in"] == [PERIOD]
    summary = (settings.outputs / PERIOD / "summary.json").read_text()
    assert '"submitted": 3' in summary  # AG-A, AG-B and the upload of AG-C count
    assert not [v for v in verdicts(settings) if not v[1]]  # nothing rejected, ever
    assert 'id="state-damaged"' not in coordinator.get("/coordinator").text


def test_run_now_on_a_damaged_archive_shows_the_damage_to_the_coordinator(web_month):
    settings = web_month
    coordinator = TestClient(create_app(settings), follow_redirects=False)  # runs for real
    sign_in(coordinator)
    copy = archived_copy(settings, "b/b.xlsx")
    right_bytes = copy.read_bytes()
    outputs_before = listing(settings.outputs)
    read_before = verdicts(settings)
    damage(copy, "altered", settings)
    page = coordinator.get("/coordinator").text
    assert 'id="state-damaged"' not in page  # not known until something reads it

    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    asked = coordinator.post("/coordinator/run", data={"csrf": csrf, "period": PERIOD})
    assert asked.status_code == 303
    coordinator.app.state.web.runs.wait()
    shown = coordinator.get(f"/coordinator?period={PERIOD}").text
    notice = re.search(r'<section class="notice bad" id="state-damaged".*?</section>', shown, re.S)
    assert notice is not None
    assert str(copy) in notice.group(0)
    assert 'data-kind="altered"' in notice.group(0)
    assert "oneplan backup" in notice.group(0)
    assert listing(settings.outputs) == outputs_before  # nothing written or replaced
    assert verdicts(settings) == read_before  # nothing recorded as rejected

    copy.write_bytes(right_bytes)  # restored: the notice goes by itself, the run works
    assert 'id="state-damaged"' not in coordinator.get("/coordinator").text
    coordinator.post("/coordinator/run", data={"csrf": csrf, "period": PERIOD})
    coordinator.app.state.web.runs.wait()
    assert coordinator.app.state.web.runs.failures == {}
    assert verdicts(settings) == read_before
