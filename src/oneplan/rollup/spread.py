"""How coverage spreads across the areas of a district, a province or the network: the
lowest, median and highest area coverage, and the weakest areas by name.

Each area's coverage is its covered ÷ required (`reconciliation.md`), taken exactly (as a
fraction of satang) so that ties and the median are exact; areas whose plan requires
nothing have no coverage and take no part. The median of an even number of areas is the
mean of the two middle ones. Figures are rounded half up to 4 places, as every ratio.
"""

from __future__ import annotations

import statistics
from fractions import Fraction

import pandas as pd

from oneplan.values.money import ratio

WEAKEST = 5  # areas named as the weakest of a level


def _rounded(value: Fraction) -> float | None:
    return ratio(value.numerator, value.denominator)


def coverage_spread(areas: pd.DataFrame) -> dict:
    """coverage_lowest, coverage_median, coverage_highest and weakest_areas (area codes,
    lowest coverage first, ties by code) of the `areas` rows (required, covered)."""
    covered = [
        (Fraction(int(c), int(r)), code)
        for code, c, r in zip(areas["area_code"], areas["covered"], areas["required"], strict=True)
        if int(r) > 0
    ]
    if not covered:
        return {
            "coverage_lowest": None,
            "coverage_median": None,
            "coverage_highest": None,
            "weakest_areas": [],
        }
    covered.sort()
    values = [value for value, _ in covered]
    return {
        "coverage_lowest": _rounded(values[0]),
        "coverage_median": _rounded(statistics.median(values)),
        "coverage_highest": _rounded(values[-1]),
        "weakest_areas": [code for _, code in covered[:WEAKEST]],
    }
