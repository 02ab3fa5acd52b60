"""Parent groups and their sessions: inside the measure's period, at the KI's own places with
its own companions; a session per group and day, within the group's families; every write
audited once, refused for anyone but the KI's own people."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import COUNT_MAX, GroupSession, Measure, ParentGroup
from teilhabe.measures.services import groups
from teilhabe.network.tests import factories as network
from teilhabe.territory.models import Municipality

from . import factories
from .url_matrix_groups import companion, group, group_data, kita, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(bielefeld: Centre, kai: User) -> Measure:
    return factories.measure(bielefeld, kai, "rucksack-kita")  # 01.02.–31.12.2026


def _codes(e: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {name: errors[0].code for name, errors in e.value.error_dict.items()}


# --- adding a group ----------------------------------------------------------------------------


def test_it_adds_a_group_with_its_place_companions_and_audits_it(
    bielefeld: Centre, kai: User, measure: Measure
) -> None:
    sonnenblume = kita(bielefeld, kai)
    ayse, rania = companion(bielefeld, kai), companion(bielefeld, kai, name="Rania Haddad")
    one = group(measure, kai, institution=sonnenblume, companions=[rania, ayse.pk])
    assert one.institution == sonnenblume
    assert set(one.companions.all()) == {ayse, rania}
    event = AuditEvent.objects.get(action="group.added")
    assert event.centre_id == bielefeld.pk
    assert event.changes["companions"] == {"from": None, "to": sorted([ayse.pk, rania.pk])}
    assert event.changes["families"] == {"from": None, "to": 10}
    assert event.changes["institution"] == {"from": None, "to": sonnenblume.pk}


def test_a_measure_of_another_kind_keeps_no_groups(bielefeld: Centre, kai: User) -> None:
    counselling = factories.measure(bielefeld, kai, "komm-an")
    with pytest.raises(ValidationError) as e:
        group(counselling, kai)
    assert e.value.code == "not_parent_groups"


def test_the_institution_is_one_of_the_kis_own_network(
    bielefeld: Centre, dortmund: Centre, kai: User, carla: User, measure: Measure
) -> None:
    theirs = kita(dortmund, carla, name="Kita in Dortmund")
    with pytest.raises(ValidationError) as e:
        group(measure, kai, institution=theirs)
    assert _codes(e) == {"institution": "unknown_institution"}
    inactive = network.organisation(bielefeld, kai, type="kita", name="Alte Kita", is_active=False)
    with pytest.raises(ValidationError) as e:
        group(measure, kai, institution=inactive)
    assert _codes(e) == {"institution": "unknown_institution"}


def test_the_municipality_is_one_of_the_kis_area(kai: User, measure: Measure) -> None:
    with pytest.raises(ValidationError) as e:
        group(measure, kai, municipality=Municipality.objects.get(ags="05913000"))
    assert _codes(e) == {"municipality": "outside_area"}


def test_the_companions_are_the_kis_own_and_active(
    bielefeld: Centre, dortmund: Centre, kai: User, carla: User, measure: Measure
) -> None:
    theirs = companion(dortmund, carla, name="Emine Kaya")
    with pytest.raises(ValidationError) as e:
        group(measure, kai, companions=[theirs.pk])
    assert _codes(e) == {"companions": "unknown_companion"}
    gone = companion(bielefeld, kai, name="Hülya Aksoy", is_active=False)
    with pytest.raises(ValidationError) as e:
        group(measure, kai, companions=[gone.pk])
    assert _codes(e) == {"companions": "companion_inactive"}
    with pytest.raises(ValidationError) as e:
        group(measure, kai, companions=["x"])
    assert _codes(e) == {"companions": "invalid_choice"}
    assert not ParentGroup.objects.exists()


def test_the_group_runs_inside_the_measures_period(kai: User, measure: Measure) -> None:
    with pytest.raises(ValidationError) as e:
        group(measure, kai, starts_on=date(2026, 1, 31))
    assert _codes(e) == {"starts_on": "outside_measure"}
    with pytest.raises(ValidationError) as e:
        group(measure, kai, ends_on=date(2027, 1, 1))
    assert _codes(e) == {"ends_on": "outside_measure"}
    with pytest.raises(ValidationError) as e:
        group(measure, kai, ends_on=None)
    assert _codes(e) == {"ends_on": "end_required"}
    with pytest.raises(ValidationError) as e:
        group(measure, kai, starts_on=date(2026, 6, 1), ends_on=date(2026, 5, 1))
    assert e.value.error_dict[NON_FIELD_ERRORS][0].code == "period_reversed"


def test_an_open_measure_takes_an_open_group(bielefeld: Centre, kai: User) -> None:
    open_measure = factories.measure(bielefeld, kai, "griffbereit", ends_on=None)
    assert group(open_measure, kai, ends_on=None).ends_on is None


@pytest.mark.parametrize(("families", "code"), [(-1, "min_value"), (COUNT_MAX + 1, "max_value")])
def test_families_are_a_bounded_count(
    kai: User, measure: Measure, families: int, code: str
) -> None:
    with pytest.raises(ValidationError) as e:
        group(measure, kai, families=families)
    assert _codes(e) == {"families": code}


def test_languages_are_known_codes(kai: User, measure: Measure) -> None:
    with pytest.raises(ValidationError) as e:
        group(measure, kai, languages=["klingon"])
    assert _codes(e) == {"languages": "invalid_choice"}


def test_a_group_takes_only_its_fields(kai: User, measure: Measure) -> None:
    with pytest.raises(ValidationError) as e:
        groups.add_group(measure, by=kai, data={**group_data(), "lock_version": 7})
    assert e.value.code == "unknown_field"


# --- changing a group --------------------------------------------------------------------------


def test_it_changes_a_group_and_audits_the_changes(
    bielefeld: Centre, kai: User, anna: User, measure: Measure
) -> None:
    ayse, rania = companion(bielefeld, kai), companion(bielefeld, kai, name="Rania Haddad")
    one = group(measure, kai, companions=[ayse.pk])
    groups.update_group(
        one,
        by=anna,
        data={"families": 12, "companions": [rania.pk, ayse.pk], "site": one.site},
        expected_version=0,
    )
    one.refresh_from_db()
    assert one.families == 12 and one.lock_version == 1
    event = AuditEvent.objects.get(action="group.updated")
    assert event.changes == {
        "families": {"from": 10, "to": 12},
        "companions": {"from": [ayse.pk], "to": sorted([ayse.pk, rania.pk])},
    }
    groups.update_group(one, by=anna, data={"families": 12})  # no change: no event
    assert AuditEvent.objects.filter(action="group.updated").count() == 1


def test_a_change_someone_saved_meanwhile_is_not_overwritten(
    kai: User, anna: User, measure: Measure
) -> None:
    one = group(measure, kai)
    groups.update_group(one, by=anna, data={"families": 11}, expected_version=0)
    with pytest.raises(ValidationError) as e:
        groups.update_group(one, by=kai, data={"families": 9}, expected_version=0)
    assert e.value.code == "stale"
    one.refresh_from_db()
    assert one.families == 11


def test_a_companion_no_longer_active_stays_on_her_old_group(
    bielefeld: Centre, kai: User, measure: Measure
) -> None:
    ayse = companion(bielefeld, kai)
    one = group(measure, kai, companions=[ayse.pk])
    groups.update_companion(ayse, by=kai, data={"is_active": False})
    groups.update_group(one, by=kai, data={"companions": [ayse.pk], "families": 9})
    assert list(one.companions.all()) == [ayse]


def test_the_period_keeps_the_recorded_sessions_inside(kai: User, measure: Measure) -> None:
    one = group(measure, kai)
    session(one, kai, held_on=date(2026, 3, 5))
    with pytest.raises(ValidationError) as e:
        groups.update_group(one, by=kai, data={"starts_on": date(2026, 4, 1)})
    assert e.value.error_dict[NON_FIELD_ERRORS][0].code == "sessions_outside_period"
    with pytest.raises(ValidationError) as e:
        groups.update_group(one, by=kai, data={"ends_on": date(2026, 3, 1)})
    assert e.value.error_dict[NON_FIELD_ERRORS][0].code == "sessions_outside_period"


def test_the_families_stay_at_least_those_present_at_a_session(kai: User, measure: Measure) -> None:
    one = group(measure, kai)
    session(one, kai, families_present=8)
    with pytest.raises(ValidationError) as e:
        groups.update_group(one, by=kai, data={"families": 7})
    assert _codes(e) == {"families": "families_below_present"}
    groups.update_group(one, by=kai, data={"families": 8})


# --- sessions ----------------------------------------------------------------------------------


def test_it_records_a_session_and_audits_it(kai: User, measure: Measure) -> None:
    one = group(measure, kai)
    held = session(one, kai)
    assert held.group == one
    event = AuditEvent.objects.get(action="session.added")
    assert event.changes["group"] == {"from": None, "to": one.pk}
    assert event.changes["held_on"] == {"from": None, "to": "2026-03-05"}
    assert event.changes["families_present"] == {"from": None, "to": 8}


def test_one_session_per_group_and_day(kai: User, measure: Measure) -> None:
    one = group(measure, kai)
    session(one, kai)
    with pytest.raises(ValidationError) as e:
        session(one, kai, topic="noch einmal")
    assert _codes(e) == {"held_on": "duplicate_session"}
    assert GroupSession.objects.count() == 1


def test_a_session_is_not_recorded_before_it_is_held(kai: User, measure: Measure) -> None:
    one = group(measure, kai)
    with pytest.raises(ValidationError) as e:
        groups.add_session(
            one,
            by=kai,
            data={"held_on": date(2026, 3, 6), "families_present": 1, "topic": ""},
            today=date(2026, 3, 5),
        )
    assert _codes(e) == {"held_on": "in_future"}


def test_a_session_falls_within_the_groups_period(kai: User, measure: Measure) -> None:
    one = group(measure, kai, starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30))
    for day in (date(2026, 2, 28), date(2026, 7, 1)):
        with pytest.raises(ValidationError) as e:
            session(one, kai, held_on=day)
        assert _codes(e) == {"held_on": "outside_group"}


def test_no_more_families_present_than_the_group_has(kai: User, measure: Measure) -> None:
    one = group(measure, kai, families=6)
    with pytest.raises(ValidationError) as e:
        session(one, kai, families_present=7)
    assert _codes(e) == {"families_present": "more_than_families"}
    session(one, kai, families_present=6)


def test_a_session_recorded_by_mistake_is_removed_and_the_trail_keeps_it(
    kai: User, anna: User, measure: Measure
) -> None:
    one = group(measure, kai)
    held = session(one, kai)
    groups.remove_session(held, by=anna)
    assert not GroupSession.objects.exists()
    event = AuditEvent.objects.get(action="session.removed")
    assert event.changes == {
        "group": {"from": one.pk, "to": None},
        "held_on": {"from": "2026-03-05", "to": None},
        "families_present": {"from": 8, "to": None},
        "topic": {"from": "Farben und Formen", "to": None},
    }
    assert event.centre_id == measure.centre_id


@pytest.mark.parametrize("who", ["lars", "carla", "mia", "bernd", "paul"])
def test_only_the_kis_own_people_write_groups_and_sessions(
    request: pytest.FixtureRequest, bielefeld: Centre, kai: User, measure: Measure, who: str
) -> None:
    one = group(measure, kai)
    held = session(one, kai)
    by = request.getfixturevalue(who)
    before = AuditEvent.objects.count()
    for write in (
        lambda: groups.add_group(measure, by=by, data=group_data()),
        lambda: groups.update_group(one, by=by, data={"families": 3}),
        lambda: groups.add_session(
            one, by=by, data={"held_on": date(2026, 3, 12), "families_present": 1, "topic": ""}
        ),
        lambda: groups.remove_session(held, by=by),
    ):
        with pytest.raises(Refusal):
            write()
    assert AuditEvent.objects.count() == before
    assert ParentGroup.objects.count() == 1 and GroupSession.objects.count() == 1
