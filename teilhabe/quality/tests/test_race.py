"""Recomputations of one year at once, against PostgreSQL (the scheduled command and the
coordination office's button): each waits for the one before under the year's row locks, so
every KI gets one status and one first history row, and nobody's computation fails. SQLite
serialises all writers anyway, so this needs PostgreSQL and is skipped without."""

from __future__ import annotations

import pytest
from django.db import connection

from teilhabe.accounts.models import User
from teilhabe.measures.tests.test_measure_race import race
from teilhabe.quality import services
from teilhabe.quality.models import QualityChange, QualityStatus

from .conftest import FakePillars

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]
RUNS = 6


def test_computations_at_once_make_one_status_and_one_first_step_per_ki(
    pillars: FakePillars, lars: User, last_year: int
) -> None:
    results = race(
        [
            (lambda: services.recompute_statuses(last_year, by=lars))
            if i % 2
            else (lambda: services.compute_statuses(last_year))
            for i in range(RUNS)
        ]
    )
    assert results == ["ok"] * RUNS
    assert QualityStatus.objects.filter(year=last_year).count() == 54
    assert QualityChange.objects.count() == QualityChange.objects.filter(first=True).count() == 54
