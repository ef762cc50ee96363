"""The figures of the latest earlier run of the same fiscal year, as the ledger keeps them
(`Reconciliation.figures_to_keep`), for the change columns of a period's figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Previous:
    """Figures of the latest earlier run of the same fiscal year, for the change columns."""

    period: str
    items: dict[tuple[str, str], tuple[int, int]]  # (area, item) -> (committed, disbursed)
    statuses: dict[tuple[str, str], str]  # (agency, area) -> status
    # (area, item) -> quantity delivered; (agency, area, item) -> the agency's counted part.
    # Empty for a run made before results were kept (#29): no change is then known.
    delivered: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    parts: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)

    def delivered_of(self, area: str, item: str) -> Decimal | None:
        return self.delivered.get((area, item))

    def result_part(self, agency: str, area: str, item: str) -> Decimal | None:
        return self.parts.get((agency, area, item))


def previous_from_figures(period: str, figures: dict) -> Previous:
    return Previous(
        period=period,
        items={tuple(k.split("|", 1)): tuple(v) for k, v in figures["plan_items"].items()},
        statuses={tuple(k.split("|", 1)): v for k, v in figures["agencies"].items()},
        delivered={
            tuple(k.split("|", 1)): Decimal(v) for k, v in figures.get("delivered", {}).items()
        },
        parts={
            tuple(k.split("|", 2)): Decimal(v) for k, v in figures.get("result_parts", {}).items()
        },
    )
