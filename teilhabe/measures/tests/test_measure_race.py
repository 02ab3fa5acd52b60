"""Two editors at once against PostgreSQL: of several forms opened at the same version, exactly
one is saved and every other is refused as stale — none is silently overwritten. The row lock
of `update_measure` / `update_programme_type` serialises them; SQLite serialises all writers
anyway, so these tests need PostgreSQL and are skipped without."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import Measure, ProgrammeType
from teilhabe.measures.services import measures as services

from . import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]
EDITORS = 8


def race(actions: list[Callable[[], Any]]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    results: list[str] = []
    lock = threading.Lock()

    def run(action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=60)
            try:
                action()
                outcome = "ok"
            except ValidationError as exc:
                outcome = str(exc.code)
            except Exception as exc:  # pragma: no cover - shown in the assertion
                outcome = repr(exc)
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_of_forms_opened_at_one_version_exactly_one_saves(bielefeld, kai, anna) -> None:
    measure = factories.measure(bielefeld, kai)
    editors = [kai, anna] * (EDITORS // 2)
    results = race(
        [
            lambda i=i, by=by: services.update_measure(
                measure, by=by, data={"title": f"Stand {i}"}, expected_version=0
            )
            for i, by in enumerate(editors)
        ]
    )
    assert sorted(results) == ["ok", *["stale"] * (EDITORS - 1)]
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.lock_version == 1
    assert AuditEvent.objects.filter(action="measure.updated").count() == 1


def test_two_catalogue_editors_never_overwrite_each_other(lars, programme_types) -> None:
    programme = factories.programme("komm-an")
    results = race(
        [
            lambda i=i: services.update_programme_type(
                programme, by=lars, data={"name": f"KOMM-AN {i}"}, expected_version=0
            )
            for i in range(EDITORS)
        ]
    )
    assert sorted(results) == ["ok", *["stale"] * (EDITORS - 1)]
    assert ProgrammeType.objects.get(pk=programme.pk).lock_version == 1
