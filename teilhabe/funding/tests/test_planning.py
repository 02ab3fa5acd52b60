"""The planning computation: full funding of every grantee, per kind of district and in all."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.funding import planning, rules

from .conftest import PURE_GUIDELINES

BY_CODE = {g.code: g for g in PURE_GUIDELINES}
KREIS, STADT = rules.KREIS, rules.KREISFREIE_STADT


def _nrw() -> list[planning.GranteeRef]:
    """NRW's 54 grantees: 31 Kreise (with the Städteregion Aachen), 23 kreisfreie Städte
    (with the City of Aachen)."""
    return [planning.GranteeRef(f"k{i}", f"Kreis {i}", KREIS) for i in range(31)] + [
        planning.GranteeRef(f"s{i}", f"Stadt {i}", STADT) for i in range(23)
    ]


def test_it_costs_full_funding_2026_under_the_2022_version():
    funding = planning.full_funding(_nrw(), BY_CODE["2022"], 2026)
    kinds = {k.kind: (k.grantees, k.per_grantee, k.total) for k in funding.kinds}
    # Kreis: 6 x 57,000 + 0.5 x 45,000 = 364,500 (the cap) + 50,000 interpreter pool.
    assert kinds[KREIS] == (31, D("414500.00"), D("12849500.00"))
    # kreisfreie Stadt: 5 x 57,000 + 22,500 = 307,500 (the cap) + 50,000.
    assert kinds[STADT] == (23, D("357500.00"), D("8222500.00"))
    assert funding.total == D("21072000.00")
    assert (funding.in_kind_teachers, funding.in_kind_value) == (108, D("5400000.00"))
    assert funding.in_force


def test_it_costs_the_2012_version_at_170000_per_ki():
    funding = planning.full_funding(_nrw(), BY_CODE["2012"], 2013)
    assert funding.total == 54 * D("170000.00")
    assert not planning.full_funding(_nrw(), BY_CODE["2012"], 2026).in_force


def test_it_compares_with_the_plan_and_says_by_how_much():
    funding = planning.full_funding(_nrw(), BY_CODE["2022"], 2026)
    short = planning.compare(funding, planning.BudgetFigures(planned=D("20000000.00")))
    assert (short.fits, short.difference, short.shortfall) == (
        False,
        D("-1072000.00"),
        D("1072000.00"),
    )
    room = planning.compare(
        funding, planning.BudgetFigures(planned=D("22000000.00"), committed=D("5000000.00"))
    )
    assert (room.fits, room.difference, room.budget.available) == (
        True,
        D("928000.00"),
        D("17000000.00"),
    )


def test_a_binding_cap_is_reported():
    tight = replace(BY_CODE["2022"], annual_cap_kreis=D("300000"))
    funding = planning.full_funding(_nrw(), tight, 2026)
    kreis = next(k for k in funding.kinds if k.kind == KREIS)
    assert kreis.capped and kreis.per_grantee == D("350000.00")  # 300,000 + the pool


amounts = st.decimals(min_value=0, max_value=150_000, places=2)
caps = st.none() | st.decimals(min_value=0, max_value=600_000, places=2)
max_ftes = st.decimals(min_value=D("0.25"), max_value=D("8"), places=2)


@st.composite
def guidelines(draw: st.DrawFn) -> rules.GuidelineData:
    base = draw(st.sampled_from(PURE_GUIDELINES))
    groups = tuple(replace(g, max_fte=draw(max_ftes)) for g in base.groups)
    return replace(
        base,
        specialist_amount=draw(amounts),
        assistant_amount=draw(amounts),
        annual_cap_kreis=draw(caps),
        annual_cap_kreisfreie_stadt=draw(caps),
        interpreter_pool_cap=draw(st.none() | st.decimals(min_value=0, max_value=80_000, places=2)),
        groups=groups,
    )


grantee_lists = st.lists(
    st.builds(
        planning.GranteeRef,
        st.text("0123456789", min_size=5, max_size=8),
        st.just("x"),
        st.sampled_from([KREIS, STADT]),
    ),
    max_size=54,
)
years = st.integers(2012, 2035)


@settings(max_examples=150, deadline=None)
@given(grantee_lists, guidelines(), years)
def test_the_total_is_the_sum_over_grantees_and_over_kinds(grantees, guideline, year):
    funding = planning.full_funding(grantees, guideline, year)
    assert funding.total == sum((g.total for g in funding.grantees), D(0))
    assert funding.total == sum((k.total for k in funding.kinds), D(0))
    assert sum(k.grantees for k in funding.kinds) == len(grantees)
    assert funding.in_kind_value == len(grantees) * rules.cents(guideline.in_kind_value)


@settings(max_examples=150, deadline=None)
@given(grantee_lists, guidelines(), years)
def test_it_never_costs_more_than_the_caps_allow(grantees, guideline, year):
    funding = planning.full_funding(grantees, guideline, year)
    pool = guideline.interpreter_pool_cap or D(0)
    for row in funding.grantees:
        cap = guideline.annual_cap(row.grantee.kind)
        if cap is not None:
            assert row.total <= rules.cents(cap) + rules.cents(pool)
    caps = [guideline.annual_cap_kreis, guideline.annual_cap_kreisfreie_stadt]
    if None not in caps:
        assert funding.total <= 54 * (max(caps) + pool) or len(grantees) > 54  # type: ignore[type-var]


@settings(max_examples=150, deadline=None)
@given(guidelines(), years, st.sampled_from([KREIS, STADT]))
def test_full_funding_is_the_most_any_application_can_get(guideline, year, kind):
    """Full funding fills every group's maximum at the full amount: the calculator grants it
    entirely (nothing capped by cost or FTE), so no real application can cost more."""
    result = rules.compute_grant(planning.full_request(guideline, kind, year), guideline, kind)
    assert all(w.code != "fte_capped" for w in result.warnings)
    expected = sum(
        (
            guideline.amount_per_fte(max(g.categories, key=guideline.amount_per_fte)) * g.max_fte
            for g in guideline.groups
            if g.district_kind in ("", kind)
        ),
        D(0),
    )
    cap = guideline.annual_cap(kind)
    personnel = min(expected, cap) if cap is not None else expected
    assert abs(result.personnel - personnel) <= D("0.01") * len(result.lines)
    assert result.interpreter_pool == rules.cents(guideline.interpreter_pool_cap or D(0))
