"""The plan and the registry a run reconciles against, read from the inputs folder."""

from __future__ import annotations

from dataclasses import dataclass

from oneplan.check.reference import Plan, Registry, read_plan, read_registry
from oneplan.read.reference import ReferenceInputError
from oneplan.settings import Settings


@dataclass
class Reference:
    plan: Plan
    registry: Registry


def check_reference(settings: Settings) -> Reference | ReferenceInputError:
    """The plan and the registry, or the problem that makes them unusable, as data.

    Returned rather than raised: an unusable plan is the coordinator's to fix, not a crash,
    and the orchestrator should report it without a traceback.
    """
    try:
        return load_reference(settings)
    except ReferenceInputError as problem:
        return problem


def load_reference(settings: Settings) -> Reference:
    """The plan and the registry; raises ReferenceInputError when either is unusable."""
    plan = read_plan(settings.plan_dir, settings.inputs)
    registry = read_registry(settings.registry_file, settings.inputs, plan)
    return Reference(plan, registry)
