"""The objects behind the controlling URLs for the URL matrix and the accessibility run: the
seeded catalogue's indicator "newly arrived pupils placed", and KI Bielefeld's reports — the
first half-year 2025 submitted (everyone state-wide reads it, the office decides), the first
half-year 2024 accepted (its lead may correct it)."""

from __future__ import annotations

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.controlling import reports
from teilhabe.controlling.models import Report, ReportStatus

from . import factories
from . import report_factories as rf


def submitted_report(anna: User, bielefeld: Centre, on: object = None) -> Report:
    """Bielefeld's report on the period, filled and submitted by Anna (once)."""
    report = rf.report(bielefeld, anna, on or rf.period())  # type: ignore[arg-type]
    if report.status == ReportStatus.DRAFT:
        rf.fill(report, anna)
        report = reports.submit_report(rf.fresh(report), by=anna, signed=True)
    return report


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    placed = factories.indicator("newcomers-placed")
    submitted = submitted_report(anna, bielefeld)
    accepted = submitted_report(anna, bielefeld, factories.half_year(2024, 1))
    # Accepted as the coordination office would (the matrix has only Anna at hand here).
    Report.objects.filter(pk=accepted.pk).update(status=ReportStatus.ACCEPTED)
    return {
        "controlling:indicator": {"pk": placed.pk},
        "controlling:indicator_edit": {"pk": placed.pk},
        "controlling:report_open": {"period_pk": rf.period().pk},
        "controlling:report": {"pk": submitted.pk},
        "controlling:report_submit": {"pk": submitted.pk},
        "controlling:report_decide": {"pk": submitted.pk},
        "controlling:report_correct": {"pk": accepted.pk},
        **state_objects(),
    }


def state_objects() -> dict[str, dict[str, object]]:
    """The state view's release page: the first half-year 2024 (its deadline has passed)."""
    return {"controlling:state_release": {"pk": factories.half_year(2024, 1).pk}}
