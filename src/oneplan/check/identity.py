"""Who a submission is from and for: its info sheet's agency, area and period, checked.

A missing identity, an agency not in the registry, an area not in the plan or a period
that cannot be read rejects the whole file (`whole_file`): without them the file cannot
give an agency a status. The other info values are kept as text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from oneplan.check.reference import Plan, Registry
from oneplan.issues import Issue, Location, make_issue
from oneplan.read.info import InfoValue
from oneplan.schemas import SUBMISSION_INFO
from oneplan.values.periods import PeriodError, parse_period
from oneplan.values.text import normalize_code


@dataclass
class Identity:
    """What the info sheet says, checked, and the issues found."""

    agency_code: str = ""  # as read and normalised; known only if `agency_known`
    area_code: str = ""
    period: str | None = None
    agency_known: bool = False
    area_known: bool = False
    info: dict[str, str] = field(default_factory=dict)  # the other fields, as text
    issues: list[Issue] = field(default_factory=list)


def identify(
    source: str, sheet: str, values: dict[str, InfoValue], plan: Plan, registry: Registry
) -> Identity:
    """The identity in the info sheet `sheet` of the file `source`, whose values by field
    were read (`oneplan.read.info.read_label_values`)."""
    identity = Identity()
    for info_field in SUBMISSION_INFO:
        found = values.get(info_field.name)
        raw = found.value if found else None
        where = Location(
            source,
            sheet,
            found.row if found else None,
            info_field.name,
            found.cell if found else "",
        )
        if raw is None or str(raw).strip() == "":
            if info_field.required:
                # A missing identity rejects the file: it is a file-level problem.
                identity.issues.append(
                    make_issue(
                        "info_missing",
                        Location(source, sheet, None, info_field.name, where.cell),
                        sheet=sheet,
                        label_th=info_field.th,
                        label_en=info_field.name,
                    )
                )
            continue
        if info_field.name == "agency_code":
            identity.agency_code = normalize_code(raw)
            identity.agency_known = identity.agency_code in registry.codes
            if not identity.agency_known:
                closest = difflib.get_close_matches(identity.agency_code, registry.codes, 1, 0.75)
                identity.issues.append(
                    _file_level("agency_unknown", where, raw, closest=next(iter(closest), ""))
                )
        elif info_field.name == "area_code":
            identity.area_code = normalize_code(raw)
            identity.area_known = identity.area_code in plan.area_codes
            if not identity.area_known:
                valid = _valid_areas(identity, plan, registry)
                identity.issues.append(_file_level("area_unknown", where, raw, valid=valid))
        elif info_field.name == "period":
            try:
                identity.period = parse_period(raw)
            except PeriodError:
                identity.issues.append(_file_level("period_invalid", where, raw))
        else:
            identity.info[info_field.name] = str(raw).strip()
    return identity


def _file_level(code: str, where: Location, value: object, **details: object) -> Issue:
    """An issue on an info cell that rejects the whole file."""
    return make_issue(code, where, whole_file=True, value=value, **details)


# A plan with more areas than this is not listed in a message: the agency's own are.
AREAS_LISTED = 10


def _valid_areas(identity: Identity, plan: Plan, registry: Registry) -> str:
    """The areas a file of this agency may name, for the message of an unknown one: those
    the registry lists for the agency, else every area of a small plan; '' if neither."""
    codes: list[str] = []
    if identity.agency_known:
        agencies = registry.agencies
        listed = agencies.loc[agencies["agency_code"] == identity.agency_code, "areas"]
        codes = [c for c in (listed.iloc[0] or []) if c in plan.area_codes] if len(listed) else []
    if not codes and len(plan.area_codes) <= AREAS_LISTED:
        codes = sorted(plan.area_codes)
    # The code first: it is what the clerk types.
    named = ((code, plan.area_names.get(code)) for code in codes)
    return ", ".join(f"{code} ({name})" if name else code for code, name in named)
