"""The state view's arithmetic (`stats`), checked against a second computation with generated
values: the median by counting, the classes by membership, the comparison by its definition."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.controlling import charts, stats

values = st.lists(
    st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False),
    max_size=60,
)


def test_it_takes_the_middle_of_an_odd_and_the_mean_of_an_even_count() -> None:
    assert stats.median([Decimal(3), Decimal(1), Decimal(2)]) == Decimal(2)
    assert stats.median([Decimal(4), Decimal(1), Decimal(2), Decimal(3)]) == Decimal("2.5")
    assert stats.median([Decimal(7)]) == Decimal(7)
    assert stats.median([]) is None


@given(values)
def test_the_median_splits_the_values_in_halves(found: list[Decimal]) -> None:
    m = stats.median(found)
    if not found:
        assert m is None
        return
    assert m is not None
    n = len(found)
    # at most half lie strictly below it, at most half strictly above
    assert sum(v < m for v in found) <= n / 2
    assert sum(v > m for v in found) <= n / 2
    # by exact fractions, the other way round: the mean of the two middle ranks
    ordered = sorted(Fraction(v) for v in found)
    expected = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    assert Fraction(m) == expected


@given(values, st.randoms())
def test_the_median_ignores_the_order(found: list[Decimal], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert stats.median(shuffled) == stats.median(found)


@given(st.decimals(0, 100, places=2), st.decimals(0, 100, places=2), st.booleans())
def test_better_is_above_where_higher_is_better_and_below_where_lower_is(
    value: Decimal, median: Decimal, higher: bool
) -> None:
    found = stats.compare(value, median, higher_is_better=higher)
    assert found is not None
    if value == median:
        assert found == stats.Comparison(stats.Position.AT, None)
    else:
        assert (found.position == stats.Position.ABOVE) == (value > median)
        assert found.better == ((value > median) == higher)
    assert stats.compare(None, median, higher_is_better=higher) is None
    assert stats.compare(value, None, higher_is_better=higher) is None


def test_a_share_of_nothing_is_no_rate() -> None:
    assert stats.share(0, 0) is None
    assert stats.share(1, 4) == Decimal("0.25")


@given(values, st.integers(min_value=1, max_value=7))
def test_each_value_falls_into_exactly_one_class_and_no_class_is_empty(
    found: list[Decimal], classes: int
) -> None:
    bands = stats.quantile_bands(found, classes)
    if not found:
        assert bands == []
        return
    assert 1 <= len(bands) <= min(classes, len(set(found)))
    for before, after in itertools.pairwise(bands):
        assert before.low <= before.high < after.low  # in order, no overlap
    assert bands[0].low == min(found) and bands[-1].high == max(found)
    for v in found:
        assert sum(b.low <= v <= b.high for b in bands) == 1
        index = stats.band_of(v, bands)
        assert index is not None and bands[index].low <= v <= bands[index].high
    for band in bands:
        assert any(band.low <= v <= band.high for v in found)


def test_quantile_classes_hold_about_equal_numbers() -> None:
    found = [Decimal(v) for v in range(1, 21)]
    bands = stats.quantile_bands(found, 5)
    assert [(b.low, b.high) for b in bands] == [
        (Decimal(1), Decimal(4)),
        (Decimal(5), Decimal(8)),
        (Decimal(9), Decimal(12)),
        (Decimal(13), Decimal(16)),
        (Decimal(17), Decimal(20)),
    ]
    # ties merge: two distinct values are two classes at most
    assert len(stats.quantile_bands([Decimal(1)] * 9 + [Decimal(2)], 5)) == 2
    assert stats.band_of(None, bands) is None


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_the_charts_axis_reaches_the_highest_value_with_a_round_top(high: Decimal) -> None:
    top = charts.nice_top(high)
    assert top >= high and top > 0
    mantissa = top / Decimal(10) ** (len(str(int(top))) - 1) if top >= 1 else top
    assert top < 1 or mantissa in {Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)}


def test_a_missing_value_breaks_the_line() -> None:
    chart = charts.chart(
        ["a", "b", "c", "d"],
        {"centre": [Decimal(1), Decimal(2), None, Decimal(4)]},
        number=str,
    )
    line = chart.lines[0]
    assert len(line.marks) == 3 and len(line.runs) == 1  # the single point after the gap: a mark
    assert all(chart.plot_top <= m.y <= chart.plot_bottom for m in line.marks)
