"""The demo's controlling reports (idempotent: a KI and period that has a report is left alone).

- Every KI but Bielefeld and Dortmund: the half-years and years of 2024 and 2025 accepted, with
  plausible values for every indicator (computed ones from the figures where the demo has
  records, else invented) — a few submitted late; three KIs left their second half-year 2025
  as an incomplete draft. The first half-year 2026: most accepted, some submitted (the office's
  inbox), the rest not begun (the reminders' work).
- Bielefeld and Dortmund show every step: 2024 accepted; the first half-year 2025 accepted and
  corrected by an accepted revision 2; the second half-year 2025 sent back with a comment; the
  year 2025 submitted; the first half-year 2026 a draft.

Written with bulk_create (54 KIs, up to 7 reports each, 15 values a report); Bielefeld's and
Dortmund's steps go through the services with their audit events, so their pages show history.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role

from . import reports
from .models import (
    Indicator,
    IndicatorVersion,
    PeriodKind,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from .services import registered_figures

SHOWCASE = ("05711", "05913")  # Bielefeld, Dortmund
INCOMPLETE = 3  # KIs whose second half-year 2025 is an unfinished draft
LATE_EVERY = 9  # every ninth KI submitted a period late

# A half-year's plausible range per manual indicator (a year: twice, but for stocks).
RANGES: dict[str, tuple[int, int]] = {
    "newcomers-counselled": (40, 260),
    "newcomers-days-to-placement": (8, 24),
    "trainings-held": (3, 14),
    "volunteers-reached": (30, 240),
    "partner-organisations": (20, 90),
    "events": (4, 20),
    "positions-filled": (5, 8),
    "parent-groups": (3, 16),
    "parent-group-families": (30, 160),
    "parent-group-sessions": (30, 180),
    "sor-schools": (4, 30),
    "interpreter-assignments": (20, 300),
    "school-counselling-contacts": (10, 90),
}
STOCKS = {"partner-organisations", "positions-filled", "sor-schools", "parent-groups"}
MEDIANS = {"newcomers-days-to-placement"}


def _moment(day: Any, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _value(
    code: str, period: ReportingPeriod, rng: random.Random, have: dict[str, Decimal]
) -> Decimal:
    if code == "newcomers-placed":
        counselled = have.get("newcomers-counselled", Decimal(100))
        return (counselled * Decimal(rng.randint(70, 95)) / 100).quantize(Decimal(1))
    if code == "training-participants":
        held = have.get("trainings-held", Decimal(5))
        return held * rng.randint(9, 22)
    low, high = RANGES.get(code, (5, 50))
    if code == "positions-filled":
        return Decimal(rng.randint(low * 4, high * 4)) / 4
    value = rng.randint(low, high)
    if period.kind == PeriodKind.YEAR and code not in STOCKS | MEDIANS:
        value *= 2
    return Decimal(value)


def _values(
    report: Report,
    lines: list[tuple[Indicator, IndicatorVersion]],
    figures: dict[tuple[str, int], dict[int, Any]],
    *,
    missing: int = 0,
) -> list[ReportValue]:
    rng = random.Random(f"{report.centre_id}-{report.period_id}-{report.revision}")  # noqa: S311 - demo data
    have: dict[str, Decimal] = {}
    rows = []
    for n, (indicator, version) in enumerate(lines):
        counted = figures.get((version.figure, report.period_id), {}).get(report.centre_id)
        value = Decimal(counted) if counted else _value(indicator.code, report.period, rng, have)
        have[indicator.code] = value
        if missing and n >= len(lines) - missing:
            value = None  # type: ignore[assignment]
        rows.append(
            ReportValue(
                report=report,
                indicator=indicator,
                version=version,
                value=value,
                computed=bool(version.figure),
                refreshed_at=report.submitted_at if version.figure else None,
            )
        )
    return rows


def _figures(periods: list[ReportingPeriod]) -> dict[tuple[str, int], dict[int, Any]]:
    """Every registered figure for every period, all KIs at once (one query each)."""
    out = {}
    for figure in registered_figures().values():
        for period in periods:
            out[(figure.code, period.pk)] = dict(
                figure.read(period.starts_on, period.ends_on, None)
            )
    return out


def _plan(centre: Centre, index: int, period: ReportingPeriod) -> tuple[str, int] | None:
    """(status, values missing) of an ordinary KI's report on the period; None: not begun."""
    year = period.starts_on.year
    if year in (2024, 2025):
        second_half = period.kind == PeriodKind.HALF_YEAR and period.starts_on.month == 7
        if year == 2025 and second_half and index < INCOMPLETE:
            return ReportStatus.DRAFT, 3
        return ReportStatus.ACCEPTED, 0
    if year == 2026 and period.kind == PeriodKind.HALF_YEAR and period.starts_on.month == 1:
        if index % 5 == 0:
            return None
        return (ReportStatus.SUBMITTED if index % 5 == 1 else ReportStatus.ACCEPTED), 0
    return None


def _ordinary(
    centres: list[Centre],
    periods: list[ReportingPeriod],
    office: User | None,
    existing: set[tuple[int, int]],
) -> int:
    versions = {p.pk: reports.versions_for(p) for p in periods}
    figures = _figures(periods)
    planned: list[tuple[Report, int]] = []
    for index, centre in enumerate(centres):
        for period in periods:
            plan = _plan(centre, index, period)
            if plan is None or (centre.pk, period.pk) in existing:
                continue
            status, missing = plan
            late = index % LATE_EVERY == 4 and period.kind == PeriodKind.HALF_YEAR
            submitted: datetime | None = None
            if status != ReportStatus.DRAFT:
                days = 12 if late else -(3 + (index * 7 + period.pk) % 40)
                submitted = _moment(period.deadline + timedelta(days=days))
            decided = (
                submitted + timedelta(days=9)
                if submitted is not None and status == ReportStatus.ACCEPTED
                else None
            )
            planned.append(
                (
                    Report(
                        centre=centre,
                        period=period,
                        status=status,
                        submitted_at=submitted,
                        decided_at=decided,
                        decided_by=office if decided else None,
                    ),
                    missing,
                )
            )
    made = Report.objects.bulk_create([r for r, _missing in planned], batch_size=500)
    rows: list[ReportValue] = []
    for report, (_r, missing) in zip(made, planned, strict=True):
        rows += _values(report, versions[report.period_id], figures, missing=missing)
    ReportValue.objects.bulk_create(rows, batch_size=2000)
    return len(made)


def _showcase(centre: Centre, periods: dict[tuple[int, str], ReportingPeriod]) -> Iterator[str]:
    """Every step of a report through the services, as the KI's lead and the office."""
    lead = User.objects.filter(role=Role.KI_LEAD, centre=centre, is_active=True).first()
    office = User.objects.filter(role=Role.COORDINATION, is_active=True).first()
    if lead is None or office is None:
        return

    def filled(period: ReportingPeriod) -> Report:
        report = reports.open_report(centre, period, by=lead)
        lines = reports.versions_for(period)
        rows = _values(report, lines, _figures([period]))
        values = {
            row.indicator.code: {"value": row.value}
            for row in rows
            if not row.computed and row.value is not None
        }
        report = Report.objects.get(pk=report.pk)
        return reports.save_report(
            report, by=lead, values=values, expected_version=report.lock_version
        )

    def submit(report: Report) -> Report:
        report = reports.submit_report(Report.objects.get(pk=report.pk), by=lead, signed=True)
        early = _moment(report.period.deadline - timedelta(days=6))
        Report.objects.filter(pk=report.pk).update(submitted_at=early)
        return report

    plan = [
        ((2024, "h1"), "accepted"),
        ((2024, "h2"), "accepted"),
        ((2024, "year"), "accepted"),
        ((2025, "h1"), "corrected"),
        ((2025, "h2"), "returned"),
        ((2025, "year"), "submitted"),
        ((2026, "h1"), "draft"),
    ]
    for key, step in plan:
        period = periods.get(key)
        if period is None or Report.objects.filter(centre=centre, period=period).exists():
            continue
        report = filled(period)
        if step != "draft":
            report = submit(report)
        if step in ("accepted", "corrected"):
            report = reports.accept_report(Report.objects.get(pk=report.pk), by=office)
        if step == "returned":
            reports.return_report(
                report,
                by=office,
                comment="Die Teilnehmenden an Fortbildungen wirken niedrig; bitte prüfen Sie die "
                "Zahl und ergänzen Sie einen Kommentar.",
            )
        if step == "corrected":
            correction = reports.correct_report(
                report, by=lead, reason="Zwei Fortbildungen im Juni waren nicht erfasst."
            )
            held = ReportValue.objects.get(report=correction, indicator__code="trainings-held")
            reports.save_report(
                Report.objects.get(pk=correction.pk),
                by=lead,
                values={"trainings-held": {"value": (held.value or 0) + 2}},
                expected_version=correction.lock_version,
            )
            reports.submit_report(Report.objects.get(pk=correction.pk), by=lead, signed=True)
            reports.accept_report(Report.objects.get(pk=correction.pk), by=office)
        yield f"Controlling report of {centre.name} on {period}: {step}."


def seed_reports_demo() -> list[str]:
    periods = list(ReportingPeriod.objects.filter(starts_on__year__in=(2024, 2025, 2026)))
    by_key = {
        (
            p.starts_on.year,
            "year" if p.kind == PeriodKind.YEAR else ("h1" if p.starts_on.month == 1 else "h2"),
        ): p
        for p in periods
    }
    lines: list[str] = []
    for key in SHOWCASE:
        centre = Centre.objects.filter(grantee__key=key).first()
        if centre is not None:
            lines += list(_showcase(centre, by_key))
    today = timezone.localdate()
    over = [p for p in periods if p.is_past(today)]
    centres = list(Centre.objects.exclude(grantee__key__in=SHOWCASE).order_by("name", "pk"))
    existing = set(Report.objects.values_list("centre_id", "period_id"))
    office = User.objects.filter(role=Role.COORDINATION, is_active=True).first()
    made = _ordinary(centres, over, office, existing)
    if made:
        lines.append(f"Controlling reports of the other KIs: {made} added.")
    return lines
