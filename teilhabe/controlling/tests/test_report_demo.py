"""The demo's reports: every KI has accepted figures for 2024 and 2025 (but three unfinished
drafts), Bielefeld and Dortmund show every step, and a second run adds nothing."""

from __future__ import annotations

import time

import pytest

from teilhabe.controlling import reports
from teilhabe.controlling.demo import seed_reports_demo
from teilhabe.controlling.models import Report, ReportStatus
from teilhabe.core.models import AuditEvent

from . import factories

pytestmark = pytest.mark.django_db


def test_it_seeds_every_state_fast_and_once(anna, carla, lars, bielefeld, dortmund, seeded) -> None:
    started = time.monotonic()
    assert seed_reports_demo()
    assert time.monotonic() - started < 30
    statuses = set(Report.objects.filter(centre=bielefeld).values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    corrected = Report.objects.get(centre=dortmund, revision=2)
    assert corrected.status == ReportStatus.ACCEPTED
    assert AuditEvent.objects.filter(action="report.correction_started").count() == 2
    for period in (factories.half_year(2024, 1), factories.year(2025)):
        in_force = reports.accepted_reports(period_ids=[period.pk])
        assert in_force.values("centre").distinct().count() >= 52
    h2 = factories.half_year(2025, 2)
    # three drafts; Bielefeld and Dortmund sent theirs back
    assert reports.accepted_reports(period_ids=[h2.pk]).count() == 54 - 3 - 2
    drafts = Report.objects.filter(period=h2, status=ReportStatus.DRAFT)
    assert drafts.count() == 3 and all(d.values.filter(value__isnull=True).exists() for d in drafts)
    count = Report.objects.count()
    assert seed_reports_demo() == []
    assert Report.objects.count() == count
