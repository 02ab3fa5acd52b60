"""Two editors of one indicator at once, against PostgreSQL: of several version forms opened at
the same `lock_version`, exactly one is saved and every other is refused as stale — and without
the expected version, the row lock still lets each one see the version saved before it (the
second is refused as not after the latest). SQLite serialises all writers anyway, so these
tests need PostgreSQL and are skipped without."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from teilhabe.controlling import services
from teilhabe.controlling.models import Indicator
from teilhabe.core.models import AuditEvent
from teilhabe.measures.tests.test_measure_race import race

from . import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]
EDITORS = 8


def test_of_version_forms_opened_at_one_version_exactly_one_saves(lars) -> None:
    events = factories.indicator("volunteers-reached")
    period = factories.half_year(2026, 1)
    results = race(
        [
            lambda i=i: services.add_indicator_version(
                events, by=lars, data={"from_period": period, "unit": f"Termine {i}"},
                expected_version=0,
            )
            for i in range(EDITORS)
        ]
    )  # fmt: skip
    assert sorted(results) == ["ok", *["stale"] * (EDITORS - 1)]
    assert Indicator.objects.get(pk=events.pk).lock_version == 1
    assert events.versions.count() == 2
    assert AuditEvent.objects.filter(action="indicator.version_added").count() == 1


def _first_code(action: Callable[[], object]) -> None:
    """The refusal of a field as the refusal's own code (what `race` reports)."""
    try:
        action()
    except ValidationError as e:
        if hasattr(e, "error_dict"):
            codes = [err.code for errors in e.error_dict.values() for err in errors]
            raise ValidationError("refused", code=codes[0]) from None
        raise


def test_two_versions_for_one_period_never_both_land(lars) -> None:
    events = factories.indicator("volunteers-reached")
    period = factories.half_year(2026, 1)
    results = race(
        [
            lambda i=i: _first_code(
                lambda: services.add_indicator_version(
                    events, by=lars, data={"from_period": period, "unit": f"Termine {i}"}
                )
            )
            for i in range(EDITORS)
        ]
    )
    assert sorted(results) == [*["not_after_latest"] * (EDITORS - 1), "ok"], results
    assert events.versions.count() == 2
