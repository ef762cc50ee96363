"""Writing the demo's input folder (`write_demo_inputs`): the plan, the registry and the
submissions in the default input layout, each file's modification time (its received time)
set to its fixed moment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from oneplan.demo.submissions import DEMO_SUBMISSIONS, bangkok
from oneplan.demo.workbooks import (
    plan_workbook,
    registry_workbook,
    submission_workbook,
    workbook_bytes,
)

PLAN_FILE = "plan/แผนชุมชน_เครือข่ายสินธุ์แพรทอง_2570.xlsx"
REGISTRY_FILE = "agencies.xlsx"
SUBMISSIONS_DIR = "submissions"


def _write(path: Path, data: bytes, received: dt.datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = received.timestamp()
    os.utime(path, (stamp, stamp))


def write_demo_inputs(inputs_dir: Path) -> None:
    """Writes inputs_dir/plan/<plan workbook>.xlsx, inputs_dir/agencies.xlsx and inputs_dir/submissions/... ."""
    inputs_dir = Path(inputs_dir)
    _write(inputs_dir / PLAN_FILE, workbook_bytes(plan_workbook()), bangkok(2026, 10, 1, 9, 0))
    _write(
        inputs_dir / REGISTRY_FILE,
        workbook_bytes(registry_workbook()),
        bangkok(2026, 10, 2, 9, 0),
    )
    drop_zone = inputs_dir / SUBMISSIONS_DIR
    written: dict[str, bytes] = {}
    for sub in DEMO_SUBMISSIONS:
        data = written[sub.copy_of] if sub.copy_of else workbook_bytes(submission_workbook(sub))
        written[sub.path] = data
        _write(drop_zone / sub.path, data, sub.received)
