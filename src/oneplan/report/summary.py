"""summary.json: the period's headline figures, in baht, for people and scripts."""

from __future__ import annotations

import pandas as pd

from oneplan.issues import SEVERITIES, Issue
from oneplan.reconcile import Reconciliation
from oneplan.report.levels_summary import area_places, levels_summary
from oneplan.timeliness.status import rates
from oneplan.values.money import baht
from oneplan.values.numbers import plain

AREA_AMOUNTS = ("required", "committed", "covered", "gap")
REPLACEMENT_KEYS = ("agency_code", "area_code", "file_name", "replaced_file_name")


def summary_document(
    result: Reconciliation, files: list, ignored: list[str], issues: list[Issue]
) -> dict:
    """`files` are the distinct files of the period (byte-identical copies counted once)."""
    rejected = sum(1 for f in files if f.rejected)
    places = area_places(result.rollups)
    return {
        "period": result.period,
        "fiscal_year": result.fiscal_year,
        "files": {
            "received": len(files),
            "accepted": len(files) - rejected,
            "rejected": rejected,
            "ignored": len(ignored),
        },
        "issues": {s: sum(1 for i in issues if i.severity == s) for s in SEVERITIES},
        "areas": [
            {
                "area_code": area["area_code"],
                **places.get(area["area_code"], {}),
                **{k: baht(area[k]) for k in AREA_AMOUNTS},
                "coverage": area["coverage"],
                "aligned_share": area["aligned_share"],
                "items": area["items"],
                "co_funded_items": area["co_funded_items"],
                "agencies": area["agencies"],
                # Its items with a target: on track, behind, not started (#29).
                "results": area["results"],
            }
            for area in result.areas
        ],
        # A file with no lines that replaced one of the period with lines (a blank form
        # sent by mistake wipes the agency's figures): by agency and area code.
        "zero_line_replacements": [
            {key: case[key] for key in REPLACEMENT_KEYS} for case in result.zero_line_replacements
        ],
        **(
            {}
            if result.timeliness is None
            else {"timeliness": timeliness_summary(result.timeliness, result.timeliness_record)}
        ),
        # The network, each province and district (`oneplan.rollup`).
        **({} if result.rollups is None else {"levels": levels_summary(result.rollups)}),
    }


def timeliness_summary(table: pd.DataFrame, record: pd.DataFrame | None = None) -> dict:
    """Who reported on time (`oneplan.timeliness`): the month's counts and rates, each
    area's and each agency's, and the agencies late (with how late), missing and pending;
    with the `record` of the periods before (`oneplan.month.timeliness.timeliness_record`),
    the `trend`: each period's counts and rates, the month's last."""
    month = rates(table, []).to_dict("records")[0]  # counts stay whole numbers
    months = table if record is None else pd.concat([record, table[record.columns]])

    def listed(status: str, *extra: str) -> list[dict]:
        rows = table[table["status"] == status]
        return [
            {key: plain(row[key]) for key in ("agency_code", "area_code", "deadline", *extra)}
            for _, row in rows.iterrows()
        ]

    return {
        **{key: plain(value) for key, value in month.items()},
        "areas": [
            {key: plain(value) for key, value in row.items()}
            for row in rates(table, ["area_code"]).to_dict("records")
        ],
        "agencies": [
            {key: plain(value) for key, value in row.items()}
            for row in rates(table, ["agency_code"]).to_dict("records")
        ],
        "late": listed("late", "first_arrived_at", "minutes_late"),
        "missing": listed("missing"),
        "pending": listed("pending"),
        "trend": [
            {key: plain(value) for key, value in row.items()}
            for row in rates(months, ["period"]).to_dict("records")
        ],
    }
