"""An application's grant per funding year, and its eligibility: `rules` applied to the rows.

Reads only. The same pure `rules.compute_grant` serves the public calculator, the application
page, the proposal and the decision PDF, so every euro is computed one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from teilhabe.core.money import ZERO
from teilhabe.funding import eligibility, rules
from teilhabe.funding.models import Application, Guideline


@dataclass(frozen=True)
class YearResult:
    year: int
    guideline: Guideline | None  # None: no version in force on 1 January of the year
    result: rules.GrantResult | None

    @property
    def total(self) -> Decimal:
        return self.result.total if self.result else ZERO


def guideline_for_year(year: int) -> Guideline | None:
    return (
        Guideline.objects.in_force_on(date(year, 1, 1)).prefetch_related("position_groups").first()
    )


def grant_request_for(application: Application, year: int) -> rules.GrantRequest:
    """The calculator's input for one funding year (the whole calendar year)."""
    return rules.GrantRequest(
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        positions=tuple(
            rules.PositionRequest(
                category=p.category,
                fte=p.fte,
                months=p.months_in(year),
                annual_cost=p.annual_cost,
            )
            for p in application.positions.all()
        ),
        interpreter_pool_cost=application.interpreter_pool_cost,
    )


def compute(
    application: Application,
    *,
    guideline_for: Callable[[int], Guideline | None] = guideline_for_year,
) -> list[YearResult]:
    """The grant of every funding year of `application`, in order of the years. A list of
    applications passes a memoised `guideline_for`, so each year's version is read once."""
    kind = application.centre.grantee.kind
    results = []
    for year in application.years:
        guideline = guideline_for(year)
        result = (
            rules.compute_grant(grant_request_for(application, year), guideline.to_data(), kind)
            if guideline is not None
            else None
        )
        results.append(YearResult(year, guideline, result))
    return results


def total(results: list[YearResult]) -> Decimal:
    return sum((r.total for r in results), Decimal("0.00"))


def eligibility_facts(
    application: Application, results: list[YearResult] | None = None
) -> eligibility.EligibilityFacts:
    """The facts the mandatory items and the rules judge. With `compute`'s results at hand,
    their first year's guideline is used instead of looking it up again."""
    concept = application.concept
    start = date(application.first_year, 1, 1)
    guideline = results[0].guideline if results else guideline_for_year(application.first_year)
    return eligibility.EligibilityFacts(
        district_kind=application.centre.grantee.kind,
        period_start=start,
        concept=eligibility.ConceptFacts(
            adopting_body=concept.adopting_body,
            resolution_date=concept.resolution_date,
            focus_areas=frozenset(concept.focus_areas),
            actors=frozenset(concept.actors),
        )
        if concept is not None
        else None,
        council_resolution_date=application.council_resolution_date,
        work_plan_education=application.work_plan_education,
        work_plan_cross_cutting=application.work_plan_cross_cutting,
        guideline_citation=guideline.citation if guideline else "",
        concept_max_age_years=guideline.concept_max_age_years if guideline else None,
        positions=tuple(
            eligibility.PositionFacts(name=str(p), annual_cost=p.annual_cost)
            for p in application.positions.all()
        ),
    )


def eligibility_checks(
    application: Application, results: list[YearResult] | None = None
) -> list[eligibility.CheckResult]:
    return eligibility.evaluate(eligibility_facts(application, results))
