"""`oneplan demo DIR` as a newcomer runs it (`make demo`), twice: the second demo starts
from a clean folder, says so, and is the same demo; its account is in Thai (the default),
with areas and agencies in Thai dictionary order; a folder that is not a demo's is never
touched."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from pythainlp.util import collate

from oneplan.demo.centre import DEMO_CENTRE

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))
PERIOD = "2026-11"


def oneplan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    return subprocess.run(
        [ONEPLAN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def _files(folder: Path) -> dict[str, bytes | None]:
    """Every file under `folder` by its relative path; the bytes of those that must be
    the same each time (the inputs and the settings file)."""
    return {
        path.relative_to(folder).as_posix(): (
            path.read_bytes()
            if path.parts[len(folder.parts)] in ("inputs", "oneplan.toml")
            else None
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _links(stdout: str) -> list[tuple[str, str, str]]:
    """(name, code, token) of each agency link the demo printed, in its order."""
    found = re.findall(r"^    (.+) \(([A-Z0-9-]+)\)\s+http://\S+/a/(\S+)$", stdout, re.M)
    return [(name.strip(), code, token) for name, code, token in found]


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo-twice")
    first = oneplan("demo", "demo", cwd=root)
    assert first.returncode == 0, first.stdout + first.stderr
    demo = root / "demo"
    before = {
        "files": _files(demo),
        "summary": (demo / "outputs" / PERIOD / "summary.json").read_text(encoding="utf-8"),
        "tables": {
            p.name: pd.read_parquet(p) for p in (demo / "outputs" / PERIOD / "tables").iterdir()
        },
    }
    # What a user leaves behind: a note among the outputs, a workbook dropped in.
    (demo / "outputs" / PERIOD / "notes.txt").write_text("mine")
    dropped = demo / "inputs" / "submissions" / "dropped.xlsx"
    dropped.write_bytes(next((demo / "inputs" / "submissions").rglob("*.xlsx")).read_bytes())
    second = oneplan("demo", "demo", cwd=root)
    assert second.returncode == 0, second.stdout + second.stderr
    return root, first, second, before


def test_a_demo_made_again_starts_clean_says_so_and_is_the_same_demo(twice):
    root, first, second, before = twice
    demo = root / "demo"
    assert first.stdout.startswith("เริ่มเดโมใหม่ใน demo/\n")
    assert second.stdout.startswith(
        "เริ่มเดโมใหม่ใน demo/: ลบข้อมูลเข้า ผลลัพธ์ สถานะ และไฟล์ตั้งค่าของเดโมครั้งก่อนแล้ว\n"
    )
    assert (first.stderr, second.stderr) == ("", "")
    assert _files(demo) == before["files"]  # the same files (no note, no dropped workbook)
    assert (demo / "outputs" / PERIOD / "summary.json").read_text(encoding="utf-8") == before[
        "summary"
    ]
    for name, frame in before["tables"].items():
        pd.testing.assert_frame_equal(
            pd.read_parquet(demo / "outputs" / PERIOD / "tables" / name), frame
        )


def test_a_demo_made_again_makes_new_links_and_the_earlier_ones_open_nothing(twice):
    from oneplan.ledger import open_ledger
    from oneplan.settings import Settings
    from oneplan.web.access import agency_of

    root, first, second, _ = twice
    earlier, now = _links(first.stdout), _links(second.stdout)
    assert len(now) == 10 and [c for _, c, _ in now] == [c for _, c, _ in earlier]
    assert "ลิงก์ของภาคี (สร้างใหม่กับเดโมนี้ ลิงก์จากเดโมครั้งก่อนใช้ไม่ได้แล้ว):" in second.stdout
    ledger = open_ledger(Settings(state=root / "demo" / "state"))
    for (_, code, old), (_, _, new) in zip(earlier, now, strict=True):
        assert old != new
        assert agency_of(ledger, old) is None and agency_of(ledger, new) == code
    names = [name for name, _, _ in now]
    assert names == collate(names)  # Thai dictionary order of the names people read
    assert [c for _, c, _ in now] != sorted(c for _, c, _ in now)  # not the codes' order


def test_the_demo_account_is_in_thai_with_areas_by_name_and_times_labelled(twice):
    _, _, second, _ = twice
    lines = second.stdout.splitlines()
    assert (
        "แบบรายงานประจำเดือนพฤศจิกายน 2569: ได้รับ 12 ไฟล์ ผ่านการตรวจสอบ 10 ไฟล์ "
        "ไม่ผ่านการตรวจสอบ 2 ไฟล์ ข้ามไป 0 ไฟล์ (ไฟล์ล็อกหรือไฟล์ซ่อน)"
    ) in lines
    assert "ปัญหาที่พบ: ต้องแก้ไข 4 รายการ ควรตรวจสอบ 5 รายการ แจ้งเพื่อทราบ 4 รายการ" in lines
    (when,) = [line for line in lines if line.startswith("สรุปเสร็จเมื่อ ")]
    assert re.fullmatch(
        r"สรุปเสร็จเมื่อ \d{1,2} \S+ 25\d\d \d\d:\d\d น\. \(UTC\+7\); "
        r"กำหนดส่งแบบรายงานประจำเดือนพฤศจิกายน 2569: 10 ธ\.ค\. 2569 23:59 น\. \(UTC\+7\)",
        when,
    )
    areas = [line for line in lines if re.match(r"  ตำบล\S+ \(PLG-", line)]
    # ตำบลแพรกหา before ตำบลลำสินธุ์ (พ before ล; by code PLG-LSN would come first)
    assert [a.split(":")[0] for a in areas] == ["  ตำบลแพรกหา (PLG-PKH)", "  ตำบลลำสินธุ์ (PLG-LSN)"]
    assert areas[1] == (
        "  ตำบลลำสินธุ์ (PLG-LSN): งบประมาณครอบคลุมความต้องการของแผน ร้อยละ 38.0 ยังขาด "
        "448,750.25 บาท งบที่สอดคล้องกับแผน ร้อยละ 79.0; ภาคี: ส่งแล้ว 3 หน่วยงาน, "
        "ยังไม่ส่ง 1 หน่วยงาน"
    )
    following = lines[lines.index(areas[1]) + 1]
    assert following.startswith("    ยังไม่ส่ง: ") and following.endswith("(BAAC-KKN)")
    assert (
        "ผลลัพธ์: demo/outputs/2026-11/ (summary.json, reconciliation.xlsx, tables/, reports/)"
        in lines
    )


def test_the_demo_runs_on_its_settings_file_and_prints_commands_that_use_it(twice):
    root, _, second, _ = twice
    settings = tomllib.loads((root / "demo" / "oneplan.toml").read_text(encoding="utf-8"))
    assert settings["oneplan"] == {
        "inputs": "inputs",
        "outputs": "outputs",
        "state": "state",
        **DEMO_CENTRE,
    }
    command = "ONEPLAN_SETTINGS=demo/oneplan.toml .venv/bin/oneplan"
    assert f"{command} run --period 2026-11" in second.stdout
    assert f"ONEPLAN_COORDINATOR_PASSWORD=demo {command} serve" in second.stdout
    assert f"{command} send --period 2026-11" in second.stdout
    assert f"{command} history" in second.stdout
    assert "--inputs" not in second.stdout and "--state" not in second.stdout
    # The history command as printed (the settings file names the state folder).
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    history = subprocess.run(
        [ONEPLAN, "history"],
        cwd=root,
        env={**env, "ONEPLAN_SETTINGS": "demo/oneplan.toml"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert history.returncode == 0, history.stderr
    assert history.stdout.splitlines()[:2][0] == "การสรุปข้อมูล (เวลา Asia/Bangkok, UTC+7):"
    assert history.stdout.splitlines()[1].startswith("  2026-11  เสร็จเมื่อ ")


@pytest.mark.parametrize(
    "holding",
    [
        {"budget.xlsx": b"the office's own"},
        {"inputs/agencies.xlsx": b"the office's registry"},  # only demo-like names, no demo
        {"oneplan.toml": b"[oneplan]\ninputs = 'real'\n"},
        {"inputs/plan/x.xlsx": b"", "outputs/2026-11/summary.json": b"{}", "mine.txt": b""},
    ],
)
def test_the_demo_refuses_a_folder_that_is_not_a_demo_and_touches_nothing(tmp_path, holding):
    folder = tmp_path / "office"
    for name, data in holding.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    files = _files(folder)
    completed = oneplan("demo", "office", "--lang", "en", cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stderr.startswith(
        "oneplan: office is neither empty nor a demo folder (it holds "
    )
    assert "nothing was removed" in completed.stderr
    assert _files(folder) == files and completed.stdout == ""
    assert {p.read_bytes() for p in folder.rglob("*") if p.is_file()} == set(holding.values())
