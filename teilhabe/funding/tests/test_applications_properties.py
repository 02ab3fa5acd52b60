"""Property: an application's grant per year is exactly the calculator's answer for the months
each position is filled in that year, whatever the positions' dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.funding import computation, rules
from teilhabe.funding.models import ApplicationPosition

from . import factories

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
                        p.category, p.fte, p.months_in(result.year), p.annual_cost
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
            assert 0 <= p.months_in(result.year) <= 12
