"""The parent groups' demo: companions for Bielefeld and Dortmund, groups with sessions for
their Griffbereit and Rucksack measures, idempotent; without measures it skips the groups."""

from __future__ import annotations

import pytest
from django.utils import timezone

from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.measures.demo_groups import seed_groups_demo
from teilhabe.measures.models import GroupSession, ParentCompanion, ParentGroup
from teilhabe.network.demo import seed_network_demo

from . import factories

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        ParentCompanion.objects.count(),
        ParentGroup.objects.count(),
        GroupSession.objects.count(),
        AuditEvent.objects.count(),
    )


def test_without_measures_it_adds_companions_and_says_it_skips_the_groups(
    bielefeld: Centre,
    dortmund: Centre,
    anna,
    carla,  # type: ignore[no-untyped-def]
) -> None:
    lines = seed_groups_demo()
    assert ParentCompanion.objects.filter(centre=bielefeld).count() == 8
    assert ParentCompanion.objects.filter(centre=dortmund).count() == 8
    assert not ParentGroup.objects.exists()
    assert sum("skipped" in line for line in lines) == 2
    first = _counts()
    seed_groups_demo()
    assert _counts() == first


def test_with_measures_it_adds_groups_with_past_sessions_once(
    bielefeld: Centre,
    dortmund: Centre,
    anna,
    carla,  # type: ignore[no-untyped-def]
) -> None:
    seed_network_demo()
    today = timezone.localdate()
    start = today.replace(year=today.year - 1)
    for centre, lead in ((bielefeld, anna), (dortmund, carla)):
        for code in ("griffbereit", "rucksack-kita", "rucksack-schule"):
            factories.measure(centre, lead, code, starts_on=start, ends_on=None)
    factories.measure(bielefeld, anna, "komm-an", starts_on=start, ends_on=None)
    seed_groups_demo()
    assert ParentGroup.objects.count() == 12  # two per parent-group measure, none for KOMM-AN
    sessions = GroupSession.objects.all()
    assert sessions.count() > 12 * 15  # weekly over five months
    assert max(s.held_on for s in sessions) <= today
    assert all(s.families_present <= s.group.families for s in sessions.select_related("group"))
    schule = ParentGroup.objects.filter(measure__programme_type__code="rucksack-schule")
    assert all(g.institution is None or g.institution.type == "school" for g in schule)
    assert ParentGroup.objects.filter(companions__isnull=False).distinct().count() == 12
    first = _counts()
    seed_groups_demo()
    assert _counts() == first
