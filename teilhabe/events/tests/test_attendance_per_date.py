"""Attendance per date of an event over several days (a two-day training): one tick per
registration and date, the door list and the check-in page per date, "present" for the
certificate meaning present on at least one date (which it lists), the exports with the dates,
edits that keep a date somebody attended, the retention keeping the counts, and the migration
that carries the old one-tick-per-registration over to the first date and back."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conftest import migrate_to, migrate_to_latest
from teilhabe.core.models import AuditEvent
from teilhabe.events import certificates, services
from teilhabe.events.checkin import checkin_url
from teilhabe.events.models import Attendance, Event, EventDate, Registration

from . import factories

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
DAY_ONE = datetime(2026, 3, 12, 8, 30, tzinfo=BERLIN)  # a Thursday; the training runs 9–15


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _two_days(centre, by, first: datetime = DAY_ONE) -> Event:  # type: ignore[no-untyped-def]
    """A published training on two days in a row, 9:00–15:00, registration open until then."""
    starts = first.replace(hour=9, minute=0)
    data = factories.event_data(
        registration_opens_at=first - timedelta(days=30),
        registration_closes_at=first - timedelta(hours=1),
    )
    dates = [(starts + timedelta(days=i), starts + timedelta(days=i, hours=6)) for i in (0, 1)]
    with time_machine.travel(first - timedelta(days=2), tick=False):
        event = services.create_event(centre, by=by, data=data, dates=dates)
        return services.publish_event(event, by=by)


def _participants(event: Event, n: int) -> list[Registration]:
    with time_machine.travel(event.registration_opens_at + timedelta(hours=1), tick=False):
        return factories.accepted(event, n)


def _path(registration: Registration) -> str:
    return urlparse(checkin_url(registration)).path


def test_a_tick_is_per_date_and_the_service_asks_which_where_there_are_several(bielefeld, kai):
    event = _two_days(bielefeld, kai)
    (r,) = _participants(event, 1)
    first, second = event.dates.all()
    with pytest.raises(ValidationError) as refused:
        services.set_attendance(r, by=kai, attended=True)
    assert factories.code(refused.value) == "date_required"
    other = factories.published(bielefeld, kai)
    with pytest.raises(ValidationError) as wrong:
        services.set_attendance(r, by=kai, attended=True, date=other.dates.get())
    assert factories.code(wrong.value) == "wrong_date"
    services.set_attendance(r, by=kai, attended=True, date=first)
    services.set_attendance(r, by=kai, attended=True, date=second)
    services.set_attendance(r, by=kai, attended=True, date=second)  # twice: nothing more
    assert [a.date for a in Attendance.objects.filter(registration=r)] == [first, second]
    trail = AuditEvent.objects.filter(action="registration.attendance").order_by("pk")
    assert [e.changes["date"]["to"] for e in trail] == ["2026-03-12", "2026-03-13"]
    services.set_attendance(r, by=kai, attended=False, date=first)
    assert [a.date for a in Attendance.objects.filter(registration=r)] == [second]
    assert AuditEvent.objects.filter(action="registration.attendance").count() == 3


def test_an_event_with_one_date_needs_no_date(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    services.set_attendance(r, by=kai, attended=True)
    assert Attendance.objects.get().date == event.dates.get()


def test_the_second_days_scan_ticks_the_second_day(bielefeld, kai, verified_client):
    event = _two_days(bielefeld, kai)
    (r,) = _participants(event, 1)
    first, second = event.dates.all()
    with time_machine.travel(DAY_ONE, tick=False):
        verified_client(kai).post(_path(r))
    with time_machine.travel(DAY_ONE + timedelta(days=1, minutes=12), tick=False):
        door = verified_client(kai)
        page = door.get(_path(r)).text
        assert "Already checked in" not in page and ">Present<" in page
        done = door.post(_path(r), follow=True)
        assert "Present: checked in at 8:42." in done.text
        again = door.get(_path(r)).text
        assert "Already checked in at 8:42." in again
    ticks = Attendance.objects.filter(registration=r).order_by("date__starts_at")
    assert [(a.date, timezone.localtime(a.checked_in_at).hour) for a in ticks] == [  # type: ignore[arg-type]
        (first, 8),
        (second, 8),
    ]


def test_on_a_day_without_a_date_the_check_in_asks_which_date(bielefeld, kai, verified_client):
    event = _two_days(bielefeld, kai)
    (r,) = _participants(event, 1)
    _first, second = event.dates.all()
    with time_machine.travel(DAY_ONE + timedelta(days=3), tick=False):  # a follow-up Sunday
        door = verified_client(kai)
        page = door.get(_path(r)).text
        assert "Which date is the participant present on?" in page and 'type="radio"' in page
        refused = door.post(_path(r), {})
        assert refused.status_code == 422
        assert "Choose the date the participant is present on." in refused.text
        assert not Attendance.objects.exists()
        done = door.post(_path(r), {"date": str(second.pk)})
        assert done["Location"] == f"{_path(r)}?date={second.pk}&ok=1"
        assert door.post(_path(r), {"date": "99999999"}).status_code == 404
    assert Attendance.objects.get().date == second


def test_the_door_list_shows_one_date_and_ticks_it(
    bielefeld, kai, verified_client, django_assert_max_num_queries
):
    event = _two_days(bielefeld, kai)
    rows = _participants(event, 3)
    first, second = event.dates.all()
    services.set_attendance(rows[0], by=kai, attended=True, date=first)
    url = reverse("events:attendance", args=[event.pk])
    with time_machine.travel(DAY_ONE + timedelta(days=1), tick=False):  # day two: its list
        client = verified_client(kai)
        with django_assert_max_num_queries(12):
            page = client.get(url).text
        assert "0 of 3 present." in page and f'href="?date={first.pk}"' in page
        response = client.post(
            url, {"registration": str(rows[1].pk), "date": str(second.pk), "attended": "1"}
        )
        assert response["Location"] == f"{url}?date={second.pk}#r{rows[1].pk}"
        other = factories.published(bielefeld, kai).dates.get()
        wrong = {"registration": str(rows[2].pk), "date": str(other.pk), "attended": "1"}
        assert client.post(url, wrong).status_code == 404
    assert "1 of 3 present." in verified_client(kai).get(f"{url}?date={first.pk}").text
    assert set(Attendance.objects.values_list("registration", "date")) == {
        (rows[0].pk, first.pk),
        (rows[1].pk, second.pk),
    }


def test_an_edit_keeps_a_date_somebody_attended(bielefeld, kai):
    event = _two_days(bielefeld, kai)
    (r,) = _participants(event, 1)
    first, second = event.dates.all()
    services.set_attendance(r, by=kai, attended=True, date=first)
    longer = [
        (first.starts_at, first.ends_at + timedelta(hours=1)),
        (second.starts_at, second.ends_at),
    ]
    services.update_event(event, by=kai, data={}, dates=longer)
    assert Attendance.objects.get().date_id == first.pk  # the same date, now an hour longer
    assert EventDate.objects.get(pk=first.pk).ends_at == first.ends_at + timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        services.update_event(event, by=kai, data={}, dates=[(second.starts_at, second.ends_at)])
    assert factories.code(refused.value) == "date_has_attendance"
    services.update_event(event, by=kai, data={}, dates=longer[:1])  # the unattended one goes
    assert list(event.dates.all()) == [first]


def test_the_certificate_lists_the_dates_attended(bielefeld, kai, verified_client):
    event = _two_days(bielefeld, kai)
    present, absent = _participants(event, 2)
    _first, second = event.dates.all()
    services.set_attendance(present, by=kai, attended=True, date=second)
    said = certificates.context(present)
    assert said["dates"] == ["13.03.2026, 09:00–15:00 Uhr"]
    assert (said["hours"], said["of"]) == ("6", 2)
    client = verified_client(kai)
    pdf = client.get(reverse("events:certificate", args=[event.pk, present.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("events:certificate", args=[event.pk, absent.pk])).status_code == 404


def test_the_exports_name_the_dates(bielefeld, kai, verified_client):
    event = _two_days(bielefeld, kai)
    present, _absent = _participants(event, 2)
    first, second = event.dates.all()
    for day in (first, second):
        services.set_attendance(present, by=kai, attended=True, date=day)
    csv_url = reverse("events:registrations_export", kwargs={"pk": event.pk, "fmt": "csv"})
    text = b"".join(verified_client(kai).get(csv_url).streaming_content).decode("utf-8-sig")
    header, one, two = text.strip().split("\r\n")
    assert header.endswith("Present;Present on")
    assert one.endswith(';yes;"12.03.2026; 13.03.2026"')
    assert two.endswith(";no;")
    data = services.export_person_data(present.email, by=kai)
    (row,) = data["registrations"]
    assert row["attended"] is True
    assert [a["date"] for a in row["attendance"]] == ["2026-03-12", "2026-03-13"]


def test_the_retention_keeps_the_attendance_per_date(bielefeld, kai, settings):
    settings.EVENTS_RETENTION_MONTHS = 12
    event = _two_days(bielefeld, kai)
    rows = _participants(event, 2)
    first, second = event.dates.all()
    services.set_attendance(rows[0], by=kai, attended=True, date=first)
    services.set_attendance(rows[1], by=kai, attended=True, date=second)
    services.anonymise_participants(now=DAY_ONE + timedelta(days=400))
    assert Registration.objects.filter(name="").count() == 2
    assert first.attendances.count() == 1 and second.attendances.count() == 1


BEFORE = [("events", "0003_checkin_time")]
AFTER = [("events", "0004_attendance_per_date")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_ticks_to_the_first_date_and_back(bielefeld) -> None:
    try:
        old = migrate_to(BEFORE)
        event = old.get_model("events", "Event").objects.create(
            centre_id=bielefeld.pk,
            kind="training",
            audience="teachers",
            title="Zweitägige Fortbildung",
            place="Rathaus",
            capacity=5,
            registration_opens_at=DAY_ONE - timedelta(days=30),
            registration_closes_at=DAY_ONE - timedelta(days=1),
            status="published",
        )
        dates = old.get_model("events", "EventDate")
        second = dates.objects.create(
            event=event,
            starts_at=DAY_ONE + timedelta(days=1),
            ends_at=DAY_ONE + timedelta(days=1, hours=6),
        )
        first = dates.objects.create(
            event=event, starts_at=DAY_ONE, ends_at=DAY_ONE + timedelta(hours=6)
        )
        registrations = old.get_model("events", "Registration")
        row = {"event": event, "email": "a@example.org", "status": "confirmed", "token_nonce": "n"}
        ticked = registrations.objects.create(
            **row, name="A", position=1, attended=True, attended_at=DAY_ONE
        )
        untimed = registrations.objects.create(**row, name="B", position=2, attended=True)
        absent = registrations.objects.create(**row, name="C", position=3)

        new = migrate_to(AFTER)
        moved = new.get_model("events", "Attendance").objects.order_by("registration_id")
        assert [(a.registration_id, a.date_id, a.checked_in_at) for a in moved] == [
            (ticked.pk, first.pk, DAY_ONE),
            (untimed.pk, first.pk, None),
        ]
        new.get_model("events", "Attendance").objects.create(
            registration_id=absent.pk, date_id=second.pk, checked_in_at=DAY_ONE + timedelta(days=1)
        )

        back = migrate_to(BEFORE).get_model("events", "Registration").objects.order_by("position")
        assert [(r.attended, r.attended_at) for r in back] == [
            (True, DAY_ONE),
            (True, None),
            (True, DAY_ONE + timedelta(days=1)),
        ]
    finally:
        migrate_to_latest()  # later tests need the whole schema
