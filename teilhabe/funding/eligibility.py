"""Eligibility checks of an application: pure rules, each with its citation (no database here).

`evaluate(facts)` answers every check as passed, failed or not applicable, with the reason in
words. Submission needs no check failed; the grant officer's review checklist starts from the
same results. Sources: § 7 TIntG NRW 2012 / § 8 TIntG NRW 2021, the Förderrichtlinien, and the
programme's own description (seed "Voraussetzung"); see docs/funding.md.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from teilhabe.concepts.models import MANDATORY_FOCUS_AREAS, REQUIRED_ACTORS, Actor, FocusArea
from teilhabe.funding.rules import KREISFREIE_STADT

EDUCATION = FocusArea.EDUCATION.value
CROSS_CUTTING = FocusArea.CROSS_CUTTING.value
LAW_2012 = "§ 7 TIntG NRW 2012"
LAW_2021 = "§ 8 TIntG NRW 2021"
LAW_2021_IN_FORCE = date(2022, 1, 1)
SEED = "Programmbeschreibung KI 2012, „Voraussetzung“"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class CheckResult:
    code: str
    label: str
    outcome: Outcome
    reason: str
    citation: str

    @property
    def passed(self) -> bool:
        return self.outcome != Outcome.FAILED


@dataclass(frozen=True)
class ConceptFacts:
    adopting_body: str  # "rat" | "kreistag"
    resolution_date: date
    focus_areas: frozenset[str]
    actors: frozenset[str]


@dataclass(frozen=True)
class EligibilityFacts:
    district_kind: str  # "kreis" | "kreisfreie_stadt"
    period_start: date  # the first day of the first funding year
    concept: ConceptFacts | None
    council_resolution_date: date | None
    work_plan_education: str
    work_plan_cross_cutting: str
    guideline_citation: str
    concept_max_age_years: int | None  # from the guideline version in force; None: no limit


def law_on(day: date) -> str:
    return LAW_2021 if day >= LAW_2021_IN_FORCE else LAW_2012


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _names(codes: Collection[str], labels: Mapping[str, object]) -> str:
    return ", ".join(str(labels.get(code, code)) for code in sorted(codes))


FOCUS_LABELS = dict(FocusArea.choices)
ACTOR_LABELS = dict(Actor.choices)


def evaluate(facts: EligibilityFacts) -> list[CheckResult]:
    """Every check, in a fixed order."""
    law = law_on(facts.period_start)
    concept = facts.concept
    results: list[CheckResult] = []

    expected_body = "rat" if facts.district_kind == KREISFREIE_STADT else "kreistag"
    if concept is None:
        results.append(
            CheckResult(
                "concept_adopted",
                str(_("Integration concept adopted by the council")),
                Outcome.FAILED,
                str(_("No integration concept is attached to the application.")),
                law,
            )
        )
    elif concept.adopting_body != expected_body:
        results.append(
            CheckResult(
                "concept_adopted",
                str(_("Integration concept adopted by the council")),
                Outcome.FAILED,
                str(
                    _("The concept must be adopted by the %(body)s of this district.")
                    % {"body": _("council (Rat)") if expected_body == "rat" else _("Kreistag")}
                ),
                law,
            )
        )
    else:
        results.append(
            CheckResult(
                "concept_adopted",
                str(_("Integration concept adopted by the council")),
                Outcome.PASSED,
                str(
                    _("Adopted on %(date)s.")
                    % {"date": concept.resolution_date.strftime("%d.%m.%Y")}
                ),
                law,
            )
        )

    if concept is None:
        results.append(
            CheckResult(
                "focus_areas",
                str(_("Both mandatory focus areas covered")),
                Outcome.FAILED,
                str(_("Without a concept the focus areas cannot be checked.")),
                law,
            )
        )
    else:
        missing = MANDATORY_FOCUS_AREAS - concept.focus_areas
        results.append(
            CheckResult(
                "focus_areas",
                str(_("Both mandatory focus areas covered")),
                Outcome.FAILED if missing else Outcome.PASSED,
                str(_("Missing: %(areas)s.") % {"areas": _names(missing, FOCUS_LABELS)})
                if missing
                else str(_("Both focus areas are covered.")),
                law,
            )
        )

    max_age = facts.concept_max_age_years
    if max_age is None:
        results.append(
            CheckResult(
                "concept_age",
                str(_("Concept recent enough")),
                Outcome.NOT_APPLICABLE,
                str(_("The guideline version in force sets no maximum age.")),
                facts.guideline_citation,
            )
        )
    elif concept is None:
        results.append(
            CheckResult(
                "concept_age",
                str(_("Concept recent enough")),
                Outcome.FAILED,
                str(_("Without a concept its age cannot be checked.")),
                facts.guideline_citation,
            )
        )
    else:
        oldest = _years_before(facts.period_start, max_age)
        too_old = concept.resolution_date < oldest
        results.append(
            CheckResult(
                "concept_age",
                str(_("Concept recent enough")),
                Outcome.FAILED if too_old else Outcome.PASSED,
                ngettext(
                    "The concept must not be older than %(years)d year at the start of the "
                    "funding period (adopted on or after %(oldest)s).",
                    "The concept must not be older than %(years)d years at the start of the "
                    "funding period (adopted on or after %(oldest)s).",
                    max_age,
                )
                % {"years": max_age, "oldest": oldest.strftime("%d.%m.%Y")},
                facts.guideline_citation,
            )
        )

    missing_plans = [
        area
        for area, text in (
            (EDUCATION, facts.work_plan_education),
            (CROSS_CUTTING, facts.work_plan_cross_cutting),
        )
        if not text.strip()
    ]
    results.append(
        CheckResult(
            "work_plan",
            str(_("Work plan for both focus areas")),
            Outcome.FAILED if missing_plans else Outcome.PASSED,
            str(_("No work plan for: %(areas)s.") % {"areas": _names(missing_plans, FOCUS_LABELS)})
            if missing_plans
            else str(_("A work plan is given for both focus areas.")),
            facts.guideline_citation,
        )
    )

    resolution = facts.council_resolution_date
    results.append(
        CheckResult(
            "council_resolution",
            str(_("Council resolution to set up the KI")),
            Outcome.PASSED if resolution is not None else Outcome.FAILED,
            str(_("Resolved on %(date)s.") % {"date": resolution.strftime("%d.%m.%Y")})
            if resolution is not None
            else str(_("The date of the council resolution to set up the KI is missing.")),
            SEED,
        )
    )

    if concept is None:
        results.append(
            CheckResult(
                "participation",
                str(_("Local actors involved in drawing up the concept")),
                Outcome.FAILED,
                str(_("Without a concept the participation cannot be checked.")),
                SEED,
            )
        )
    else:
        missing_actors = REQUIRED_ACTORS - concept.actors
        results.append(
            CheckResult(
                "participation",
                str(_("Local actors involved in drawing up the concept")),
                Outcome.FAILED if missing_actors else Outcome.PASSED,
                str(
                    _("Not involved: %(actors)s.")
                    % {"actors": _names(missing_actors, ACTOR_LABELS)}
                )
                if missing_actors
                else str(_("All bodies named by the programme were involved.")),
                SEED,
            )
        )
    return results


def all_passed(results: Collection[CheckResult]) -> bool:
    return all(result.passed for result in results)
