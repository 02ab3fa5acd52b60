"""Real concurrent writes to one parent group against PostgreSQL: the group's row lock lets two
people recording the same day end with one session, and two people saving the same form end
with one change and one `stale` refusal. SQLite serialises all writers anyway: skipped there."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from teilhabe.measures.models import GroupSession, ParentGroup
from teilhabe.measures.services import groups

from . import factories
from .url_matrix_groups import group

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]


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
                outcome = (
                    str(exc.code)
                    if hasattr(exc, "code") and exc.code
                    else ",".join(str(e.code) for errors in exc.error_dict.values() for e in errors)
                )
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return sorted(results)


def test_the_same_day_recorded_at_once_gives_one_session(bielefeld, kai, anna):  # type: ignore[no-untyped-def]
    factories.ensure_catalogue()
    one = group(factories.measure(bielefeld, kai), kai)
    data = {"held_on": date(2026, 3, 5), "families_present": 5, "topic": ""}
    results = race(
        [lambda by=by: groups.add_session(one, by=by, data=dict(data)) for by in (kai, anna) * 3]
    )
    assert results == ["duplicate_session"] * 5 + ["ok"]
    assert GroupSession.objects.filter(group=one).count() == 1


def test_the_same_form_saved_at_once_changes_the_group_once(bielefeld, kai, anna):  # type: ignore[no-untyped-def]
    factories.ensure_catalogue()
    one = group(factories.measure(bielefeld, kai), kai)
    results = race(
        [
            lambda by=by, n=n: groups.update_group(
                one, by=by, data={"families": 11 + n}, expected_version=0
            )
            for n, by in enumerate((kai, anna) * 2)
        ]
    )
    assert results == ["ok"] + ["stale"] * 3
    assert ParentGroup.objects.get(pk=one.pk).lock_version == 1
