"""Two people at one report, against PostgreSQL: of several drafts saved from the same
`lock_version` exactly one lands and the others are refused as stale; of a submission and a
save racing, never both; of two corrections of one accepted report, exactly one is made.
SQLite serialises all writers anyway, so these tests need PostgreSQL and are skipped without."""

from __future__ import annotations

import pytest
from django.db import connection

from teilhabe.controlling import reports
from teilhabe.controlling.models import Report, ReportStatus
from teilhabe.core.models import AuditEvent
from teilhabe.measures.tests.test_measure_race import race

from . import report_factories as rf

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]
EDITORS = 6


def test_of_drafts_saved_from_one_version_exactly_one_lands(kai, anna, bielefeld, seeded) -> None:
    report = rf.report(bielefeld, kai)
    editors = [kai, anna] * (EDITORS // 2)
    results = race(
        [
            lambda who=who, i=i: reports.save_report(
                report, by=who, values={"events": {"value": i + 1}}, expected_version=0
            )
            for i, who in enumerate(editors)
        ]
    )
    assert sorted(results) == ["ok", *["stale"] * (EDITORS - 1)]
    assert Report.objects.get(pk=report.pk).lock_version == 1
    assert AuditEvent.objects.filter(action="report.saved").count() == 1


def test_a_save_and_a_submission_never_both_land(kai, anna, bielefeld, seeded) -> None:
    report = rf.fill(rf.report(bielefeld, kai), kai)
    version = report.lock_version
    results = race(
        [
            lambda: reports.submit_report(report, by=anna, signed=True, expected_version=version),
            lambda: reports.save_report(
                report, by=kai, values={"events": {"value": 10}}, expected_version=version
            ),
        ]
    )
    assert sorted(results) in (["ok", "stale"], ["ok", "report_locked"])
    final = Report.objects.get(pk=report.pk)
    saved = AuditEvent.objects.filter(action="report.saved").count()
    assert (final.status == ReportStatus.SUBMITTED) != (saved == 2)


def test_two_corrections_of_one_report_make_one(anna, lars, bielefeld, seeded) -> None:
    accepted = rf.accepted(bielefeld, anna, lars)
    results = race(
        [lambda: reports.correct_report(accepted, by=anna, reason="Korrektur") for _ in range(4)]
    )
    assert sorted(results) == ["already_corrected"] * 3 + ["ok"]
    assert Report.objects.filter(supersedes=accepted).count() == 1
