"""The seeded catalogue and periods (loaded again after a flushing test), and small builders."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from django.apps import apps as django_apps

from teilhabe.accounts.models import User
from teilhabe.controlling import services
from teilhabe.controlling.models import Indicator, PeriodKind, ReportingPeriod


def ensure_seed() -> None:
    """Periods and indicators of migrations 0002 and 0004 (a transactional test's flush empties
    them)."""
    if not Indicator.objects.exists() or not ReportingPeriod.objects.exists():
        for name in ("0002_controlling_seed", "0004_computed_figures"):
            migration = importlib.import_module(f"teilhabe.controlling.migrations.{name}")
            migration.load(django_apps, None)


def half_year(year: int, half: int) -> ReportingPeriod:
    ensure_seed()
    start = date(year, 1 if half == 1 else 7, 1)
    return ReportingPeriod.objects.get(kind=PeriodKind.HALF_YEAR, starts_on=start)


def year(value: int) -> ReportingPeriod:
    ensure_seed()
    return ReportingPeriod.objects.get(kind=PeriodKind.YEAR, starts_on=date(value, 1, 1))


def indicator(code: str) -> Indicator:
    ensure_seed()
    return Indicator.objects.get(code=code)


def manual_data(**changes: Any) -> dict[str, Any]:
    """A valid new indicator, entered by the KIs, valid from the first half-year 2025."""
    return {
        "code": "language-cafes",
        "order": 200,
        "from_period": half_year(2025, 1),
        "name": "Sprachcafés",
        "name_en": "Language cafés",
        "definition": "Sprachcafés, die im Zeitraum mindestens einmal stattfanden.",
        "unit": "Cafés",
        "unit_en": "cafés",
        "decimal_places": 0,
        "higher_is_better": True,
        "stages": ["transition"],
        "disaggregations": [],
        "minimum": None,
        "maximum": None,
        "relations": [],
        "source": "manual",
        "figure": "",
        **changes,
    }


def added(by: User, **changes: Any) -> Indicator:
    return services.add_indicator(by=by, data=manual_data(**changes))


# --- reports, written straight into the tables (the state view's tests) ---------------------


def report(
    centre: Any,
    period: ReportingPeriod,
    values: dict[str, Any] | None = None,
    *,
    status: str = "accepted",
    revision: int = 1,
    supersedes: Any = None,
    submitted_on: date | None = None,
) -> Any:
    """A KI's report on `period` with `values` ({indicator code: value or None}), each read by
    the version valid for the period; submitted on `submitted_on` (default: the deadline)."""
    from datetime import datetime, time
    from decimal import Decimal

    from django.utils import timezone

    from teilhabe.controlling import rules
    from teilhabe.controlling.models import IndicatorVersion, Report, ReportValue

    ensure_seed()
    day = submitted_on or period.deadline
    found = Report.objects.create(
        centre=centre,
        period=period,
        status=status,
        revision=revision,
        supersedes=supersedes,
        submitted_at=(
            None if status == "draft" else timezone.make_aware(datetime.combine(day, time(12)))
        ),
    )
    codes = list((values or {}).keys())
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    versions = list(
        IndicatorVersion.objects.select_related("from_period").filter(indicator__code__in=codes)
    )
    rows = []
    for code, value in (values or {}).items():
        own = [v for v in versions if v.indicator_id == indicators[code].pk]
        version = rules.version_for(own, period)
        assert version is not None, f"{code} has no version for {period}"
        rows.append(
            ReportValue(
                report=found,
                indicator=indicators[code],
                version=version,
                value=None if value is None else Decimal(str(value)),
            )
        )
    ReportValue.objects.bulk_create(rows)
    return found


def all_codes() -> list[str]:
    ensure_seed()
    return list(Indicator.objects.order_by("order", "code").values_list("code", flat=True))


def full_values(base: int) -> dict[str, Any]:
    """A value for every seeded indicator (valid ones: placed never above counselled)."""
    return {code: base + i for i, code in enumerate(all_codes())}
