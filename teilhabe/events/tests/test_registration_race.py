"""Real concurrent registrations against PostgreSQL: never more places held than there are.

Many threads, each with its own database connection, released together (a barrier), do what a
crowd does when registration opens: 200 people confirm their registration links for 50 places
at once, from 25 connections. The event's row lock serialises the decisions; each sees the
places the earlier ones took. Then cancellations, move-ups, acceptances and expiries race each
other while a watcher counts the places held, again and again. SQLite serialises all writers
anyway, so these tests need PostgreSQL and are skipped without.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from teilhabe.events import services
from teilhabe.events.models import Registration
from teilhabe.events.models import RegistrationStatus as S

from . import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

CONNECTIONS = 25


def race(batches: list[list[Callable[[], Any]]]) -> list[str]:
    """One thread (one connection) per batch, released together; 'ok' or the error code each."""
    barrier = threading.Barrier(len(batches))
    results: list[str] = []
    lock = threading.Lock()

    def run(batch: list[Callable[[], Any]]) -> None:
        try:
            barrier.wait(timeout=60)
            for action in batch:
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
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def _split(actions: list[Callable[[], Any]], n: int) -> list[list[Callable[[], Any]]]:
    return [actions[i::n] for i in range(n)]


def test_200_registrations_for_50_places_at_once_confirm_exactly_50(bielefeld, kai, visitor):
    event = factories.published(bielefeld, kai, capacity=50)
    pending = [
        services.register(event, by=visitor, name=f"Person {i}", email=f"p{i}@example.org")
        for i in range(200)
    ]
    results = race(
        _split([lambda r=r: services.confirm_registration(r) for r in pending], CONNECTIONS)
    )
    assert results == ["ok"] * 200
    rows = list(Registration.objects.filter(event=event).order_by("position"))
    assert [r.position for r in rows] == list(range(1, 201))  # no gap, no double
    assert [r.status for r in rows] == [S.CONFIRMED] * 50 + [S.WAITING] * 150
    # The waiting list is in the order accepted: positions follow the acceptance times.
    accepted = [r.accepted_at for r in rows]
    assert accepted == sorted(accepted)
    event.refresh_from_db()
    assert event.last_position == 200


def test_cancellations_move_ups_and_expiries_racing_never_overbook(bielefeld, kai):
    capacity = 10
    event = factories.published(bielefeld, kai, capacity=capacity)
    rows = factories.accepted(event, 60)  # 10 confirmed, 50 waiting
    confirmed, waiting = rows[:capacity], rows[capacity:]
    later = timezone.now() + timedelta(hours=100)

    def accept_offers() -> None:
        for r in Registration.objects.filter(event=event, status=S.OFFERED)[:3]:
            services.confirm_registration(r)

    actions: list[Callable[[], Any]] = [
        *(lambda r=r: services.cancel_own_registration(r) for r in confirmed),
        *(lambda r=r: services.cancel_own_registration(r) for r in waiting[::5]),
        *(lambda r=r: services.cancel_registration(r, by=kai) for r in waiting[1::7]),
        *(accept_offers for _ in range(10)),
        *(lambda: services.expire_offers(now=later) for _ in range(2)),
    ]
    stop = threading.Event()
    seen: list[int] = []

    def watch() -> None:
        try:
            while not stop.is_set():
                seen.append(factories.held(event))
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = race(_split(actions, CONNECTIONS))
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert set(results) <= {"ok", "not_active"}, results
    assert seen and max(seen) <= capacity, max(seen)
    rows = list(Registration.objects.filter(event=event).values_list("position", "status"))
    holding = [p for p, s in rows if s in (S.CONFIRMED, S.OFFERED)]
    still_waiting = [p for p, s in rows if s == S.WAITING]
    assert len(holding) == capacity  # every freed place went to someone waiting
    # Places went in the order accepted: everyone still waiting came after every holder.
    assert max(holding) < min(still_waiting)
