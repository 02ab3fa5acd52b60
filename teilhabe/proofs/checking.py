"""The grant officer's check of a proof of use, as pure functions (no database in here).

- `simple_check`: plausibility and the comparison with the approved plan; each deviation a
  `Flag` with a stable code, measured against the tolerances below.
- `sample_size` and `draw_sample`: the in-depth check's sample of receipts, reproducible from a
  recorded seed (`random.Random(seed)`).
- `eligible_amount`: the amount the year's grant is worth after all, recomputed by the grant's
  own rules (`funding.rules.compute_grant`, the decision's guideline version) with the actual
  FTE, months and cost of each position, capped by the amount granted for the year, minus the
  ineligible amounts the findings name.

Sources, tolerances and assumptions: docs/proof-of-use.md, "The check".
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from teilhabe.core.money import ZERO
from teilhabe.funding import rules

# Tolerances of the simple check [assumption; no source fixes them, see the docs]:
# - FTE: a position may be filled up to 0.05 FTE above the plan (two hours a week of a 39-hour
#   position) before it counts as a deviation; the grant never funds more than planned anyway.
FTE_TOLERANCE = Decimal("0.05")
# - cost: the actual personnel cost may differ from the plan's cost for the months filled by
#   10 % (a pay round, a step up within the pay grade) before it counts as a deviation.
COST_TOLERANCE = Decimal("0.10")
# - plausibility: a full-time position's employer cost a year above 150,000 EUR is implausible
#   for a KI (TVöD E 15, the highest step, costs the employer well under that).
MAX_PLAUSIBLE_ANNUAL_COST = Decimal("150000.00")
# - interpreter pool: 10 % above the plan, as for the cost.
POOL_TOLERANCE = Decimal("0.10")

# The sample [assumption]: every receipt when there are at most ALL_UP_TO; else a fifth of them,
# at least ALL_UP_TO.
ALL_UP_TO = 10
SAMPLE_SHARE = Decimal("0.2")

CITATION_CHECK = "Nr. 11 VVG zu § 44 LHO NRW; Nr. 7 und 8 ANBest-G"


@dataclass(frozen=True)
class ActualPosition:
    """One position of the statement: the plan and what was actually spent."""

    category: str
    planned_fte: Decimal
    planned_months: int
    planned_annual_cost: Decimal  # for a full year at the planned FTE (the application's)
    actual_fte: Decimal
    months_filled: int
    actual_cost: Decimal  # the personnel cost actually paid in the year

    @property
    def planned_cost(self) -> Decimal:
        """The plan's cost for its months (what the plan expected to be spent this year)."""
        return rules.cents(Decimal(self.planned_annual_cost) * self.planned_months / Decimal(12))


@dataclass(frozen=True)
class Statement:
    year: int
    positions: tuple[ActualPosition, ...]
    interpreter_pool_planned: Decimal = ZERO
    interpreter_pool_actual: Decimal = ZERO
    teachers_planned: int = 0
    teachers_actual: int = 0
    granted: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    position: int | None = None  # 1-based, or None for the whole statement
    serious: bool = False  # a plausibility failure rather than a deviation from the plan


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('1'))} %"


def _position_flags(number: int, p: ActualPosition) -> list[Flag]:
    flags = []
    if p.actual_fte > p.planned_fte + FTE_TOLERANCE:
        flags.append(
            Flag(
                "fte_above_plan",
                _("Position %(n)s: %(actual)s FTE filled, %(planned)s planned.")
                % {"n": number, "actual": p.actual_fte, "planned": p.planned_fte},
                number,
            )
        )
    if p.months_filled > p.planned_months:
        flags.append(
            Flag(
                "months_above_plan",
                _("Position %(n)s: filled for %(actual)s months, %(planned)s planned.")
                % {"n": number, "actual": p.months_filled, "planned": p.planned_months},
                number,
            )
        )
    vacancy = p.planned_months - p.months_filled
    if vacancy > 0:
        flags.append(
            Flag(
                "vacancy",
                _("Position %(n)s: vacant for %(months)s of the planned months.")
                % {"n": number, "months": vacancy},
                number,
            )
        )
    if (p.months_filled == 0 or p.actual_fte == 0) and p.actual_cost > 0:
        flags.append(
            Flag(
                "cost_without_filling",
                _("Position %(n)s: personnel cost stated for a position that was not filled.")
                % {"n": number},
                number,
                serious=True,
            )
        )
    elif p.months_filled and p.actual_fte:
        annual = p.actual_cost * 12 / (p.months_filled * p.actual_fte)
        if annual > MAX_PLAUSIBLE_ANNUAL_COST:
            flags.append(
                Flag(
                    "cost_implausible",
                    _(
                        "Position %(n)s: the cost amounts to more than %(max)s EUR a year for a "
                        "full-time position."
                    )
                    % {"n": number, "max": f"{MAX_PLAUSIBLE_ANNUAL_COST:,.0f}".replace(",", ".")},
                    number,
                    serious=True,
                )
            )
    expected = _expected_cost(p)
    if expected > 0 and abs(p.actual_cost - expected) > expected * COST_TOLERANCE:
        flags.append(
            Flag(
                "cost_deviation",
                _(
                    "Position %(n)s: the personnel cost differs from the plan for the months "
                    "filled by more than %(tolerance)s."
                )
                % {"n": number, "tolerance": _pct(COST_TOLERANCE)},
                number,
            )
        )
    return flags


def _expected_cost(p: ActualPosition) -> Decimal:
    """The plan's cost scaled to the FTE and months actually filled."""
    if p.planned_fte == 0:
        return ZERO
    return (
        Decimal(p.planned_annual_cost)
        * min(p.actual_fte, p.planned_fte + FTE_TOLERANCE)
        / p.planned_fte
        * p.months_filled
        / 12
    )


def simple_check(statement: Statement) -> list[Flag]:
    """The simple check: every deviation from the approved plan beyond its tolerance and every
    implausible figure, position by position, then the pool, the teachers and the payments."""
    flags: list[Flag] = []
    for number, position in enumerate(statement.positions, start=1):
        flags.extend(_position_flags(number, position))
    planned_pool = statement.interpreter_pool_planned
    if statement.interpreter_pool_actual > planned_pool * (1 + POOL_TOLERANCE):
        flags.append(
            Flag(
                "pool_above_plan",
                _("The interpreter pool cost more than planned (by more than %(tolerance)s).")
                % {"tolerance": _pct(POOL_TOLERANCE)},
            )
        )
    elif planned_pool > 0 and statement.interpreter_pool_actual < planned_pool * (
        1 - POOL_TOLERANCE
    ):
        flags.append(
            Flag(
                "pool_below_plan",
                _("The interpreter pool cost less than planned (by more than %(tolerance)s).")
                % {"tolerance": _pct(POOL_TOLERANCE)},
            )
        )
    if statement.teachers_actual < statement.teachers_planned:
        flags.append(
            Flag(
                "teachers_below_plan",
                _("%(actual)s of %(planned)s seconded teachers worked at the KI.")
                % {"actual": statement.teachers_actual, "planned": statement.teachers_planned},
            )
        )
    if statement.paid > statement.granted:
        flags.append(
            Flag(
                "paid_above_grant",
                _("More was paid out than granted for the year."),
                serious=True,
            )
        )
    return flags


# --- the sample ------------------------------------------------------------------------------


def sample_size(count: int) -> int:
    """How many of `count` receipts the in-depth check looks at: all of up to ALL_UP_TO, else a
    fifth (rounded up), at least ALL_UP_TO."""
    if count <= ALL_UP_TO:
        return max(count, 0)
    return min(count, max(ALL_UP_TO, math.ceil(count * SAMPLE_SHARE)))


def draw_sample(numbers: Sequence[int], seed: int, size: int | None = None) -> list[int]:
    """The receipts (by number) in the sample: drawn by `random.Random(seed)` from the numbers
    in ascending order, so the same receipts and seed always give the same sample. Sorted."""
    ordered = sorted(set(numbers))
    size = sample_size(len(ordered)) if size is None else min(size, len(ordered))
    return sorted(random.Random(seed).sample(ordered, size))  # noqa: S311 (not for secrets)


# --- the eligible amount ------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligible:
    amount: Decimal  # what the year's grant is worth: never above granted, never below 0
    recomputed: Decimal  # compute_grant with the actual figures
    granted: Decimal
    ineligible: Decimal  # the findings' sum
    lines: tuple[rules.Line, ...]
    actual_cost: Decimal  # personnel cost + interpreter pool actually spent

    @property
    def reduction(self) -> Decimal:
        return self.granted - self.amount


# The cost of the year is turned into a cost per full year (the calculator's input) with this
# many decimals, rounded down: so the line, cost x months / 12, is never above the cost paid.
_ANNUAL_PLACES = Decimal("0.0000001")


def plan_cost(annual: Decimal, months: int) -> Decimal:
    """What `months` months of a position costing `annual` a year cost, to the cent."""
    return rules.cents(Fraction(annual) * months / 12)


def annual_equivalent(cost: Decimal, months: int, planned_annual: Decimal | None = None) -> Decimal:
    """The cost of a full year that `months` months costing `cost` amount to: the plan's own
    annual cost where it gives exactly this cost for these months (so a year that went as
    planned is computed as the grant was), else cost x 12 / months rounded down."""
    if planned_annual is not None and plan_cost(planned_annual, months) == cost:
        return planned_annual
    return (Decimal(cost) * 12 / months).quantize(_ANNUAL_PLACES, rounding=ROUND_FLOOR)


def actual_request(statement: Statement) -> rules.GrantRequest:
    """The calculator's input with the actual figures: each filled position with its actual FTE
    and months and its cost per full year; a position not filled at all is worth nothing and
    left out (the calculator counts a position's FTE against its group's maximum in order)."""
    year = statement.year
    return rules.GrantRequest(
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        positions=tuple(
            rules.PositionRequest(
                category=p.category,
                fte=p.actual_fte,
                months=p.months_filled,
                annual_cost=annual_equivalent(
                    p.actual_cost, p.months_filled, p.planned_annual_cost
                ),
            )
            for p in statement.positions
            if p.actual_fte > 0 and p.months_filled > 0
        ),
        interpreter_pool_cost=statement.interpreter_pool_actual,
    )


def capped_positions(statement: Statement) -> Statement:
    """The statement as the grant counts it: never more FTE or months than the approved plan
    (a position filled beyond the plan is funded as planned, at most)."""
    positions = tuple(
        ActualPosition(
            category=p.category,
            planned_fte=p.planned_fte,
            planned_months=p.planned_months,
            planned_annual_cost=p.planned_annual_cost,
            actual_fte=min(p.actual_fte, p.planned_fte),
            months_filled=min(p.months_filled, p.planned_months),
            actual_cost=p.actual_cost,
        )
        for p in statement.positions
    )
    return Statement(
        year=statement.year,
        positions=positions,
        interpreter_pool_planned=statement.interpreter_pool_planned,
        interpreter_pool_actual=statement.interpreter_pool_actual,
        teachers_planned=statement.teachers_planned,
        teachers_actual=statement.teachers_actual,
        granted=statement.granted,
        paid=statement.paid,
    )


def eligible_amount(
    statement: Statement,
    guideline: rules.GuidelineData,
    district_kind: str,
    *,
    ineligible: Decimal = ZERO,
) -> Eligible:
    """What the year's grant is worth after the proof of use: `compute_grant` of the decision's
    guideline with the actual FTE, months and cost (FTE and months at most as planned), at most
    the amount granted for the year, minus the findings' ineligible amounts, at least 0.

    A position filled for fewer months or at a lower FTE is worth exactly what the guideline
    says for that, and never more than its actual cost (the cost of the year is the calculator's
    cost per full year x months / 12)."""
    counted = capped_positions(statement)
    result = rules.compute_grant(actual_request(counted), guideline, district_kind)
    spent = sum((p.actual_cost for p in statement.positions), ZERO)
    spent += statement.interpreter_pool_actual
    amount = min(result.total, statement.granted, spent) - ineligible
    return Eligible(
        amount=max(amount, ZERO),
        recomputed=result.total,
        granted=statement.granted,
        ineligible=ineligible,
        lines=result.lines,
        actual_cost=spent,
    )
