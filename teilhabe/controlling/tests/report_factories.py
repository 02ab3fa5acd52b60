"""Builders for controlling reports: a report on a period that is over, its manual values
complete and consistent, and the report submitted or accepted through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.controlling import reports
from teilhabe.controlling.models import Report, ReportingPeriod

from . import factories

# A value for every manual indicator of the seeded catalogue that keeps every relation
# (placed ≤ counselled, participants ≥ trainings).
MANUAL = {
    "newcomers-counselled": Decimal("40"),
    "newcomers-placed": Decimal("31"),
    "newcomers-days-to-placement": Decimal("14"),
    "trainings-held": Decimal("6"),
    "training-participants": Decimal("85"),
    "volunteers-reached": Decimal("120"),
    "partner-organisations": Decimal("37"),
    "events": Decimal("9"),
    "positions-filled": Decimal("6.50"),
}


def period() -> ReportingPeriod:
    """The first half-year 2025: over, its deadline (30 September 2025) passed."""
    return factories.half_year(2025, 1)


def report(centre: Centre, by: User, on: ReportingPeriod | None = None) -> Report:
    return reports.open_report(centre, on or period(), by=by)


def fresh(report: Report) -> Report:
    return Report.objects.select_related("centre", "period").get(pk=report.pk)


def fill(report: Report, by: User, **changes: Any) -> Report:
    """Every manual value entered (`changes`: code with underscores → value or entry)."""
    values: dict[str, dict[str, Any]] = {code: {"value": v} for code, v in MANUAL.items()}
    for key, change in changes.items():
        code = key.replace("_", "-")
        values[code] = change if isinstance(change, dict) else {"value": change}
    report = fresh(report)
    return reports.save_report(report, by=by, values=values, expected_version=report.lock_version)


def submitted(centre: Centre, lead: User, on: ReportingPeriod | None = None) -> Report:
    filled = fill(report(centre, lead, on), lead)
    return reports.submit_report(fresh(filled), by=lead, signed=True)


def accepted(centre: Centre, lead: User, office: User, on: ReportingPeriod | None = None) -> Report:
    return reports.accept_report(submitted(centre, lead, on), by=office)
