"""Property: an application's grant per year is exactly the calculator's answer for the months
each position is filled in that year, whatever the positions' dates. The months are counted day
by day (`oracles.whole_months`), not by `months_in`, the code under test; a few hand-computed
examples pin both down."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.funding import computation, rules
from teilhabe.funding.models import ApplicationPosition

from . import factories
from .oracles import whole_months

pytestmark = pytest.mark.django_db

days = st.integers(min_value=0, max_value=3 * 366).map(lambda n: date(2025, 6, 1) + timedelta(n))
positions = st.lists(
    st.tuples(
        st.sampled_from(["pedagogical", "administrative", "assistant"]),
        st.sampled_from([Decimal("0.25"), Decimal("0.50"), Decimal("1.00")]),
        st.one_of(st.none(), days),
        st.one_of(st.none(), days),
        st.integers(min_value=0, max_value=90_000).map(Decimal),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def application(bielefeld):
    return factories.application(bielefeld, year=2026, last_year=2028, positions=())


# (start, end) -> months filled in 2026, 2027, 2028; counted by hand on a calendar.
HAND_COUNTED = [
    ((None, None), (12, 12, 12)),
    ((date(2026, 3, 15), date(2027, 8, 31)), (9, 8, 0)),  # Apr-Dec 2026, Jan-Aug 2027
    ((date(2026, 1, 2), date(2026, 12, 31)), (11, 0, 0)),  # January is not whole
    ((date(2026, 2, 1), date(2026, 2, 28)), (1, 0, 0)),  # February 2026 has 28 days
    ((date(2028, 2, 1), date(2028, 2, 28)), (0, 0, 0)),  # ... February 2028 has 29
    ((date(2026, 3, 15), date(2026, 4, 14)), (0, 0, 0)),  # a month's length, no whole month
    ((date(2026, 12, 1), date(2027, 1, 31)), (1, 1, 0)),
    ((None, date(2027, 6, 30)), (12, 6, 0)),
    ((date(2027, 7, 1), None), (0, 6, 12)),
    ((date(2025, 6, 1), date(2025, 12, 31)), (0, 0, 0)),  # ended before the funding years
]


@pytest.mark.parametrize(("period", "months"), HAND_COUNTED)
def test_it_counts_the_whole_months_a_position_is_filled_per_year(period, months):
    start, end = period
    position = ApplicationPosition(start_date=start, end_date=end)
    assert tuple(position.months_in(year) for year in (2026, 2027, 2028)) == months
    assert tuple(whole_months(year, start, end) for year in (2026, 2027, 2028)) == months


def test_it_computes_a_position_filled_part_of_two_years(application):
    """2022 version: 57,000 EUR per full-time specialist, cost above it: 9/12 and 8/12 of it."""
    ApplicationPosition.objects.create(
        application=application,
        order=1,
        category="pedagogical",
        fte=Decimal("1.00"),
        start_date=date(2026, 3, 15),
        end_date=date(2027, 8, 31),
        annual_cost=Decimal("60000.00"),
    )
    application.interpreter_pool_cost = Decimal("0.00")
    results = computation.compute(application)
    assert [(r.year, r.total) for r in results] == [
        (2026, Decimal("42750.00")),
        (2027, Decimal("38000.00")),
        (2028, Decimal("0.00")),
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=positions)
def test_the_yearly_totals_are_the_calculators_for_the_months_filled(application, rows):
    application.positions.all().delete()
    created = []
    for order, (category, fte, start, end, cost) in enumerate(rows, start=1):
        if start and end and end < start:
            start, end = end, start
        created.append(
            ApplicationPosition.objects.create(
                application=application,
                order=order,
                category=category,
                fte=fte,
                start_date=start,
                end_date=end,
                annual_cost=cost,
            )
        )
    results = computation.compute(application)
    assert [r.year for r in results] == [2026, 2027, 2028]
    for result in results:
        guideline = computation.guideline_for_year(result.year)
        expected = rules.compute_grant(
            rules.GrantRequest(
                period_start=date(result.year, 1, 1),
                period_end=date(result.year, 12, 31),
                positions=tuple(
                    rules.PositionRequest(
                        p.category,
                        p.fte,
                        whole_months(result.year, p.start_date, p.end_date),
                        p.annual_cost,
                    )
                    for p in created
                ),
                interpreter_pool_cost=application.interpreter_pool_cost,
            ),
            guideline.to_data(),
            application.centre.grantee.kind,
        )
        assert result.total == expected.total
        for p in created:
            assert p.months_in(result.year) == whole_months(result.year, p.start_date, p.end_date)
