"""`oneplan received` and `oneplan status` as a user runs them, in a subprocess.

The period is October 2026, whose deadline (10 Nov 2026, 23:59:59 Bangkok time) has
passed whenever these tests run: the commands use the real clock, so nothing here is
pending. The files come in through the month's run, with a fixed clock.
"""

from __future__ import annotations

import datetime as dt
import json

from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.builders import bangkok_moment as at
from tests.test_cli import oneplan

OCTOBER = "2026-10"
LONG_AGO = dt.datetime(2026, 10, 2, 1, 0, tzinfo=dt.UTC)


def month_of_october(tmp_path) -> Settings:
    inputs = tmp_path / "inputs"
    write_plan(inputs, [plan_item("AREA-1", "KS-01", 100_000)])
    write_registry(inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1")])
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def folders(settings: Settings) -> dict[str, str]:
    return {
        "ONEPLAN_INPUTS": str(settings.inputs),
        "ONEPLAN_OUTPUTS": str(settings.outputs),
        "ONEPLAN_STATE": str(settings.state),
    }


def test_a_receipt_recorded_by_the_coordinator_makes_a_late_file_on_time(tmp_path):
    settings = month_of_october(tmp_path)
    posted = write_submission(
        settings.drop_zone / "a.xlsx",
        "AG-A",
        "AREA-1",
        OCTOBER,
        [line(1, 5_000, "KS-01")],
        mtime=LONG_AGO,
    )
    # The file came by post on 9 Nov and was dropped on 12 Nov.
    run_month(settings, OCTOBER, at("2026-11-12 09:00"))
    env = folders(settings)

    status = oneplan("status", "--period", OCTOBER, "--lang", "en", "--json", cwd=tmp_path, **env)
    assert status.returncode == 0, status.stderr
    before = {a["agency_code"]: a for a in json.loads(status.stdout)["agencies"]}
    assert (before["AG-A"]["status"], before["AG-A"]["minutes_late"]) == (
        "late",
        1 * 24 * 60 + 9 * 60,
    )
    assert before["AG-B"]["status"] == "missing"

    refused = oneplan(
        "received",
        str(posted),
        "--at",
        "2026-11-13 10:00",
        "--note",
        "x",
        "--lang",
        "en",
        cwd=tmp_path,
        **env,
    )
    assert refused.returncode == 1
    assert (
        "before the time given" in refused.stderr and "12 Nov 2026 09:00 (UTC+7)" in refused.stderr
    )
    future = oneplan(
        "received",
        str(posted),
        "--at",
        "2099-01-01 10:00",
        "--note",
        "x",
        "--lang",
        "en",
        cwd=tmp_path,
        **env,
    )
    assert future.returncode == 1 and "still to come" in future.stderr
    malformed = oneplan(
        "received", str(posted), "--at", "9/11/2569", "--note", "x", cwd=tmp_path, **env
    )
    assert malformed.returncode == 2 and "2026-12-09 14:30" in malformed.stderr

    recorded = oneplan(
        "received",
        str(posted),
        "--at",
        "2026-11-09 10:00",
        "--note",
        "ได้รับทางไปรษณีย์",
        "--by",
        "somchai",
        "--lang",
        "en",
        cwd=tmp_path,
        **env,
    )
    assert recorded.returncode == 0, recorded.stderr
    assert "received at 9 Nov 2026 10:00 (UTC+7) by somchai: ได้รับทางไปรษณีย์" in recorded.stdout

    # The next run counts it on time; the status says so, with the coordinator's note.
    run_month(settings, OCTOBER, at("2026-11-12 10:00"))
    printed = oneplan("status", "--period", "10/2569", cwd=tmp_path, **env)
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines()
    assert lines[0].startswith("การส่งแบบรายงานเดือนตุลาคม 2569 ณ ")
    assert lines[1].startswith("ส่งแล้ว 1 จาก 2 (50%) ส่งทันกำหนด 1 (50%) ส่งหลังกำหนด 0")
    assert lines[2] == "ไม่ส่ง (เลยกำหนดแล้ว):"
    assert lines[3].startswith(
        "  หน่วยงาน AG-B (AG-B)  ตำบล AREA-1 (AREA-1)  กำหนดส่ง 10 พ.ย. 2569 23:59 น. (UTC+7)"
    )
    assert lines[4] == "ส่งทันกำหนด:"
    assert lines[5].endswith("(เวลาที่บันทึก: ได้รับทางไปรษณีย์)")


def test_a_mistyped_state_folder_is_said_not_a_new_ledger_started(tmp_path):
    settings = month_of_october(tmp_path)
    env = {"ONEPLAN_INPUTS": str(settings.inputs), "ONEPLAN_STATE": str(tmp_path / "stat")}
    status = oneplan("status", "--period", OCTOBER, "--lang", "en", cwd=tmp_path, **env)
    received = oneplan(
        "received", str(settings.inputs / "agencies.xlsx"), "--at", "2026-11-09 10:00",
        "--note", "x", "--lang", "en", cwd=tmp_path, **env,
    )  # fmt: skip
    for completed in (status, received):
        assert completed.returncode == 1 and "no ledger" in completed.stderr
    assert not (tmp_path / "stat").exists()
