"""The records' demo: skipped with a line without the measures demo; with it, some 40
assignments and 20 counselling contacts per KI through the services; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.core.registry import registry
from teilhabe.measures.demo_records import seed_records_demo
from teilhabe.measures.models import CounsellingContact, InterpreterAssignment

from .url_matrix_records import log, pool, school

pytestmark = pytest.mark.django_db


def test_without_the_measures_demo_it_says_so_and_adds_nothing(
    bielefeld: Centre, dortmund: Centre, anna: User, carla: User, programme_types: None
) -> None:
    lines = seed_records_demo()
    assert len(lines) == 2 and all("skipped" in line for line in lines)
    assert not InterpreterAssignment.objects.exists()


def test_it_fills_the_pool_and_the_log_of_bielefeld_and_dortmund_once(
    bielefeld: Centre, dortmund: Centre, anna: User, carla: User
) -> None:
    for centre, lead in ((bielefeld, anna), (dortmund, carla)):
        pool(
            centre, lead, starts_on=timezone.localdate().replace(year=timezone.localdate().year - 2)
        )
        log(centre, lead)
        school(centre, lead, "Grundschule am Stadtpark")
        school(centre, lead, "Gesamtschule Mitte")
    seed_records_demo()
    today = timezone.localdate()
    for centre in (bielefeld, dortmund):
        assignments = InterpreterAssignment.objects.filter(measure__centre=centre)
        assert assignments.count() == 40
        assert all(a.held_on <= today for a in assignments)
        assert {"ar", "tr", "uk", "ru", "fa", "ku"} <= set(
            assignments.values_list("language", flat=True)
        )
        contacts = CounsellingContact.objects.filter(measure__centre=centre)
        assert contacts.count() == 20
        assert contacts.values("school").distinct().count() == 2
    written = AuditEvent.objects.count()
    assert seed_records_demo() == []
    assert AuditEvent.objects.count() == written
    assert registry.demo_seeders["measures.records"].after == ("measures",)
