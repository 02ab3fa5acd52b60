"""Races against PostgreSQL (skipped elsewhere, like `test_measure_race.py`): two editors of one
target never overwrite each other, and an entry added while the measure is being cancelled
either lands before the cancellation or is refused — never after it."""

from __future__ import annotations

import pytest
from django.db import connection

from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import MeasureTarget
from teilhabe.measures.services import measures as services
from teilhabe.measures.services import records

from . import factories
from .test_measure_race import EDITORS, race
from .url_matrix_records import assignment_data, pool

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]


def test_of_target_forms_opened_at_one_version_exactly_one_saves(bielefeld, kai, anna) -> None:
    measure = factories.measure(bielefeld, kai)
    target = services.add_target(measure, by=kai, data={"label": "Abende", "target": 4})
    editors = [kai, anna] * (EDITORS // 2)
    results = race(
        [
            lambda i=i, by=by: services.update_target(
                target, by=by, data={"actual": i}, expected_version=0
            )
            for i, by in enumerate(editors)
        ]
    )
    assert sorted(results) == ["ok", *["stale"] * (EDITORS - 1)]
    assert MeasureTarget.objects.get(pk=target.pk).lock_version == 1
    assert AuditEvent.objects.filter(action="measure_target.updated").count() == 1


def test_no_entry_lands_after_the_measure_is_cancelled(bielefeld, kai, anna) -> None:
    measure = pool(bielefeld, kai)
    adds = [
        lambda by=by: records.add_assignment(measure, by=by, data=assignment_data())
        for by in [kai, anna] * (EDITORS // 2)
    ]
    cancel = [lambda: services.change_measure_status(measure, by=anna, step="cancel")]
    results = race(adds[:3] + cancel + adds[3:])
    assert set(results) <= {"ok", "measure_cancelled"}
    cancelled = AuditEvent.objects.get(action="measure.cancelled")
    added = AuditEvent.objects.filter(action="interpreter_assignment.added")
    assert added.count() == results.count("ok") - 1  # the cancellation is one "ok"
    assert all(event.pk < cancelled.pk for event in added)
    assert measure.assignments.count() == added.count()
