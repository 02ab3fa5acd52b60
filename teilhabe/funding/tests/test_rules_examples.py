"""Worked examples per guideline version, on the versions the data migration stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from teilhabe.funding.rules import GrantRequest, PositionRequest, compute_grant, select_guideline

from .conftest import PURE_GUIDELINES

YEAR_2013 = (date(2013, 1, 1), date(2013, 12, 31))
CITY, KREIS = "kreisfreie_stadt", "kreis"


def pos(category: str, fte: str, months: int, cost: str) -> PositionRequest:
    return PositionRequest(category, D(fte), months, D(cost))


def full_staffing_2012() -> tuple[PositionRequest, ...]:
    return (
        pos("pedagogical", "1.0", 12, "62000.00"),
        pos("pedagogical", "1.0", 12, "58000.00"),
        pos("administrative", "1.0", 12, "55000.00"),
        pos("assistant", "0.5", 12, "25000.00"),
    )


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.code for w in result.warnings]


def test_it_funds_full_staffing_in_2012_up_to_170000(guideline):
    result = compute_grant(GrantRequest(*YEAR_2013, full_staffing_2012()), guideline("2012"), CITY)
    assert result.guideline == "2012"
    assert [line.amount for line in result.lines] == [D("50000.00")] * 3 + [D("20000.00")]
    assert result.total == result.personnel == D("170000.00")
    assert result.interpreter_pool == D("0.00")
    assert (result.teachers.positions, result.teachers.in_kind_value) == (2, D("100000.00"))
    assert result.warnings == ()
    assert all("§ 7 TIntG" in line.citation for line in result.lines)


def test_it_funds_three_specialists_of_any_mix_from_2015(guideline):
    positions = (
        pos("administrative", "1.0", 12, "60000"),
        pos("administrative", "1.0", 12, "60000"),
        pos("pedagogical", "1.0", 12, "60000"),
        pos("assistant", "0.5", 12, "30000"),
    )
    result = compute_grant(
        GrantRequest(date(2016, 1, 1), date(2016, 12, 31), positions), guideline("2015"), KREIS
    )
    assert result.total == D("170000.00")
    assert result.warnings == ()


def test_it_caps_a_second_administrative_position_in_2012(guideline):
    positions = (
        pos("administrative", "1.0", 12, "60000"),
        pos("administrative", "1.0", 12, "60000"),
    )
    result = compute_grant(GrantRequest(*YEAR_2013, positions), guideline("2012"), KREIS)
    assert result.total == D("50000.00")
    assert codes(result) == ["fte_capped"]


def test_it_funds_six_specialists_in_a_kreis_and_five_in_a_city_from_2018(guideline):
    positions = (
        *[pos("pedagogical", "1.0", 12, "60000")] * 6,
        pos("assistant", "0.5", 12, "25000"),
    )
    request = GrantRequest(date(2019, 1, 1), date(2019, 12, 31), positions)
    kreis = compute_grant(request, guideline("2018"), KREIS)
    city = compute_grant(request, guideline("2018"), CITY)
    assert kreis.total == D("320000.00") and kreis.warnings == ()
    assert city.total == D("270000.00") and codes(city) == ["fte_capped"]
    assert city.funded_fte[5] == D(0)


def test_it_uses_the_2022_amounts(guideline):
    positions = (
        *[pos("pedagogical", "1.0", 12, "70000")] * 6,
        pos("assistant", "0.5", 12, "30000"),
    )
    request = GrantRequest(date(2024, 1, 1), date(2024, 12, 31), positions)
    assert compute_grant(request, guideline("2022"), KREIS).total == D("364500.00")
    assert compute_grant(request, guideline("2022"), CITY).total == D("307500.00")


def test_it_pro_rates_part_time_and_part_year(guideline):
    positions = (pos("pedagogical", "0.5", 6, "40000"), pos("administrative", "1.0", 12, "45000"))
    result = compute_grant(GrantRequest(*YEAR_2013, positions), guideline("2012"), CITY)
    # 50,000 x 0.5 x 6/12 = 12,500; the second costs less than the fixed amount: 45,000.
    assert [line.amount for line in result.lines] == [D("12500.00"), D("45000.00")]


def test_it_rounds_each_line_half_up_to_the_cent(guideline):
    result = compute_grant(
        GrantRequest(*YEAR_2013, (pos("pedagogical", "1.0", 6, "2001.01"),)),
        guideline("2012"),
        CITY,
    )
    assert result.lines[0].amount == D("1000.51")  # 1000.505: half up, not to even


def test_it_funds_the_crossing_position_for_the_remaining_fte_with_its_cost_scaled(guideline):
    positions = (
        pos("pedagogical", "1.0", 12, "60000"),
        pos("pedagogical", "0.8", 12, "40000"),
        pos("pedagogical", "0.5", 12, "20000"),  # 0.2 of 0.5 left: cost 8,000 < 10,000
        pos("pedagogical", "1.0", 12, "60000"),  # nothing left
    )
    result = compute_grant(GrantRequest(*YEAR_2013, positions), guideline("2012"), CITY)
    assert result.funded_fte == (D("1.0"), D("0.8"), D("0.2"), D("0.0"))
    assert [line.amount for line in result.lines] == [
        D("50000.00"),
        D("40000.00"),
        D("8000.00"),
        D("0.00"),
    ]
    assert codes(result) == ["fte_capped", "fte_capped"]


def test_it_caps_and_pro_rates_the_interpreter_pool(guideline):
    year = GrantRequest(date(2019, 1, 1), date(2019, 12, 31), (), D("80000"))
    half = GrantRequest(date(2019, 1, 1), date(2019, 6, 30), (), D("40000"))
    small = GrantRequest(date(2019, 1, 1), date(2019, 12, 31), (), D("12345.67"))
    assert compute_grant(year, guideline("2018"), CITY).interpreter_pool == D("50000.00")
    assert compute_grant(half, guideline("2018"), CITY).interpreter_pool == D("25000.00")
    result = compute_grant(small, guideline("2022"), KREIS)
    assert result.interpreter_pool == result.total == D("12345.67")


def test_it_funds_no_interpreter_pool_before_2018_and_says_so(guideline):
    result = compute_grant(GrantRequest(*YEAR_2013, (), D("10000")), guideline("2012"), CITY)
    assert result.interpreter_pool == result.total == D("0.00")
    assert codes(result) == ["no_interpreter_pool"]


def test_it_does_not_let_rounding_trigger_the_annual_cap(guideline):
    request = GrantRequest(
        date(2013, 1, 1),
        date(2013, 7, 31),
        tuple(replace(p, months=7) for p in full_staffing_2012()),
    )
    result = compute_grant(request, guideline("2012"), CITY)
    assert result.total == D("99166.68")  # 3 x 29,166.67 + 11,666.67
    assert result.warnings == ()


def test_it_applies_an_annual_cap_that_binds():
    low_cap = replace(PURE_GUIDELINES[0], annual_cap_kreis=D("120000"))
    result = compute_grant(GrantRequest(*YEAR_2013, full_staffing_2012()), low_cap, KREIS)
    assert result.total == D("120000.00") == sum(line.amount for line in result.lines)
    assert result.lines[-1].amount == D("-50000.00")
    assert codes(result) == ["annual_cap"]


def test_it_selects_the_version_in_force_on_the_first_day():
    assert select_guideline(PURE_GUIDELINES, date(2012, 6, 24)) is None
    assert select_guideline(PURE_GUIDELINES, date(2012, 6, 25)).code == "2012"
    assert select_guideline(PURE_GUIDELINES, date(2015, 3, 22)).code == "2012"
    assert select_guideline(PURE_GUIDELINES, date(2018, 3, 27)).code == "2018"
    assert select_guideline(PURE_GUIDELINES, date(2021, 12, 31)).code == "2018"
    assert select_guideline(PURE_GUIDELINES, date(2030, 1, 1)).code == "2022"


def test_it_pure_data_matches_the_stored_versions(guideline):
    for pure in PURE_GUIDELINES:
        stored = guideline(pure.code)
        assert replace(stored, groups=frozenset(stored.groups)) == replace(
            pure, groups=frozenset(pure.groups)
        )
