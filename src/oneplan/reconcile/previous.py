"""The figures of the latest earlier run of the same fiscal year, as the ledger keeps them
(`Reconciliation.figures_to_keep`), for the change columns of a period's figures."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Previous:
    """Figures of the latest earlier run of the same fiscal year, for the change columns."""

    period: str
    items: dict[tuple[str, str], tuple[int, int]]  # (area, item) -> (committed, disbursed)
    statuses: dict[tuple[str, str], str]  # (agency, area) -> status


def previous_from_figures(period: str, figures: dict) -> Previous:
    return Previous(
        period=period,
        items={tuple(k.split("|", 1)): tuple(v) for k, v in figures["plan_items"].items()},
        statuses={tuple(k.split("|", 1)): v for k, v in figures["agencies"].items()},
    )
