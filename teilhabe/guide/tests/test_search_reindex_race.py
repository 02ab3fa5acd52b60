"""Two reindexes of one offer at the same time against PostgreSQL (a publication while
`rebuild_guide_search` runs, two reviewers' actions at once): both succeed, and the offer has
its rows once. Each reindex locks the offer's row first; without it the second found the first's
uncommitted rows invisible, deleted nothing and collided with them on `(offer, position)`. SQLite
serialises all writers anyway, so this needs PostgreSQL and is skipped without."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from teilhabe.guide.models import SearchEntry, SearchPlace
from teilhabe.guide.search import index

from .test_search_places import DUEREN, JUELICH, _at, _publish, dueren  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]


def _in_threads(*actions: Callable[[], Any]) -> list[str]:
    results = [""] * len(actions)

    def run(i: int, action: Callable[[], Any]) -> None:
        try:
            action()
            results[i] = "ok"
        except Exception as exc:  # shown in the assertion
            results[i] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_reindexes_of_one_offer_at_once_both_succeed(dueren) -> None:  # noqa: F811
    offer = _publish(
        dueren,
        "Sprachtreff an zwei Orten",
        [_at(dueren, DUEREN, step_free=False), _at(dueren, JUELICH, step_free=True)],
    )
    written = threading.Event()

    def first() -> None:
        with transaction.atomic():
            index.reindex_offers([offer.pk])
            written.set()
            time.sleep(1.0)  # its new rows stay uncommitted while the second starts

    def second() -> None:
        assert written.wait(timeout=30)
        index.reindex_offers([offer.pk])

    assert _in_threads(first, second) == ["ok", "ok"]
    assert SearchPlace.objects.filter(offer=offer).count() == 2
    assert SearchEntry.objects.filter(offer=offer).count() == 1
