"""The funded positions filled (figures.py): FTE of the funded categories on the staff list as
the mean over the period's months, per KI in one query; the averaging rule's properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.centres import figures
from teilhabe.centres.models import Centre, PositionCategory, StaffMember

H2 = (date(2026, 7, 1), date(2026, 12, 31))


def _staff(centre: Centre, fte: str, since: date, until: date | None = None, **kw: str) -> None:
    StaffMember.objects.create(
        centre=centre,
        first_name="A",
        last_name="B",
        category=kw.get("category", PositionCategory.PEDAGOGICAL),
        fte=Decimal(fte),
        start_date=since,
        end_date=until,
    )


@pytest.mark.django_db
def test_positions_filled_is_the_monthly_average_of_the_funded_staff(
    bielefeld: Centre, dortmund: Centre
) -> None:
    # Bielefeld: a full-time specialist all along; a half-time assistant from 1 October
    # (3 of 6 months); an administrative specialist who left on 31 July (one month); a
    # seconded teacher (not counted); one who left on 30 June and one who starts in 2027.
    _staff(bielefeld, "1.00", date(2020, 1, 1))
    _staff(bielefeld, "0.50", date(2026, 10, 1), category=PositionCategory.ASSISTANT)
    _staff(bielefeld, "0.60", date(2019, 1, 1), date(2026, 7, 31), category="administrative")
    _staff(bielefeld, "1.00", date(2020, 1, 1), category=PositionCategory.TEACHER)
    _staff(bielefeld, "1.00", date(2020, 1, 1), date(2026, 6, 30))
    _staff(bielefeld, "1.00", date(2027, 1, 1))
    # Dortmund: full time from 16 July: half of July, then five whole months.
    _staff(dortmund, "1.00", date(2026, 7, 16))
    values = figures.positions_filled(*H2)
    # 1 + 0.5 * 3/6 + 0.6 * 1/6 = 1.35
    assert values[bielefeld.pk] == Decimal("1.35")
    # (16/31 + 5) / 6 = 0.9194…
    assert values[dortmund.pk] == Decimal("0.92")
    assert figures.positions_filled(*H2, centre_ids=[dortmund.pk]) == {dortmund.pk: Decimal("0.92")}
    assert figures.positions_filled(date(2030, 1, 1), date(2030, 6, 30), [dortmund.pk]) == {
        dortmund.pk: Decimal("1.00")
    }
    assert figures.positions_filled(date(2019, 1, 1), date(2019, 6, 30), [dortmund.pk]) == {}


@pytest.mark.django_db
def test_the_figure_is_one_query_for_all_kis(bielefeld: Centre, dortmund: Centre) -> None:
    _staff(bielefeld, "1.00", date(2020, 1, 1))
    _staff(dortmund, "0.50", date(2020, 1, 1))
    (figure,) = figures.FIGURES
    with CaptureQueriesContext(connection) as queries:
        assert len(figure.read(*H2, None)) == 2
    assert len(queries) == 1


def test_the_months_of_a_period_are_cut_to_its_days() -> None:
    assert figures.months(date(2026, 2, 10), date(2026, 3, 5)) == [
        (date(2026, 2, 10), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 5)),
    ]
    assert len(figures.months(date(2025, 12, 1), date(2026, 12, 31))) == 13


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
ftes = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1.00"), places=2)
members = st.tuples(ftes, days, st.one_of(st.none(), st.integers(0, 800)))


def _member(m: tuple[Decimal, date, int | None]) -> tuple[Decimal, date, date | None]:
    fte, since, length = m
    return fte, since, None if length is None else since + timedelta(days=length)


@given(st.lists(members, max_size=6), st.lists(members, max_size=6))
def test_the_average_is_additive_and_bounded_by_the_fte(a: list, b: list) -> None:
    start, end = H2
    one, two = [_member(m) for m in a], [_member(m) for m in b]
    both = figures.monthly_average(one + two, start, end)
    assert both == figures.monthly_average(one, start, end) + figures.monthly_average(
        two, start, end
    )
    assert 0 <= both <= sum((Fraction(m[0]) for m in one + two), Fraction(0))


@given(ftes)
def test_a_person_on_the_list_all_period_counts_with_their_fte(fte: Decimal) -> None:
    assert figures.monthly_average([(fte, date(2020, 1, 1), None)], *H2) == Fraction(fte)
    assert figures.as_fte(figures.monthly_average([(fte, date(2020, 1, 1), None)], *H2)) == fte
