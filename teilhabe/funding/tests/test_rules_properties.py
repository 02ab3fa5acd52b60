"""Properties of the pure calculator, on the versions of the data migration (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.funding.rules import (
    CATEGORIES,
    GrantRequest,
    PositionRequest,
    cents,
    compute_grant,
    period_months,
)

from .conftest import PURE_GUIDELINES

guidelines = st.sampled_from(PURE_GUIDELINES)
kinds = st.sampled_from(["kreis", "kreisfreie_stadt"])
money = st.decimals(min_value=0, max_value=200_000, places=2)
ftes = st.decimals(min_value=D("0.01"), max_value=1, places=2)


@st.composite
def requests(draw: st.DrawFn) -> GrantRequest:
    year = draw(st.integers(2013, 2030))
    start = date(year, draw(st.integers(1, 12)), 1)
    end_month = draw(st.integers(start.month, 12))
    end = date(year, end_month, 28)  # a month ending before its last day is not whole
    months = period_months(start, end)
    positions = draw(
        st.lists(
            st.builds(
                PositionRequest,
                st.sampled_from(CATEGORIES),
                ftes,
                st.integers(0, months),
                money,
            ),
            max_size=9,
        )
    )
    return GrantRequest(start, end, tuple(positions), draw(money))


@settings(max_examples=200, deadline=None)
@given(requests(), guidelines, kinds)
def test_it_totals_the_lines_and_never_goes_negative(request, guideline, kind):
    result = compute_grant(request, guideline, kind)
    assert result.total == sum((line.amount for line in result.lines), D(0))
    assert result.total == result.personnel + result.interpreter_pool
    assert result.total >= 0
    assert all(line.amount == cents(line.amount) for line in result.lines)


@settings(max_examples=200, deadline=None)
@given(requests(), guidelines, kinds)
def test_it_never_funds_a_position_beyond_its_cost_or_fixed_amount(request, guideline, kind):
    result = compute_grant(request, guideline, kind)
    for position, line in zip(request.positions, result.lines, strict=False):
        assert line.amount <= cents(position.annual_cost * position.months / 12)
        fixed = guideline.amount_per_fte(position.category) * position.fte
        assert line.amount <= cents(fixed * position.months / 12)


@settings(max_examples=200, deadline=None)
@given(requests(), guidelines, kinds)
def test_it_never_funds_more_fte_than_a_group_allows(request, guideline, kind):
    result = compute_grant(request, guideline, kind)
    funded: dict[object, D] = {}
    for position, fte in zip(request.positions, result.funded_fte, strict=True):
        assert 0 <= fte <= position.fte
        group = guideline.group_for(position.category, kind)
        funded[group] = funded.get(group, D(0)) + fte
    for group, fte in funded.items():
        assert group is not None and fte <= group.max_fte
    if any(f < p.fte for p, f in zip(request.positions, result.funded_fte, strict=True)):
        assert "fte_capped" in [w.code for w in result.warnings]


@settings(max_examples=200, deadline=None)
@given(requests(), guidelines, kinds, st.data())
def test_it_never_lowers_the_total_when_a_cost_rises(request, guideline, kind, data):
    raise_by = data.draw(money)
    before = compute_grant(request, guideline, kind).total
    if request.positions:
        i = data.draw(st.integers(0, len(request.positions) - 1))
        positions = list(request.positions)
        positions[i] = replace(positions[i], annual_cost=positions[i].annual_cost + raise_by)
        raised = replace(request, positions=tuple(positions))
    else:
        raised = replace(request, interpreter_pool_cost=request.interpreter_pool_cost + raise_by)
    assert compute_grant(raised, guideline, kind).total >= before


@settings(max_examples=100, deadline=None)
@given(requests(), guidelines, kinds)
def test_it_stays_within_the_pro_rated_annual_cap(request, guideline, kind):
    low = replace(guideline, annual_cap_kreis=D("90000"), annual_cap_kreisfreie_stadt=D("80000"))
    result = compute_grant(request, low, kind)
    cap = low.annual_cap(kind)
    assert cap is not None
    # Rounding each line may pass the exact cap by at most half a cent per line.
    slack = D("0.005") * len(request.positions)
    assert result.personnel <= cents(cap * request.period_months / 12) + slack
