"""The measures' demo: Bielefeld and Dortmund run one measure of every programme type, through
the services, and a second run adds nothing."""

from __future__ import annotations

import pytest

from teilhabe.accounts.demo import seed_accounts_demo
from teilhabe.measures.demo import seed_measures_demo
from teilhabe.measures.models import Measure, MeasureTarget, ProgrammeType
from teilhabe.network.demo import seed_network_demo

from .factories import ensure_catalogue

pytestmark = pytest.mark.django_db


def test_every_programme_once_per_ki_with_partners_and_targets_and_idempotent(territory) -> None:
    ensure_catalogue()
    list(seed_accounts_demo())
    seed_network_demo()
    lines = seed_measures_demo()
    assert len(lines) == 2
    codes = set(ProgrammeType.objects.values_list("code", flat=True))
    for key in ("05711", "05913"):
        measures = Measure.objects.filter(centre__grantee__key=key)
        assert sorted(measures.values_list("programme_type__code", flat=True)) == sorted(codes)
        assert {m.status for m in measures} == {"planned", "running", "completed"}
        assert all(m.partners.exists() for m in measures)
    assert MeasureTarget.objects.exclude(figure="").exists()
    assert MeasureTarget.objects.filter(figure="", actual__isnull=False).exists()
    counts = (Measure.objects.count(), MeasureTarget.objects.count())
    assert seed_measures_demo() == []
    assert (Measure.objects.count(), MeasureTarget.objects.count()) == counts
