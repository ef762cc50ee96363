"""Who shares each co-funded plan item: each partner's aligned budget on it, beside what all
partners committed to it (integration of budgets, บูรณาการงบประมาณ).

Exact: whole satang; a partner's share is `oneplan.values.money.ratio(budget, committed)`, rounded
where it is printed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PartnerShare:
    agency_code: str
    budget: int  # satang: the partner's aligned lines on the item
    committed: int  # satang: every partner's aligned lines on the item


def partner_shares(lines: pd.DataFrame) -> dict[tuple[str, str], list[PartnerShare]]:
    """Each plan item's partners by (area, plan item), in agency-code order: from the counted
    lines of a month, all at once."""
    aligned = lines[lines["alignment"] == "aligned"]
    if aligned.empty:
        return {}
    budgets = aligned.groupby(["area_code", "plan_item_id", "agency_code"], sort=True)[
        "budget"
    ].sum()
    totals = budgets.groupby(level=[0, 1]).sum().to_dict()
    result: dict[tuple[str, str], list[PartnerShare]] = defaultdict(list)
    for (area, item, agency), budget in budgets.items():
        result[(area, item)].append(PartnerShare(agency, int(budget), int(totals[(area, item)])))
    return result
