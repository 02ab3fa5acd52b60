"""Properties of the eligibility tables over any facts (pure: no database).

Each rule's answer depends only on the facts it declares (`reads` and the items it `needs`); a
problem is reported once, either as a missing item or as a failed rule; not applicable stays its
own outcome; every rule always cites its source.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.concepts.models import Actor, FocusArea
from teilhabe.funding import eligibility
from teilhabe.funding.eligibility import (
    FACT_NAMES,
    ITEMS,
    RULES,
    ConceptFacts,
    EligibilityFacts,
    Outcome,
    PositionFacts,
    Rule,
)

days = st.dates(min_value=date(2005, 1, 1), max_value=date(2035, 12, 31))
texts = st.sampled_from(["", " ", "\n\t", "Griffbereit in allen Stadtbezirken."])
concepts = st.builds(
    ConceptFacts,
    adopting_body=st.sampled_from(["rat", "kreistag"]),
    resolution_date=days,
    focus_areas=st.frozensets(st.sampled_from([a.value for a in FocusArea])),
    actors=st.frozensets(st.sampled_from([a.value for a in Actor])),
)
positions = st.builds(
    PositionFacts,
    name=st.sampled_from(["Leitung", "Verwaltung", "administrative assistant"]),
    annual_cost=st.sampled_from([Decimal("0.00"), Decimal("0.01"), Decimal("62000.00")]),
)
facts = st.builds(
    EligibilityFacts,
    district_kind=st.sampled_from(["kreis", "kreisfreie_stadt"]),
    period_start=st.integers(2012, 2031).map(lambda year: date(year, 1, 1)),
    concept=st.none() | concepts,
    council_resolution_date=st.none() | days,
    work_plan_education=texts,
    work_plan_cross_cutting=texts,
    guideline_citation=st.sampled_from(["", "Förderrichtlinien KI vom 27.03.2018"]),
    concept_max_age_years=st.none() | st.integers(1, 5),
    positions=st.lists(positions, max_size=4).map(tuple),
)


def depends_on(rule: Rule) -> frozenset[str]:
    return rule.reads.union(*(item.reads for item in rule.needs))


def given_only(source: EligibilityFacts, names: frozenset[str], rest: EligibilityFacts):
    """`rest`, with the facts `names` taken from `source`."""
    return replace(rest, **{name: getattr(source, name) for name in names})


def problem_codes(f: EligibilityFacts) -> list[str]:
    """What submission refuses with, from these tables (as `submission_problems` does)."""
    failed = [r.code for r in eligibility.evaluate(f) if r.outcome == Outcome.FAILED]
    return [code for code, _message in eligibility.missing_items(f)] + failed


def test_every_rule_and_item_has_its_own_code_and_declares_real_facts() -> None:
    codes = [rule.code for rule in RULES] + [item.code for item in ITEMS]
    assert len(codes) == len(set(codes))
    assert all(item.code.endswith("_missing") for item in ITEMS)
    for row in (*RULES, *ITEMS):
        assert row.reads <= FACT_NAMES, row.code
    assert {item for rule in RULES for item in rule.needs} <= set(ITEMS)


@settings(max_examples=300, deadline=None)
@given(facts)
def test_each_rule_answers_once_in_order_with_a_reason_and_a_citation(f) -> None:
    results = eligibility.evaluate(f)
    assert [r.code for r in results] == [rule.code for rule in RULES]
    for result in results:
        assert result.label and result.reason.strip()
        assert result.citation.strip(), result.code


@settings(max_examples=200, deadline=None)
@given(facts, facts)
def test_a_rules_answer_depends_only_on_the_facts_it_declares(f, other) -> None:
    for rule in RULES:
        mixed = given_only(f, depends_on(rule), other)
        assert eligibility.judge(rule, mixed) == eligibility.judge(rule, f), rule.code
    for item in ITEMS:
        mixed = given_only(f, item.reads, other)
        assert item.missing(mixed) == item.missing(f), item.code


@settings(max_examples=300, deadline=None)
@given(facts)
def test_all_passed_iff_no_rule_failed_or_waits_for_an_item(f) -> None:
    results = eligibility.evaluate(f)
    blocked = [r for r in results if r.outcome in (Outcome.FAILED, Outcome.INCOMPLETE)]
    assert eligibility.all_passed(results) == (not blocked)
    assert all(r.passed == (r not in blocked) for r in results)


@settings(max_examples=300, deadline=None)
@given(facts)
def test_a_missing_item_is_reported_once_and_not_again_as_a_failed_rule(f) -> None:
    missing = {code for code, _message in eligibility.missing_items(f)}
    for rule, result in zip(RULES, eligibility.evaluate(f), strict=True):
        lacking = {item.code for item in rule.needs} & missing
        if result.outcome != Outcome.NOT_APPLICABLE:
            # Incomplete exactly when an item it needs is missing; that item is reported.
            assert (result.outcome == Outcome.INCOMPLETE) == bool(lacking), rule.code
        if result.outcome == Outcome.FAILED:
            # A rule fails on what is given, never on a fact an item reports missing.
            gaps = {i.code for i in ITEMS if i.reads & depends_on(rule) and i.code in missing}
            assert not gaps, (rule.code, gaps)
    codes = problem_codes(f)
    # One problem per item (position costs: one per position), one per failed rule.
    per_item = [code for code in codes if code != "position_cost_missing"]
    assert len(per_item) == len(set(per_item))
    assert codes.count("position_cost_missing") == (
        sum(1 for p in f.positions if not p.annual_cost)
    )


@settings(max_examples=200, deadline=None)
@given(facts)
def test_nothing_blocks_submission_exactly_when_every_item_is_given_and_all_passed(f) -> None:
    assert (problem_codes(f) == []) == (
        eligibility.missing_items(f) == [] and eligibility.all_passed(eligibility.evaluate(f))
    )


@settings(max_examples=200, deadline=None)
@given(facts, st.none() | concepts)
def test_the_age_rule_does_not_apply_without_a_maximum_whatever_the_concept(f, concept) -> None:
    f = replace(f, concept=concept)
    [age] = [r for r in eligibility.evaluate(f) if r.code == "concept_age"]
    assert (age.outcome == Outcome.NOT_APPLICABLE) == (f.concept_max_age_years is None)
