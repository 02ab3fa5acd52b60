"""Several editors of one KI's answers at once, against PostgreSQL: of forms opened at the same
`lock_version`, exactly one is saved and every other is refused as stale — also for the very
first save, which makes the row. SQLite serialises all writers anyway: skipped there."""

from __future__ import annotations

import pytest
from django.db import connection

from teilhabe.core.models import AuditEvent
from teilhabe.evaluation import services
from teilhabe.evaluation.models import Response
from teilhabe.measures.tests.test_measure_race import race

from . import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]
EDITORS = 6


@pytest.mark.parametrize("drafted", [False, True])
def test_of_answer_forms_opened_at_one_version_exactly_one_saves(
    drafted, eva, kai, anna, bielefeld
) -> None:
    point = factories.point(eva)
    seen = 0
    if drafted:
        seen = services.save_answers(
            point, by=kai, centre=bielefeld, raw={"traeger": "Ja"}
        ).lock_version
    editors = [kai, anna] * (EDITORS // 2)
    results = race(
        [
            lambda by=by, i=i: services.save_answers(
                point, by=by, centre=bielefeld, raw={"stellen": str(i)}, expected_version=seen
            )
            for i, by in enumerate(editors)
        ]
    )
    assert sorted(results) == ["ok", *["stale"] * (EDITORS - 1)]
    response = Response.objects.get()
    assert response.lock_version == seen + 1
    assert AuditEvent.objects.filter(action="survey.saved").count() == 1 + drafted
