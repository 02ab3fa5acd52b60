"""The quality pillar "took part in the network meetings" (events/quality.py): the year's
state-wide Verbund meetings, attended by somebody of the KI, at least half of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre, StaffMember
from teilhabe.core.registry import registry
from teilhabe.events import quality
from teilhabe.events.models import (
    Attendance,
    Event,
    EventDate,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)

pytestmark = pytest.mark.django_db

TZ = quality.year_bounds(2000)[0].tzinfo
AFTER_2025 = datetime(2026, 2, 1, 12, tzinfo=TZ)


def meeting(
    year: int,
    month: int,
    *,
    centre: Centre | None = None,
    kind: str = EventKind.NETWORK_MEETING,
    status: str = EventStatus.PUBLISHED,
) -> EventDate:
    starts = datetime(year, month, 10, 10, tzinfo=TZ)
    event = Event.objects.create(
        centre=centre,
        kind=kind,
        audience="ki_staff",
        title=f"Verbundtreffen {year}-{month}",
        place="Arnsberg",
        capacity=100,
        registration_opens_at=starts - timedelta(days=30),
        registration_closes_at=starts - timedelta(days=1),
        is_public=False,
        status=status,
        first_starts_at=starts,
        last_ends_at=starts + timedelta(hours=4),
    )
    return EventDate.objects.create(event=event, starts_at=starts, ends_at=event.last_ends_at)


def present(
    day: EventDate, *, user: User | None = None, email: str = "", anonymised: bool = False
) -> Attendance:
    n = Registration.objects.filter(event=day.event).count() + 1
    registration = Registration.objects.create(
        event=day.event,
        name="" if anonymised else "Jemand",
        email=email or (user.email if user else ""),
        user=None if anonymised else user,
        status=RegistrationStatus.CONFIRMED,
        position=n,
        token_nonce=f"n{day.pk}-{n}",
        anonymised_at=day.starts_at + timedelta(days=400) if anonymised else None,
    )
    return Attendance.objects.create(registration=registration, date=day)


def staff_with_email(centre: Centre, email: str) -> StaffMember:
    return StaffMember.objects.create(
        centre=centre,
        first_name="Lena",
        last_name="Müller",
        email=email,
        category="pedagogical",
        fte=Decimal("1.00"),
        start_date=date(2020, 1, 1),
    )


def read(year: int, *centres: Centre) -> dict[int, bool | None]:
    return dict(quality.network_meetings_attended(year, [c.pk for c in centres]))


@time_machine.travel(AFTER_2025, tick=False)
def test_it_is_fulfilled_with_half_the_meetings_attended_and_not_below(
    anna: User, carla: User, bielefeld: Centre, dortmund: Centre
) -> None:
    spring, summer, autumn = meeting(2025, 3), meeting(2025, 6), meeting(2025, 11)
    present(spring, user=anna)
    present(summer, user=anna)
    present(autumn, user=carla)
    assert read(2025, bielefeld, dortmund) == {bielefeld.pk: True, dortmund.pk: False}


@time_machine.travel(AFTER_2025, tick=False)
def test_it_counts_a_colleague_registered_by_the_e_mail_on_the_staff_list(
    bielefeld: Centre, dortmund: Centre
) -> None:
    staff_with_email(bielefeld, "Lena.Mueller@bielefeld.example")
    day = meeting(2025, 3)
    present(day, email="lena.mueller@BIELEFELD.example")
    present(day, email="somebody@elsewhere.example")
    assert read(2025, bielefeld, dortmund) == {bielefeld.pk: True, dortmund.pk: False}


@time_machine.travel(AFTER_2025, tick=False)
def test_it_counts_a_meeting_once_however_many_of_the_ki_were_there(
    anna: User, kai: User, bielefeld: Centre
) -> None:
    spring = meeting(2025, 3)
    meeting(2025, 6)
    meeting(2025, 11)
    present(spring, user=anna)
    present(spring, user=kai)
    assert read(2025, bielefeld) == {bielefeld.pk: False}  # 1 of 3, 2 needed


@time_machine.travel(AFTER_2025, tick=False)
def test_only_the_state_wide_published_network_meetings_of_the_year_count(
    anna: User, bielefeld: Centre
) -> None:
    counted = meeting(2025, 3)
    regional = meeting(2025, 4, centre=bielefeld)
    training = meeting(2025, 5, kind=EventKind.TRAINING)
    cancelled = meeting(2025, 6, status=EventStatus.CANCELLED)
    last_year = meeting(2024, 6)
    for day in (regional, training, cancelled, last_year):
        present(day, user=anna)
    assert read(2025, bielefeld) == {bielefeld.pk: False}  # 0 of the one that counts
    present(counted, user=anna)
    assert read(2025, bielefeld) == {bielefeld.pk: True}


@time_machine.travel(AFTER_2025, tick=False)
def test_a_year_without_a_meeting_is_not_applicable(bielefeld: Centre) -> None:
    meeting(2025, 6, centre=bielefeld)  # the KI's own: no Verbund meeting
    assert read(2025, bielefeld) == {bielefeld.pk: None}


@time_machine.travel(datetime(2025, 7, 1, 12, tzinfo=TZ), tick=False)
def test_while_the_year_runs_it_is_fulfilled_early_or_not_due_yet(
    anna: User, carla: User, bielefeld: Centre, dortmund: Centre
) -> None:
    spring, summer = meeting(2025, 3), meeting(2025, 6)
    meeting(2025, 9)
    meeting(2025, 11)  # four planned: two needed
    present(spring, user=anna)
    present(summer, user=anna)
    present(spring, user=carla)
    assert read(2025, bielefeld, dortmund) == {bielefeld.pk: True, dortmund.pk: None}
    assert read(2026, bielefeld) == {bielefeld.pk: None}  # nothing planned yet


@time_machine.travel(AFTER_2025, tick=False)
def test_anonymised_participants_leave_it_open_instead_of_not_fulfilled(
    anna: User, bielefeld: Centre, dortmund: Centre
) -> None:
    spring, summer = meeting(2025, 3), meeting(2025, 6)
    present(spring, user=anna)
    present(summer, user=anna)
    present(spring, anonymised=True)  # whoever it was, nobody can tell any more
    assert read(2025, bielefeld, dortmund) == {bielefeld.pk: True, dortmund.pk: None}


@time_machine.travel(AFTER_2025, tick=False)
def test_without_ids_it_answers_for_every_ki(territory: None) -> None:
    meeting(2025, 3)
    values = quality.network_meetings_attended(2025, None)
    assert len(values) == Centre.objects.count() == 54
    assert set(values.values()) == {False}


@time_machine.travel(AFTER_2025, tick=False)
def test_it_reads_in_two_queries_however_many_kis_and_meetings(
    anna: User, carla: User, bielefeld: Centre, django_assert_num_queries
) -> None:
    ids = list(Centre.objects.values_list("pk", flat=True))
    for month in (3, 6, 9, 11):
        day = meeting(2025, month)
        present(day, user=anna)
        present(day, user=carla)
        present(day, email="x@y.example")
    with django_assert_num_queries(2):  # the meetings, the attendance with the KIs
        values = quality.network_meetings_attended(2025, ids)
    assert values[bielefeld.pk] is True


def test_the_pillar_is_registered_with_its_code_and_source() -> None:
    pillar = next(p for p in registry.quality_pillars() if p.code == quality.CODE)
    assert pillar is quality.PILLAR
    assert "Quelle" in str(pillar.description)


@given(
    attended=st.integers(0, 30),
    planned=st.integers(0, 30),
    held=st.integers(0, 30),
    over=st.booleans(),
    anonymised=st.booleans(),
)
def test_the_rule_is_monotone_in_attendance_and_never_false_before_the_year_ends(
    attended: int, planned: int, held: int, over: bool, anonymised: bool
) -> None:
    value = quality.decide(
        attended, planned=planned, held=held, year_over=over, may_be_anonymised=anonymised
    )
    more = quality.decide(
        attended + 1, planned=planned, held=held, year_over=over, may_be_anonymised=anonymised
    )
    if value is True:
        assert more is True
    if not over or anonymised:
        assert value is not False
    meetings = held if over else planned
    # the share computed another way: twice the attendance reaches the number of meetings
    assert (value is True) == (meetings > 0 and 2 * attended >= meetings)


@given(st.integers(1, 500))
def test_half_rounded_up_is_needed(meetings: int) -> None:
    assert quality.needed(meetings) == (meetings + 1) // 2
    assert quality.needed(0) == 0


def test_the_demo_meetings_are_seeded_once(anna: User, carla: User, lars: User) -> None:
    lines = list(quality.seed_network_meetings_demo())
    assert lines == ["events: 6 state-wide network meetings"]
    assert list(quality.seed_network_meetings_demo()) == []
    assert Event.objects.filter(kind=EventKind.NETWORK_MEETING, centre=None).count() == 6
    assert Attendance.objects.filter(registration__user__in=[anna, carla]).exists()


@time_machine.travel(AFTER_2025, tick=False)
def test_anonymising_keeps_the_ki_so_its_attendance_still_counts(
    anna: User, bielefeld: Centre, dortmund: Centre, settings
) -> None:
    from teilhabe.events import services

    settings.EVENTS_RETENTION_MONTHS = 1
    spring, summer = meeting(2025, 3), meeting(2025, 6)
    staff_with_email(dortmund, "lena@dortmund.example")
    present(spring, user=anna)
    present(summer, email="Lena@Dortmund.example")  # by the staff list, case aside
    present(summer, email="gast@example.org")  # nobody of a KI
    assert services.anonymise_participants() == 3
    kept = sorted(Registration.objects.values_list("centre_id", flat=True), key=str)
    assert kept == sorted([bielefeld.pk, dortmund.pk, None], key=str)
    assert not Registration.objects.exclude(name="").exists()
    assert Registration.objects.filter(centre_recorded=True).count() == 3
    # Bielefeld 1 of 2, Dortmund 1 of 2: both fulfilled; the guest leaves nothing open.
    assert read(2025, bielefeld, dortmund) == {bielefeld.pk: True, dortmund.pk: True}
    Registration.objects.update(centre_recorded=False, centre=None)  # anonymised the old way
    assert read(2025, bielefeld, dortmund) == {bielefeld.pk: None, dortmund.pk: None}
