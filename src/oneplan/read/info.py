"""Reading a label/value sheet (the submission's `ข้อมูลหน่วยงาน` / `info` sheet).

The label is in column A or the first non-empty cell of the row; its value is the next
non-empty cell to its right.
"""

from __future__ import annotations

from dataclasses import dataclass

from oneplan.read.workbook import Sheet, cell_ref
from oneplan.values.text import normalize_header


@dataclass(frozen=True)
class InfoValue:
    value: object
    cell: str  # where the value is (or where it should be, next to its label)
    row: int


def read_label_values(sheet: Sheet, labels: dict[str, str]) -> dict[str, InfoValue]:
    """Values by field name; `labels` maps a normalised label (Thai or English) to a field."""
    found: dict[str, InfoValue] = {}
    for r, row in enumerate(sheet.rows):
        cells = [(c, v) for c, v in enumerate(row) if v not in (None, "")]
        if not cells:
            continue
        label_col, label = cells[0]
        name = labels.get(normalize_header(label))
        if name is None or name in found:
            continue
        if len(cells) > 1:
            value_col, value = cells[1]
        else:
            value_col, value = label_col + 1, None
        found[name] = InfoValue(value=value, cell=cell_ref(r, value_col), row=r + 1)
    return found
