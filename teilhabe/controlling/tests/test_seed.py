"""The seeded periods and catalogue (migration 0002): 2024–2026, due three months after the
end; the starting set of domain.md, each computed indicator naming a registered figure."""

from __future__ import annotations

from datetime import date

import pytest

from teilhabe.controlling import rules, services
from teilhabe.controlling.models import Indicator, IndicatorVersion, PeriodKind, ReportingPeriod

pytestmark = pytest.mark.django_db


def test_the_periods_are_the_half_years_and_years_2024_to_2026(seeded: None) -> None:
    periods = list(ReportingPeriod.objects.in_order())
    assert len(periods) == 9
    for p in periods:
        assert rules.fits_kind(p.kind, p.starts_on, p.ends_on)
        assert p.deadline == rules.default_deadline(p.ends_on)
        assert not p.released
    assert {p.starts_on.year for p in periods} == {2024, 2025, 2026}
    years = [p for p in periods if p.kind == PeriodKind.YEAR]
    assert [y.deadline for y in years] == [date(2025, 3, 31), date(2026, 3, 31), date(2027, 3, 31)]


def test_every_seeded_computed_indicator_names_a_registered_figure(seeded: None) -> None:
    figures = services.registered_figures()
    computed = IndicatorVersion.objects.filter(source="computed")
    assert computed.count() == 6
    for version in computed:
        assert version.figure in figures, version.indicator.code
        if version.disaggregations:
            assert figures[version.figure].read_by is not None, version.indicator.code
    split = IndicatorVersion.objects.get(indicator__code="interpreter-assignments")
    assert split.disaggregations == ["language"]


def test_the_starting_set_of_domain_md(seeded: None) -> None:
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "newcomers-counselled",
        "newcomers-placed",
        "newcomers-days-to-placement",
        "parent-groups",
        "parent-group-families",
        "trainings-held",
        "training-participants",
        "sor-schools",
        "interpreter-assignments",
        "volunteers-reached",
        "partner-organisations",
        "events",
        "positions-filled",
    } <= codes
    placed = IndicatorVersion.objects.get(indicator__code="newcomers-placed")
    assert placed.relation_list == [rules.Relation("le", "newcomers-counselled")]
    days = IndicatorVersion.objects.get(indicator__code="newcomers-days-to-placement")
    assert not days.higher_is_better


def test_every_seeded_version_passes_the_services_own_checks(seeded: None) -> None:
    """What the migration wrote is what the service would accept."""
    for version in IndicatorVersion.objects.select_related("indicator", "from_period"):
        errors: dict[str, list[object]] = {}
        services._check_version(version, version.indicator.code, errors)
        assert errors == {}, version.indicator.code
        version.full_clean()
