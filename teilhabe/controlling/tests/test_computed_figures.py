"""The indicators migration 0004 computes from H2 2026 on: the KI's report page for the
second half-year 2026 fills them from the events, the network and the staff list; the first
half-year 2026 still asks the KI for them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre, PositionCategory, StaffMember
from teilhabe.controlling.models import Report, ReportValue
from teilhabe.events.models import (
    Attendance,
    Event,
    EventDate,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from teilhabe.network.models import Organisation
from teilhabe.network.tests import factories as network_factories

from . import factories

pytestmark = pytest.mark.django_db
CODES = {"trainings-held", "training-participants", "events", "partner-organisations",
         "positions-filled"}  # fmt: skip


def _event(centre: Centre, kind: str, day: date, present: int = 0) -> None:
    starts = datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_default_timezone())
    event = Event.objects.create(
        centre=centre,
        kind=kind,
        audience="teachers",
        title="Fachtag",
        place="Niederwall 23, 33602 Bielefeld",
        capacity=30,
        registration_opens_at=starts - timedelta(days=30),
        registration_closes_at=starts - timedelta(days=1),
        status=EventStatus.PUBLISHED,
        first_starts_at=starts,
        last_ends_at=starts + timedelta(hours=4),
    )
    on = EventDate.objects.create(
        event=event, starts_at=starts, ends_at=starts + timedelta(hours=4)
    )
    for i in range(present):
        r = Registration.objects.create(
            event=event, name="X", email=f"x{i}@example.org",
            status=RegistrationStatus.CONFIRMED, position=i + 1,
        )  # fmt: skip
        Attendance.objects.create(registration=r, date=on)


def test_the_ki_report_for_h2_2026_computes_the_new_figures(
    anna: User, bielefeld: Centre, verified_client, seeded: None
) -> None:
    _event(bielefeld, EventKind.TRAINING, date(2026, 9, 15), present=4)
    _event(bielefeld, EventKind.CONFERENCE, date(2026, 10, 1))
    _event(bielefeld, EventKind.TRAINING, date(2026, 3, 1), present=7)  # the first half-year
    org = network_factories.organisation(bielefeld, anna)
    Organisation.objects.filter(pk=org.pk).update(
        created_at=datetime(2026, 3, 1, tzinfo=timezone.get_default_timezone())
    )
    StaffMember.objects.create(
        centre=bielefeld, first_name="A", last_name="B", category=PositionCategory.PEDAGOGICAL,
        fte=Decimal("0.75"), start_date=date(2020, 1, 1),
    )  # fmt: skip
    client = verified_client(anna)
    for half in (1, 2):  # both have begun (a report opens once its period has)
        opened = client.post(
            reverse("controlling:report_open", args=[factories.half_year(2026, half).pk])
        )
        assert opened.status_code == 302
    h2 = Report.objects.get(centre=bielefeld, period=factories.half_year(2026, 2))
    page = client.get(h2.get_absolute_url())
    assert page.status_code == 200
    values = {
        v.indicator.code: v
        for v in ReportValue.objects.filter(report=h2, indicator__code__in=CODES).select_related(
            "indicator", "version"
        )
    }
    assert {c: (v.computed, v.value) for c, v in values.items()} == {
        "trainings-held": (True, Decimal(1)),
        "training-participants": (True, Decimal(4)),
        "events": (True, Decimal(1)),
        "partner-organisations": (True, Decimal(1)),
        "positions-filled": (True, Decimal("0.75")),
    }
    assert values["partner-organisations"].parts == {"stage": {"kita": "1", "school": "1"}}
    assert "0,75" in page.text
    h1 = ReportValue.objects.filter(
        report__period=factories.half_year(2026, 1), indicator__code__in=CODES
    )
    assert h1.count() == 5 and not h1.filter(computed=True).exists()
