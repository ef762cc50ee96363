"""The names of the roll-up reports: one Word report per province (and per district when
the settings ask), in `reports/` beside the agencies' and the areas' reports.

Named by the place, as people read it: `province_พัทลุง.docx`,
`district_พัทลุง_ควนขนุน.docx` (characters a file name cannot hold are replaced by `-`).
Areas without a province have no province report: the network's figures count them.
"""

from __future__ import annotations

import hashlib
import re

from oneplan.rollup.areas import in_place

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
# Between a province and its district in a report's key: a line break, which no name holds
# (`oneplan.values.text.clean_text` makes every run of blanks one space).
_SEPARATOR = "\n"


def level_key(province: str, district: str | None = None) -> str:
    """The key of a province's or district's report among the month's reports."""
    return province if district is None else f"{province}{_SEPARATOR}{district}"


def level_place(key: str) -> tuple[str, str | None]:
    """(province, district or None) of a report key (`level_key`)."""
    province, _, district = key.partition(_SEPARATOR)
    return province, district or None


def report_file(kind: str, key: str) -> str:
    """The file name of the `kind` ("province" or "district") report of `key`: the names
    as they are, joined by `_`. A name that a file name cannot hold as it is (`/`, a space)
    or that holds `_` is written safe and followed by a short hash of itself, so that two
    places never share a file (`A/B`, `A B` and `A-B`; `A_B` + `C` and `A` + `B_C`)."""
    return f"{kind}_{'_'.join(_safe(part) for part in level_place(key) if part)}.docx"


def _safe(name: str) -> str:
    safe = _UNSAFE.sub("-", name)
    if safe == name and "_" not in name:
        return name
    return f"{safe.replace('_', '-')}-{hashlib.sha256(name.encode()).hexdigest()[:6]}"


LEVEL_KINDS = ("province", "district")


def level_reports(rollups, districts: bool) -> list[tuple[str, str]]:
    """The roll-up reports of a month (`oneplan.rollup.Rollups`, or None): one per
    province the plan names, and one per district of a named province when `districts`."""
    if rollups is None or not rollups.assigned:
        return []
    provinces = [p for p in rollups.levels["province"]["province"] if isinstance(p, str)]
    reports = [("province", level_key(province)) for province in provinces]
    if districts:
        table = rollups.levels["district"]
        reports += [
            ("district", level_key(province, district))
            for province, district in zip(table["province"], table["district"], strict=True)
            if isinstance(province, str) and isinstance(district, str)
        ]
    return reports


def level_areas(rollups, key: str) -> list[str]:
    """The area codes of a province's or district's report."""
    areas = rollups.areas
    return sorted(areas.loc[in_place(areas, *level_place(key)), "area_code"])
