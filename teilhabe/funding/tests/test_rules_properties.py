"""Properties of the pure calculator, on the versions of the data migration (no database).

Expected values are computed another way than `rules` computes them: months day by day, bounds
as exact fractions, the pro-rated line with decimal arithmetic (`oracles`), never with
`period_months` or `cents`, the code under test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, localcontext
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.funding.rules import (
    CATEGORIES,
    GrantRequest,
    GuidelineData,
    PositionRequest,
    compute_grant,
    period_months,
)

from .conftest import PURE_GUIDELINES
from .oracles import at_most_half_a_cent_above, whole_months

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
    months = whole_months(year, start, end)
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
    assert all(line.amount == line.amount.quantize(D("0.01")) for line in result.lines)


@settings(max_examples=200, deadline=None)
@given(requests(), guidelines, kinds)
def test_it_never_funds_a_position_beyond_its_cost_or_fixed_amount(request, guideline, kind):
    result = compute_grant(request, guideline, kind)
    for position, line in zip(request.positions, result.lines, strict=False):
        months = Fraction(position.months, 12)
        assert at_most_half_a_cent_above(line.amount, Fraction(position.annual_cost) * months)
        fixed = guideline.amount_per_fte(position.category) * position.fte
        assert at_most_half_a_cent_above(line.amount, Fraction(fixed) * months)


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
    months = whole_months(request.period_start.year, request.period_start, request.period_end)
    # Rounding each line (or the capped total) may pass the exact cap by half a cent each.
    slack = Fraction(1, 200) * (len(request.positions) + 1)
    assert Fraction(result.personnel) <= Fraction(cap) * months / 12 + slack


years_days = st.integers(2012, 2035).flatmap(
    lambda y: st.tuples(
        st.dates(date(y, 1, 1), date(y, 12, 31)), st.dates(date(y, 1, 1), date(y, 12, 31))
    )
)


@settings(max_examples=300, deadline=None)
@given(years_days)
def test_it_counts_the_months_lying_wholly_in_the_period(days):
    start, end = sorted(days)
    assert period_months(start, end) == whole_months(start.year, start, end)
    assert period_months(end, start) == (0 if end > start else period_months(start, end))


@settings(max_examples=50, deadline=None)
@given(
    st.dates(date(2012, 1, 1), date(2035, 12, 31)), st.dates(date(2012, 1, 1), date(2035, 12, 31))
)
def test_it_counts_no_months_across_years(start, end):
    """The calculator computes periods within one calendar year (the API refuses others)."""
    if start.year != end.year:
        assert period_months(start, end) == 0


@st.composite
def single_positions(draw: st.DrawFn) -> tuple[GrantRequest, GuidelineData, str]:
    guideline = draw(guidelines)
    kind = draw(kinds)
    funded = [c for c in CATEGORIES if guideline.group_for(c, kind) is not None]
    position = PositionRequest(
        draw(st.sampled_from(funded)), draw(ftes), draw(st.integers(0, 12)), draw(money)
    )
    uncapped = replace(guideline, annual_cap_kreis=None, annual_cap_kreisfreie_stadt=None)
    return GrantRequest(date(2026, 1, 1), date(2026, 12, 31), (position,)), uncapped, kind


@settings(max_examples=300, deadline=None)
@given(single_positions())
def test_it_pro_rates_one_position_to_the_cent_half_up(case):
    """min(amount x funded FTE, cost scaled to it) x months / 12, rounded half up: here in
    decimal arithmetic with 40 digits, the code computes with fractions."""
    request, guideline, kind = case
    (position,) = request.positions
    group = guideline.group_for(position.category, kind)
    funded = min(position.fte, group.max_fte)
    with localcontext(prec=40):
        fixed = guideline.amount_per_fte(position.category) * funded
        cost = position.annual_cost * funded / position.fte
        expected = (min(fixed, cost) * position.months / 12).quantize(
            D("0.01"), rounding=ROUND_HALF_UP
        )
    result = compute_grant(request, guideline, kind)
    assert result.lines[0].amount == expected
    assert result.personnel == expected
