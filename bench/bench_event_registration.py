"""The registration race (events/services.py): 200 people confirm their links for 50 places at
once from 20 threads, each with its own database connection, as in the PostgreSQL race test.

Measures the throughput (acceptances per second) and how long each acceptance holds the event's
row lock: from `SELECT … FOR UPDATE` to the commit that releases it. On SQLite every writer is
serialised anyway (the lock is the database's); run with DATABASE_URL=postgres://… for the row
lock's numbers.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connections, transaction
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.events import services
from teilhabe.events.models import Event, Registration

THREADS = 20
PEOPLE = 200
PLACES = 50


def _pending() -> list[Registration]:
    kai = User.objects.get(username="kai")
    now = timezone.now()
    event = services.create_event(
        kai.centre,
        by=kai,
        data={
            "kind": "training",
            "audience": "teachers",
            "title": "Benchmark: Anmeldestart",
            "place": "Niederwall 23, 33602 Bielefeld",
            "capacity": PLACES,
            "registration_opens_at": now - timedelta(hours=1),
            "registration_closes_at": now + timedelta(days=10),
        },
        dates=[(now + timedelta(days=20), now + timedelta(days=20, hours=3))],
    )
    event = services.publish_event(event, by=kai)
    visitor = AnonymousUser()
    return [
        services.register(event, by=visitor, name=f"P {i}", email=f"bench{i}@example.org")
        for i in range(PEOPLE)
    ]


def _race(pending: list[Registration], holds: list[float]) -> float:
    original = services._locked_pair

    def timed(registration: Registration) -> Any:
        pair = original(registration)
        acquired = time.perf_counter()
        transaction.on_commit(lambda: holds.append((time.perf_counter() - acquired) * 1000))
        return pair

    barrier = threading.Barrier(THREADS)

    def run(batch: list[Registration]) -> None:
        barrier.wait()
        for r in batch:
            services.confirm_registration(r)
        connections.close_all()

    services._locked_pair = timed  # type: ignore[assignment]
    try:
        threads = [
            threading.Thread(target=run, args=(pending[i::THREADS],)) for i in range(THREADS)
        ]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return (time.perf_counter() - start) * 1000
    finally:
        services._locked_pair = original  # type: ignore[assignment]


def run(measure: Callable[..., Any]) -> list[Any]:
    from bench.run import Result  # the harness's result type

    totals, holds = [], []
    for _ in range(3):
        pending = _pending()
        totals.append(_race(pending, holds))
        event = Event.objects.get(pk=pending[0].event_id)
        confirmed = event.registrations.filter(status="confirmed").count()
        assert confirmed == PLACES, confirmed  # a benchmark of a wrong answer measures nothing
    totals.sort()
    holds.sort()
    print(
        f"events: {PEOPLE} acceptances from {THREADS} threads: "
        f"{PEOPLE / (statistics.median(totals) / 1000):.0f} per second; lock held "
        f"median {statistics.median(holds):.2f} ms, max {holds[-1]:.2f} ms"
    )
    return [
        Result(f"events: {PEOPLE} acceptances, {THREADS} threads", 3, totals[0],
               statistics.median(totals), 0),
        Result("events: row lock held per acceptance", len(holds), holds[0],
               statistics.median(holds), 0),
    ]  # fmt: skip
