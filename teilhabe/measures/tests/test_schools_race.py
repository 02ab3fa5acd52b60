"""Concurrent edits of one member school against PostgreSQL: the row lock and the lock version
let exactly one of two people who opened the same form save; the other is told it changed.
Concurrent runs of the reminder send each reminder once. SQLite serialises all writers anyway,
so these tests need PostgreSQL and are skipped without."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from teilhabe.accounts.models import Notification
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import SchoolReminder
from teilhabe.measures.services import schools

from .url_matrix_schools import days_ago, member, school_measure

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections "
        "(run with DATABASE_URL=postgres://…)",
    ),
]


def race(actions: list[Callable[[], Any]]) -> list[str]:
    """One thread (one connection) per action, released together; 'ok' or the error code."""
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


def test_two_edits_from_the_same_form_save_once(programme_types, bielefeld, anna, kai) -> None:
    membership = member(school_measure(bielefeld, anna), anna)
    results = race(
        [
            lambda: schools.update_school(
                membership, by=kai, data={"patron": "Kai's patron"}, expected_version=0
            ),
            lambda: schools.update_school(
                membership, by=anna, data={"patron": "Anna's patron"}, expected_version=0
            ),
        ]
    )
    assert sorted(results) == ["ok", "stale_edit"]
    membership.refresh_from_db()
    assert membership.lock_version == 1
    assert AuditEvent.objects.filter(action="school.updated").count() == 1


def test_two_reminder_runs_at_once_send_each_reminder_once(
    programme_types, bielefeld, anna, kai
) -> None:
    measure = school_measure(bielefeld, anna)
    for i in range(5):
        member(measure, anna, name=f"Schule {i}", title_awarded_on=days_ago(400 + i))
    results = race([schools.send_school_reminders for _ in range(3)])
    assert results == ["ok", "ok", "ok"]
    assert SchoolReminder.objects.count() == 5
    assert Notification.objects.count() == 5 * 2  # Kai and Anna, once per school
    assert AuditEvent.objects.filter(action="school.project_reminder_sent").count() == 5
