"""The catalogue's and the periods' writes: the coordination office alone keeps them, each
refusal has its stable code and writes nothing, each write is one audit event, a new version
leaves the past periods their own, and two editors never overwrite each other silently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.controlling import catalogue, rules, services
from teilhabe.controlling.models import Indicator, IndicatorVersion, ReportingPeriod
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent

from . import factories

pytestmark = pytest.mark.django_db


def _codes(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.code for e in error.value.error_dict[field]]


def _refused(by: User, field: str, code: str, changes: dict[str, Any]) -> None:
    indicators = Indicator.objects.count()
    with pytest.raises(ValidationError) as e:
        factories.added(by, **changes)
    assert code in _codes(e, field), e.value
    assert Indicator.objects.count() == indicators
    assert not AuditEvent.objects.filter(action="indicator.added").exists()


# --- adding an indicator ----------------------------------------------------------------------


def test_the_office_adds_an_indicator_with_its_first_version(lars: User, seeded: None) -> None:
    indicator = factories.added(lars, stages=["transition", "school"])
    version = indicator.versions.get()
    assert version.from_period == factories.half_year(2025, 1)
    assert version.stages == ["school", "transition"]  # the chain's order
    event = AuditEvent.objects.get(action="indicator.added")
    assert event.object_id == str(indicator.pk)
    assert event.changes["code"] == {"from": None, "to": "language-cafes"}
    assert event.changes["from_period"] == {"from": None, "to": version.from_period_id}
    assert event.changes["source"] == {"from": None, "to": "manual"}


def test_a_computed_indicator_names_a_registered_figure(lars: User, seeded: None) -> None:
    indicator = factories.added(
        lars, source="computed", figure="measures.interpreter_hours", disaggregations=["language"]
    )
    assert indicator.versions.get().figure == "measures.interpreter_hours"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"code": "newcomers-placed"}, "code", "duplicate_code"),
        ({"code": "Kein Code!"}, "code", "invalid"),
        ({"source": "computed", "figure": "measures.nothing"}, "figure", "unknown_figure"),
        ({"source": "computed", "figure": ""}, "figure", "unknown_figure"),
        ({"figure": "measures.families"}, "figure", "figure_not_used"),
        (
            {"source": "computed", "figure": "measures.families", "disaggregations": ["sex"]},
            "disaggregations",
            "figure_not_split",
        ),
        ({"minimum": Decimal(10), "maximum": Decimal(2)}, "maximum", "range_reversed"),
        (
            {"relations": [{"operator": "le", "indicator": "language-cafes"}]},
            "relations",
            "relation_to_itself",
        ),
        (
            {"relations": [{"operator": "le", "indicator": "no-such-thing"}]},
            "relations",
            "unknown_indicator",
        ),
        (
            {"relations": [{"operator": "ne", "indicator": "events"}]},
            "relations",
            "unknown_operator",
        ),
        ({"relations": [{"op": "le"}]}, "relations", "invalid_choice"),
        ({"relations": "events"}, "relations", "invalid_choice"),
        ({"disaggregations": ["religion"]}, "disaggregations", "invalid_choice"),
        ({"stages": ["nursery"]}, "stages", "invalid_choice"),
        ({"source": "guessed"}, "source", "invalid_choice"),
        ({"from_period": None}, "from_period", "required"),
        ({"name": ""}, "name", "blank"),
    ],
)
def test_a_bad_definition_is_refused_at_its_field(
    lars: User, seeded: None, changes: dict[str, Any], field: str, code: str
) -> None:
    _refused(lars, field, code, changes)


def test_an_unknown_field_is_refused(lars: User, seeded: None) -> None:
    with pytest.raises(ValidationError) as e:
        factories.added(lars, lock_version=3)
    assert e.value.code == "unknown_field"


def test_only_the_office_keeps_the_catalogue(anna: User, mia: User, seeded: None) -> None:
    events = AuditEvent.objects.count()
    for who in (anna, mia):
        with pytest.raises(Refusal):
            factories.added(who)
        with pytest.raises(Refusal):
            services.add_indicator_version(
                factories.indicator("events"),
                by=who,
                data={"from_period": factories.half_year(2026, 1), "name": "Neu"},
            )
        with pytest.raises(Refusal):
            services.add_reporting_period(
                by=who,
                data={"kind": "year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31)},
            )
    assert AuditEvent.objects.count() == events


# --- a new version ----------------------------------------------------------------------------


def test_a_changed_definition_is_a_new_version_and_the_past_keeps_its_own(
    lars: User, seeded: None
) -> None:
    placed = factories.indicator("newcomers-placed")
    version = services.add_indicator_version(
        placed,
        by=lars,
        data={
            "from_period": factories.half_year(2025, 2),
            "definition": "Zuweisungen im Zeitraum, auch ohne Beratung im selben Zeitraum.",
        },
    )
    assert version is not None
    versions = list(
        IndicatorVersion.objects.select_related("from_period")
        .filter(indicator=placed)
        .order_by("from_period__starts_on")
    )
    first, second = versions
    assert second.name == first.name and second.relations == first.relations  # carried over

    def reads(period: ReportingPeriod) -> IndicatorVersion | None:
        return rules.version_for(versions, period)

    assert reads(factories.half_year(2024, 2)) == first
    assert reads(factories.half_year(2025, 1)) == first
    assert reads(factories.year(2025)) == first  # it starts before the new version
    assert reads(factories.half_year(2025, 2)) == second
    assert reads(factories.year(2026)) == second
    event = AuditEvent.objects.get(action="indicator.version_added")
    assert set(event.changes) == {"definition", "from_period"}
    assert event.changes["from_period"]["to"] == factories.half_year(2025, 2).pk
    placed.refresh_from_db()
    assert placed.lock_version == 1


def test_the_list_shows_the_version_valid_today_and_a_planned_one(lars: User, seeded: None) -> None:
    events = factories.indicator("volunteers-reached")
    services.add_indicator_version(
        events, by=lars, data={"from_period": factories.year(2026), "name": "Ehrenamtliche 2026"}
    )
    services.add_indicator_version(
        events,
        by=lars,
        data={"from_period": factories.half_year(2026, 2), "name": "Ehrenamtliche ab Juli"},
    )
    entry = catalogue.entry(events, date(2026, 3, 1))
    assert entry.current.name == "Ehrenamtliche 2026"
    assert [v.name for v in entry.later] == ["Ehrenamtliche ab Juli"]
    assert catalogue.entry(events, date(2023, 3, 1)).current == entry.versions[0]


@pytest.mark.parametrize("period", [(2024, 1), (2025, 1)])
def test_a_version_from_a_period_not_after_the_latest_is_refused(
    lars: User, seeded: None, period: tuple[int, int]
) -> None:
    events = factories.indicator("volunteers-reached")
    services.add_indicator_version(
        events, by=lars, data={"from_period": factories.half_year(2025, 1), "unit": "Termine"}
    )
    with pytest.raises(ValidationError) as e:
        services.add_indicator_version(
            events, by=lars, data={"from_period": factories.half_year(*period), "unit": "Anlässe"}
        )
    assert _codes(e, "from_period") == ["not_after_latest"]
    assert events.versions.count() == 2


def test_a_version_that_changes_nothing_is_not_made(lars: User, seeded: None) -> None:
    events = factories.indicator("volunteers-reached")
    before = AuditEvent.objects.count()
    made = services.add_indicator_version(
        events,
        by=lars,
        data={"from_period": factories.half_year(2026, 1), "unit": "Personen"},
    )
    assert made is None
    assert events.versions.count() == 1
    assert AuditEvent.objects.count() == before


def test_a_new_version_checks_its_rules_too(lars: User, seeded: None) -> None:
    placed = factories.indicator("newcomers-placed")
    with pytest.raises(ValidationError) as e:
        services.add_indicator_version(
            placed,
            by=lars,
            data={
                "from_period": factories.half_year(2026, 1),
                "relations": [{"operator": "le", "indicator": "newcomers-placed"}],
                "minimum": Decimal(5),
                "maximum": Decimal(1),
            },
        )
    assert _codes(e, "relations") == ["relation_to_itself"]
    assert _codes(e, "maximum") == ["range_reversed"]
    assert placed.versions.count() == 1


def test_a_stale_version_is_refused_and_the_newer_one_kept(lars: User, seeded: None) -> None:
    events = factories.indicator("volunteers-reached")
    services.add_indicator_version(
        events,
        by=lars,
        data={"from_period": factories.half_year(2025, 2), "unit": "Termine"},
        expected_version=0,
    )
    with pytest.raises(ValidationError) as e:
        services.add_indicator_version(
            events,
            by=lars,
            data={"from_period": factories.half_year(2026, 1), "unit": "Anlässe"},
            expected_version=0,
        )
    assert e.value.code == "stale"
    assert [v.unit for v in events.versions.order_by("from_period__starts_on")] == [
        "Personen",
        "Termine",
    ]


def test_a_relation_to_an_indicator_added_later_is_fine(lars: User, seeded: None) -> None:
    factories.added(lars)
    placed = factories.added(
        lars,
        code="language-cafe-visitors",
        relations=[{"operator": "ge", "indicator": "language-cafes"}],
    )
    assert placed.versions.get().relations == [{"operator": "ge", "indicator": "language-cafes"}]


# --- periods ----------------------------------------------------------------------------------


def test_the_office_adds_a_period_due_three_months_after_its_end(lars: User, seeded: None) -> None:
    period = services.add_reporting_period(
        by=lars,
        data={"kind": "half_year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 6, 30)},
    )
    assert period.deadline == date(2027, 9, 30) and not period.released
    event = AuditEvent.objects.get(action="reporting_period.added")
    assert event.changes["deadline"] == {"from": None, "to": "2027-09-30"}


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"kind": "half_year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31)},
         "starts_on", "wrong_bounds"),
        ({"kind": "year", "starts_on": date(2027, 7, 1), "ends_on": date(2028, 6, 30)},
         "starts_on", "wrong_bounds"),
        ({"kind": "half_year", "starts_on": date(2027, 1, 2), "ends_on": date(2027, 6, 30)},
         "starts_on", "wrong_bounds"),
        ({"kind": "year", "starts_on": date(2027, 12, 31), "ends_on": date(2027, 1, 1)},
         "starts_on", "wrong_bounds"),
        ({"kind": "half_year", "starts_on": date(2026, 7, 1), "ends_on": date(2026, 12, 31)},
         "starts_on", "overlapping"),
        ({"kind": "year", "starts_on": date(2025, 1, 1), "ends_on": date(2025, 12, 31)},
         "starts_on", "overlapping"),
        ({"kind": "year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31),
          "deadline": date(2027, 12, 30)}, "deadline", "deadline_before_end"),
        ({"kind": "quarter", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 3, 31)},
         "kind", "invalid_choice"),
        ({"kind": "year", "starts_on": None, "ends_on": date(2027, 12, 31)}, "starts_on", "null"),
    ],
)  # fmt: skip
def test_a_bad_period_is_refused(
    lars: User, seeded: None, data: dict[str, Any], field: str, code: str
) -> None:
    count, events = ReportingPeriod.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as e:
        services.add_reporting_period(by=lars, data=data)
    assert code in _codes(e, field), e.value
    assert ReportingPeriod.objects.count() == count
    assert AuditEvent.objects.count() == events


def test_a_year_beside_its_half_years_is_no_overlap(lars: User, seeded: None) -> None:
    services.add_reporting_period(
        by=lars,
        data={"kind": "half_year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 6, 30)},
    )
    year = services.add_reporting_period(
        by=lars,
        data={"kind": "year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31),
              "deadline": date(2028, 4, 30)},
    )  # fmt: skip
    assert year.deadline == date(2028, 4, 30)
