"""summary.json: the period's headline figures, in baht, for people and scripts."""

from __future__ import annotations

from oneplan.issues import SEVERITIES, Issue
from oneplan.reconcile import Reconciliation
from oneplan.values.money import baht

AREA_AMOUNTS = ("required", "committed", "covered", "gap")
REPLACEMENT_KEYS = ("agency_code", "area_code", "file_name", "replaced_file_name")


def summary_document(
    result: Reconciliation, files: list, ignored: list[str], issues: list[Issue]
) -> dict:
    """`files` are the distinct files of the period (byte-identical copies counted once)."""
    rejected = sum(1 for f in files if f.rejected)
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
                **{k: baht(area[k]) for k in AREA_AMOUNTS},
                "coverage": area["coverage"],
                "aligned_share": area["aligned_share"],
                "items": area["items"],
                "co_funded_items": area["co_funded_items"],
                "agencies": area["agencies"],
            }
            for area in result.areas
        ],
        # A file with no lines that replaced one of the period with lines (a blank form
        # sent by mistake wipes the agency's figures): by agency and area code.
        "zero_line_replacements": [
            {key: case[key] for key in REPLACEMENT_KEYS} for case in result.zero_line_replacements
        ],
    }
