"""The demo's events load through the services, and a second run adds nothing."""

from __future__ import annotations

import pytest

from teilhabe.accounts.demo import seed_accounts_demo
from teilhabe.events.demo import seed_events_demo
from teilhabe.events.models import Event, Registration
from teilhabe.events.models import RegistrationStatus as S

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_full_training_with_a_waiting_list_and_runs_once(territory):
    list(seed_accounts_demo())
    list(seed_events_demo())
    counts = (Event.objects.count(), Registration.objects.count())
    full = Event.objects.get(title__startswith="Rucksack KiTa")
    statuses = list(full.registrations.values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) + statuses.count(S.OFFERED) == full.capacity
    assert S.WAITING in statuses and S.OFFERED in statuses
    assert Registration.objects.filter(attendances__isnull=False).exists()
    list(seed_events_demo())
    assert (Event.objects.count(), Registration.objects.count()) == counts
