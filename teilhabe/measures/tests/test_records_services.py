"""The interpreter pool's and the counselling log's services: who may write, what is refused
with which code, German hours, and one audit event per write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import CounsellingContact, InterpreterAssignment
from teilhabe.measures.services import records
from teilhabe.network.tests import factories as network

from . import factories
from .url_matrix_records import (
    assignment,
    assignment_data,
    contact,
    contact_data,
    days_ago,
    log,
    pool,
    school,
)

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1,5", "1.50"), ("1.5", "1.50"), ("0,25", "0.25"), ("24", "24.00"), (Decimal("2"), "2.00")],
)
def test_hours_are_read_as_german_pages_write_them(
    bielefeld: Centre, kai: User, typed: object, stored: str
) -> None:
    added = assignment(pool(bielefeld, kai), kai, hours=typed)
    added.refresh_from_db()
    assert added.hours == Decimal(stored)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("0,2", "out_of_range"),
        ("0", "out_of_range"),
        ("24,25", "out_of_range"),
        ("-1", "out_of_range"),
        ("1,255", "too_many_places"),
        ("anderthalb", "invalid_number"),
        ("1e999999", "invalid_number"),
        ("9" * 100, "invalid_number"),
    ],
)
def test_hours_outside_a_quarter_hour_to_a_day_are_refused(
    bielefeld: Centre, kai: User, typed: str, code: str
) -> None:
    measure = pool(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        assignment(measure, kai, hours=typed)
    assert _codes(e.value, "hours") == [code]
    assert not InterpreterAssignment.objects.exists()


def test_an_assignment_is_recorded_with_one_audit_event(bielefeld: Centre, kai: User) -> None:
    measure = pool(bielefeld, kai)
    kita = network.organisation(bielefeld, kai, type="kita", name="Kita Sonnenblume")
    added = assignment(measure, kai, institution=kita, language="uk")
    event = AuditEvent.objects.get(action="interpreter_assignment.added")
    assert event.object_id == str(added.pk) and event.centre_id == bielefeld.pk
    assert event.changes["hours"] == {"from": None, "to": "1.50"}
    assert event.changes["institution"] == {"from": None, "to": kita.pk}
    assert event.changes["language"]["to"] == "uk"


def test_a_day_ahead_or_outside_the_measures_period_is_refused(
    bielefeld: Centre, kai: User
) -> None:
    measure = pool(bielefeld, kai, starts_on=date(2026, 2, 1), ends_on=date(2026, 6, 30))
    today = date(2026, 5, 1)
    for day, code in (
        (date(2026, 5, 2), "in_future"),
        (date(2026, 1, 31), "outside_period"),
    ):
        with pytest.raises(ValidationError) as e:
            records.add_assignment(measure, by=kai, data=assignment_data(held_on=day), today=today)
        assert _codes(e.value, "held_on") == [code]
    # The first and the last day of the period are inside it.
    records.add_assignment(measure, by=kai, data=assignment_data(held_on=date(2026, 2, 1)),
                           today=date(2026, 7, 1))  # fmt: skip
    records.add_assignment(measure, by=kai, data=assignment_data(held_on=date(2026, 6, 30)),
                           today=date(2026, 7, 1))  # fmt: skip
    assert InterpreterAssignment.objects.count() == 2


def test_a_language_off_the_list_or_another_kis_institution_is_refused(
    bielefeld: Centre, dortmund: Centre, kai: User, carla: User
) -> None:
    measure = pool(bielefeld, kai)
    theirs = network.organisation(dortmund, carla, type="school", name="Schule in Dortmund")
    with pytest.raises(ValidationError) as e:
        assignment(measure, kai, language="xx", institution=theirs)
    assert _codes(e.value, "language") == ["invalid_choice"]
    assert _codes(e.value, "institution") == ["unknown_institution"]
    assert not InterpreterAssignment.objects.exists()


def test_an_unknown_field_or_another_kind_of_measure_is_refused(
    bielefeld: Centre, kai: User
) -> None:
    with pytest.raises(ValidationError) as e:
        records.add_assignment(pool(bielefeld, kai), by=kai, data=assignment_data(measure=1))
    assert e.value.code == "unknown_field"
    counselling = log(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        records.add_assignment(counselling, by=kai, data=assignment_data())
    assert e.value.code == "wrong_kind"
    with pytest.raises(ValidationError) as e:
        records.add_counselling_contact(
            pool(bielefeld, kai), by=kai, data=contact_data(school(bielefeld, kai))
        )
    assert e.value.code == "wrong_kind"


def test_the_coordination_office_and_another_ki_may_not_write(
    bielefeld: Centre, kai: User, lars: User, carla: User
) -> None:
    measure = pool(bielefeld, kai)
    for who in (lars, carla):
        with pytest.raises(Refusal) as e:
            assignment(measure, who)
        assert e.value.code == "not_permitted"
    added = assignment(measure, kai)
    with pytest.raises(Refusal):
        records.update_assignment(added, by=carla, data={"hours": "2"})
    with pytest.raises(Refusal):
        records.remove_assignment(added, by=lars)
    assert InterpreterAssignment.objects.get().hours == Decimal("1.50")


def test_a_change_records_what_changed_and_nothing_records_nothing(
    bielefeld: Centre, kai: User, anna: User
) -> None:
    added = assignment(pool(bielefeld, kai), kai)
    records.update_assignment(added, by=anna, data={"hours": "1,50", "language": "ar"})
    assert not AuditEvent.objects.filter(action="interpreter_assignment.updated").exists()
    records.update_assignment(added, by=anna, data={"hours": "2,25"})
    event = AuditEvent.objects.get(action="interpreter_assignment.updated")
    assert event.changes == {"hours": {"from": "1.50", "to": "2.25"}}
    with pytest.raises(ValidationError) as e:
        records.update_assignment(added, by=anna, data={"hours": "30"})
    assert _codes(e.value, "hours") == ["out_of_range"]
    assert InterpreterAssignment.objects.get().hours == Decimal("2.25")


def test_a_removed_assignment_leaves_its_values_in_the_trail(bielefeld: Centre, kai: User) -> None:
    added = assignment(pool(bielefeld, kai), kai)
    records.remove_assignment(added, by=kai)
    assert not InterpreterAssignment.objects.exists()
    event = AuditEvent.objects.get(action="interpreter_assignment.removed")
    assert event.changes["hours"] == {"from": "1.50", "to": None}


def test_a_counselling_contact_is_the_recording_users_with_a_school_of_the_ki(
    bielefeld: Centre, dortmund: Centre, kai: User, anna: User, carla: User
) -> None:
    measure = log(bielefeld, kai)
    where = school(bielefeld, kai)
    added = contact(measure, kai, where)
    assert added.created_by == kai
    event = AuditEvent.objects.get(action="counselling_contact.added")
    assert event.changes["school"] == {"from": None, "to": where.pk}
    # Anna changes it; it stays Kai's entry.
    records.update_counselling_contact(added, by=anna, data={"topic": "heritage_language"})
    added.refresh_from_db()
    assert added.created_by == kai and added.topic == "heritage_language"
    kita = network.organisation(bielefeld, kai, type="kita", name="Kita Sonnenblume")
    theirs = school(dortmund, carla, "Schule in Dortmund")
    for other in (kita, theirs):
        with pytest.raises(ValidationError) as e:
            contact(measure, kai, other)
        assert _codes(e.value, "school") == ["not_a_school"]
    with pytest.raises(ValidationError) as e:
        records.add_counselling_contact(
            measure, by=kai, data=contact_data(where, held_on=days_ago(-1))
        )
    assert _codes(e.value, "held_on") == ["in_future"]
    with pytest.raises(ValidationError) as e:
        records.add_counselling_contact(measure, by=kai, data=contact_data(where, topic="x"))
    assert _codes(e.value, "topic") == ["invalid_choice"]
    assert CounsellingContact.objects.count() == 1


def test_a_counselling_contact_is_refused_to_who_may_not_and_removed_by_who_may(
    bielefeld: Centre, kai: User, lars: User, carla: User
) -> None:
    measure = log(bielefeld, kai)
    where = school(bielefeld, kai)
    for who in (lars, carla):
        with pytest.raises(Refusal):
            contact(measure, who, where)
    added = contact(measure, kai, where)
    with pytest.raises(Refusal):
        records.update_counselling_contact(added, by=lars, data={"outcome": "x"})
    with pytest.raises(Refusal):
        records.remove_counselling_contact(added, by=carla)
    records.remove_counselling_contact(added, by=kai)
    assert not CounsellingContact.objects.exists()
    assert AuditEvent.objects.filter(action="counselling_contact.removed").count() == 1


def test_factories_measure_kinds(bielefeld: Centre, kai: User) -> None:
    """The programme codes the tests use keep the records they test."""
    assert factories.programme("dolmetscherpool").record_kind == "interpreting"
    assert factories.programme("schulberatung").record_kind == "counselling"


def test_a_counselling_contact_lies_within_the_measures_period(
    bielefeld: Centre, kai: User
) -> None:
    measure = log(bielefeld, kai, starts_on=date(2026, 2, 1), ends_on=date(2026, 6, 30))
    where = school(bielefeld, kai)
    for day in (date(2026, 1, 31), date(2026, 7, 1)):
        with pytest.raises(ValidationError) as e:
            records.add_counselling_contact(
                measure, by=kai, data=contact_data(where, held_on=day), today=date(2026, 8, 1)
            )
        assert _codes(e.value, "held_on") == ["outside_period"]
    inside = records.add_counselling_contact(
        measure, by=kai, data=contact_data(where, held_on=date(2026, 6, 30)), today=date(2026, 8, 1)
    )
    with pytest.raises(ValidationError) as e:
        records.update_counselling_contact(
            inside, by=kai, data={"held_on": date(2026, 7, 2)}, today=date(2026, 8, 1)
        )
    assert _codes(e.value, "held_on") == ["outside_period"]
