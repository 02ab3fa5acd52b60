"""The state view in the demo: accepted reports of all 54 KIs for the periods of 2024 and 2025
and the first half-year 2026, with invented but plausible values (scaled by the grantee's
population), so the table, the medians, the time series and the map have something to show;
and the three periods of 2024 released as open data by the coordination office (Lars).

Variety on purpose: some KIs submitted after the deadline, some left a value empty, a few have
no accepted report in the first half-year 2026 (one submitted and waiting, one not submitted),
and KI Bielefeld's first half-year 2024 was corrected (revision 2 accepted), so the rule "the
latest accepted revision" shows.

The reports are written straight into the tables (bulk_create): they stand for what the KIs'
report workflow would have produced. The workflow's own demo keeps the reports of the persona
KIs in every state; this one leaves any KI and period alone that has a report already, so it
is idempotent and never overwrites one. The release goes through the service, as Lars.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre

from . import catalogue, rules, services
from .models import PeriodKind, Report, ReportingPeriod, ReportStatus, ReportValue

# Per 100,000 inhabitants and half-year, the typical value of each indicator (a year: twice).
PER_100K: dict[str, Decimal] = {
    "newcomers-counselled": Decimal(60),
    "newcomers-placed": Decimal(52),
    "parent-groups": Decimal(4),
    "parent-group-families": Decimal(40),
    "parent-group-sessions": Decimal(70),
    "trainings-held": Decimal(3),
    "training-participants": Decimal(45),
    "sor-schools": Decimal(5),
    "interpreter-assignments": Decimal(90),
    "school-counselling-contacts": Decimal(25),
    "volunteers-reached": Decimal(30),
    "partner-organisations": Decimal(20),
    "events": Decimal(4),
}
# Not counts: the same order of size everywhere.
FLAT: dict[str, tuple[Decimal, Decimal]] = {
    "newcomers-days-to-placement": (Decimal(9), Decimal(30)),
    "positions-filled": (Decimal("4.5"), Decimal("11.5")),
}
RELEASED = ((2024, 1), (2024, 2), (2024, 0))  # (year, half; 0 = the year)
PERSONA_KEYS = {"05711", "05913"}  # KI Bielefeld and KI Dortmund


def _share(*parts: object) -> Decimal:
    """A stable number in [0, 1) from the parts (the same demo on every machine)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)


def _value(code: str, centre: Centre, period: ReportingPeriod, places: int) -> Decimal:
    noise = Decimal("0.6") + _share(code, centre.pk, period.pk) * Decimal("0.8")
    if code in FLAT:
        low, high = FLAT[code]
        value = low + (high - low) * _share(code, centre.pk)
        value = value * (Decimal("0.9") + _share(code, period.pk) * Decimal("0.2"))
    else:
        per = PER_100K.get(code, Decimal(10))
        halves = 2 if period.kind == PeriodKind.YEAR else 1
        # a slow rise over the years, as the programme grows
        growth = Decimal(1) + Decimal(period.starts_on.year - 2024) * Decimal("0.08")
        value = per * Decimal(centre.grantee.population) / Decimal(100_000) * noise
        value = value * halves * growth
    return value.quantize(Decimal(1).scaleb(-places))


def _periods() -> list[ReportingPeriod]:
    return [
        p
        for p in ReportingPeriod.objects.in_order()
        if p.ends_on.year <= 2025
        or (p.kind == PeriodKind.HALF_YEAR and p.starts_on.month == 1 and p.starts_on.year == 2026)
    ]


def _at(day: object, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))  # type: ignore[arg-type]


def seed() -> list[str]:
    lars = User.objects.filter(username="lars").first()
    periods = _periods()
    today = timezone.localdate()
    entries = catalogue.entries(today)
    centres = list(Centre.objects.select_related("grantee").order_by("grantee__key"))
    have = set(Report.objects.values_list("centre_id", "period_id"))
    reports: list[Report] = []
    planned: list[tuple[Report, ReportingPeriod, Centre, bool]] = []
    for period in periods:
        if period.deadline >= today:
            continue
        latest = period.starts_on.year == 2026
        for n, centre in enumerate(centres):
            if (centre.pk, period.pk) in have:
                continue
            if latest and centre.grantee.key in PERSONA_KEYS:
                continue  # the report workflow's demo shows these in every state
            late = _share("late", centre.pk, period.pk) < Decimal("0.12")
            submitted = (
                period.deadline + timedelta(days=9)
                if late
                else period.deadline
                - timedelta(days=1 + int(_share("day", centre.pk, period.pk) * 40))
            )
            status = ReportStatus.ACCEPTED
            if latest and n % 27 == 5:
                status = ReportStatus.SUBMITTED
            if latest and n % 27 == 11:
                continue  # not submitted at all
            report = Report(
                centre=centre,
                period=period,
                status=status,
                submitted_at=_at(submitted),
                decided_at=_at(submitted + timedelta(days=14)) if status == "accepted" else None,
                decided_by=lars if status == "accepted" else None,
            )
            reports.append(report)
            gaps = _share("gap", centre.pk, period.pk) < Decimal("0.1")
            planned.append((report, period, centre, gaps))
    Report.objects.bulk_create(reports)
    values: list[ReportValue] = []
    for report, period, centre, gaps in planned:
        for i, entry in enumerate(entries):
            version = rules.version_for(entry.versions, period)
            if version is None:
                continue
            empty = gaps and i == len(entries) - 1  # the last indicator left empty
            value = None if empty else _value(entry.code, centre, period, version.decimal_places)
            if entry.code == "newcomers-placed" and value is not None:
                counselled = _value("newcomers-counselled", centre, period, 0)
                value = min(value, counselled)
            if entry.code == "training-participants" and value is not None:
                value = max(value, _value("trainings-held", centre, period, 0))
            values.append(
                ReportValue(
                    report=report,
                    indicator=entry.indicator,
                    version=version,
                    value=value,
                    computed=version.source == "computed",
                )
            )
    ReportValue.objects.bulk_create(values, batch_size=1000)
    lines = [f"controlling: {len(reports)} reports of the KIs for the state view"]
    lines += _correction(periods, lars)
    if lars is not None:
        for year, half in RELEASED:
            found = next(
                (
                    p
                    for p in periods
                    if p.starts_on.year == year
                    and (p.kind == PeriodKind.YEAR if half == 0 else p.kind == PeriodKind.HALF_YEAR)
                    and (half == 0 or p.starts_on.month == (1 if half == 1 else 7))
                ),
                None,
            )
            if found is not None and not found.released:
                services.release_period(found, by=lars)
                lines.append(f"controlling: {found} released as open data")
    return lines


def _correction(periods: list[ReportingPeriod], lars: User | None) -> list[str]:
    """KI Bielefeld corrected its first half-year 2024: revision 2, accepted, 10 % more
    newly arrived pupils counselled than revision 1 said."""
    first = next((p for p in periods if p.kind == PeriodKind.HALF_YEAR), None)
    centre = Centre.objects.filter(grantee__key="05711").first()
    if first is None or centre is None:
        return []
    original = Report.objects.filter(
        centre=centre, period=first, revision=1, status=ReportStatus.ACCEPTED
    ).first()
    if original is None or Report.objects.filter(centre=centre, period=first, revision=2).exists():
        return []
    correction = Report.objects.create(
        centre=centre,
        period=first,
        revision=2,
        supersedes=original,
        status=ReportStatus.ACCEPTED,
        correction_reason=(
            "Nachmeldung von Beratungen aus dem Juni (Datenabgleich mit dem Schulamt)."
        ),
        submitted_at=_at(first.deadline + timedelta(days=60)),
        decided_at=_at(first.deadline + timedelta(days=70)),
        decided_by=lars,
    )
    copies = []
    for v in original.values.select_related("indicator"):
        value = v.value
        if v.indicator.code == "newcomers-counselled" and value is not None:
            value = (value * Decimal("1.1")).quantize(Decimal(1))
        copies.append(
            ReportValue(
                report=correction,
                indicator=v.indicator,
                version=v.version,
                value=value,
                computed=v.computed,
            )
        )
    ReportValue.objects.bulk_create(copies)
    return ["controlling: KI Bielefeld's first half-year 2024 corrected (revision 2)"]
