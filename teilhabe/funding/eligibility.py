"""Eligibility of an application: its mandatory items and its rules, as rows of small pure
functions, each rule with its citation (no database here, like `rules.py`).

Two ordered tables judge the same `EligibilityFacts`:

- `ITEMS`: what the form must still get (the concept, the council resolution, positions and
  their costs, the two work plans). Each is checked here and only here; its code
  (`concept_missing`, …) is the one submission refuses with and the API lists under `missing`.
- `RULES`: the eligibility rules, `Rule(code, label, citation, check, needs, applies, reads)`.
  Sources: § 7 TIntG NRW 2012 / § 8 TIntG NRW 2021, the Förderrichtlinien, and the programme's
  own description (seed "Voraussetzung"); see docs/funding.md.

`evaluate(facts)` answers every rule in order: not applicable when the rule does not apply
(`applies`); incomplete when an item it `needs` is missing (the problem is the item's, reported
once, not again as a failed rule); else passed or failed as its `check` says, with the reason in
words. Submission needs no item missing and no rule failed; the grant officer's review
checklist starts from the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from teilhabe.concepts.models import MANDATORY_FOCUS_AREAS, REQUIRED_ACTORS, Actor, FocusArea
from teilhabe.core.dates import german_date
from teilhabe.funding.rules import KREISFREIE_STADT

EDUCATION = FocusArea.EDUCATION.value
CROSS_CUTTING = FocusArea.CROSS_CUTTING.value
LAW_2012 = "§ 7 TIntG NRW 2012"
LAW_2021 = "§ 8 TIntG NRW 2021"
LAW_2021_IN_FORCE = date(2022, 1, 1)
SEED = "Programmbeschreibung KI 2012, „Voraussetzung“"
# Cited for a rule of the guideline when no version is in force (`no_guideline_in_force`).
GUIDELINE = "Förderrichtlinien KI"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    INCOMPLETE = "incomplete"  # not judged: a mandatory item it needs is missing


@dataclass(frozen=True)
class CheckResult:
    code: str
    label: str
    outcome: Outcome
    reason: str
    citation: str

    @property
    def passed(self) -> bool:
        """Nothing stands in the way: passed or not applicable."""
        return self.outcome in (Outcome.PASSED, Outcome.NOT_APPLICABLE)


@dataclass(frozen=True)
class ConceptFacts:
    adopting_body: str  # "rat" | "kreistag"
    resolution_date: date
    focus_areas: frozenset[str]
    actors: frozenset[str]


@dataclass(frozen=True)
class PositionFacts:
    name: str  # as the page names the position: its title, else its category
    annual_cost: Decimal


@dataclass(frozen=True)
class EligibilityFacts:
    district_kind: str  # "kreis" | "kreisfreie_stadt"
    period_start: date  # the first day of the first funding year
    concept: ConceptFacts | None
    council_resolution_date: date | None
    work_plan_education: str
    work_plan_cross_cutting: str
    guideline_citation: str  # "": no version in force
    concept_max_age_years: int | None  # from the guideline version in force; None: no limit
    positions: tuple[PositionFacts, ...]  # in the order of the staffing plan


FACT_NAMES = frozenset(f.name for f in fields(EligibilityFacts))


# --- the mandatory items ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Something the form must still get. `missing` gives one message per gap, () when given."""

    code: str  # stable: submission's refusal and the API's `missing` use it
    missing: Callable[[EligibilityFacts], tuple[str, ...]]
    reads: frozenset[str]  # the facts `missing` reads


def _unless(given: bool, message: Promise) -> tuple[str, ...]:
    return () if given else (str(message),)


def _position_costs(facts: EligibilityFacts) -> tuple[str, ...]:
    return tuple(
        str(
            _("Position %(n)s (%(title)s): enter the personnel cost per year.")
            % {"n": number, "title": position.name}
        )
        for number, position in enumerate(facts.positions, start=1)
        if not position.annual_cost
    )


CONCEPT = Item(
    "concept_missing",
    lambda f: _unless(
        f.concept is not None, _("Choose the integration concept the application relies on.")
    ),
    frozenset({"concept"}),
)
COUNCIL_RESOLUTION = Item(
    "council_resolution_missing",
    lambda f: _unless(
        f.council_resolution_date is not None,
        _("Enter the date of the council resolution to set up the KI."),
    ),
    frozenset({"council_resolution_date"}),
)
POSITIONS = Item(
    "positions_missing",
    lambda f: _unless(bool(f.positions), _("Enter at least one position of the staffing plan.")),
    frozenset({"positions"}),
)
POSITION_COSTS = Item(
    "position_cost_missing",
    _position_costs,
    frozenset({"positions"}),
)
WORK_PLAN_EDUCATION = Item(
    "work_plan_education_missing",
    lambda f: _unless(
        bool(f.work_plan_education.strip()),
        _("Describe the work plan for “integration through education”."),
    ),
    frozenset({"work_plan_education"}),
)
WORK_PLAN_CROSS_CUTTING = Item(
    "work_plan_cross_cutting_missing",
    lambda f: _unless(
        bool(f.work_plan_cross_cutting.strip()),
        _("Describe the work plan for “integration as a cross-cutting task”."),
    ),
    frozenset({"work_plan_cross_cutting"}),
)

# In the order of the form.
ITEMS: tuple[Item, ...] = (
    CONCEPT,
    COUNCIL_RESOLUTION,
    POSITIONS,
    POSITION_COSTS,
    WORK_PLAN_EDUCATION,
    WORK_PLAN_CROSS_CUTTING,
)


# The facts a submission needs and a draft may leave empty (form fields of the same name).
NEEDED_TO_SUBMIT: frozenset[str] = frozenset().union(*(item.reads for item in ITEMS))


def missing_items(facts: EligibilityFacts) -> list[tuple[str, str]]:
    """The mandatory items not yet given, as (code, message), in the order of the form."""
    return [(item.code, message) for item in ITEMS for message in item.missing(facts)]


# --- the rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome  # PASSED or FAILED: `evaluate` decides not applicable and incomplete
    reason: str


def _verdict(ok: bool, if_passed: str, if_failed: str) -> Verdict:
    return Verdict(Outcome.PASSED, if_passed) if ok else Verdict(Outcome.FAILED, if_failed)


def _always(facts: EligibilityFacts) -> str | None:
    return None


@dataclass(frozen=True)
class Rule:
    """One eligibility rule. `check` runs only when the rule applies and its items are given."""

    code: str  # stable: the review checklist stores its ticks by it
    label: Promise
    citation: Callable[[EligibilityFacts], str]  # never empty
    check: Callable[[EligibilityFacts], Verdict]
    needs: tuple[Item, ...] = ()
    applies: Callable[[EligibilityFacts], str | None] = _always  # None, else why not
    reads: frozenset[str] = field(default_factory=frozenset)  # facts of check/applies/citation


T = TypeVar("T")


def _given(value: T | None) -> T:
    """A fact a rule `needs`: `evaluate` runs its check only when the item is given."""
    if value is None:
        raise ValueError("the rule reads a fact it does not name in `needs`")
    return value


def law_on(day: date) -> str:
    return LAW_2021 if day >= LAW_2021_IN_FORCE else LAW_2012


def _law(facts: EligibilityFacts) -> str:
    return law_on(facts.period_start)


def _guideline(facts: EligibilityFacts) -> str:
    return facts.guideline_citation or GUIDELINE


def _programme(facts: EligibilityFacts) -> str:
    return SEED


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _names(codes: Collection[str], labels: Mapping[str, object]) -> str:
    return ", ".join(str(labels.get(code, code)) for code in sorted(codes))


def _day(day: date) -> str:
    return german_date(day)


FOCUS_LABELS = dict(FocusArea.choices)
ACTOR_LABELS = dict(Actor.choices)


def _concept_adopted(facts: EligibilityFacts) -> Verdict:
    concept = _given(facts.concept)
    expected = "rat" if facts.district_kind == KREISFREIE_STADT else "kreistag"
    return _verdict(
        concept.adopting_body == expected,
        str(_("Adopted on %(date)s.") % {"date": _day(concept.resolution_date)}),
        str(
            _("The concept must be adopted by the %(body)s of this district.")
            % {"body": _("council (Rat)") if expected == "rat" else _("Kreistag")}
        ),
    )


def _focus_areas(facts: EligibilityFacts) -> Verdict:
    missing = MANDATORY_FOCUS_AREAS - _given(facts.concept).focus_areas
    return _verdict(
        not missing,
        str(_("Both focus areas are covered.")),
        str(_("Missing: %(areas)s.") % {"areas": _names(missing, FOCUS_LABELS)}),
    )


def _age_limited(facts: EligibilityFacts) -> str | None:
    if facts.concept_max_age_years is None:
        return str(_("The guideline version in force sets no maximum age."))
    return None


def _concept_age(facts: EligibilityFacts) -> Verdict:
    max_age = _given(facts.concept_max_age_years)
    oldest = _years_before(facts.period_start, max_age)
    reason = ngettext(
        "The concept must not be older than %(years)d year at the start of the "
        "funding period (adopted on or after %(oldest)s).",
        "The concept must not be older than %(years)d years at the start of the "
        "funding period (adopted on or after %(oldest)s).",
        max_age,
    ) % {"years": max_age, "oldest": _day(oldest)}
    return _verdict(_given(facts.concept).resolution_date >= oldest, reason, reason)


def _work_plan(facts: EligibilityFacts) -> Verdict:
    # Both plans are mandatory items (`needs`): given, the rule is met.
    return Verdict(Outcome.PASSED, str(_("A work plan is given for both focus areas.")))


def _council_resolution(facts: EligibilityFacts) -> Verdict:
    resolution = _given(facts.council_resolution_date)
    return Verdict(Outcome.PASSED, str(_("Resolved on %(date)s.") % {"date": _day(resolution)}))


def _participation(facts: EligibilityFacts) -> Verdict:
    missing = REQUIRED_ACTORS - _given(facts.concept).actors
    return _verdict(
        not missing,
        str(_("All bodies named by the programme were involved.")),
        str(_("Not involved: %(actors)s.") % {"actors": _names(missing, ACTOR_LABELS)}),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "concept_adopted",
        _("Integration concept adopted by the council"),
        _law,
        _concept_adopted,
        needs=(CONCEPT,),
        reads=frozenset({"district_kind", "period_start"}),
    ),
    Rule(
        "focus_areas",
        _("Both mandatory focus areas covered"),
        _law,
        _focus_areas,
        needs=(CONCEPT,),
        reads=frozenset({"period_start"}),
    ),
    Rule(
        "concept_age",
        _("Concept recent enough"),
        _guideline,
        _concept_age,
        needs=(CONCEPT,),
        applies=_age_limited,
        reads=frozenset({"concept_max_age_years", "period_start", "guideline_citation"}),
    ),
    Rule(
        "work_plan",
        _("Work plan for both focus areas"),
        _guideline,
        _work_plan,
        needs=(WORK_PLAN_EDUCATION, WORK_PLAN_CROSS_CUTTING),
        reads=frozenset({"guideline_citation"}),
    ),
    Rule(
        "council_resolution",
        _("Council resolution to set up the KI"),
        _programme,
        _council_resolution,
        needs=(COUNCIL_RESOLUTION,),
    ),
    Rule(
        "participation",
        _("Local actors involved in drawing up the concept"),
        _programme,
        _participation,
        needs=(CONCEPT,),
    ),
)


def judge(rule: Rule, facts: EligibilityFacts) -> CheckResult:
    """One rule: not applicable, incomplete (an item it needs is missing), or its check."""

    def result(outcome: Outcome, reason: str) -> CheckResult:
        return CheckResult(rule.code, str(rule.label), outcome, reason, rule.citation(facts))

    not_applicable = rule.applies(facts)
    if not_applicable is not None:
        return result(Outcome.NOT_APPLICABLE, not_applicable)
    if any(item.missing(facts) for item in rule.needs):
        # The missing item is the problem (and says so); the rule only waits for it.
        return result(
            Outcome.INCOMPLETE, str(_("To be checked once the mandatory items are given."))
        )
    verdict = rule.check(facts)
    return result(verdict.outcome, verdict.reason)


def evaluate(facts: EligibilityFacts) -> list[CheckResult]:
    """Every rule, in the order of `RULES`."""
    return [judge(rule, facts) for rule in RULES]


def all_passed(results: Collection[CheckResult]) -> bool:
    return all(result.passed for result in results)
