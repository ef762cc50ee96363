"""The demo's coordination centre and its settings file: the centre's details that every
report and message carries, the folders of the demo (`write_demo_settings`), and the area
whose month the coordinator closes in the demo (its figures final before the other's)."""

from __future__ import annotations

from pathlib import Path

DEMO_CENTRE = {
    "centre_name": "ศูนย์ประสานงานเครือข่ายองค์กรชุมชนสินธุ์แพรทอง",
    "centre_address": "ที่ทำการองค์การบริหารส่วนตำบลแพรกหา หมู่ที่ 3 ตำบลแพรกหา อำเภอควนขนุน จังหวัดพัทลุง 93110",
    "centre_phone": "074-123456",
    "centre_email": "sinpraethong.network@example.or.th",
    "signatory_name": "นางสาวอรุณี ศรีสุข",
    "signatory_position": "ผู้ประสานงานเครือข่าย",
}

# ตำบลลำสินธุ์'s figures of November are final (three partners sent theirs; ธ.ก.ส., past
# its own deadline, sent none): the coordinator closes the area with the demo's run
# (`oneplan close --period 2026-11 --area PLG-LSN`).
DEMO_CLOSED_AREA = "PLG-LSN"
DEMO_CLOSER = DEMO_CENTRE["signatory_name"]


def demo_settings_text() -> str:
    """The demo's `oneplan.toml`: its folders (relative to the file) and the centre."""
    lines = ["[oneplan]", 'inputs = "inputs"', 'outputs = "outputs"', 'state = "state"']
    lines += [f'{name} = "{value}"' for name, value in DEMO_CENTRE.items()]
    return "\n".join(lines) + "\n"


def write_demo_settings(directory: Path) -> Path:
    """Writes DIRECTORY/oneplan.toml and returns its path."""
    path = Path(directory) / "oneplan.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(demo_settings_text(), encoding="utf-8")
    return path
