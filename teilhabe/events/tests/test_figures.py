"""The events' figures for controlling (figures.py): trainings held, their participants and
the other events, per KI in one query, at the period's bounds (Europe/Berlin)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teilhabe.centres.models import Centre
from teilhabe.core.registry import registry
from teilhabe.events import figures
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

H2 = (date(2026, 7, 1), date(2026, 12, 31))
_positions = count(1)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


def _event(
    centre: Centre | None,
    *days: datetime,
    kind: str = EventKind.TRAINING,
    status: str = EventStatus.PUBLISHED,
) -> Event:
    first = min(days)
    event = Event.objects.create(
        centre=centre,
        kind=kind,
        audience="teachers",
        title="Sprachsensibler Unterricht",
        place="Niederwall 23, 33602 Bielefeld",
        capacity=30,
        registration_opens_at=first - timedelta(days=40),
        registration_closes_at=first - timedelta(days=1),
        status=status,
        first_starts_at=first,
        last_ends_at=max(days) + timedelta(hours=4),
    )
    for day in days:
        EventDate.objects.create(event=event, starts_at=day, ends_at=day + timedelta(hours=4))
    return event


def _present(event: Event, *on: int, people: int = 1) -> None:
    """`people` registrations, each present on the event's dates numbered `on` (0, 1 …)."""
    dates = list(event.dates.order_by("starts_at"))
    for i in range(people):
        r = Registration.objects.create(
            event=event,
            name=f"Person {i}",
            email=f"p{i}@example.org",
            status=RegistrationStatus.CONFIRMED,
            position=next(_positions),
        )
        for n in on:
            Attendance.objects.create(registration=r, date=dates[n])


@pytest.fixture
def kis(bielefeld: Centre, dortmund: Centre) -> dict[str, int]:
    # Bielefeld: a training on the period's first day (two dates), one at 23:30 on its last
    # day, one the minute after it (January), a draft and a cancelled one; a conference and a
    # network meeting. Dortmund: a training that began in June with a second date in July.
    # The office: a state-wide training (no KI).
    two_days = _event(bielefeld, _at(H2[0], 0), _at(H2[0] + timedelta(days=7)))
    _present(two_days, 0, 1, people=3)  # three people, each on both dates: 3, not 6
    last = _event(bielefeld, _at(H2[1], 23).replace(minute=30))
    _present(last, 0, people=2)
    after = _event(bielefeld, _at(date(2027, 1, 1), 0))
    _present(after, 0, people=5)
    _event(bielefeld, _at(date(2026, 9, 1)), status=EventStatus.DRAFT)
    cancelled = _event(bielefeld, _at(date(2026, 9, 2)), status=EventStatus.CANCELLED)
    _present(cancelled, 0, people=4)
    _event(bielefeld, _at(date(2026, 10, 1)), kind=EventKind.CONFERENCE)
    _event(bielefeld, _at(date(2026, 11, 1)), kind=EventKind.NETWORK_MEETING)
    _event(bielefeld, _at(date(2026, 6, 30), 23), kind=EventKind.EXPERT_TALK)  # before
    spanning = _event(dortmund, _at(date(2026, 6, 20)), _at(date(2026, 7, 4)))
    _present(spanning, 0, people=2)  # present in June only
    _present(spanning, 1, people=1)  # present in July
    office = _event(None, _at(date(2026, 8, 1)))
    _present(office, 0, people=9)
    return {"b": bielefeld.pk, "d": dortmund.pk}


def test_trainings_held_count_published_ones_with_a_date_in_the_period(
    kis: dict[str, int],
) -> None:
    assert figures.trainings_held(*H2) == {kis["b"]: 2, kis["d"]: 1}
    # The training spanning June and July counts in both half-years.
    assert figures.trainings_held(date(2026, 1, 1), date(2026, 6, 30)) == {kis["d"]: 1}
    assert figures.trainings_held(date(2027, 1, 1), date(2027, 6, 30)) == {kis["b"]: 1}


def test_participants_are_the_people_present_on_a_date_in_the_period(
    kis: dict[str, int],
) -> None:
    assert figures.training_participants(*H2) == {kis["b"]: 5, kis["d"]: 1}
    assert figures.training_participants(date(2026, 1, 1), date(2026, 6, 30)) == {kis["d"]: 2}


def test_events_held_are_the_other_kinds_split_by_kind(kis: dict[str, int]) -> None:
    assert figures.events_held(*H2) == {kis["b"]: 2}
    assert figures.events_by_kind(*H2) == {
        kis["b"]: {EventKind.CONFERENCE: 1, EventKind.NETWORK_MEETING: 1}
    }
    assert figures.events_held(date(2026, 1, 1), date(2026, 6, 30)) == {kis["b"]: 1}
    assert EventKind.TRAINING not in figures._kinds()


def test_a_figure_reads_the_given_kis_only(kis: dict[str, int]) -> None:
    assert figures.trainings_held(*H2, centre_ids=[kis["d"]]) == {kis["d"]: 1}
    assert figures.training_participants(*H2, centre_ids=[kis["d"]]) == {kis["d"]: 1}
    assert figures.events_by_kind(*H2, centre_ids=[kis["d"]]) == {}
    assert figures.events_held(*H2, centre_ids=[]) == {}


def test_every_figure_is_one_query_for_all_kis(kis: dict[str, int]) -> None:
    mine = [f for f in registry.figures() if f.code.startswith("events.")]
    assert {f.code for f in mine} == {f.code for f in figures.FIGURES}
    for figure in mine:
        with CaptureQueriesContext(connection) as queries:
            figure.read(*H2, None)
            if figure.read_by is not None:
                figure.read_by(*H2, None)
        assert len(queries) == (2 if figure.read_by else 1), figure.code
        assert str(figure.label) and str(figure.unit)
