"""A realistic Thai demo input folder: the สินธุ์แพรทอง network, Phatthalung, period 2026-11.

`write_demo_inputs(inputs_dir)` writes the default input layout (inputs.md)::

    inputs_dir/plan/แผนชุมชน_เครือข่ายสินธุ์แพรทอง_2570.xlsx   the community plan, FY 2570
    inputs_dir/agencies.xlsx                                   the partner registry
    inputs_dir/submissions/<sub-folders>/<workbooks>.xlsx      14 partner workbooks

Two areas: `PLG-PKH` (ตำบลแพรกหา, อำเภอควนขนุน) and `PLG-LSN` (ตำบลลำสินธุ์,
อำเภอศรีนครินทร์). The submissions are written the way partner staff really fill them in
(title rows, merged cells, a total row, notes under the table, amounts typed as text,
Thai digits, พ.ศ. dates, columns in their own order) and together exercise every agency
status of the run for 2026-11 and the typical mistakes (see `DEMO_SUBMISSIONS`).

Everything is deterministic: no randomness and no clock. Each workbook is written with
fixed document properties and fixed zip entry times, so the same call always writes the
same bytes, and each file's modification time (its received time) is set to a fixed
moment of October–December 2026, so that the corrected resubmission is received after the
file it corrects, and one file comes after its agency's own deadline (`agencies.py`).
"""

from oneplan.demo.inputs import PLAN_FILE, REGISTRY_FILE, write_demo_inputs
from oneplan.demo.submissions import DEMO_PERIOD, DEMO_SUBMISSIONS

__all__ = ["DEMO_PERIOD", "DEMO_SUBMISSIONS", "PLAN_FILE", "REGISTRY_FILE", "write_demo_inputs"]
