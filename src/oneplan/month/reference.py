"""The plan and the registry a run reconciles against, read from the inputs folder; and,
for a long-lived process (`oneplan serve`'s intake), kept while their files are unchanged."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from oneplan.check.reference import Plan, Registry, read_plan, read_registry
from oneplan.read.reference import ReferenceInputError
from oneplan.receive.drop_zone import is_ignored
from oneplan.receive.files import fingerprint
from oneplan.settings import Settings


@dataclass
class Reference:
    plan: Plan
    registry: Registry


def check_reference(settings: Settings) -> Reference | ReferenceInputError:
    """The plan and the registry, or the problem that makes them unusable, as data.

    Returned rather than raised: an unusable plan is the coordinator's to fix, not a crash,
    and the orchestrator should report it without a traceback. Kept while their files are
    unchanged (`kept_reference`): `serve`'s period runs use what its intake read.
    """
    try:
        return kept_reference(settings)
    except ReferenceInputError as problem:
        return problem


def load_reference(settings: Settings) -> Reference:
    """The plan and the registry; raises ReferenceInputError when either is unusable."""
    plan = read_plan(settings.plan_dir, settings.inputs)
    registry = read_registry(settings.registry_file, settings.inputs, plan)
    return Reference(plan, registry)


# The latest reference `kept_reference` read, by what it was read from (`_read_from`).
_kept: tuple[tuple, Reference] | None = None
_kept_lock = threading.Lock()


def kept_reference(settings: Settings) -> Reference:
    """`load_reference`, kept in this process while the plan's and the registry's files are
    the same ones, by path and SHA-256 (hashing them costs milliseconds; reading a national
    plan, seconds): `serve`'s intake reads them again only when one changed. The reference
    returned is shared: it is read, never changed, by its users. A plan or registry that
    cannot be read raises `ReferenceInputError` as `load_reference` does, and is not kept."""
    global _kept
    key = _read_from(settings)
    with _kept_lock:
        if key is not None and _kept is not None and _kept[0] == key:
            return _kept[1]
    reference = load_reference(settings)
    if key is not None and _read_from(settings) == key:  # unchanged while it was read
        with _kept_lock:
            _kept = (key, reference)
    return reference


def _read_from(settings: Settings) -> tuple | None:
    """The folders and files the reference is read from, each file with its SHA-256 (as
    `read_plan` and `read_registry` find them); None when one cannot be hashed now."""
    try:
        plan_files = sorted(
            p for p in settings.plan_dir.rglob("*") if p.is_file() and not is_ignored(p)
        )
        files = [*plan_files, settings.registry_file]
        hashes = tuple((str(path), fingerprint(path, path.name).sha256) for path in files)
    except OSError:
        return None
    return (str(settings.inputs), str(settings.plan_dir), hashes)
