"""Each co-funded plan item's partners as the reports print them: name, budget and share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace

import pandas as pd

from oneplan.reconcile.shares import partner_shares
from oneplan.report.formats import money, percent
from oneplan.values.money import ratio


def partners_as_printed(
    lines: pd.DataFrame, agency_name: Callable[[str], str], in_name_order: Callable[[list], list]
) -> dict[tuple[str, str], list[SimpleNamespace]]:
    """The partners of each (area, plan item) of `lines`, by Thai dictionary order of their
    names: `agency_code`, `agency_name`, `budget` and `share` (rounded half up)."""
    shares = defaultdict(list)
    for key, partners in partner_shares(lines).items():
        shares[key] = in_name_order(
            [
                SimpleNamespace(
                    agency_code=p.agency_code,
                    agency_name=agency_name(p.agency_code),
                    budget=money(p.budget),
                    share=percent(ratio(p.budget, p.committed)),
                )
                for p in partners
            ]
        )
    return shares
