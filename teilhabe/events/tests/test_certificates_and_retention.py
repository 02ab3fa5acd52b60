"""Certificates of attendance (only for those present), anonymisation after the retention
period (counts stay), reminders the day before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.events import services
from teilhabe.events.models import Registration
from teilhabe.events.tokens import token_for

from . import factories

pytestmark = pytest.mark.django_db


def test_a_certificate_only_for_who_attended(bielefeld, kai, verified_client):
    event = factories.published(bielefeld, kai)
    present, absent = factories.accepted(event, 2)
    services.set_attendance(present, by=kai, attended=True)
    client = verified_client(kai)
    response = client.get(reverse("events:certificate", args=[event.pk, present.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("events:certificate", args=[event.pk, absent.pk])).status_code == 404
    own = Client().get(reverse("events:registration_certificate", args=[token_for(present)]))
    assert own.status_code == 200
    assert (
        Client()
        .get(reverse("events:registration_certificate", args=[token_for(absent)]))
        .status_code
        == 404
    )


def test_it_anonymises_after_the_retention_period_and_keeps_the_counts(bielefeld, kai, settings):
    settings.EVENTS_RETENTION_MONTHS = 12
    event = factories.published(bielefeld, kai, capacity=1)
    present, _waiting = factories.accepted(event, 2)
    services.set_attendance(present, by=kai, attended=True)
    token = token_for(present)
    soon = timezone.now() + timedelta(days=300)
    call_command("anonymise_event_participants", now=soon.isoformat())
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 0  # not yet
    later = timezone.now() + timedelta(days=31 + 366)
    call_command("anonymise_event_participants", now=later.isoformat())
    rows = list(Registration.objects.order_by("position").values_list("name", "email", "status"))
    assert rows == [("", "", "confirmed"), ("", "", "waiting")]
    assert [r.attended for r in Registration.objects.order_by("position")] == [True, False]
    assert services.registration_by_token(token) is None  # the old link opens nothing
    assert AuditEvent.objects.filter(action="event.participants_anonymised").count() == 1
    call_command("anonymise_event_participants", now=later.isoformat())  # idempotent
    assert AuditEvent.objects.filter(action="event.participants_anonymised").count() == 1


def test_reminders_go_out_once_the_day_before(bielefeld, kai, django_capture_on_commit_callbacks):
    event = factories.published(bielefeld, kai, days=1)
    factories.accepted(event, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
        call_command("send_event_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["p0@example.org"]
