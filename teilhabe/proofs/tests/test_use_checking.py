"""The check's pure rules (`proofs.checking`): the eligible amount, the simple check and the
sample, with properties on the guideline versions of the data migration (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.funding import rules
from teilhabe.funding.tests.conftest import PURE_GUIDELINES
from teilhabe.proofs import checking
from teilhabe.proofs.checking import ActualPosition, Statement

G2022 = next(g for g in PURE_GUIDELINES if g.code == "2022")
guidelines = st.sampled_from([g for g in PURE_GUIDELINES if g.code in ("2018", "2022")])
kinds = st.sampled_from(["kreis", "kreisfreie_stadt"])
ftes = st.decimals(min_value=D("0.01"), max_value=1, places=2)
costs = st.decimals(min_value=0, max_value=150_000, places=2)


def as_planned(category: str, fte: D, months: int, annual: D) -> ActualPosition:
    """A position filled exactly as planned: the plan's cost for its months."""
    return ActualPosition(
        category, fte, months, annual, fte, months, checking.plan_cost(annual, months)
    )


@st.composite
def planned(draw: st.DrawFn) -> tuple[ActualPosition, ...]:
    return tuple(
        as_planned(
            draw(st.sampled_from(rules.CATEGORIES)),
            draw(ftes),
            draw(st.integers(1, 12)),
            draw(costs),
        )
        for _ in range(draw(st.integers(0, 6)))
    )


def grant_of(positions: tuple[ActualPosition, ...], guideline, kind, pool=D("0.00")) -> D:
    request = rules.GrantRequest(
        date(2025, 1, 1),
        date(2025, 12, 31),
        tuple(
            rules.PositionRequest(
                p.category, p.planned_fte, p.planned_months, p.planned_annual_cost
            )
            for p in positions
        ),
        pool,
    )
    return rules.compute_grant(request, guideline, kind).total


def statement(positions, granted, pool_planned=D("0.00"), pool_actual=D("0.00")) -> Statement:
    return Statement(
        year=2025,
        positions=tuple(positions),
        interpreter_pool_planned=pool_planned,
        interpreter_pool_actual=pool_actual,
        granted=granted,
    )


@settings(max_examples=150, deadline=None)
@given(planned(), guidelines, kinds, st.decimals(min_value=0, max_value=50_000, places=2))
def test_it_equals_the_grant_when_the_year_went_as_planned(
    positions, guideline, kind, pool
) -> None:
    granted = grant_of(positions, guideline, kind, pool)
    result = checking.eligible_amount(statement(positions, granted, pool, pool), guideline, kind)
    assert result.amount == granted


@settings(max_examples=150, deadline=None)
@given(planned(), guidelines, kinds, st.data())
def test_it_never_exceeds_the_grant_nor_the_actual_cost(positions, guideline, kind, data) -> None:
    actual = tuple(
        replace(
            p,
            actual_fte=data.draw(st.decimals(min_value=0, max_value=1, places=2)),
            months_filled=data.draw(st.integers(0, 12)),
            actual_cost=data.draw(costs),
        )
        for p in positions
    )
    granted = grant_of(positions, guideline, kind)
    cut = data.draw(st.decimals(min_value=0, max_value=granted, places=2))
    result = checking.eligible_amount(statement(actual, granted - cut), guideline, kind)
    assert D(0) <= result.amount <= granted - cut
    assert result.amount <= sum((p.actual_cost for p in actual), D("0.00"))


@settings(max_examples=150, deadline=None)
@given(
    ftes, st.integers(1, 12), costs, st.integers(0, 11), st.sampled_from(rules.CATEGORIES), kinds
)
def test_it_grows_with_the_months_and_the_fte_filled(
    fte, months, annual, fewer, category, kind
) -> None:
    plan = as_planned(category, fte, months, annual)
    granted = grant_of((plan,), G2022, kind)
    full = checking.eligible_amount(statement([plan], granted), G2022, kind).amount
    shorter = replace(plan, months_filled=max(months - fewer, 0))
    lower = replace(plan, actual_fte=max(fte - D(fewer) / 100, D(0)))
    assert checking.eligible_amount(statement([shorter], granted), G2022, kind).amount <= full
    assert checking.eligible_amount(statement([lower], granted), G2022, kind).amount <= full


def test_it_prorates_a_vacancy_exactly_as_the_guideline_says() -> None:
    """A pedagogical specialist, full time, planned all year (72.000 EUR), vacant from October:
    57.000 x 9 / 12 = 42.750,00 EUR under the 2022 version, not the 57.000 granted for it."""
    plan = as_planned("pedagogical", D("1.00"), 12, D("72000.00"))
    vacant = replace(plan, months_filled=9, actual_cost=D("54000.00"))
    result = checking.eligible_amount(statement([vacant], D("57000.00")), G2022, "kreis")
    assert result.amount == D("42750.00")
    assert result.reduction == D("14250.00")


def test_it_is_never_more_than_the_cost_paid() -> None:
    """Part-time cover at low pay: 57.000 x 0,5 x 6 / 12 = 14.250 by the guideline, but only
    12.000 EUR were paid: 12.000,00."""
    plan = as_planned("pedagogical", D("1.00"), 12, D("72000.00"))
    cover = replace(plan, actual_fte=D("0.50"), months_filled=6, actual_cost=D("12000.00"))
    result = checking.eligible_amount(statement([cover], D("57000.00")), G2022, "kreis")
    assert result.amount == D("12000.00")


def test_it_subtracts_the_ineligible_findings_and_stops_at_zero() -> None:
    plan = as_planned("assistant", D("0.50"), 12, D("26000.00"))
    granted = grant_of((plan,), G2022, "kreis")
    s = statement([plan], granted)
    assert (
        checking.eligible_amount(s, G2022, "kreis", ineligible=D("500.00")).amount == granted - 500
    )
    assert checking.eligible_amount(s, G2022, "kreis", ineligible=granted * 2).amount == 0


def test_it_funds_no_more_fte_or_months_than_planned() -> None:
    plan = as_planned("pedagogical", D("0.50"), 6, D("36000.00"))
    more = replace(plan, actual_fte=D("1.00"), months_filled=12, actual_cost=D("72000.00"))
    granted = grant_of((plan,), G2022, "kreis")
    assert checking.eligible_amount(statement([more], granted), G2022, "kreis").amount == granted


# --- the simple check ----------------------------------------------------------------------


def codes(s: Statement) -> set[str]:
    return {f.code for f in checking.simple_check(s)}


def test_it_flags_nothing_when_the_year_went_as_planned() -> None:
    plan = as_planned("pedagogical", D("1.00"), 12, D("72000.00"))
    assert codes(statement([plan], D("57000.00"))) == set()


def test_it_flags_vacancy_and_cost_deviation_beyond_the_tolerance() -> None:
    plan = as_planned("pedagogical", D("1.00"), 12, D("72000.00"))
    assert codes(statement([replace(plan, months_filled=9, actual_cost=D("54000.00"))], 1)) == {
        "vacancy"
    }
    within = replace(plan, actual_cost=D("79000.00"))  # +9.7 %: within 10 %
    beyond = replace(plan, actual_cost=D("79300.00"))
    assert "cost_deviation" not in codes(statement([within], 1))
    assert "cost_deviation" in codes(statement([beyond], 1))


def test_it_flags_fte_above_the_plan_only_beyond_the_tolerance() -> None:
    plan = as_planned("pedagogical", D("0.50"), 12, D("36000.00"))
    assert "fte_above_plan" not in codes(statement([replace(plan, actual_fte=D("0.55"))], 1))
    assert "fte_above_plan" in codes(statement([replace(plan, actual_fte=D("0.56"))], 1))


def test_it_flags_implausible_figures_as_serious() -> None:
    plan = as_planned("pedagogical", D("1.00"), 12, D("72000.00"))
    unfilled = replace(plan, months_filled=0, actual_cost=D("100.00"))
    dear = replace(plan, actual_cost=D("160000.00"))
    flags = checking.simple_check(statement([unfilled, dear], 1))
    assert {(f.code, f.serious) for f in flags} >= {
        ("cost_without_filling", True),
        ("cost_implausible", True),
    }


def test_it_flags_the_pool_teachers_and_payments() -> None:
    s = replace(
        statement([], D("100.00"), D("40000.00"), D("45000.00")),
        teachers_planned=2,
        teachers_actual=1,
        paid=D("100.01"),
    )
    assert codes(s) == {"pool_above_plan", "teachers_below_plan", "paid_above_grant"}
    assert "pool_below_plan" in codes(statement([], 1, D("40000.00"), D("35000.00")))


# --- the sample ----------------------------------------------------------------------------


def test_the_sample_size_rule() -> None:
    assert [checking.sample_size(n) for n in (0, 1, 10, 11, 50, 51, 100)] == [
        0,
        1,
        10,
        10,
        10,
        11,
        20,
    ]


@given(st.lists(st.integers(1, 10_000), unique=True, max_size=200), st.integers(0, 2**31))
def test_the_same_seed_draws_the_same_sample(numbers, seed) -> None:
    first = checking.draw_sample(numbers, seed)
    assert first == checking.draw_sample(list(reversed(numbers)), seed)
    assert len(first) == checking.sample_size(len(numbers))
    assert set(first) <= set(numbers)
    assert first == sorted(first)


def test_another_seed_draws_another_sample() -> None:
    numbers = list(range(1, 101))
    assert checking.draw_sample(numbers, 1) != checking.draw_sample(numbers, 2)
    assert checking.draw_sample(numbers, 20251231) == checking.draw_sample(numbers, 20251231)
