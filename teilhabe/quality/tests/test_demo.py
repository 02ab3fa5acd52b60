"""The demo computes 2024 and 2025 from whatever pillars are registered, once."""

from __future__ import annotations

import pytest

from teilhabe.accounts.models import User
from teilhabe.core.registry import registry
from teilhabe.quality.demo import seed_quality_demo
from teilhabe.quality.models import QualityChange, QualityStatus

from .conftest import FakePillars

pytestmark = pytest.mark.django_db


def test_it_computes_2024_and_2025_once(pillars: FakePillars, lars: User) -> None:
    assert list(seed_quality_demo()) == [
        "quality: 54 statuses for 2024",
        "quality: 54 statuses for 2025",
    ]
    history = QualityChange.objects.count()
    assert list(seed_quality_demo()) == []
    assert QualityChange.objects.count() == history == 108
    assert set(QualityStatus.objects.values_list("year", flat=True)) == {2024, 2025}


def test_it_runs_after_every_other_demo() -> None:
    order = [s.name for s in registry.demo_in_order()]
    assert order[-1] == "quality" or order.index("quality") > max(
        order.index(n) for n in registry.demo_seeders["quality"].after
    )
    assert "events.network_meetings" in registry.demo_seeders["quality"].after
