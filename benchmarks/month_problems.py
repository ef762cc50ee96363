"""What makes a generated month realistic: which files carry which problems, drawn at rates.

`benchmarks/generate_month.py` writes every agency and area's workbook; this module decides,
from a seed and the rates (`Rates`), what each pair's files are (`plan_month`): the file of
the month with its warnings and row errors, an earlier version it supersedes, a rejected
file, a zero-line resubmission, a late arrival, or only a file of the previous period
(carried forward). Each decision names the issue codes the checks will report for it, as
`src/oneplan/check/` raises them (`FileSpec.expected`), so that a run's issues table can be
compared with what was generated, code by code.

The defaults and why (a month as offices fill it, issue #26):

- `warnings` 0.9: most files carry at least one warning. A warned file has 1 to 3 lines
  naming a plan item the plan does not have (`plan_item_unknown`: a code of the previous
  year's plan, say) or a category other than their plan item's (`category_mismatch`): the
  two warnings real workbooks carry most, the ones the issue measured.
- `row_errors` 0.15: some files have 1 to 3 lines a check excludes: a negative amount
  (`amount_negative`), text where an amount is needed (`amount_invalid`), disbursed over
  budget (`disbursed_over_budget`), an end date before the start (`end_before_start`; that
  file's form then has the two date columns), an empty required activity (`value_missing`).
  Disbursed close to the budget, which no check flags (only over it is an error), is in
  every realistic file: a line in ten is fully or almost fully disbursed.
- `rejected` 0.02: the pair's file is rejected as a whole: a required column missing
  (`column_missing`), an agency code not in the registry (`agency_unknown`), or the lines
  sheet renamed (`sheet_missing`).
- `resubmitted` 0.05: the pair sent an earlier version (with one line of text in an
  amount) that the file of the month, received later, supersedes.
- `zero_line` 0.002: rarely, the later version is a blank form: it replaces a full one
  (`zero_line_replacement`).
- `late` 0.03: the pair's last file is received after the deadline (`deadline_day`, the
  10th of the next month, 23:59 Bangkok). A received time still in the future on this
  machine's clock would make a run wait a quiet period for the file (it cannot tell it has
  settled), so such times are moved to an hour before the generation (`received_late`);
  oneplan's run treats a late file as any other, it is the latest arrival.
- `carried_forward` 0.03: the pair has only a file of the previous period (October), which
  the month carries forward.

The draws use `random.Random(seed)`, pair after pair in the order files are written: the
same seed, sizes and rates give the same files, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass, field

UTC = dt.UTC
RECEIVED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp()
# The period's deadline: 10 December 2026, 23:59:59 in Bangkok (UTC+7).
DEADLINE = dt.datetime(2026, 12, 10, 16, 59, 59, tzinfo=UTC).timestamp()
PREVIOUS_RECEIVED = dt.datetime(2026, 11, 5, 9, 0, tzinfo=UTC).timestamp()
HOUR = 3600.0
ERROR_KINDS = (
    "amount_negative",
    "amount_invalid",
    "disbursed_over_budget",
    "end_before_start",
    "value_missing",
)
REJECTED_KINDS = ("column_missing", "agency_unknown", "sheet_missing")
WARNING_KINDS = ("plan_item_unknown", "category_mismatch")


@dataclass(frozen=True)
class Rates:
    """Fractions of agency-and-area pairs (or of their files) with each problem."""

    warnings: float = 0.9
    row_errors: float = 0.15
    rejected: float = 0.02
    resubmitted: float = 0.05
    zero_line: float = 0.002
    late: float = 0.03
    carried_forward: float = 0.03

    @property
    def clean(self) -> bool:
        return not any(asdict(self).values())


CLEAN = Rates(0, 0, 0, 0, 0, 0, 0)


@dataclass
class FileSpec:
    """One workbook to write: whose, of which period, received when, with what problems."""

    name: str  # the file name in its agency's group folder
    agency: int
    area: int
    received: float  # POSIX seconds: the file's modification time
    role: str  # current, superseded, resubmission, zero_line, rejected, carried_forward
    period: str = "2026-11"
    lines: int | None = None  # None: the month's number of lines
    variant: int = 0  # another version of the pair's file: its amounts differ
    warnings: dict[int, str] = field(default_factory=dict)  # line -> warning code
    errors: dict[int, str] = field(default_factory=dict)  # line -> error code
    rejected: str | None = None  # the file-level error that rejects it
    late: bool = False
    clean: bool = False  # as the clean month has it: no line touched

    @property
    def expected(self) -> dict[str, int]:
        """The issue codes a run reports for this file, with their counts."""
        if self.rejected:
            return {self.rejected: 1}
        counts: dict[str, int] = {}
        for code in [*self.warnings.values(), *self.errors.values()]:
            counts[code] = counts.get(code, 0) + 1
        if self.role == "zero_line":
            counts["zero_line_replacement"] = 1
        return counts


def usable_lines(lines: int) -> list[int]:
    """Lines a problem may be put on: each names a plan item and has its budget as a number
    (in the clean month, every sixth line is outside the plan, every tenth has its budget
    written as text with its unit)."""
    return [n for n in range(1, lines + 1) if n % 6 and n % 10]


def plan_pair(
    rng: random.Random, rates: Rates, agency: int, area: int, lines: int, now: float
) -> list[FileSpec]:
    """The files of one agency and area, drawn at `rates` (see the module)."""
    base = f"AG-{agency:05d}_A{area:05d}"
    if rng.random() < rates.carried_forward:
        return [
            FileSpec(
                f"{base}_2569-10.xlsx",
                agency,
                area,
                PREVIOUS_RECEIVED,
                "carried_forward",
                period="2026-10",
            )
        ]
    late = rng.random() < rates.late
    last = received_late(rng, now) if late else RECEIVED
    fate = rng.random()
    if fate < rates.rejected:
        kind = rng.choice(REJECTED_KINDS)
        return [FileSpec(f"{base}.xlsx", agency, area, last, "rejected", rejected=kind, late=late)]
    fate -= rates.rejected
    spec = FileSpec(f"{base}.xlsx", agency, area, last, "current", late=late)
    free = usable_lines(lines)
    rng.shuffle(free)
    if rng.random() < rates.warnings and free:
        for n in free[: rng.randint(1, 3)]:
            spec.warnings[n] = rng.choice(WARNING_KINDS)
        free = free[len(spec.warnings) :]
    if rng.random() < rates.row_errors and free:
        for n in free[: rng.randint(1, 3)]:
            spec.errors[n] = rng.choice(ERROR_KINDS)
    earlier_at = RECEIVED - rng.uniform(1, 8) * 24 * HOUR
    if fate < rates.zero_line:
        earlier = FileSpec(f"{base}.xlsx", agency, area, earlier_at, "superseded", variant=1)
        blank = FileSpec(f"{base}_ส่งใหม่.xlsx", agency, area, last, "zero_line", lines=0, late=late)
        return [earlier, blank]
    fate -= rates.zero_line
    if fate < rates.resubmitted:
        earlier = FileSpec(f"{base}.xlsx", agency, area, earlier_at, "superseded", variant=1)
        earlier.errors[usable_lines(lines)[0]] = "amount_invalid"
        spec.name, spec.role = f"{base}_แก้ไข.xlsx", "resubmission"
        if not late:
            spec.received = RECEIVED + rng.uniform(1, 10) * 24 * HOUR
        return [earlier, spec]
    return [spec]


def received_late(rng: random.Random, now: float) -> float:
    """A received time after the deadline; one that would still be in the future when
    generated is an hour or two before `now` (see the module)."""
    late, instead = DEADLINE + rng.uniform(1, 96) * HOUR, now - rng.uniform(1, 2) * HOUR
    return late if late < now - HOUR else instead


def corrected(specs: list[FileSpec], now: float) -> FileSpec | None:
    """The corrected file to drop in later: the first counted file with row errors (else
    the first counted file), its errors fixed, received after every file of the month."""
    counted = [s for s in specs if s.role in ("current", "resubmission")]
    with_errors = [s for s in counted if s.errors]
    chosen = (with_errors or counted or [None])[0]
    if chosen is None:
        return None
    latest = max(s.received for s in specs)
    return FileSpec(
        f"AG-{chosen.agency:05d}_A{chosen.area:05d}_ฉบับแก้.xlsx",
        chosen.agency,
        chosen.area,
        min(latest + HOUR, now - 30 * 60),
        "corrected",
        variant=2,
        warnings=dict(chosen.warnings),
    )
