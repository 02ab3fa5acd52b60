"""The grant calculator: pure functions from the funding guideline (no database in here).

`compute_grant` computes the grant of one period within one calendar year, line by line, each line
with the rule it comes from. The same function serves the public calculator and the applications.
Assumptions (pro-rating, the annual cap, rounding, period months) are described in
docs/funding.md.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from teilhabe.core.money import CENT, ZERO

PEDAGOGICAL = "pedagogical"
ADMINISTRATIVE = "administrative"
ASSISTANT = "assistant"
CATEGORIES = (PEDAGOGICAL, ADMINISTRATIVE, ASSISTANT)

KREIS = "kreis"
KREISFREIE_STADT = "kreisfreie_stadt"

CATEGORY_LABELS = {
    PEDAGOGICAL: _("pedagogical specialist"),
    ADMINISTRATIVE: _("administrative specialist"),
    ASSISTANT: _("administrative assistant"),
}


def cents(amount: Decimal | Fraction) -> Decimal:
    """Round to the cent, half up (commercial rounding); fractions are rounded exactly."""
    if isinstance(amount, Fraction):
        hundredths = amount * 100
        sign = -1 if hundredths < 0 else 1
        whole = math.floor(abs(hundredths) + Fraction(1, 2))
        return (Decimal(sign * whole) / 100).quantize(CENT)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _exact_line(
    guideline: GuidelineData, position: PositionRequest, funded_fte: Decimal
) -> Fraction:
    """min(amount x funded fte, cost scaled to the funded fte) x months / 12, without rounding."""
    fixed = Fraction(guideline.amount_per_fte(position.category) * funded_fte)
    # The cost is for the position's FTE; a partly funded position's cost is scaled alike.
    cost = Fraction(position.annual_cost) * Fraction(funded_fte) / Fraction(position.fte)
    return min(fixed, cost) * position.months / 12


@dataclass(frozen=True)
class PositionGroupData:
    code: str
    name: str
    categories: frozenset[str]
    max_fte: Decimal
    district_kind: str  # "" = every kind
    citation: str


@dataclass(frozen=True)
class GuidelineData:
    code: str
    title: str
    valid_from: date
    valid_until: date | None
    citation: str
    specialist_amount: Decimal
    assistant_amount: Decimal
    annual_cap_kreis: Decimal | None
    annual_cap_kreisfreie_stadt: Decimal | None
    interpreter_pool_cap: Decimal | None
    in_kind_teachers: int
    in_kind_value: Decimal
    groups: tuple[PositionGroupData, ...] = ()
    concept_max_age_years: int | None = None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def annual_cap(self, district_kind: str) -> Decimal | None:
        if district_kind == KREISFREIE_STADT:
            return self.annual_cap_kreisfreie_stadt
        return self.annual_cap_kreis

    def amount_per_fte(self, category: str) -> Decimal:
        return self.assistant_amount if category == ASSISTANT else self.specialist_amount

    def group_for(self, category: str, district_kind: str) -> PositionGroupData | None:
        for group in self.groups:
            if category in group.categories and group.district_kind in ("", district_kind):
                return group
        return None


@dataclass(frozen=True)
class PositionRequest:
    category: str
    fte: Decimal  # in (0, 1]
    months: int  # whole months filled within the period
    annual_cost: Decimal  # personnel cost for a full year at this FTE


@dataclass(frozen=True)
class GrantRequest:
    period_start: date
    period_end: date
    positions: tuple[PositionRequest, ...] = ()
    interpreter_pool_cost: Decimal = ZERO

    @property
    def period_months(self) -> int:
        return period_months(self.period_start, self.period_end)


@dataclass(frozen=True)
class Line:
    label: str
    amount: Decimal
    citation: str  # where the rule comes from


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass(frozen=True)
class Teachers:
    positions: int
    in_kind_value: Decimal


@dataclass(frozen=True)
class GrantResult:
    guideline: str
    total: Decimal
    personnel: Decimal
    interpreter_pool: Decimal
    teachers: Teachers
    lines: tuple[Line, ...]
    warnings: tuple[Warning, ...] = field(default=())
    funded_fte: tuple[Decimal, ...] = field(default=())  # per position, in the order given


def period_months(start: date, end: date) -> int:
    """Calendar months lying wholly inside start..end (1 Jan - 31 Dec = 12, 1 Jan - 14 Feb = 1)."""
    if end < start:
        return 0
    count = 0
    for month in range(start.month, end.month + 1) if start.year == end.year else ():
        first = date(start.year, month, 1)
        last = date(start.year, month, calendar.monthrange(start.year, month)[1])
        if start <= first and last <= end:
            count += 1
    return count


def select_guideline(guidelines: Iterable[GuidelineData], day: date) -> GuidelineData | None:
    """The version in force on `day` (the start of the period decides)."""
    return next((g for g in guidelines if g.in_force_on(day)), None)


def compute_grant(
    request: GrantRequest, guideline: GuidelineData, district_kind: str
) -> GrantResult:
    """The grant for one period: each position, the annual cap, the interpreter pool, teachers.

    A position gets min(amount per full-time position x fte, annual_cost) x months / 12, rounded
    to the cent half up; positions beyond their group's maximum FTE are funded in the order
    given until the maximum is reached. Totals are sums of the rounded lines.
    """
    lines: list[Line] = []
    warnings: list[Warning] = []
    funded: list[Decimal] = []
    remaining: dict[PositionGroupData, Decimal] = {}

    for number, position in enumerate(request.positions, start=1):
        group = guideline.group_for(position.category, district_kind)
        name = CATEGORY_LABELS.get(position.category, position.category)
        if group is None:
            funded_fte = Decimal(0)
            citation = guideline.citation
            warnings.append(
                Warning(
                    "no_position_group",
                    str(
                        _("Position %(n)s: version %(v)s funds no %(name)s position.")
                        % {"n": number, "v": guideline.code, "name": name}
                    ),
                )
            )
        else:
            left = remaining.setdefault(group, group.max_fte)
            funded_fte = min(position.fte, left)
            remaining[group] = left - funded_fte
            citation = group.citation
            if funded_fte < position.fte:
                warnings.append(
                    Warning(
                        "fte_capped",
                        str(
                            _(
                                "Position %(n)s: %(group)s are funded up to %(max)s full-time "
                                "equivalents in all; this position is funded for %(fte)s of "
                                "%(requested)s."
                            )
                            % {
                                "n": number,
                                "group": group.name,
                                "max": group.max_fte,
                                "fte": funded_fte,
                                "requested": position.fte,
                            }
                        ),
                    )
                )
        funded.append(funded_fte)
        amount = cents(_exact_line(guideline, position, funded_fte))
        lines.append(
            Line(
                label=str(
                    _("Position %(n)s: %(name)s, %(fte)s FTE funded, %(months)s months")
                    % {
                        "n": number,
                        "name": name,
                        "fte": formats.number_format(funded_fte, 2, use_l10n=True),
                        "months": position.months,
                    }
                ),
                amount=amount,
                citation=citation,
            )
        )

    personnel = sum((line.amount for line in lines), ZERO)
    cap = guideline.annual_cap(district_kind)
    if cap is not None:
        # The cap is compared with the exact amounts (as fractions, x 12), so that rounding each
        # line never triggers it by a cent; see docs/funding.md.
        exact = sum(
            (_exact_line(guideline, p, f) for p, f in zip(request.positions, funded, strict=True)),
            Fraction(0),
        )
        limit = Fraction(cap) * request.period_months / 12
        reduction = min(ZERO, cents(limit) - personnel)
        if exact > limit and reduction < 0:
            lines.append(
                Line(
                    label=str(
                        _("Annual cap of %(cap)s EUR for %(months)s months")
                        % {
                            "cap": formats.number_format(
                                cap, 2, use_l10n=True, force_grouping=True
                            ),
                            "months": request.period_months,
                        }
                    ),
                    amount=reduction,
                    citation=guideline.citation,
                )
            )
            warnings.append(
                Warning(
                    "annual_cap",
                    str(
                        _("The personnel grant is limited to the annual cap of %(cap)s EUR.")
                        % {"cap": cap}
                    ),
                )
            )
            personnel += reduction

    interpreter_pool = ZERO
    if guideline.interpreter_pool_cap is not None:
        interpreter_pool = cents(
            min(
                Fraction(request.interpreter_pool_cost),
                Fraction(guideline.interpreter_pool_cap) * request.period_months / 12,
            )
        )
        if request.interpreter_pool_cost > 0:
            lines.append(
                Line(
                    label=str(_("Interpreter pool (Laiensprachmittler)")),
                    amount=interpreter_pool,
                    citation=guideline.citation,
                )
            )
    elif request.interpreter_pool_cost > 0:
        warnings.append(
            Warning(
                "no_interpreter_pool",
                str(_("Version %(v)s does not fund an interpreter pool.") % {"v": guideline.code}),
            )
        )

    return GrantResult(
        guideline=guideline.code,
        total=personnel + interpreter_pool,
        personnel=personnel,
        interpreter_pool=interpreter_pool,
        teachers=Teachers(guideline.in_kind_teachers, cents(guideline.in_kind_value)),
        lines=tuple(lines),
        warnings=tuple(warnings),
        funded_fte=tuple(funded),
    )
