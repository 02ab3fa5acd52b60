"""Budget planning: what a fiscal year costs if every KI receives full funding (pure functions).

"Full funding" under a guideline version (our reading, documented in docs/funding-budget.md):
every position group that applies to the grantee's kind of district is filled to its maximum
FTE with full-time positions for the whole year (the last one part-time if the maximum is not
whole), each costing exactly the fixed amount, so cost never limits the grant; the interpreter
pool is used up to its cap. The grant is computed with `rules.compute_grant`, the very function
that computes applications and decisions, so planning and granting never disagree. The teachers
seconded in kind are reported separately: they are not paid from the KI budget lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from teilhabe.core.money import ZERO

from . import rules

ONE = Decimal(1)


@dataclass(frozen=True)
class GranteeRef:
    key: str
    name: str
    kind: str  # rules.KREIS or rules.KREISFREIE_STADT


@dataclass(frozen=True)
class GranteeCost:
    grantee: GranteeRef
    result: rules.GrantResult

    @property
    def total(self) -> Decimal:
        return self.result.total


@dataclass(frozen=True)
class KindTotal:
    kind: str
    grantees: int
    per_grantee: Decimal  # the same for every grantee of the kind
    total: Decimal
    in_kind_value: Decimal
    capped: bool  # the annual cap reduced the personnel grant


@dataclass(frozen=True)
class FullFunding:
    guideline: str
    year: int
    in_force: bool  # the version is in force on 1 January of the year
    grantees: tuple[GranteeCost, ...]
    kinds: tuple[KindTotal, ...]
    total: Decimal
    in_kind_teachers: int  # teachers seconded in all
    in_kind_value: Decimal


@dataclass(frozen=True)
class BudgetFigures:
    """The sums of a year's budget lines for the KIs."""

    planned: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.planned - self.committed


@dataclass(frozen=True)
class Comparison:
    cost: Decimal
    budget: BudgetFigures

    @property
    def difference(self) -> Decimal:
        """Planned minus cost: positive is room left, negative the shortfall."""
        return self.budget.planned - self.cost

    @property
    def shortfall(self) -> Decimal:
        return max(-self.difference, ZERO)

    @property
    def fits(self) -> bool:
        return self.difference >= 0


def full_positions(
    guideline: rules.GuidelineData, district_kind: str
) -> list[rules.PositionRequest]:
    """Every position group of the kind filled to its maximum at the full amount, 12 months."""
    positions: list[rules.PositionRequest] = []
    for group in guideline.groups:
        if group.district_kind not in ("", district_kind):
            continue
        # The categories this group really counts (another group may be matched first), and
        # of those the best-paid one: full funding takes the most a group can give.
        own = sorted(c for c in group.categories if guideline.group_for(c, district_kind) == group)
        if not own:
            continue
        category = max(own, key=guideline.amount_per_fte)
        amount = guideline.amount_per_fte(category)
        left = group.max_fte
        while left > 0:
            fte = min(ONE, left)
            positions.append(
                rules.PositionRequest(
                    category=category, fte=fte, months=12, annual_cost=rules.cents(amount * fte)
                )
            )
            left -= fte
    return positions


def full_request(
    guideline: rules.GuidelineData, district_kind: str, year: int
) -> rules.GrantRequest:
    return rules.GrantRequest(
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        positions=tuple(full_positions(guideline, district_kind)),
        interpreter_pool_cost=guideline.interpreter_pool_cap or ZERO,
    )


def full_funding(
    grantees: Iterable[GranteeRef], guideline: rules.GuidelineData, year: int
) -> FullFunding:
    """The cost of `year` if every grantee receives the full grant of `guideline`."""
    by_kind: dict[str, rules.GrantResult] = {}
    rows = []
    for grantee in grantees:
        if grantee.kind not in by_kind:
            by_kind[grantee.kind] = rules.compute_grant(
                full_request(guideline, grantee.kind, year), guideline, grantee.kind
            )
        rows.append(GranteeCost(grantee, by_kind[grantee.kind]))
    kinds = []
    for kind, result in sorted(by_kind.items()):
        count = sum(1 for r in rows if r.grantee.kind == kind)
        kinds.append(
            KindTotal(
                kind=kind,
                grantees=count,
                per_grantee=result.total,
                total=result.total * count,
                in_kind_value=result.teachers.in_kind_value * count,
                capped=any(w.code == "annual_cap" for w in result.warnings),
            )
        )
    return FullFunding(
        guideline=guideline.code,
        year=year,
        in_force=guideline.in_force_on(date(year, 1, 1)),
        grantees=tuple(rows),
        kinds=tuple(kinds),
        total=sum((r.total for r in rows), ZERO),
        in_kind_teachers=guideline.in_kind_teachers * len(rows),
        in_kind_value=sum((r.result.teachers.in_kind_value for r in rows), ZERO),
    )


def compare(funding: FullFunding, budget: BudgetFigures) -> Comparison:
    """Full funding against the year's KI budget lines (planned, committed, available)."""
    return Comparison(cost=funding.total, budget=budget)
