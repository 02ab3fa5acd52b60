"""`quality.reports_on_time`: per KI whether every period of a year whose deadline has passed
was reported by its deadline; None before any deadline of that year; two queries."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from teilhabe.centres.models import Centre
from teilhabe.controlling import reports
from teilhabe.controlling.models import Report
from teilhabe.controlling.quality import reports_on_time

from . import factories
from . import report_factories as rf

pytestmark = pytest.mark.django_db


def _at(day, hour: int = 23):  # type: ignore[no-untyped-def]
    return timezone.make_aware(datetime.combine(day, time(hour, 59)))


def _submitted_on(centre: Centre, lead, period, day) -> Report:  # type: ignore[no-untyped-def]
    report = rf.submitted(centre, lead, period)
    Report.objects.filter(pk=report.pk).update(submitted_at=_at(day))
    return report


def test_all_of_a_years_passed_periods_by_their_deadlines(
    anna, carla, lars, bielefeld, dortmund, seeded, django_assert_num_queries
) -> None:
    periods = [factories.half_year(2025, 1), factories.half_year(2025, 2), factories.year(2025)]
    for period in periods:  # Bielefeld on the deadline day itself
        _submitted_on(bielefeld, anna, period, period.deadline)
    for period in periods[:2]:
        _submitted_on(dortmund, carla, period, period.deadline - timedelta(days=3))
    _submitted_on(dortmund, carla, periods[2], periods[2].deadline + timedelta(days=1))
    with django_assert_num_queries(2):
        found = reports_on_time(2025)
    assert found[bielefeld.pk] is True
    assert found[dortmund.pk] is False  # the year came a day late
    assert len(found) == 54
    others = [v for k, v in found.items() if k not in (bielefeld.pk, dortmund.pk)]
    assert set(others) == {False}  # never submitted
    assert reports_on_time(2025, centre_ids=[bielefeld.pk]) == {bielefeld.pk: True}


def test_a_report_sent_back_and_submitted_again_stays_on_time(
    anna, lars, bielefeld, seeded
) -> None:
    period = factories.half_year(2025, 1)
    report = _submitted_on(bielefeld, anna, period, period.deadline - timedelta(days=1))
    reports.return_report(rf.fresh(report), by=lars, comment="Bitte prüfen")
    reports.submit_report(rf.fresh(report), by=anna, signed=True)  # long after the deadline
    # In January 2026 only the first half-year's deadline (30 September 2025) has passed.
    with time_machine.travel(datetime(2026, 1, 8, 12)):
        found = reports_on_time(2025, centre_ids=[bielefeld.pk])
    assert found[bielefeld.pk] is True


def test_none_before_the_first_deadline_of_the_year(bielefeld, seeded) -> None:
    with time_machine.travel(datetime(2026, 9, 1, 12)):
        assert reports_on_time(2026, centre_ids=[bielefeld.pk]) == {bielefeld.pk: None}
    with time_machine.travel(datetime(2026, 10, 1, 12)):
        assert reports_on_time(2026, centre_ids=[bielefeld.pk]) == {bielefeld.pk: False}


def test_the_pillar_is_registered_for_the_quality_status() -> None:
    from teilhabe.controlling.quality import PILLAR
    from teilhabe.core.registry import registry

    assert PILLAR in registry.quality_pillars()
    assert PILLAR.read is reports_on_time
