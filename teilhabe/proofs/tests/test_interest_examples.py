"""The interest rule of § 49a (3) VwVfG NRW by hand: examples computed on paper (the same in
docs/proof-of-use.md), and every refusal with its stable code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from teilhabe.proofs.data.base_rates import RATES
from teilhabe.proofs.interest import Rate, interest

TABLE = [Rate(day, rate) for day, rate in RATES]
D = Decimal


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_across_1_july_each_half_year_has_its_rate():
    # 10.000,00 EUR, decision ineffective 15.06.2024, repaid 15.07.2024:
    # 16.06.–30.06.2024: 15 days at 3,62 + 3 = 6,62 %: 10.000 x 0,0662 x 15 / 365 = 27,2054794…
    # 01.07.–15.07.2024: 15 days at 3,37 + 3 = 6,37 %: 10.000 x 0,0637 x 15 / 365 = 26,1780821…
    # sum 53,3835616… → 53,38 (2024 is a leap year: still / 365)
    result = interest(D("10000.00"), date(2024, 6, 15), date(2024, 7, 15), TABLE)
    assert result.interest == D("53.38")
    assert [(s.first, s.last, s.days, s.base_rate, s.rate) for s in result.segments] == [
        (date(2024, 6, 16), date(2024, 6, 30), 15, D("3.62"), D("6.62")),
        (date(2024, 7, 1), date(2024, 7, 15), 15, D("3.37"), D("6.37")),
    ]
    assert result.exact == Fraction(10000 * 662 * 15 + 10000 * 637 * 15, 100 * 100 * 365)
    assert [s.interest for s in result.segments] == [D("27.21"), D("26.18")]


def test_across_a_year_end():
    # 10.000,00 EUR from 16.12.2024 to 15.01.2025:
    # 17.12.–31.12.2024: 15 days at 6,37 %: 26,1780821…
    # 01.01.–15.01.2025: 15 days at 2,27 + 3 = 5,27 %: 10.000 x 0,0527 x 15 / 365 = 21,6575342…
    # sum 47,8356164… → 47,84
    result = interest(D("10000.00"), date(2024, 12, 16), date(2025, 1, 15), TABLE)
    assert result.interest == D("47.84")
    assert [(s.first, s.days, s.rate) for s in result.segments] == [
        (date(2024, 12, 17), 15, D("6.37")),
        (date(2025, 1, 1), 15, D("5.27")),
    ]


def test_a_negative_base_rate_still_earns_3_points_above_it_and_repeats_do_not_split():
    # 1.000,00 EUR for the year 2020 (a leap year: 366 days, each 1/365): -0,88 + 3 = 2,12 %
    # 1.000 x 0,0212 x 366 / 365 = 21,2580821… → 21,26. The rate repeats every half-year from
    # 01.07.2016 through 01.07.2022: one segment.
    result = interest(D("1000.00"), date(2019, 12, 31), date(2020, 12, 31), TABLE)
    assert result.interest == D("21.26")
    assert [(s.days, s.base_rate, s.rate) for s in result.segments] == [
        (366, D("-0.88"), D("2.12"))
    ]


def test_the_day_of_the_event_does_not_count_the_day_of_repayment_does():
    # 15.03. → 16.03.2025: one day, 16.03., at 5,27 %: 36.500 x 0,0527 / 365 = 5,27
    result = interest(D("36500.00"), date(2025, 3, 15), date(2025, 3, 16), TABLE)
    assert result.interest == D("5.27")
    assert result.segments[0].first == result.segments[0].last == date(2025, 3, 16)


def test_zero_days_earn_nothing():
    result = interest(D("5000.00"), date(2025, 3, 15), date(2025, 3, 15), TABLE)
    assert result.interest == D("0.00") and result.segments == () and result.exact == 0


def test_the_exact_sum_is_rounded_half_up_once():
    # 73 days of 2025 (01.01.–14.03.) at 5,27 % on 0,50 EUR: 0,5 x 0,0527 x 73 / 365 = 0,00527,
    # at least half a cent: 0,01.
    result = interest(D("0.50"), date(2024, 12, 31), date(2025, 3, 14), TABLE)
    assert result.exact == Fraction(527, 100000) and result.interest == D("0.01")
    # 67 days: 0,5 x 0,0527 x 67 / 365 = 0,0048373…, less than half a cent: 0,00.
    assert interest(D("0.50"), date(2024, 12, 31), date(2025, 3, 8), TABLE).interest == D("0.00")


@pytest.mark.parametrize(
    ("amount", "start", "until", "expected"),
    [
        (D("0.00"), date(2025, 1, 1), date(2025, 2, 1), {"amount": ["invalid_amount"]}),
        (D("-1.00"), date(2025, 1, 1), date(2025, 2, 1), {"amount": ["invalid_amount"]}),
        (D("1.005"), date(2025, 1, 1), date(2025, 2, 1), {"amount": ["invalid_amount"]}),
        (D("100000000.01"), date(2025, 1, 1), date(2025, 2, 1), {"amount": ["invalid_amount"]}),
        (D("1.00"), date(2025, 2, 1), date(2025, 1, 31), {"until": ["until_before_from"]}),
        (D("1.00"), date(1999, 12, 31), date(2025, 1, 1), {"from": ["invalid_date"]}),
        (D("1.00"), date(2025, 1, 1), date(2101, 1, 1), {"until": ["invalid_date"]}),
        (D("1.00"), date(2011, 12, 30), date(2012, 2, 1), {"from": ["no_base_rate"]}),
        (D("1.00"), date(2026, 6, 1), date(2026, 7, 1), {"until": ["no_base_rate"]}),
    ],
)
def test_it_refuses_with_stable_codes(amount, start, until, expected):
    with pytest.raises(ValidationError) as exc:
        interest(amount, start, until, TABLE)
    assert codes(exc.value) == expected


def test_the_largest_amount_is_accepted_and_the_table_ends_with_its_half_year():
    # 30.06.2026 is the last day the 1,27 % of 01.01.2026 covers: no rate of 01.07.2026 is known.
    result = interest(D("100000000.00"), date(2026, 6, 29), date(2026, 6, 30), TABLE)
    # one day, 30.06.2026, at 1,27 + 3 = 4,27 %: 100.000.000 x 0,0427 / 365 = 11.698,6301…
    assert result.interest == D("11698.63")


def test_no_base_rate_names_the_first_day_the_table_does_not_cover():
    with pytest.raises(ValidationError) as exc:
        interest(D("1.00"), date(2026, 1, 1), date(2026, 12, 31), TABLE)
    with translation.override("en"):  # the message is rendered when read
        assert exc.value.error_dict["until"][0].messages == [
            "The base-rate table has no rate for 01.07.2026: interest cannot be computed."
        ]
    with pytest.raises(ValidationError) as exc:
        interest(D("1.00"), date(2011, 6, 1), date(2012, 6, 1), TABLE)
    assert "02.06.2011" in exc.value.error_dict["from"][0].messages[0]


def test_several_errors_come_at_once():
    with pytest.raises(ValidationError) as exc:
        interest(D("0"), date(1990, 1, 1), date(2200, 1, 1), TABLE)
    assert codes(exc.value) == {
        "amount": ["invalid_amount"],
        "from": ["invalid_date"],
        "until": ["invalid_date"],
    }
