"""The seeded periods and catalogue (migration 0002): 2024–2026, due three months after the
end; the starting set of domain.md, each computed indicator naming a registered figure; and the
versions of 0004 that compute the events', the network's and the staff list's indicators from
the second half-year 2026."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps

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
    assert computed.count() == 6 + 5  # 0002's, and 0004's from the second half-year 2026
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


# --- 0004: computed from the second half-year 2026 ---------------------------------------------

NOW_COMPUTED = {
    "trainings-held": "events.trainings_held",
    "training-participants": "events.training_participants",
    "events": "events.events_held",
    "partner-organisations": "network.partner_organisations",
    "positions-filled": "centres.positions_filled",
}


def _load_0004() -> None:
    importlib.import_module("teilhabe.controlling.migrations.0004_computed_figures").load(
        django_apps, None
    )


def test_the_events_network_and_staff_indicators_are_computed_from_h2_2026(seeded: None) -> None:
    h1, h2 = (
        ReportingPeriod.objects.get(kind="half_year", starts_on=date(2026, m, 1)) for m in (1, 7)
    )
    for code, figure in NOW_COMPUTED.items():
        first, second = IndicatorVersion.objects.filter(indicator__code=code).order_by(
            "from_period__starts_on"
        )
        assert (first.source, first.figure) == ("manual", ""), code
        assert (second.from_period, second.source, second.figure) == (h2, "computed", figure)
        assert rules.version_for([first, second], h1) == first
        assert rules.version_for([first, second], h2) == second
        for name in ("name", "unit", "decimal_places", "minimum", "maximum", "relations"):
            assert getattr(second, name) == getattr(first, name), (code, name)
        assert second.definition != first.definition
    assert IndicatorVersion.objects.get(
        indicator__code="partner-organisations", from_period=h2
    ).disaggregations == ["stage"]
    # The events can't be split by stage or topic: the computed versions split by nothing.
    assert (
        IndicatorVersion.objects.get(indicator__code="events", from_period=h2).disaggregations == []
    )


def test_0004_runs_again_without_touching_a_version(seeded: None) -> None:
    before = list(IndicatorVersion.objects.order_by("pk").values())
    _load_0004()
    assert list(IndicatorVersion.objects.order_by("pk").values()) == before


def test_0004_leaves_an_indicator_the_office_changed_from_h2_2026_on(seeded: None) -> None:
    """Where the office made its own version from H2 2026 (or later), the migration adds none;
    nor where the latest version is computed already."""
    events = Indicator.objects.get(code="events")
    IndicatorVersion.objects.filter(indicator=events, source="computed").delete()
    h2 = ReportingPeriod.objects.get(kind="half_year", starts_on=date(2026, 7, 1))
    own = IndicatorVersion.objects.get(indicator=events)
    own.pk, own.from_period, own.name = None, h2, "Veranstaltungen ab Juli"
    own.save()
    staff = Indicator.objects.get(code="positions-filled")
    IndicatorVersion.objects.filter(indicator=staff, source="computed").delete()
    IndicatorVersion.objects.filter(indicator=staff).update(
        source="computed", figure="centres.positions_filled"
    )
    _load_0004()
    assert not IndicatorVersion.objects.filter(indicator=events, source="computed").exists()
    assert IndicatorVersion.objects.filter(indicator=staff).count() == 1
