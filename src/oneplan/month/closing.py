"""Closing a period or one area of it (`oneplan close`): what the ledger records of a
closing (`record_closing`, `pin`), and the areas of an open period closed on their own
(`oneplan close --period P --area A`).

A closed area's figures stay as its closing made them while the rest of the period goes
on: its plan items and the agencies expected in it are those its closing kept (`pin`),
whatever the plan and registry say later, and its files first seen after the closing do
not count. Those are received as usual (archived, recorded, read and checked) and get
their feedback in `outputs/P/after-close/` with the period's own late files
(`oneplan.month.after_close`); `oneplan reopen --period P --area A` lets them count at the
next run. The run marks the area's reports closed (`closed_days`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pandas as pd

from oneplan.check.hierarchy import Hierarchy, check_hierarchy
from oneplan.check.reference import Plan, Registry
from oneplan.issues import Words
from oneplan.ledger import open_ledger
from oneplan.ledger.closures import ClosingsInForce, ClosureRecord
from oneplan.month.ingest import Intake
from oneplan.month.reference import Reference
from oneplan.reconcile.frames import expected_submissions
from oneplan.schemas import PLAN
from oneplan.settings import Settings
from oneplan.values.numbers import missing

ClosedAreas = dict[str, ClosureRecord]  # area code -> its closing in force


def record_closing(
    settings: Settings,
    period: str,
    by: str,
    intake: Intake,
    started: dt.datetime,
    area_code: str | None = None,
    pinned: dict | None = None,
) -> None:
    """The closing of `period` (of its area `area_code` only, with what it `pinned`) in the
    ledger, now that its outputs say closed: by whom, when, and the plan's and registry's
    versions its figures were made with. It is dated
    by the run's clock: its start, or the latest time a file it took was first seen (a file
    written while it ran), so that every file seen by a later run came after it."""
    seen = [s.file.first_seen_at for s in intake.submissions]
    closed_at = max([started, *seen])
    versions = intake.reference_versions
    record = ClosureRecord(period, "close", by, closed_at, None, versions, area_code, pinned)
    open_ledger(settings).record_closure(record)


def pin(reference: Reference, period: str, area_code: str) -> dict:
    """What an area's closing keeps of its figures' inputs: its plan items (every column,
    as plain values) and the agencies the registry expects in it."""
    items = reference.plan.items
    rows = items[items["area_code"] == area_code].astype(object)
    expected = expected_submissions(reference.registry, reference.plan, period)
    return {
        "plan_items": [
            {k: (None if missing(v) else _plain(v)) for k, v in row.items()}
            for row in rows.to_dict("records")
        ],
        "expected": sorted(expected.loc[expected["area_code"] == area_code, "agency_code"]),
    }


# The plan's columns of exact quantities (`Decimal`), pinned as their text.
_QUANTITIES = [name for name, c in PLAN.columns.items() if c.metadata["kind"] == "quantity"]


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def with_closed_areas(reference: Reference, closed: ClosedAreas) -> Reference:
    """`reference` with each closed area's plan items and expected agencies as its closing
    kept them. An agency kept as expected that the registry no longer lists cannot be
    expected again (nothing names it); the others keep or lose the area as pinned."""
    pinned = {area: c.pinned for area, c in closed.items() if c.pinned is not None}
    if not pinned:
        return reference
    return Reference(_plan_with(reference.plan, pinned), _registry_with(reference.registry, pinned))


def _plan_with(plan: Plan, pinned: dict[str, dict]) -> Plan:
    items = plan.items
    kept = pd.DataFrame(
        [row for p in pinned.values() for row in p["plan_items"]], columns=items.columns
    )
    others = items[~items["area_code"].isin(list(pinned))]
    if not kept.empty:
        kept = kept.astype(items.dtypes.to_dict())
        for name in _QUANTITIES:  # kept as text (JSON), exact again
            if name in kept:
                kept[name] = [None if missing(v) else Decimal(v) for v in kept[name]]
        others = pd.concat([others, kept], ignore_index=True)
    return Plan(
        others.reset_index(drop=True),
        plan.issues,
        plan.files,
        _hierarchy_with(plan.hierarchy, pinned),
    )


def _hierarchy_with(hierarchy: Hierarchy, pinned: dict[str, dict]) -> Hierarchy:
    """The closed areas placed as their pinned plan rows place them (the same rules as the
    plan's: `oneplan.check.hierarchy`); a closing made before plans had places keeps the
    place the plan gives now."""
    rows = [
        {"_file": "", "_sheet": "", "_row": 0, "_letters": {}, **row}
        for kept in pinned.values()
        for row in kept["plan_items"]
    ]
    found, _ = check_hierarchy(rows, lambda code: Words(code, code))
    return Hierarchy({**hierarchy.places, **found.places})


def _registry_with(registry: Registry, pinned: dict[str, dict]) -> Registry:
    agencies = registry.agencies.copy()
    expected_in = {area: set(p["expected"]) for area, p in pinned.items()}

    def areas_of(code: str, areas) -> list[str]:
        own = [a for a in (areas or []) if a not in expected_in]
        return own + [a for a, codes in expected_in.items() if code in codes]

    agencies["areas"] = [
        areas_of(code, areas)
        for code, areas in zip(agencies["agency_code"], agencies["areas"], strict=True)
    ]
    return dataclasses.replace(registry, agencies=agencies)


def held_back(intake: Intake, period: str, closings: ClosingsInForce) -> tuple[Intake, list]:
    """`intake` without the files of `period` first seen after their area's closing (the
    period's, or the area's own: `ClosingsInForce.came_after`), and those files, in the
    order received."""
    late = [s for s in intake.submissions if _after_closing(s, period, closings)]
    if not late:
        return intake, []
    counted = [s for s in intake.submissions if not _after_closing(s, period, closings)]
    late.sort(key=lambda s: s.file.received_order)
    return dataclasses.replace(intake, submissions=counted), late


def _after_closing(submission, period: str, closings: ClosingsInForce) -> bool:
    return submission.period == period and closings.came_after(
        submission.area_code, submission.file.first_seen_at
    )
